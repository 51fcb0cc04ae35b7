"""A brute-force oracle for lengthcheck, written from DESIGN §2 alone.

It imports nothing from lengthcheck but the spec API (`Step`) and computes
everything by calling the problem's own `instances(n)`, `step(s)` and
`ready(s)`: no exploration, windows, anchors or labels of the checker are
reused, so that the checker can be tested against it. It is meant to be slow
and obviously right: plain dicts and loops, no caching beyond one step per
state, no shortcuts (every query is listed, every r is tried).

What it computes over every instance of sizes `min_size..N` (`Oracle(problem, N)`):

* the reachable states, each with the smallest size reaching it: every state
  of every trace and, when `ready(s)` gives `Step`s, every state any ready step
  leads to (the closure);
* `R_n` (largest span of reads over every ready step of every reachable state
  of size <= n) and `R_io` (the same over reads plus the write positions *into*
  the state; appended positions are not counted);
* what a step writes (docs/decisions.md, "Writes of a step with `moved`"): the
  output tokens and the positions written *into* the state, for appends,
  same-length rewrites, splices and steps with a `moved={old: new}` map; a map
  that moves an element onto another token, or a declared `out` other than the
  output the next state shows, is a lie (`OracleSpecError`);
* the causal function: `X = tuple(s[i] for i in sorted(I))`, the output
  `(out, each write's offset from the closest read)`, and whether it is a function;
* order independence: every order of the ready steps of one instance ends in
  the same final state;
* the recover form of (n, r)-consistency (anchor rule min for n = 1, the cover
  rules "per-read" and "greedy" for n >= 2), final states included, and its
  minimal r per bound;
* the local-rule form with one window (same-length problems), final states
  included with label "unchanged", and its minimal r per bound.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from lengthcheck import Step

PAD = "⊥"  # a position outside the state (DESIGN §2, windows)
NONE = "NONE"  # the label of a query that anchors no ready step


class OracleUnsupported(Exception):
    """A spec the oracle does not model (a growing rewrite, `moved` with `writes`...)."""


class OracleSpecError(Exception):
    """The spec claims what its next state contradicts: a `moved` map that keeps an element
    where another token stands (or is no map of positions), or a declared `out` that is not
    the output the next state shows."""


@dataclass(frozen=True)
class Move:
    """One step a model may take from a state (the prescribed one or a ready one)."""

    reads: tuple[int, ...]  # sorted positions: the causal input I
    next: tuple[str, ...] | None  # None: ready(s) gave only the reads
    kind: str  # "append" | "rewrite" | "splice" | "moved"
    out: tuple[str, ...]  # what the step writes (DESIGN §2, causal function)
    writes: tuple[int, ...]  # positions written INTO the state (appended ones excluded)


def describe_step(s: tuple[str, ...], step: Step) -> Move:
    """`describe` for a Step, with everything it declares."""
    return describe(s, step.reads, step.next, step.writes, step.moved, step.out)


def describe(s: tuple[str, ...], reads, nxt, declared_writes=None, moved=None,
             declared_out=None) -> Move:
    """A step's output and its write positions into the state, from s and s' (DESIGN §2),
    with the claims a step may make (`moved`, `out`) checked against s'."""
    reads = tuple(sorted(reads))
    if nxt is None:
        return Move(reads, None, "unknown", (), ())
    nxt = tuple(nxt)
    if moved is not None:
        if declared_writes is not None:
            raise OracleUnsupported("a step with both moved and writes")
        out, into = moved_output(s, nxt, moved)
        move = Move(reads, nxt, "moved", out, into)
    elif len(nxt) > len(s) and nxt[: len(s)] == s:
        move = Move(reads, nxt, "append", nxt[len(s):], ())
    elif len(nxt) == len(s):
        changed = {i for i in range(len(s)) if s[i] != nxt[i]}
        writes = tuple(sorted(changed | set(declared_writes or ())))
        move = Move(reads, nxt, "rewrite", tuple(nxt[i] for i in writes), writes)
    else:
        lo, hi = reads[0], reads[-1]
        kept = len(s) - hi - 1  # tokens right of the read span, kept as they are
        if not (len(nxt) >= lo + kept and nxt[:lo] == s[:lo]
                and nxt[len(nxt) - kept:] == s[hi + 1:]):
            raise OracleUnsupported(f"{s} -> {nxt} is no append, rewrite or splice of {reads}")
        out = nxt[lo: len(nxt) - kept]
        move = Move(reads, nxt, "splice", out, tuple(range(lo, lo + len(out))))
    if declared_out is not None and tuple(declared_out) != move.out:
        raise OracleSpecError(f"{s} -> {nxt}: out={tuple(declared_out)} is declared, the next "
                              f"state shows {move.out}")
    return move


def moved_output(s: tuple[str, ...], nxt: tuple[str, ...], moved) -> tuple[tuple, tuple]:
    """(output tokens, positions of s written into) of a step with `moved={old: new}`.

    docs/decisions.md "Writes of a step with `moved`": every position of s' that no element moves to
    is written (its tokens, in order, are the output). The writes *into* the state are
    located in s: every old position that does not survive; for two survivors left in
    order that were neighbours in s (old positions a, a + 1) with fresh positions of s'
    between them, a + 1 (an insertion; the state's left end counts as a survivor at -1);
    for every survivor moved out of order, its old position and where it went: one past
    the previous survivor left in order (its own old position when that is past the end).
    Fresh tokens after the last survivor are appended: not writes into the state."""
    source: dict[int, int] = {}  # new position -> old position
    for old, new in moved.items():
        if type(old) is not int or type(new) is not int:
            raise OracleSpecError(f"moved holds {old!r}: {new!r}, not positions")
        if not (0 <= old < len(s) and 0 <= new < len(nxt)):
            raise OracleSpecError(f"moved sends {old} to {new}, outside a state")
        if new in source:
            raise OracleSpecError(f"moved sends two elements to {new}")
        if nxt[new] != s[old]:
            raise OracleSpecError(f"{s} -> {nxt}: moved says s[{old}] = {s[old]!r} survives "
                                  f"at {new}, which holds {nxt[new]!r}")
        source[new] = old
    out = tuple(nxt[j] for j in range(len(nxt)) if j not in source)
    survivors = sorted(source)  # new positions of the survivors, left to right
    olds = [source[j] for j in survivors]
    answers = set()
    for kept in longest_increasing(olds):  # survivors left in order (decisions.md: "a" LIS)
        into = {i for i in range(len(s)) if i not in moved}  # rewritten or deleted
        frame = [(-1, -1)] + [(j, source[j]) for j in survivors if source[j] in kept]
        for (j1, a), (j2, b) in zip(frame, frame[1:]):
            fresh_between = any(j not in source for j in range(j1 + 1, j2))
            if b == a + 1 and fresh_between:
                into.add(b)  # an insertion just before b
        for j in survivors:
            old = source[j]
            if old in kept:
                continue
            into.add(old)  # where it came from
            before = [b for (j2, b) in frame if j2 < j]  # in-order survivors left of it
            went = before[-1] + 1
            into.add(went if went < len(s) else old)  # where it went
        answers.add(tuple(sorted(into)))
    if len(answers) != 1:
        raise OracleUnsupported(f"{s} -> {nxt}, moved={moved}: the longest increasing "
                                "subsequences disagree on the writes (decisions.md names none)")
    return out, answers.pop()


def longest_increasing(values: list[int]) -> list[set[int]]:
    """Every longest strictly increasing subsequence of `values`, each as a set (brute force:
    the subsets, largest first)."""
    for size in range(len(values), -1, -1):
        found = [set(c) for c in itertools.combinations(values, size)
                 if all(x < y for x, y in zip(c, c[1:]))]
        if found:
            return found
    return [set()]


def window(s: tuple[str, ...], c: int, h: int) -> tuple[str, ...]:
    """W_h(s, c) = (s[c-h], ..., s[c+h]), ⊥ outside the state."""
    return tuple(s[i] if 0 <= i < len(s) else PAD for i in range(c - h, c + h + 1))


def anchor_tuple(reads: tuple[int, ...], n: int, h: int, rule: str):
    """The anchor tuple of a step under a rule, or None when it cannot be covered."""
    if rule == "min":  # one window at min(I) that must hold every read
        if n < 1 or reads[-1] - reads[0] > h:
            return None
        return (reads[0],)
    if rule == "per-read":  # one window per read
        return reads if len(reads) <= n else None
    if rule == "greedy":  # from the left: a new window at the first read not yet covered
        chosen = [reads[0]]
        for i in reads:
            if i - chosen[-1] > h:
                chosen.append(i)
        return tuple(chosen) if len(chosen) <= n else None
    raise ValueError(rule)


def label_of(move: Move, anchor: tuple[int, ...], h: int, rule: str):
    """(read offsets (window, offset), each write as (window, offset) from the first window
    covering it, else from the closest window)."""
    if move.next is None:
        raise OracleUnsupported("ready(s) gave read tuples only: the write offsets are unknown")
    if rule == "per-read":
        reads = tuple((j, 0) for j in range(len(anchor)))
    else:
        reads = []
        for i in move.reads:
            for j, a in enumerate(anchor):
                if abs(i - a) <= h:
                    reads.append((j, i - a))
                    break
        reads = tuple(reads)
    return reads, tuple(_place(w, anchor, h) for w in move.writes)


def _place(w: int, centres: tuple[int, ...], h: int | None) -> tuple[int, int]:
    """Where a write lands (docs/spec.md "Where a step writes"): the first centre within h of it,
    else the closest centre (the first of equals); h None: the closest centre."""
    if h is not None:
        for j, c in enumerate(centres):
            if abs(w - c) <= h:
                return j, w - c
    best = 0
    for j, c in enumerate(centres):
        if abs(w - c) < abs(w - centres[best]):
            best = j
    return best, w - centres[best]


class Oracle:
    """Everything above, for one problem up to the bound N (see the module docstring)."""

    def __init__(self, problem, N: int, state_cap: int = 200_000) -> None:
        self.problem = problem
        self.sizes = list(range(problem.min_size, N + 1))
        self.with_ready = callable(getattr(problem, "ready", None))
        self.instances: dict[int, list[tuple[str, ...]]] = {}
        self.size_of: dict[tuple[str, ...], int] = {}  # reachable state -> smallest size
        self.taken: dict[tuple[str, ...], Move | None] = {}  # step(s); None: final
        self.moves: dict[tuple[str, ...], list[Move]] = {}  # every ready step ([] if final)
        for n in self.sizes:
            self.instances[n] = [tuple(x) for x in problem.instances(n)]
            todo = list(self.instances[n])
            while todo:
                s = todo.pop()
                if s in self.size_of:
                    continue
                if len(self.size_of) >= state_cap:
                    raise OracleUnsupported("too many states")
                self.size_of[s] = n
                step = problem.step(s)
                if step is None:
                    self.taken[s], self.moves[s] = None, []
                    continue
                main = describe_step(s, step)
                self.taken[s] = main
                moves = [main]
                if self.with_ready:
                    moves = []
                    for item in problem.ready(s):
                        if isinstance(item, Step):
                            moves.append(describe_step(s, item))
                        elif tuple(sorted(item)) == main.reads:
                            moves.append(main)
                        else:
                            moves.append(describe(s, item, None))
                    assert main.reads in [m.reads for m in moves], "step(s) is not ready"
                self.moves[s] = moves
                todo.append(main.next)
                todo.extend(m.next for m in moves if m.next is not None)
        self.by_size = {n: [s for s, m in self.size_of.items() if m == n] for n in self.sizes}

    # -- R ----------------------------------------------------------------------------------

    def _span_series(self, positions) -> dict[int, int | None]:
        series: dict[int, int | None] = {}
        best = None
        for n in self.sizes:
            for s in self.by_size[n]:
                for move in self.moves[s]:
                    touched = positions(move)
                    span = max(touched) - min(touched)
                    best = span if best is None else max(best, span)
            series[n] = best
        return series

    def R(self) -> dict[int, int | None]:
        """R_n: the largest span of reads over every ready step of sizes <= n (None: no step)."""
        return self._span_series(lambda m: m.reads)

    def R_io(self) -> dict[int, int | None]:
        """The same over reads and the positions written into the state."""
        return self._span_series(lambda m: m.reads + m.writes)

    # -- the causal function ----------------------------------------------------------------

    def causal(self, every_ready_step: bool = True) -> tuple[bool, int | None, dict[int, int]]:
        """(f well defined, the smallest bound where it is not, |X| per bound); the output is
        (out, each write's (read, offset) from the closest read). Over every ready step of
        every reachable state, as R is (a model may take any of them);
        `every_ready_step=False`: only step(s)."""
        f: dict[tuple, set] = {}
        fail = None
        x_by_size = {}
        for n in self.sizes:
            for s in self.by_size[n]:
                taken = [self.taken[s]] if self.taken[s] is not None else []
                for move in self.moves[s] if every_ready_step else taken:
                    x = tuple(s[i] for i in move.reads)
                    y = (move.out, tuple(_place(w, move.reads, None) for w in move.writes))
                    f.setdefault(x, set()).add(y)
                    if len(f[x]) > 1 and fail is None:
                        fail = n
            x_by_size[n] = len(f)
        return fail is None, fail, x_by_size

    # -- order independence -----------------------------------------------------------------

    def finals(self, s: tuple[str, ...], memo: dict) -> frozenset:
        """Every final state some order of the ready steps reaches from s."""
        if s not in memo:
            if self.taken[s] is None:
                memo[s] = frozenset([s])
            else:
                nexts = {self.taken[s].next} | {m.next for m in self.moves[s] if m.next}
                memo[s] = frozenset().union(*(self.finals(t, memo) for t in nexts))
        return memo[s]

    def order_fail_size(self) -> int | None:
        """The smallest size with an instance whose orders end in different final states."""
        memo: dict = {}
        for n in self.sizes:
            for x in self.instances[n]:
                if len(self.finals(x, memo)) > 1:
                    return n
        return None

    # -- recover form -----------------------------------------------------------------------

    def recover_fail_size(self, n: int, r: int, rule: str = "min",
                          include_final: bool = True) -> int | None:
        """The smallest bound at which (n, r) fails in the recover form (None: it holds)."""
        h = (r - 1) // 2
        seen: dict[tuple, object] = {}  # key -> the first label it had
        for size in self.sizes:
            failed = False
            for s in self.by_size[size]:
                if self.taken[s] is None and not include_final:
                    continue
                own: dict[tuple[int, ...], object] = {}
                for move in self.moves[s]:
                    anchor = anchor_tuple(move.reads, n, h, rule)
                    if anchor is None:
                        failed = True  # the causal input is not coverable
                        continue
                    label = label_of(move, anchor, h, rule)
                    if own.get(anchor, label) != label:
                        failed = True  # two ready steps, one anchor, two labels
                    own.setdefault(anchor, label)
                for k in range(1, n + 1):
                    for d in itertools.combinations(range(len(s)), k):
                        key = tuple(window(s, c, h) for c in d)
                        label = own.get(d, NONE)
                        if seen.setdefault(key, label) != label:
                            failed = True
            if failed:
                return size
        return None

    def recover_holds(self, n: int, r: int, rule: str = "min", bound: int | None = None) -> bool:
        fail = self.recover_fail_size(n, r, rule)
        return fail is None or (bound is not None and fail > bound)

    # -- local-rule form (one window) -------------------------------------------------------

    def same_length(self) -> bool:
        return all(m.next is None or len(m.next) == len(s)
                   for s, moves in self.moves.items() for m in moves)

    def local_fail_size(self, r: int, include_final: bool = True) -> int | None:
        """The smallest bound at which the label s'[i] is not a function of W_h(s, i)."""
        h = (r - 1) // 2
        seen: dict[tuple, str] = {}
        for size in self.sizes:
            failed = False
            for s in self.by_size[size]:
                move = self.taken[s]
                if move is None and not include_final:
                    continue
                after = s if move is None else move.next  # a final state: nothing changes
                for i in range(len(s)):
                    if seen.setdefault(window(s, i, h), after[i]) != after[i]:
                        failed = True
            if failed:
                return size
        return None

    # -- minimal r per bound ----------------------------------------------------------------

    def _minimal(self, fail_size, r_max: int) -> dict[int, int | None]:
        fails = {r: fail_size(r) for r in range(1, r_max + 1, 2)}
        return {m: min((r for r, f in fails.items() if f is None or f > m), default=None)
                for m in self.sizes}

    def minimal_recover(self, n: int = 1, rule: str = "min", r_max: int = 9
                        ) -> dict[int, int | None]:
        """r_min(m) for every bound m: the smallest odd r <= r_max holding at m (None: none)."""
        return self._minimal(lambda r: self.recover_fail_size(n, r, rule), r_max)

    def minimal_local(self, r_max: int = 9) -> dict[int, int | None] | None:
        """The local-rule form's r_min per bound; None when some step changes the length."""
        if not self.same_length():
            return None
        return self._minimal(self.local_fail_size, r_max)
