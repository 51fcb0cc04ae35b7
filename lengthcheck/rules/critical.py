"""Premise 4 of the prover: every peak of two overlapping matches is joinable.

Two matches whose spans (context included) are disjoint commute: each leaves the
other's span as it was, and a marker rule finds its markers wherever they are.
So, with termination, confluence needs only the peaks where spans meet — the
critical pairs — to be joinable (Newman's lemma, the critical pair lemma).

A peak is checked in a **frame**: the pieces of a state that the two matches show,
in state order, with gaps of unknown (possibly empty) content between them, and
flags for "the first piece begins at the state's start" / "the last ends at its
end". A frame step is one that every state showing the frame can take:

- a local rule inside one piece; its context reads ⊥ only past a flagged end;
- a marker rule whose segments all lie inside pieces. Markers are unique in every
  reachable state (premise 5, which `holds` needs), so the marker a piece shows is
  the state's only one and the match is the state's.

So if both sides of a peak reduce, in the frame, to one frame, they reduce to one
state in every state that shows the frame: frame joinability is sufficient. It is
not necessary (a gap may hold what joins them), so a pair that does not join in
its frame leaves confluence to the bounded search unless the frame is a whole
state (two local rules, both edges shown).

Local rules with local rules meet in one piece (`local_pairs`). A marker rule meets
another rule where one of its segments overlaps a span of the other; the frame then
also holds the marker rule's other segments (and the other rule's, for two marker
rules), each a piece of its own or overlapping further spans (`marker_pairs`
enumerates every such arrangement). Token tuples that put a marker twice are
skipped: no reachable state holds them (premise 5).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lengthcheck.rules.problem import EDGE, Class, Compiled, Local, Multi

TUPLE_CAP = 200_000  # token tuples enumerated per rule / per overlap
FRAME_CAP = 20_000  # frames visited while reducing one side of a critical pair
LAYOUT_CAP = 5_000  # arrangements of a marker rule's segments with another rule's spans
GAP = "…"  # how a gap between two pieces of a frame is printed


@dataclass(frozen=True)
class CriticalPair:
    """One overlap of two rules, checked over every token tuple it admits."""

    first: str
    second: str
    offset: int  # where the second rule's (first overlapping) span starts, relative to
    # the first rule's span (for a marker rule: the segment it overlaps)
    edges: str  # "", "left", "right", "left+right": which state edges lie in the overlap
    instances: int  # concrete token tuples checked
    joinable: bool
    # (start, one side, other side), pieces separated by GAP
    example: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None = None
    placement: str = ""  # a marker rule's pair: which segments meet which spans


# ---------------------------------------------------------------------------
# frames and their steps


@dataclass(frozen=True)
class Frame:
    """Pieces of one state in order, with unknown gaps between them."""

    pieces: tuple[tuple[str, ...], ...]
    left: bool = False  # the first piece begins at the state's start
    right: bool = False  # the last piece ends at the state's end

    def tokens(self) -> tuple[str, ...]:
        """The pieces as one token tuple, GAP between two pieces (for printing)."""
        out: list[str] = []
        for k, piece in enumerate(self.pieces):
            if k:
                out.append(GAP)
            out.extend(piece)
        return tuple(out)

    def with_piece(self, k: int, piece: tuple[str, ...]) -> Frame:
        return Frame(self.pieces[:k] + (piece,) + self.pieces[k + 1:], self.left, self.right)


def apply_local(rule: Local, at: int, piece: tuple[str, ...]) -> tuple[str, ...]:
    """Apply a local rule whose span starts at `at` in the piece (⊥ past its ends)."""
    tokens = tuple(piece[at + j] if 0 <= at + j < len(piece) else EDGE
                   for j in range(rule.width))
    return piece[:max(at + rule.lo, 0)] + rule.replace(tokens) + piece[at + rule.hi:]


def _local_starts(rule: Local, piece: tuple[str, ...], left: bool, right: bool
                  ) -> Iterator[int]:
    n = len(piece)
    first = -rule.lo if left else 0
    last = n - rule.hi if right else n - rule.width
    for i in range(first, last + 1):
        if all((piece[i + j] if 0 <= i + j < n else EDGE) in cls
               for j, cls in enumerate(rule.classes)):
            yield i


def _multi_starts(rule: Multi, pieces: Sequence[tuple[str, ...]]
                  ) -> Iterator[tuple[tuple[int, int], ...]]:
    """(piece, position) of each segment, for every match of a marker rule in the pieces."""
    options = []
    for seg in rule.segments:
        found = [(k, p) for k, piece in enumerate(pieces)
                 for p in range(len(piece) - len(seg) + 1)
                 if all(piece[p + j] in cls for j, cls in enumerate(seg))]
        options.append(found)
    for starts in itertools.product(*options):
        spans = sorted((k, p, p + len(seg)) for (k, p), seg in zip(starts, rule.segments))
        if any(a[0] == b[0] and a[2] > b[1] for a, b in zip(spans, spans[1:])):
            continue
        yield starts


def apply_multi(rule: Multi, frame: Frame, starts: Sequence[tuple[int, int]]) -> Frame:
    """Apply a marker rule whose segment k starts at starts[k] = (piece, position)."""
    tokens = tuple(frame.pieces[k][p + j] for (k, p), seg in zip(starts, rule.segments)
                   for j in range(len(seg)))
    parts = rule.replace(tokens)
    pieces = list(frame.pieces)
    # rightmost first, so that earlier positions in a piece stay where they were
    for index in sorted(range(len(starts)), key=lambda x: starts[x], reverse=True):
        k, p = starts[index]
        pieces[k] = pieces[k][:p] + parts[index] + pieces[k][p + len(rule.segments[index]):]
    return Frame(tuple(pieces), frame.left, frame.right)


def steps(rules: Sequence[Compiled], frame: Frame) -> Iterator[Frame]:
    """Every frame one step leads to, using only what the frame shows."""
    last = len(frame.pieces) - 1
    for rule in rules:
        if isinstance(rule, Local):
            for k, piece in enumerate(frame.pieces):
                left, right = frame.left and k == 0, frame.right and k == last
                for i in _local_starts(rule, piece, left, right):
                    yield frame.with_piece(k, apply_local(rule, i, piece))
        else:
            for starts in _multi_starts(rule, frame.pieces):
                yield apply_multi(rule, frame, starts)


FrameCache = dict[Frame, frozenset[Frame] | None]  # a frame -> its normal forms


def normal_forms(rules: Sequence[Compiled], frame: Frame, cache: FrameCache
                 ) -> frozenset[Frame] | None:
    """Every normal form the frame reduces to (None: more than FRAME_CAP frames)."""
    if frame in cache:
        return cache[frame]
    seen = {frame}
    todo = [frame]
    forms = set()
    while todo:
        f = todo.pop()
        succ = list(steps(rules, f))
        if not succ:
            forms.add(f)
        for g in succ:
            if g not in seen:
                seen.add(g)
                todo.append(g)
                if len(seen) > FRAME_CAP:
                    cache[frame] = None
                    return None
    result = frozenset(forms)
    cache[frame] = result
    return result


def _count(classes: Sequence[Sequence[str]]) -> int:
    total = 1
    for c in classes:
        total *= len(c)
    return total


def _edges_text(left: bool, right: bool) -> str:
    return "+".join(x for x, on in (("left", left), ("right", right)) if on)


# ---------------------------------------------------------------------------
# two local rules: one piece


def local_pairs(locals_: Sequence[Local], rules: Sequence[Compiled], cache: FrameCache
                ) -> tuple[list[CriticalPair], str | None]:
    """Every overlap of two local rules (a with itself at a positive offset), every
    placement of the state's edges in it; reduced with all `rules`."""
    pairs: list[CriticalPair] = []
    for a, b in itertools.combinations_with_replacement(locals_, 2):
        for delta in range(-b.width + 1, a.width):
            if a is b and delta <= 0:
                continue
            u0, u1 = min(0, delta), max(a.width, delta + b.width)
            for start in range(u0, u1):
                for end in range(u1, start, -1):
                    got = _local_overlap(a, b, delta, (u0, u1), (start, end), rules, cache)
                    if isinstance(got, str):
                        return pairs, got
                    if got is not None:
                        pairs.append(got)
    return pairs, None


def _local_overlap(a: Local, b: Local, delta: int, span: tuple[int, int],
                   state: tuple[int, int], rules: Sequence[Compiled], cache: FrameCache
                   ) -> CriticalPair | str | None:
    """The critical pair of a at 0 and b at delta with the state on [S, E) (None: no
    state shows it; a string: too many tuples or frames)."""
    (u0, u1), (S, E) = span, state
    left, right = S > u0, E < u1
    if not (S <= a.lo and a.hi <= E and S <= delta + b.lo and delta + b.hi <= E):
        return None  # a rewritten part would lie outside the state
    options: list[tuple[str, ...]] = []
    for p in range(u0, u1):
        covering = [r.classes[p - at] for r, at in ((a, 0), (b, delta)) if at <= p < at + r.width]
        if p < S or p >= E:
            if not all(EDGE in c for c in covering):
                return None
            continue
        meet = tuple(t for t in covering[0] if t != EDGE and all(t in c for c in covering[1:]))
        if not meet:
            return None
        options.append(meet)
    if _count(options) > TUPLE_CAP:
        return f"{a.name} and {b.name} overlap on {_count(options)} token tuples (too many)"
    instances = 0
    for tokens in itertools.product(*options):
        instances += 1
        one = Frame((apply_local(a, 0 - S, tokens),), left, right)
        two = Frame((apply_local(b, delta - S, tokens),), left, right)
        joined = _join(one, two, rules, cache, (a, b))
        if isinstance(joined, str):
            return joined
        if not joined:
            return CriticalPair(a.name, b.name, delta, _edges_text(left, right), instances,
                                False, (tokens, one.tokens(), two.tokens()))
    return CriticalPair(a.name, b.name, delta, _edges_text(left, right), instances, True)


def _join(one: Frame, two: Frame, rules: Sequence[Compiled], cache: FrameCache,
          pair: tuple[Compiled, Compiled]) -> bool | str:
    """Do the two sides of a peak reduce to a common frame? (A string: too many frames
    to tell, said for the pair of rules.)"""
    if one == two:
        return True
    f1 = normal_forms(rules, one, cache)
    f2 = normal_forms(rules, two, cache)
    if f1 is None or f2 is None:
        return (f"reducing a critical pair of {pair[0].name} and {pair[1].name} visits too "
                "many states")
    return bool(f1 & f2)


# ---------------------------------------------------------------------------
# a marker rule with another rule: several pieces


@dataclass(frozen=True)
class _Span:
    side: int  # 0: the marker rule; 1: the other rule
    part: int  # the segment (0 for a local rule)
    classes: tuple[Class, ...]
    local: bool  # a local rule's span: its context may lie outside the state

    @property
    def width(self) -> int:
        return len(self.classes)


Component = tuple[tuple[int, int], ...]  # (span, start), sorted; the first start is 0
Layout = tuple[Component, ...]


def _spans(rule: Compiled, side: int) -> list[_Span]:
    if isinstance(rule, Local):
        return [_Span(side, 0, rule.classes, True)]
    return [_Span(side, k, seg, False) for k, seg in enumerate(rule.segments)]


def _fits(spans: Sequence[_Span], placed: dict[int, int]) -> bool:
    """One rule's spans never overlap, and where spans of both overlap some token fits all."""
    ids = sorted(placed)
    for i, j in itertools.combinations(ids, 2):
        a, b = placed[i], placed[j]
        lo, hi = max(a, b), min(a + spans[i].width, b + spans[j].width)
        if lo >= hi:
            continue
        if spans[i].side == spans[j].side:
            return False
        for p in range(lo, hi):
            x, y = spans[i].classes[p - a], spans[j].classes[p - b]
            if not any(t != EDGE and t in y for t in x):
                return False
    return True


def _normalise(component: dict[int, int]) -> Component:
    low = min(component.values())
    return tuple(sorted((i, s - low) for i, s in component.items()))


def _layouts(spans: Sequence[_Span]) -> Iterator[Layout]:
    """Every arrangement of the spans into pieces in which a span of one rule overlaps a
    span of the other: a component is a set of spans connected by overlaps (placed
    relative to one another), every other span a piece of its own.

    Spans are placed one by one; the next either starts a component or joins one or
    more existing ones, overlapping a span of the other rule in each (so every
    arrangement arises, and components stay connected)."""
    seen: set[Layout] = set()

    def place(i: int, comps: list[dict[int, int]]) -> Iterator[Layout]:
        if i == len(spans):
            key = tuple(sorted(_normalise(c) for c in comps))
            if key not in seen and any(len({spans[j].side for j in c}) == 2 for c in comps):
                seen.add(key)
                yield key
            return
        yield from place(i + 1, [*comps, {i: 0}])
        width = spans[i].width
        shifts = [sorted({t for j, s in c.items() if spans[j].side != spans[i].side
                          for t in range(1 - s - spans[j].width, width - s)}) for c in comps]
        for choice in itertools.product(*[[None, *o] for o in shifts]):
            if all(t is None for t in choice):
                continue
            merged = {i: 0}
            rest = []
            for c, t in zip(comps, choice):
                if t is None:
                    rest.append(c)
                else:
                    merged.update({j: s + t for j, s in c.items()})
            if _fits(spans, merged):
                yield from place(i + 1, [*rest, merged])

    yield from place(0, [])


def marker_pairs(rules: Sequence[Compiled], markers: Sequence[str], cache: FrameCache
                 ) -> tuple[list[CriticalPair], str | None]:
    """Every overlap of a marker rule's segment with a span of another rule."""
    pairs: list[CriticalPair] = []
    for a, b in itertools.permutations(rules, 2):
        if not isinstance(a, Multi) or (isinstance(b, Multi) and b.index < a.index):
            continue
        spans = _spans(a, 0) + _spans(b, 1)
        layouts = itertools.islice(_layouts(spans), LAYOUT_CAP + 1)
        for count, layout in enumerate(layouts):
            if count == LAYOUT_CAP:
                return pairs, (f"{a.name} and {b.name} meet in more than {LAYOUT_CAP} "
                               "arrangements of their spans")
            for frame_layout in _edge_placements(spans, layout):
                got = _marker_overlap(a, b, spans, frame_layout, markers, rules, cache)
                if isinstance(got, str):
                    return pairs, got
                if got is not None:
                    pairs.append(got)
    return pairs, None


@dataclass(frozen=True)
class _Piece:
    """One component of a layout in the frame: its spans, and the in-state part [S, E)."""

    component: Component
    start: int
    end: int
    left: bool
    right: bool


def _edge_placements(spans: Sequence[_Span], layout: Layout) -> Iterator[list[_Piece]]:
    """The layout's components as pieces in state order, once per way the state's edges
    can cut a local rule's context (the only span that may reach outside the state)."""
    k = next((k for k, c in enumerate(layout) if any(spans[i].local for i, _ in c)), None)
    if k is None:
        yield [_Piece(c, 0, _end(spans, c), False, False) for c in layout]
        return
    comp, others = layout[k], layout[:k] + layout[k + 1:]
    u1 = _end(spans, comp)
    for S in range(0, u1):
        for E in range(u1, S, -1):
            if not all(_outside_ok(spans, comp, p) for p in (*range(0, S), *range(E, u1))):
                continue
            left, right = S > 0, E < u1
            if left and right and others:
                continue  # this piece is the whole state: nothing else can be in it
            piece = _Piece(comp, S, E, left, right)
            rest = [_Piece(c, 0, _end(spans, c), False, False) for c in others]
            if left:
                yield [piece, *rest]
            elif right:
                yield [*rest, piece]
            else:  # no edge: the layout's order (any order shows the same frame)
                yield [*rest[:k], piece, *rest[k:]]


def _end(spans: Sequence[_Span], comp: Component) -> int:
    return max(s + spans[i].width for i, s in comp)


def _outside_ok(spans: Sequence[_Span], comp: Component, p: int) -> bool:
    """Can position p of the component lie outside the state (every span there reads ⊥)?"""
    return all(EDGE in spans[i].classes[p - s] for i, s in comp if s <= p < s + spans[i].width)


def _marker_overlap(a: Multi, b: Compiled, spans: Sequence[_Span], pieces: list[_Piece],
                    markers: Sequence[str], rules: Sequence[Compiled], cache: FrameCache
                    ) -> CriticalPair | str | None:
    options: list[tuple[str, ...]] = []
    where: dict[int, tuple[int, int]] = {}  # span -> (piece, start in the piece)
    for k, piece in enumerate(pieces):
        for i, s in piece.component:
            where[i] = (k, s - piece.start)
        for p in range(piece.start, piece.end):
            covering = [spans[i].classes[p - s] for i, s in piece.component
                        if s <= p < s + spans[i].width]
            meet = tuple(t for t in covering[0] if t != EDGE and all(t in c for c in covering))
            if not meet:
                return None
            options.append(meet)
    if _count(options) > TUPLE_CAP:
        return f"{a.name} and {b.name} overlap on {_count(options)} token tuples (too many)"
    sizes = [p.end - p.start for p in pieces]
    left, right = pieces[0].left, pieces[-1].right
    ids_a = [i for i, sp in enumerate(spans) if sp.side == 0]
    ids_b = [i for i, sp in enumerate(spans) if sp.side == 1]
    placement = _placement_text(a, b, spans, pieces)
    offset = _first_offset(spans, pieces)
    edges = _edges_text(left, right)
    instances = 0
    for tokens in itertools.product(*options):
        if any(tokens.count(m) > 1 for m in markers):
            continue  # a marker twice: no reachable state (premise 5)
        instances += 1
        cut = list(itertools.accumulate(sizes))
        frame = Frame(tuple(tokens[x - n:x] for x, n in zip(cut, sizes)), left, right)
        one = apply_multi(a, frame, [where[i] for i in ids_a])
        if isinstance(b, Local):
            k, at = where[ids_b[0]]
            two = frame.with_piece(k, apply_local(b, at, frame.pieces[k]))
        else:
            two = apply_multi(b, frame, [where[i] for i in ids_b])
        joined = _join(one, two, rules, cache, (a, b))
        if isinstance(joined, str):
            return joined
        if not joined:
            return CriticalPair(a.name, b.name, offset, edges, instances, False,
                                (frame.tokens(), one.tokens(), two.tokens()), placement)
    if not instances:
        return None  # every tuple puts a marker twice
    return CriticalPair(a.name, b.name, offset, edges, instances, True, None, placement)


def _first_offset(spans: Sequence[_Span], pieces: list[_Piece]) -> int:
    for piece in pieces:
        for i, s in piece.component:
            for j, t in piece.component:
                if spans[i].side == 0 and spans[j].side == 1:
                    return t - s
    return 0


def _placement_text(a: Multi, b: Compiled, spans: Sequence[_Span], pieces: list[_Piece]
                    ) -> str:
    """Which spans share a piece, at which offsets: `copy[^S]@0, a2b@1 | copy[^T]@0`."""
    def name(i: int) -> str:
        sp = spans[i]
        rule = a if sp.side == 0 else b
        if isinstance(rule, Multi):
            return f"{rule.name}[{rule.segments[sp.part][0][0]}]"
        return rule.name

    return " | ".join(", ".join(f"{name(i)}@{s - p.start}" for i, s in p.component)
                      for p in pieces)
