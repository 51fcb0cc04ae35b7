"""Hypothesis strategies: a problem's instances, and small random problems.

* `instances(problem, size)` draws initial states of one size. It draws slot
  by slot from the problem's `layout(n)` when the problem declares one, and
  otherwise samples from the enumerated instances (the first `cap` of them;
  `instance_pool` says whether that was all of them).
* `random_problems()` draws small, well-formed problems (with layouts) —
  random local rules, read sets, markers and write modes — for tests that
  compare engines or properties with each other (the z3 agreement suite
  and the concrete engine's own cross-checks both use it).
  `random_problems(EXTENDED_MODES)` (or a subset) adds the modes of issue 18:
  far writes, non-commuting ready Steps, splices, far reads, reads listed out
  of order, halting on a global count, steps that declare `moved=` (shifts,
  shrinks, insertions, reorders) and steps that declare `out=`
  (tests/test_random_problems.py compares the engines with a brute-force
  oracle on them). `random_problems(modes, lies=True)` also draws, in mode
  "out", specs that lie: a declared out the next state does not show, or a
  moved map that says an element survives where the next state holds another
  token (lengthcheck must call both a spec error).
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass, replace

from hypothesis import strategies as st

from lengthcheck.spec import Layout, Problem, Slot, State, Step, token_function

POOL_CAP = 100_000


def instance_pool(problem: Problem, size: int, cap: int = POOL_CAP) -> tuple[list[State], bool]:
    """The first `cap` instances of a size, and whether that is all of them."""
    from lengthcheck.trace import Runner

    pool = list(itertools.islice(Runner(problem).instances(size), cap + 1))
    return pool[:cap], len(pool) <= cap


def instance_strategy(
    problem: Problem, size: int, cap: int = POOL_CAP
) -> tuple[st.SearchStrategy[State], bool]:
    """A strategy for the initial states of `size`, and whether it reaches all of them."""
    layout = getattr(problem, "layout", None)
    if callable(layout):
        declared = layout(size)
        if declared is not None and hasattr(declared, "strategy"):
            return declared.strategy(), True
    pool, complete = instance_pool(problem, size, cap)
    return st.sampled_from(pool), complete


def instances(problem: Problem, size: int, cap: int = POOL_CAP) -> st.SearchStrategy[State]:
    """Initial states of `size` (shrinking toward the first slot tokens / first instances)."""
    return instance_strategy(problem, size, cap)[0]


# ---------------------------------------------------------------------------
# random small problems


@token_function
def rule(salt: int, *tokens: str) -> str:
    """A random table from read tokens to an output token (a token function, so the
    z3 engine tabulates it like any other)."""
    return "xy"[zlib.crc32(("|".join(tokens) + str(salt)).encode()) % 2]


@token_function
def is_digit(token: str) -> bool:
    return token in ("0", "1", "2")


MODES = ("fill", "rewrite", "append")  # what `random_problems()` draws (unchanged since issue 9)
# Issue 18 adds modes the checkers must get right, drawn by `random_problems(EXTENDED_MODES)`:
# "far-write" (a rewrite that also writes into a slot chosen far from its local reads),
# "ready" (ready(s) gives a Step for every digit; steps that read a neighbour do not commute,
# so orders may end differently) and "splice" (the read span becomes one token: the state
# shrinks). Extended draws also vary where reads reach (`far_read`, offsets -6..5) and how
# they are listed, and may halt on a count of the whole state.
# "moved" declares `moved={old: new}` honestly on a step no append, rewrite or splice
# describes as it is meant (its `shape`, below), and "out" declares `out=` on a rewrite, a
# far write, a splice or a moved step: honest unless drawn with `lies=True`.
EXTENDED_MODES = MODES + ("far-write", "ready", "splice", "moved", "out")

# The shapes of a step in modes "moved" and "out" (the cursor p is the first digit but for
# "front", where it is the last; t is the rule's token; reads lo..hi as in `_reads`):
# "delete-pad"  s[:lo] + (t,) + s[hi+1:] + ('?',) * (hi - lo): the read span is deleted and
#               the state padded at its end (same length, everything right of it shifted)
# "shrink"      s[:lo] + (t,) + s[hi+1:]: a splice, but declared with `moved`
# "splice-pad"  s[:lo] + (t, '?') + s[hi+1:]: a splice with a pad (grows when lo = hi)
# "front"       the last digit p deleted and t inserted at the front of the body (an
#               insertion between two neighbouring survivors, or before the first one)
# "reorder"     p rewritten to t and the state's last element moved to the front of the
#               state (a survivor out of order, written where it was and at 0) when two
#               or more others survive
# "rotate"      p rewritten to t and the state's first element moved to its end (out of
#               order, with nothing in order after it) when two or more others survive
# "rewrite" / "far-write" / "splice"  the steps of those modes, with `out` declared
SHAPES = {
    "moved": ("delete-pad", "shrink", "splice-pad", "front", "reorder", "rotate"),
    "out": ("rewrite", "far-write", "splice", "delete-pad", "front"),
}
PAD_TOKEN = "?"


@dataclass(frozen=True)
class RuleSpec:
    """The parameters of one random problem (shown by Hypothesis when a test fails)."""

    digits: tuple[str, ...]
    mode: str  # one of EXTENDED_MODES
    interleaved: bool  # fill: "d ? d ?" rather than "d d ? ?"
    offsets: tuple[int, ...]  # reads relative to the cursor
    front: bool  # a '#' marker in front
    back: bool  # a '$' marker at the end (append mode always has one)
    hidden: int | None  # the output also depends on this unread offset (f not well defined)
    branch: bool  # read one more token when the one left of the cursor is '1'
    salt: int  # picks the output table
    # drawn only by extended draws; the defaults are the base problems of `MODES`
    far_read: str | None = None  # "first" | "last": also read the state's first / last token
    listed: str = "sorted"  # "sorted" | "cursor-first": the order the step lists its reads in
    slot: str = "first"  # far-write: "first" free slot (offset grows with n) | "count" (the
    # free slot picked by counting the '1's of the whole state)
    halt: str = "local"  # "count": rewrite / far-write stop once the rewritten tokens
    # outnumber the digits left (a final state still has a digit: halting is not local)
    shape: str = ""  # modes "moved" and "out": one of SHAPES[mode]
    claim: str = "honest"  # mode "out" with lies=True: "out" (the declared out differs from
    # the next state) | "moved" (moved says the cursor's element survives where t is written)
    # — each only on steps whose cursor holds '1', so some instances never meet the lie

    @property
    def lies(self) -> bool:
        return self.claim != "honest"


class RuleProblem(Problem):
    """A random local rule: fill slots, rewrite in place, or append, one cursor at a time;
    or (extended) write far, take any ready step, or splice the read span."""

    alphabet = ("#", "$", "?", "x", "y", "0", "1", "2")
    max_size = 3

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.name = f"rule-{zlib.crc32(repr(spec).encode()):08x}"

    def max_steps(self, n: int) -> int:
        return 2 * n + 4  # every mode takes at most n steps

    def layout(self, n: int) -> Layout:
        sp = self.spec
        digit = Slot(sp.digits)
        head = ("#",) if sp.front else ()
        tail = ("$",) if sp.back or sp.mode == "append" else ()
        if sp.mode == "fill":
            body = (digit, "?") * n if sp.interleaved else (digit,) * n + ("?",) * n
        elif sp.mode == "far-write" or sp.shape == "far-write":
            body = (digit,) * n + ("?",) * n
        else:
            body = (digit,) * n
        return Layout(head + body + tail)

    def instances(self, n: int):
        yield from self.layout(n).instances()

    def _reads(self, s: State, p: int, with_cursor: bool) -> tuple[list[int], tuple[int, ...]]:
        """The reads around cursor p: sorted (what the output is a function of) and as listed."""
        sp = self.spec
        reads = {p + o for o in sp.offsets if 0 <= p + o < len(s)}
        if with_cursor:
            reads.add(p)
        if sp.branch and p >= 2 and s[p - 1] == "1":
            reads.add(p - 2)
        if sp.far_read == "first":
            reads.add(0)
        elif sp.far_read == "last":
            reads.add(len(s) - 1)
        ordered = sorted(reads) or [p]
        listed = tuple(ordered)
        if sp.listed == "cursor-first" and p in reads:
            listed = (p,) + tuple(i for i in ordered if i != p)
        return ordered, listed

    def _token(self, s: State, reads: list[int], p: int) -> str:
        sp = self.spec
        seen = [s[i] for i in reads]
        if sp.hidden is not None and 0 <= p + sp.hidden < len(s):
            seen.append(s[p + sp.hidden])
        return rule(sp.salt, *seen)

    def _halts_early(self, s: State) -> bool:
        if self.spec.halt != "count":
            return False
        done = sum(1 for t in s if t == "x" or t == "y")
        left = sum(1 for t in s if is_digit(t))
        return done > 0 and done >= left

    def step(self, s: State) -> Step | None:
        sp = self.spec
        if sp.mode == "far-write":
            return self._far_write(s)
        if sp.mode == "splice":
            return self._splice(s)
        if sp.mode in ("moved", "out"):
            return self._declared(s)
        if sp.mode == "fill":
            if "?" not in s:
                return None
            p = s.index("?")
        elif sp.mode in ("rewrite", "ready"):
            p = self._first_digit(s)
            if p is None:
                return None
        else:  # append: the cursor walks over the inputs
            q = s.index("$")
            start = 1 if sp.front else 0
            k = len(s) - q - 1
            if k == q - start:
                return None
            p = start + k
        return self._step_at(s, p)

    def _first_digit(self, s: State) -> int | None:
        """The cursor of rewrite / ready / far-write steps: the first digit (None: halt)."""
        p = next((q for q in range(len(s)) if is_digit(s[q])), None)
        return None if p is None or self._halts_early(s) else p

    def _step_at(self, s: State, p: int) -> Step:
        sp = self.spec
        reads, listed = self._reads(s, p, sp.mode != "fill")
        token = self._token(s, reads, p)
        if sp.mode == "append":
            return Step(reads=listed, next=s + (token,))
        return Step(reads=listed, next=s[:p] + (token,) + s[p + 1 :])

    def _far_write(self, s: State) -> Step | None:
        """Rewrite the first digit and write the same token into a free slot '?' whose
        position is not local: the first free one (n positions right of the digit) or
        the one a count of '1's over the whole state picks. The reads stay local."""
        parts = self._far_write_parts(s)
        return None if parts is None else Step(reads=parts[0], next=parts[1])

    def _far_write_parts(self, s: State):
        """(listed reads, next state, the digit p, the far slot q) of a far write, or None."""
        p = self._first_digit(s)
        if p is None:
            return None
        reads, listed = self._reads(s, p, True)
        token = self._token(s, reads, p)
        free = [i for i in range(len(s)) if s[i] == "?"]
        q = free[0] if self.spec.slot == "first" else free[s.count("1") % len(free)]
        nxt = list(s)
        nxt[p] = token
        nxt[q] = token
        return listed, tuple(nxt), p, q

    def _splice(self, s: State) -> Step | None:
        """Fold the front of the body: the read span s[start..max reads] becomes one token."""
        parts = self._splice_parts(s)
        return None if parts is None else Step(reads=parts[0], next=parts[1])

    def _splice_parts(self, s: State):
        """(listed reads, next state, lo, hi) of a splice of s[lo..hi] into one token, or None."""
        sp = self.spec
        start = 1 if sp.front else 0
        end = len(s) - 1 if sp.back else len(s)  # the body is s[start:end]
        if end - start < 2:
            return None
        reads = {start, start + 1}
        reads |= {start + o for o in sp.offsets if 2 <= o and start + o < end}
        if sp.branch and s[start + 1] == "1" and start + 2 < end:
            reads.add(start + 2)
        if sp.far_read is not None:
            reads.add(start if sp.far_read == "first" else end - 1)
        ordered = sorted(reads)
        hi = ordered[-1]
        seen = [s[i] for i in ordered]
        if sp.hidden is not None and hi + 3 + sp.hidden < end:
            seen.append(s[hi + 3 + sp.hidden])  # an unread token right of the span
        token = rule(sp.salt, *seen)
        listed = tuple(ordered) if sp.listed == "sorted" else tuple(reversed(ordered))
        return listed, s[:start] + (token,) + s[hi + 1 :], start, hi

    # -- modes "moved" and "out": steps that declare what they do --------------------------

    def _declared(self, s: State) -> Step | None:
        """A step of shape `spec.shape` (see SHAPES) with its `moved` map and, in mode "out",
        its `out`: both what the next state shows, unless the spec is drawn to lie."""
        shape = self.spec.shape
        if shape == "far-write":
            parts = self._far_write_parts(s)
            if parts is None:
                return None
            listed, nxt, p, q = parts
            moved = {i: i for i in range(len(s)) if i != p and i != q}
            return self._claim(s, listed, nxt, p, moved, (nxt[p], nxt[q]), with_moved=False)
        if shape == "splice":
            parts = self._splice_parts(s)
            if parts is None:
                return None
            listed, nxt, lo, hi = parts
            moved = {i: i for i in range(lo)}
            moved.update({i: i - (hi - lo) for i in range(hi + 1, len(s))})
            return self._claim(s, listed, nxt, lo, moved, (nxt[lo],), with_moved=False)
        p = None  # the first digit ("front": the last)
        for q in range(len(s)):
            if is_digit(s[q]):
                p = q
                if shape != "front":
                    break
        if p is None or self._halts_early(s):
            return None
        reads, listed = self._reads(s, p, True)
        t = self._token(s, reads, p)
        lo, hi, last = reads[0], reads[-1], len(s) - 1
        if shape in ("delete-pad", "shrink", "splice-pad"):
            middle = (t, PAD_TOKEN) if shape == "splice-pad" else (t,)
            tail = (PAD_TOKEN,) * (hi - lo) if shape == "delete-pad" else ()
            nxt = s[:lo] + middle + s[hi + 1:] + tail
            moved = {i: i for i in range(lo)}
            moved.update({i: i - (hi + 1) + lo + len(middle) for i in range(hi + 1, len(s))})
        elif shape == "front":
            start = min(1 if self.spec.front else 0, p)
            nxt = s[:start] + (t,) + s[start:p] + s[p + 1:]
            moved = {i: i for i in range(start)}
            moved.update({i: i + 1 for i in range(start, p)})
            moved.update({i: i for i in range(p + 1, len(s))})
        elif shape == "reorder" and p < last and len(s) - 2 >= 2:
            nxt = (s[last],) + s[:p] + (t,) + s[p + 1:last]
            moved = {i: i + 1 for i in range(last) if i != p}
            moved[last] = 0
        elif shape == "rotate" and p > 0 and len(s) - 2 >= 2:
            nxt = s[1:p] + (t,) + s[p + 1:] + s[:1]
            moved = {i: i - 1 for i in range(1, len(s)) if i != p}
            moved[0] = last
        else:  # "rewrite", or reorder / rotate with too few elements to move unambiguously
            nxt = s[:p] + (t,) + s[p + 1:]
            moved = {i: i for i in range(len(s)) if i != p}
        targets = set(moved.values())
        out = tuple(nxt[i] for i in range(len(nxt)) if i not in targets)
        return self._claim(s, listed, nxt, p, moved, out, with_moved=shape != "rewrite")

    def _claim(self, s: State, reads: tuple[int, ...], nxt: State, p: int,
               moved: dict[int, int], out: tuple[str, ...], with_moved: bool) -> Step:
        """The Step as the spec declares it: mode "moved" gives the map, "out" the output
        (and the map where `with_moved`). A lying spec lies only where the cursor holds
        '1': claim "out" declares another out (a far write hidden, or the first token
        swapped x <-> y), claim "moved" a map that keeps the cursor's element where the
        step writes its first token (a digit claimed where x, y or '?' stands)."""
        sp = self.spec
        declared_out = out if sp.mode == "out" else None
        declared_moved = moved if with_moved else None
        if sp.lies and s[p] == "1":
            if sp.claim == "out":
                if sp.shape == "far-write":
                    declared_out = out[:1]  # hides the far write
                else:
                    declared_out = ("y" if out[0] == "x" else "x",) + out[1:]
            else:
                targets = set(moved.values())
                first = min(i for i in range(len(nxt)) if i not in targets)
                declared_moved = dict(moved)
                declared_moved[p] = first
                declared_out = None
        return Step(reads=reads, next=nxt, out=declared_out, moved=declared_moved)


class ReadyRuleProblem(RuleProblem):
    """Mode "ready": every digit may be rewritten next (ready(s) gives each as a Step);
    step(s) takes the leftmost. A step that reads a neighbouring digit sees it before or
    after that digit's own rewrite depending on the order: orders may end differently."""

    def ready(self, s: State) -> list[Step]:
        if self._halts_early(s):
            return []
        steps: dict[frozenset[int], Step] = {}  # a read set names one step: the leftmost keeps it
        for p in range(len(s)):
            if is_digit(s[p]):
                step = self._step_at(s, p)
                steps.setdefault(frozenset(step.reads), step)
        return list(steps.values())

    def step(self, s: State) -> Step | None:
        ready = self.ready(s)
        return ready[0] if ready else None


def make_problem(spec: RuleSpec) -> RuleProblem:
    return ReadyRuleProblem(spec) if spec.mode == "ready" else RuleProblem(spec)


@st.composite
def rule_specs(draw, modes: tuple[str, ...] | None = None, lies: bool = False) -> RuleSpec:
    """A random problem's parameters; `modes=None` draws exactly the base problems (the
    draws other suites were derandomized on), any other tuple also the extended options;
    `lies`: mode "out" may declare an out or a moved map the next state contradicts."""
    extended = modes is not None
    spec = RuleSpec(
        digits=draw(st.sampled_from([("0", "1"), ("0", "1", "2")])),
        mode=draw(st.sampled_from(list(modes) if extended else list(MODES))),
        interleaved=draw(st.booleans()),
        offsets=tuple(draw(st.lists(st.integers(-6, 5) if extended else st.integers(-3, 2),
                                    min_size=1, max_size=3, unique=True))),
        front=draw(st.booleans()),
        back=draw(st.booleans()),
        hidden=draw(st.one_of(st.none(), st.integers(-2, 1))),
        branch=draw(st.booleans()),
        salt=draw(st.integers(0, 7)),
    )
    if not extended:
        return spec
    spec = replace(
        spec,
        far_read=draw(st.sampled_from([None, "first", "last"])),
        listed=draw(st.sampled_from(["sorted", "cursor-first"])),
        slot=draw(st.sampled_from(["first", "count"])),
        halt=draw(st.sampled_from(["local", "count"])),
    )
    if spec.mode in SHAPES:
        spec = replace(spec, shape=draw(st.sampled_from(SHAPES[spec.mode])))
    if lies and spec.mode == "out":
        spec = replace(spec, claim=draw(st.sampled_from(["honest", "out", "moved"])))
    return spec


def random_problems(modes: tuple[str, ...] | None = None,
                    lies: bool = False) -> st.SearchStrategy[RuleProblem]:
    """Small random problems, good and bad, all valid, terminating specs with a layout.

    Random local rules (a token-function table), random read sets, markers,
    three write modes, reads that depend on token values (the z3 engine must
    fork) and hidden dependencies (f not well defined). `modes` (a subset of
    `EXTENDED_MODES`) draws the extended problems of issue 18 as well: writes
    far from the reads, ready steps that do not commute, splices, reads far
    from the cursor (R grows), reads listed out of positional order and
    halting that no window sees, steps that declare `moved` and `out`. Without it,
    exactly the base problems. `lies=True` (with mode "out"): some specs declare an out
    or a moved map the next state contradicts — a spec error, not a valid problem.
    """
    return rule_specs(modes, lies).map(make_problem)
