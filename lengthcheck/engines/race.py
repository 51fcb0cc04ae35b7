"""Run computations side by side in forked children and take the first acceptable result.

`auto` uses this to run enumeration and z3 on the same problem at once when it
has two cores: no count known in advance says which engine will be faster
(benchmarks/RESULTS-engines.md), so it runs both and keeps the first complete
answer, stopping the other.

Why forked processes: both engines are CPU-bound Python (threads would share
one core), and a fork inherits the loaded spec without pickling it. Why
`os.fork` and not `multiprocessing.Process`: a `check -j` worker is a daemonic
pool process, and multiprocessing forbids those to have children. The children
never touch the terminal: their progress lines come back through their pipe
and the caller's `progress` prints them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any

from lengthcheck.engines.contract import Progress

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies


@dataclass(frozen=True)
class Finished:
    """What one contender ended with: a value, or the exception it raised."""

    name: str
    value: Any = None
    error: BaseException | None = None
    trace: str = ""  # the child's traceback when it raised (lost in pickling otherwise)


class ContenderCrashed(RuntimeError):
    """A contender raised an exception that is not the spec's fault: a bug in lengthcheck."""


def race(
    contenders: Mapping[str, Callable[[Progress], Any]],
    accept: Callable[[Finished], bool],
    progress: Progress | None = None,
) -> list[Finished]:
    """Run every contender in a forked child; return what finished, in finishing order.

    Stops, and kills the children still running, as soon as `accept` takes a
    result (the last in the list); otherwise waits for all of them. Each
    contender gets a progress function whose lines reach `progress` here.
    """
    running: dict[Connection, tuple[str, int]] = {}
    finished: list[Finished] = []
    try:
        for name, run in contenders.items():
            receive, send = Pipe(duplex=False)
            with _interrupts_held():  # a Ctrl-C now comes after the child is known, to be stopped
                pid = os.fork()
                if pid == 0:  # the child: never returns
                    receive.close()
                    _run_child(run, send)
                running[receive] = (name, pid)
            send.close()
        while running:
            for connection in wait(list(running)):
                name, pid = running[connection]
                try:
                    kind, *payload = connection.recv()
                except EOFError:
                    crash = ContenderCrashed(f"{name} ended without a result")
                    kind, payload = "error", [crash, ""]
                if kind == "progress":
                    if progress is not None:
                        progress(payload[0])
                    continue
                del running[connection]
                connection.close()
                os.waitpid(pid, 0)
                if kind == "done":
                    finished.append(Finished(name, value=payload[0]))
                else:
                    finished.append(Finished(name, error=payload[0], trace=payload[1]))
                if accept(finished[-1]):
                    return finished
        return finished
    finally:
        with _interrupts_held():  # a second Ctrl-C (each child may cause one) must not stop this
            for connection, (_, pid) in running.items():
                _stop(pid)
                connection.close()


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT back (it arrives when released) where an interrupt would lose a child."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _run_child(run: Callable[[Progress], Any], send: Connection) -> None:
    """Compute in the child, send the outcome, and leave without running the parent's cleanup."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the children
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent()
    code = 0
    try:
        try:
            send.send(("done", run(lambda line: send.send(("progress", line)))))
        except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the parent
            code = 1
            trace = traceback.format_exc()
            try:
                send.send(("error", exc, trace))
            except Exception:  # the exception does not pickle: send its text
                send.send(("error", ContenderCrashed(f"{type(exc).__name__}: {exc}"), trace))
    finally:
        os._exit(code)  # no atexit handlers, no flushing the parent's buffered output twice


def _die_with_parent() -> None:
    """Ask Linux to kill this child if the parent dies first (kill -9, a crash): no orphans."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's `finally` is all there is
        pass


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
