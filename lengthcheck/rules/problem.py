"""Formats written as local rewrite rules: the spec side (`RuleProblem`, `Rule`, ...).

A `RuleProblem` is a plain `Problem`: its `ready(s)` is every match of every
rule (the DAG semantics), its `step(s)` the leftmost match (first rule on a
tie). So every engine, report and the pytest plugin run it unchanged, and the
prover (`lengthcheck.rules.prove`) can be cross-checked against them.

Two kinds of rule:

* `Rule(pattern, rewrite, left=(), right=())` — a *local* rule: a contiguous
  run of token classes (the pattern, rewritten) with optional context on either
  side (must match, is not rewritten). A class is a token, or a tuple/set of
  tokens; context classes may hold `EDGE` (outside the state). The reads are
  the matched span, context included, clipped to the state.
* `MarkerRule(segments, rewrite)` — k segments, each `Segment(marker, after)`:
  the marker token followed by classes; every segment is rewritten (moving a
  marker is a rewrite of its segment). A segment is found by its marker, so
  the segments may lie at any distance: the format needs k windows.

A rewrite is a pure function of tokens (decorate it with `@token_function`);
it receives every matched token (context too; `EDGE` for context outside the
state; segments concatenated in declaration order) and returns the
replacement of the pattern (a tuple, or one token), or for a marker rule one
replacement per segment. The replacement length must be fixed per rule
(per segment): that keeps a rule one shape, so the z3 engine can run it.

`⊥` (EDGE, lengthcheck's pad token) is never a token: not in the alphabet, a
pattern, a marker or a rewrite's output, and in a context only where it can
stand for the state's edge (the outermost classes). A subclass must not define
`ready()`: the rules decide the ready steps (a spec error, at check and prove).
"""

from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from lengthcheck.errors import Location, SpecError, definition_location
from lengthcheck.spec import Layout, Problem, Slot, State, Step, token_function
from lengthcheck.trace import PAD, Runner

EDGE = PAD  # a context class holding EDGE matches a position outside the state

READY_HINT = ("a rule format's ready steps are its rule matches; remove ready() or write a "
              "plain Problem")

ClassSpec = Any  # a token, or an iterable of tokens
Class = tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A local rule: `left` context, `pattern` (rewritten), `right` context."""

    pattern: tuple
    rewrite: Callable[..., Any]
    left: tuple = ()
    right: tuple = ()
    name: str = ""


@dataclass(frozen=True)
class Segment:
    """One segment of a marker rule: the marker token, then the classes after it."""

    marker: str
    after: tuple = ()


@dataclass(frozen=True)
class MarkerRule:
    """A rule over several segments, each found by its (unique) marker token."""

    segments: tuple[Segment, ...]
    rewrite: Callable[..., Any]
    name: str = ""


@dataclass(frozen=True)
class Block:
    """A repeated part of an instance shape: `items` repeated `per_n * n + extra` times."""

    items: tuple
    per_n: int = 1
    extra: int = 0

    def times(self, n: int) -> int:
        return self.per_n * n + self.extra


# ---------------------------------------------------------------------------
# compiled rules: what matching and the prover work on


@dataclass(frozen=True)
class Local:
    """A compiled local rule: the full span's classes, the rewritten part [lo, hi)."""

    index: int
    name: str
    classes: tuple[Class, ...]
    lo: int
    hi: int
    fn: Callable[..., Any]  # the raw (undecorated) rewrite: matched tokens -> replacement
    flatten: bool  # a one-segment marker rule: the rewrite returns (replacement,)
    markers: tuple[str, ...] = ()  # the marker of a one-segment marker rule

    @property
    def width(self) -> int:
        return len(self.classes)

    def replace(self, tokens: Sequence[str]) -> tuple[str, ...]:
        got = self.fn(*tokens)
        if self.flatten:
            got = _tokens(got)
            if len(got) == 1 and not isinstance(got[0], str):
                got = got[0]
        return _tokens(got)


@dataclass(frozen=True)
class Multi:
    """A compiled marker rule with at least two segments."""

    index: int
    name: str
    segments: tuple[tuple[Class, ...], ...]  # per segment: (marker,) + classes after it
    fn: Callable[..., Any]

    @property
    def markers(self) -> tuple[str, ...]:
        return tuple(seg[0][0] for seg in self.segments)

    @property
    def width(self) -> int:
        return max(len(seg) for seg in self.segments)

    def replace(self, tokens: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        got = self.fn(*tokens)
        if isinstance(got, str) or len(got) != len(self.segments):
            raise ValueError(f"returned {got!r}: a marker rule's rewrite returns one "
                             f"replacement per segment ({len(self.segments)})")
        return tuple(_tokens(part) for part in got)


Compiled = Local | Multi


def _tokens(value: Any) -> tuple:
    return (value,) if isinstance(value, str) else tuple(value)


def _raw(fn: Callable[..., Any]) -> Callable[..., Any]:
    return getattr(fn, "__wrapped_token_function__", fn)


def _where(problem: Problem, rule: Any) -> Location | None:
    """Where a rule's spec error points: the problem class's line; for a class without
    source, the rewrite's (for a lambda, the line the rule is written on)."""
    return definition_location(type(problem)) or definition_location(
        _raw(getattr(rule, "rewrite", None)))


def _class(spec: ClassSpec, alphabet: frozenset[str], what: str, problem: str,
           edge_ok: bool, at: Callable[[], Location | None] = lambda: None) -> Class:
    """A rule's token class, validated; `at()` gives the location for an error (lazily:
    finding a class's source line parses its file)."""
    tokens = (spec,) if isinstance(spec, str) else tuple(dict.fromkeys(spec))
    if not tokens:
        raise SpecError(f"{what} is an empty token class", problem=problem, location=at(),
                        hint="a class holds at least one token")
    for t in tokens:
        if t == EDGE and not edge_ok:
            raise SpecError(f"{what} holds {PAD!r} (EDGE), the pad token lengthcheck reserves "
                            "for positions outside a state; it is not a token",
                            problem=problem, location=at(),
                            hint="a rewritten position or a segment lies inside the state: "
                            "drop EDGE there (only a local rule's context may hold it); to "
                            "match a real token, add a token of your own to `alphabet`")
        if t != EDGE and t not in alphabet:
            raise SpecError(f"{what} holds {t!r}, which is not in the alphabet",
                            problem=problem, location=at(),
                            hint=f"add {t!r} to `alphabet` or fix the rule")
    return tokens


def _dead_edge(context: Sequence[Class], outward: int) -> int | None:
    """The first context class holding EDGE where EDGE can never match, if any.

    EDGE matches a position outside the state, and the positions outside lie at the
    context's outer end: EDGE in a class is live only when every class farther out holds
    EDGE too (outward = -1: a left context, whose outer end is its start; +1: a right one).
    Anywhere else only a ⊥ *token* inside the state would fit, and ⊥ is not a token.
    """
    for j, c in enumerate(context):
        if EDGE not in c:
            continue
        farther = context[:j] if outward < 0 else context[j + 1:]
        if any(EDGE not in d for d in farther):
            return j
    return None


def check_ready_not_overridden(problem: Problem) -> None:
    """A `RuleProblem` subclass must not define its own ready(): the prover and every
    engine take the rule matches as the ready steps, so an override would be ignored by
    `prove` (a proof about steps the format does not take)."""
    ready = getattr(type(problem), "ready", None)
    if ready is RuleProblem.ready:
        return
    name = problem.name or type(problem).__name__
    raise SpecError(f"{type(problem).__name__} overrides ready(), but a rule problem's ready "
                    "steps are decided by its rules (prove would ignore the override)",
                    problem=name,
                    location=definition_location(ready) or definition_location(type(problem)),
                    hint=READY_HINT)


_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # class -> compiled rules
_LENGTHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # class -> output lengths


def compile_rules(problem: RuleProblem) -> tuple[Compiled, ...]:
    """Validate the problem's rules and bring them into one shape (cached per class)."""
    cls = type(problem)
    cached = _COMPILED.get(cls)
    if cached is not None:
        return cached
    name = problem.name or cls.__name__
    if PAD in problem.alphabet:  # refused as `check` refuses it: the same code, the same words
        Runner(problem)
    check_ready_not_overridden(problem)
    alphabet = frozenset(problem.alphabet)
    out: list[Compiled] = []
    if not problem.rules:
        raise SpecError("the rule problem declares no rules", problem=name,
                        location=definition_location(cls),
                        hint="set `rules = (Rule(...), ...)`")
    for index, rule in enumerate(problem.rules):
        label = rule.name or f"rule {index}"
        at = functools.partial(_where, problem, rule)
        if isinstance(rule, Rule):
            if not rule.pattern:
                raise SpecError(f"{label} has an empty pattern", problem=name, location=at(),
                                hint="a rule rewrites at least one position")
            left = tuple(_class(c, alphabet, f"{label} left context", name, True, at)
                         for c in rule.left)
            pat = tuple(_class(c, alphabet, f"{label} pattern", name, False, at)
                        for c in rule.pattern)
            right = tuple(_class(c, alphabet, f"{label} right context", name, True, at)
                          for c in rule.right)
            for side, context, outward in (("left", left, -1), ("right", right, 1)):
                j = _dead_edge(context, outward)
                if j is not None:
                    before = "before" if outward < 0 else "after"
                    raise SpecError(
                        f"{label}: {side} context class {j} holds {PAD!r} (EDGE), but a class "
                        f"{before} it does not, so EDGE there is never outside the state: only "
                        f"a {PAD!r} token could match it, and {PAD!r} is the pad token "
                        "lengthcheck reserves, not a token",
                        problem=name, location=at(),
                        hint="EDGE marks positions outside the state: use it only in the "
                        "outermost context classes (every class farther out holds EDGE too); "
                        "to match a real token, add a token of your own to `alphabet`")
            out.append(Local(index, label, left + pat + right, len(left),
                             len(left) + len(pat), _raw(rule.rewrite), False))
        elif isinstance(rule, MarkerRule):
            if not rule.segments:
                raise SpecError(f"{label} has no segments", problem=name, location=at(),
                                hint="give at least one Segment(marker, after)")
            segs = []
            for seg in rule.segments:
                head = _class(seg.marker, alphabet, f"{label} marker", name, False, at)
                if len(head) != 1:
                    raise SpecError(f"{label}: a marker is one token", problem=name,
                                    location=at())
                after = tuple(_class(c, alphabet, f"{label} segment {seg.marker}", name, False,
                                     at) for c in seg.after)
                segs.append((head,) + after)
            markers = [s[0][0] for s in segs]
            if len(set(markers)) != len(markers):
                raise SpecError(f"{label} uses a marker in two segments", problem=name,
                                location=at(), hint="each segment of a rule has its own marker")
            if len(segs) == 1:
                out.append(Local(index, label, segs[0], 0, len(segs[0]), _raw(rule.rewrite),
                                 True, (markers[0],)))
            else:
                out.append(Multi(index, label, tuple(segs), _raw(rule.rewrite)))
        else:
            raise SpecError(f"{label} is {rule!r}, not a Rule or MarkerRule", problem=name,
                            location=at())
    result = tuple(out)
    _COMPILED[cls] = result
    return result


def markers_of(rules: Sequence[Compiled]) -> tuple[str, ...]:
    """Every marker token the rules use, in first-use order."""
    seen: dict[str, None] = {}
    for r in rules:
        for m in r.markers:
            seen[m] = None
    return tuple(seen)


# ---------------------------------------------------------------------------
# matching


@dataclass(frozen=True)
class Match:
    """One match of one rule in a state: what it reads and the state it leads to."""

    rule: int  # index into the compiled rules
    start: tuple[int, ...]  # local: (span start,) (may be < 0); marker: each segment's start
    reads: tuple[int, ...]
    next: State
    out: tuple[str, ...]  # the tokens that replace the read span (the step's output)
    # a marker rule's surviving elements (old position -> new) around its rewritten
    # segments: two edits far apart are no single splice (None for a local rule)
    moved: dict[int, int] | None = None

    @property
    def anchor(self) -> int:
        return self.reads[0]


@token_function
def _in_class(token: str, cls: Class) -> bool:
    return token in cls


def _admits(cls: Class, token: Any) -> bool:
    """Class membership; on a symbolic token one token function, so the z3 engine forks
    only where the slot's values straddle the class (not once per token of the class)."""
    if type(token) is str:
        return token in cls
    return _in_class(token, cls)


def _concrete(tokens: Sequence[Any]) -> bool:
    return all(type(t) is str for t in tokens)


# (id of the compiled rule, segment, k) -> (the rule, kept alive; the token function)
_PROJECTIONS: dict[tuple[int, int, int], tuple[Compiled, Callable[..., Any]]] = {}


def _project(rule: Compiled, part: int, k: int) -> Callable[..., Any]:
    """Token k of a rewrite's output (of segment `part`) as a token function, so that
    the z3 engine can tabulate it; concrete runs call the rewrite directly."""
    key = (id(rule), part, k)
    got = _PROJECTIONS.get(key)
    if got is None or got[0] is not rule:
        if isinstance(rule, Local):

            def project(*tokens: str) -> str:
                return rule.replace(tokens)[k]
        else:

            def project(*tokens: str) -> str:
                return rule.replace(tokens)[part][k]

        project.__qualname__ = f"{rule.name.replace(' ', '_')}_out{part}_{k}"
        got = _PROJECTIONS[key] = (rule, token_function(project))
    return got[1]


def local_matches(rule: Local, s: State) -> Iterator[tuple[int, tuple[int, ...]]]:
    """(span start, reads) of every match of a local rule in s."""
    n = len(s)
    width = len(rule.classes)
    for i in range(-rule.lo, n - rule.hi + 1):
        ok = True
        for j, cls in enumerate(rule.classes):
            p = i + j
            if 0 <= p < n:
                if not _admits(cls, s[p]):
                    ok = False
                    break
            elif EDGE not in cls:
                ok = False
                break
        if ok:
            yield i, tuple(range(max(i, 0), min(i + width, n)))


def multi_matches(rule: Multi, s: State) -> Iterator[tuple[int, ...]]:
    """The segment starts of every match of a marker rule in s (spans disjoint)."""
    n = len(s)
    options = []
    for seg in rule.segments:
        found = [p for p in range(n - len(seg) + 1) if s[p] == seg[0][0]]
        options.append(found)
    for starts in itertools.product(*options):
        spans = sorted((p, p + len(seg)) for p, seg in zip(starts, rule.segments))
        if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
            continue
        if all(_admits(cls, s[p + j]) for p, seg in zip(starts, rule.segments)
               for j, cls in enumerate(seg[1:], 1)):
            yield starts


def replacement(rule: Compiled, tokens: tuple, lengths: dict, concrete: bool | None = None
                ) -> tuple:
    """The rewrite's output on `tokens` (symbolic tokens go through token functions)."""
    if concrete if concrete is not None else _concrete(tokens):
        if isinstance(rule, Local):
            got = rule.replace(tokens)
            lengths.setdefault(rule.index, (len(got),))
            return got
        parts = rule.replace(tokens)
        lengths.setdefault(rule.index, tuple(len(p) for p in parts))
        return parts
    sizes = lengths.get(rule.index)
    if sizes is None:
        sizes = _learn_lengths(rule)
        lengths[rule.index] = sizes
    if isinstance(rule, Local):
        return tuple(_project(rule, 0, k)(*tokens) for k in range(sizes[0]))
    return tuple(tuple(_project(rule, part, k)(*tokens) for k in range(size))
                 for part, size in enumerate(sizes))


def _learn_lengths(rule: Compiled) -> tuple[int, ...]:
    classes = rule.classes if isinstance(rule, Local) else tuple(
        c for seg in rule.segments for c in seg)
    for tokens in itertools.islice(itertools.product(*classes), 1000):
        try:
            got = rule.replace(tokens)
        except Exception:
            continue
        return (len(got),) if isinstance(rule, Local) else tuple(len(p) for p in got)
    raise SpecError(f"{rule.name}: the rewrite raised on every token tuple tried",
                    hint="make the rewrite a total function of the tokens its classes admit")


def _survivors(n: int, starts, segments, parts, order) -> dict[int, int]:
    """Old position -> new position of every element outside the rewritten segments."""
    moved: dict[int, int] = {}
    shift, k, p = 0, 0, 0
    while p < n:
        if k < len(order) and p == starts[order[k]]:
            seg = order[k]
            shift += len(parts[seg]) - len(segments[seg])
            p += len(segments[seg])
            k += 1
            continue
        moved[p] = p + shift
        p += 1
    return moved


def all_matches(rules: Sequence[Compiled], s: State, lengths: dict) -> list[Match]:
    """Every match of every rule in s, in rule order then position order."""
    found: list[Match] = []
    n = len(s)
    concrete = _concrete(s)
    for rule in rules:
        if isinstance(rule, Local):
            for i, reads in local_matches(rule, s):
                tokens = tuple(s[i + j] if 0 <= i + j < n else EDGE for j in range(rule.width))
                rep = replacement(rule, tokens, lengths, concrete)
                a, b = i + rule.lo, i + rule.hi
                nxt = tuple(s[:a]) + rep + tuple(s[b:])
                out = tuple(s[reads[0]:a]) + rep + tuple(s[b:reads[-1] + 1])
                grow = len(rep) - (b - a)
                # a growing rewrite says which elements survive: the checker then reads the
                # step as the rule means it (s[a:b] replaced), not as the edit that writes
                # the fewest positions of this state, which depends on the tokens after
                # the match (`b b → b a b` would read as `a` written and `b` appended in
                # `b b`, as the whole `b a b` written in `b b a b`: a causal conflict the
                # rule does not have, and that the prover, rightly, does not see)
                moved = {p: p for p in range(a)} | {p: p + grow for p in range(b, n)} \
                    if grow > 0 else None
                found.append(Match(rule.index, (i,), reads, nxt, out, moved))
        else:
            for starts in multi_matches(rule, s):
                tokens = tuple(s[p + j] for p, seg in zip(starts, rule.segments)
                               for j in range(len(seg)))
                parts = replacement(rule, tokens, lengths, concrete)
                order = sorted(range(len(starts)), key=lambda k: starts[k])
                nxt = tuple(s)
                for k in reversed(order):
                    p = starts[k]
                    nxt = nxt[:p] + parts[k] + nxt[p + len(rule.segments[k]):]
                reads = tuple(sorted(p + j for p, seg in zip(starts, rule.segments)
                                     for j in range(len(seg))))
                out = tuple(t for k in order for t in parts[k])
                found.append(Match(rule.index, tuple(starts), reads, nxt, out,
                                   _survivors(n, starts, rule.segments, parts, order)))
    return found


# ---------------------------------------------------------------------------
# the problem


def _flatten_shape(shape: Iterable[Any], n: int) -> list[str | Slot]:
    template: list[str | Slot] = []
    for part in shape:
        if isinstance(part, Block):
            times = part.times(n)
            if times < 0:
                raise SpecError(f"a Block repeats {part.per_n}·n + {part.extra} = {times} "
                                f"times at n = {n}", hint="raise `min_size` or fix the Block")
            for _ in range(times):
                template.extend(part.items)
        else:
            template.append(part)
    return template


class RuleProblem(Problem):
    """A format given by rewrite rules; subclass it and set `rules` (and `shape`).

    `shape` (optional): the instances of size n as a tuple of tokens, `Slot`s
    and `Block`s (repeated parts); it gives `layout(n)` and `instances(n)` and
    lets the prover show that every marker occurs once at every size. Without
    it, define `instances(n)` (and `layout(n)` for the z3 engine) yourself.
    `answer(instance)` (optional): the expected normal form, checked on the
    enumerated sizes only.
    """

    rules: ClassVar[tuple[Rule | MarkerRule, ...]] = ()
    shape: ClassVar[tuple | None] = None
    where: ClassVar[Callable[[State], Any] | None] = None  # a layout filter, as in Layout

    def layout(self, n: int) -> Layout | None:
        if self.shape is None:
            return None
        return Layout(_flatten_shape(self.shape, n), where=type(self).where)

    def instances(self, n: int) -> Iterable[State]:
        layout = self.layout(n)
        if layout is None:
            raise SpecError("the rule problem has neither `shape` nor `instances(n)`",
                            problem=self.name, location=definition_location(type(self)),
                            hint="set `shape = (...)` or define instances(n)")
        return layout.instances()

    def _lengths(self) -> dict:
        return _LENGTHS.setdefault(type(self), {})

    def matches(self, s: State) -> list[Match]:
        """Every match in s (the last state's are kept: the checker asks step, then ready)."""
        if not _concrete(s):  # symbolic tokens (the z3 engine): never compare or cache them
            return all_matches(compile_rules(self), s, self._lengths())
        last = self.__dict__.get("_last_matches")
        if last is not None and last[0] == s:
            return last[1]
        found = all_matches(compile_rules(self), s, self._lengths())
        self.__dict__["_last_matches"] = (s, found)
        return found

    def ready(self, s: State) -> list[Step]:
        return [_as_step(m) for m in self.matches(s)]

    def step(self, s: State) -> Step | None:
        found = self.matches(s)
        if not found:
            return None
        best = min(found, key=lambda m: (m.anchor, m.rule, m.start))
        return _as_step(best)

    def normal_form(self, s: State, limit: int = 100_000) -> State:
        """Follow step() to the end (the answer a format computes)."""
        for _ in range(limit):
            st = self.step(s)
            if st is None:
                return s
            s = st.next
        raise SpecError("normal_form ran past its step limit", problem=self.name, state=s)


def _as_step(m: Match) -> Step:
    # the output is read off the next state (a declared out must match it exactly)
    return Step(reads=m.reads, next=m.next, moved=m.moved)
