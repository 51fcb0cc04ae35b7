"""Proofs for every length, for formats written as rewrite rules (issue 10).

`prove(problem)` establishes, from the rules alone and for every size n, the
premises under which a `RuleProblem` is (n, r)-consistent (recover form, the
anchor of every ready step labelled; anchor `min` for one window, greedy
cover for several) with a well-defined causal function over a finite X — the
hypotheses of Thm 3.6/3.7. The premises:

1. locality — every local rule reads one contiguous span of at most w
   tokens (R <= w - 1); a marker rule reads k such segments.
2. causal function — equal read tokens give equal outputs: every pair of
   *read shapes* (a rule, with its context clipped at the state's edges, or a
   marker rule with its segments in some order) that can read the same
   tokens is compared on every such token tuple.
3. termination — weights w: Σ -> N, else a matrix interpretation over N
   (rules/termination.py; found with z3, checked again by plain arithmetic) under
   which every rule strictly decreases, for every token tuple its classes admit.
4. confluence — every critical pair (two overlapping local matches, over
   every token tuple and edge placement) is joinable; with 3, Newman's lemma.
5. markers stay unique — every rule keeps each marker's count, and every
   instance holds each marker once, shown from the problem's `shape`
   (markers only in fixed parts, never in a Slot or a Block).
6. consistency — no two matches can share an anchor tuple with different
   reads. With 5 this gives (k, 2w - 1)-consistency: a window of radius
   w - 1 at a match's first read holds the whole match (edges included), so
   a window decides which matches start at its centre; for a marker rule
   each segment lies whole in one window of the greedy cover and its unique
   marker pins that window in any state showing the same key
   (docs/proofs.md gives the argument).
7. the answer (optional) — `answer(instance)` against the normal form on the
   enumerated sizes: bounded, and said so.

A premise is "proved" (for every n), "failed" (with the explanation and, when
one was found, a counterexample), or "bounded-only" (not shown for every n;
a bounded search found no counterexample). `holds` is true only when 1-6 are
proved and 7 did not fail. The function is pure: it never prints.

Every table above ranges over states over Σ; ⊥ (EDGE) is refused as a token
(in the alphabet, as `check` refuses it, and in the rules, rewrites, shape and
instances), so EDGE in a context means "outside the state" and the placements
that put it inside a state are left out. Each left-out tuple is counted, with
its reason, in the proof's notes (printed with the certificate).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from lengthcheck.errors import SpecError, definition_location
from lengthcheck.properties.windows import greedy_cover
from lengthcheck.rules.critical import (
    TUPLE_CAP,
    CriticalPair,
    Frame,
    FrameCache,
    local_pairs,
    marker_pairs,
    normal_forms,
)
from lengthcheck.rules.problem import (
    EDGE,
    Block,
    Class,
    Compiled,
    Local,
    Multi,
    RuleProblem,
    all_matches,
    check_ready_not_overridden,
    compile_rules,
    markers_of,
)
from lengthcheck.rules.termination import TerminationCertificate
from lengthcheck.rules.termination import find as find_termination
from lengthcheck.spec import Slot, State
from lengthcheck.trace import PAD, Runner

PROVED, FAILED, BOUNDED = "proved", "failed", "bounded-only"
PREMISES = ("locality", "causal-function", "termination", "confluence", "markers",
            "consistency", "answer")

BOUND_SIZE = 4  # sizes searched for counterexamples of a premise not proved
BOUND_INSTANCES = 5_000
BOUND_STATES = 2_000  # states of all instances together
BOUND_GROWTH = 8  # states longer than their instance by more are not followed


# ---------------------------------------------------------------------------
# the result


@dataclass(frozen=True)
class Premise:
    name: str  # one of PREMISES
    status: str  # "proved" | "failed" | "bounded-only"
    text: str  # one line


@dataclass(frozen=True)
class Failure:
    """Why a premise is not proved: its name, the explanation, a witness if found."""

    premise: str
    explanation: str
    counterexample: dict[str, Any] | None = None


@dataclass(frozen=True)
class MarkerCount:
    marker: str
    per_instance: int | None  # 1 when proved from the shape; None when unknown
    source: str  # where the count comes from
    preserved_by: tuple[str, ...]  # rules that keep its count (every rule, when proved)


@dataclass(frozen=True)
class Certificate:
    weights: dict[str, int] | None  # the termination weights (None: another method, or none)
    critical_pairs: tuple[CriticalPair, ...]
    markers: tuple[MarkerCount, ...]
    width: int  # the widest rule or segment, w
    n: int
    r: int  # 2w - 1
    termination: TerminationCertificate | None = None  # weights or matrices, verified


@dataclass(frozen=True)
class Proof:
    """The outcome of `prove`.

    `holds`: premises 1-6 are proved for every n and the optional answer check
    did not fail; then the problem is (n, r)-consistent at every size, with a
    well-defined causal function over a finite X (Thm 3.6/3.7 apply). `n`, `r`:
    the (n, r) the rules establish when `holds` (what they would establish
    otherwise).
    """

    problem: str
    holds: bool
    n: int
    r: int
    certificate: Certificate
    failures: tuple[Failure, ...]
    premises: tuple[Premise, ...]
    claim: str
    notes: tuple[str, ...] = field(default=())

    def premise(self, name: str) -> Premise:
        return next(p for p in self.premises if p.name == name)


class _TooMany(Exception):
    pass


# ---------------------------------------------------------------------------
# token tables: every tuple a rule's classes admit, with its replacement


@dataclass(frozen=True)
class _Row:
    tokens: tuple[str, ...]  # everything matched (context, EDGE for outside)
    old: tuple[str, ...]  # the rewritten part, before
    new: tuple[str, ...]  # and after
    # the factors the step replaces at once, (before, after) each: one for a local
    # rule, one per segment for a marker rule (what termination reasons about)
    factors: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


def _edge_ok(tokens: Sequence[str], lo: int, hi: int) -> bool:
    """EDGE only as a prefix of the left context and a suffix of the right context."""
    for j, t in enumerate(tokens):
        if t == EDGE:
            if lo <= j < hi:
                return False
            if j < lo and any(u != EDGE for u in tokens[:j]):
                return False
            if j >= hi and any(u != EDGE for u in tokens[j:]):
                return False
    return True


def _count(classes: Sequence[Class]) -> int:
    total = 1
    for c in classes:
        total *= len(c)
    return total


def _table(rule: Compiled, alphabet: frozenset[str], problem: str
           ) -> tuple[list[_Row], int]:
    """Every admitted token tuple of a rule that can occur in a state, what the rewrite
    makes of it, and how many admitted tuples were left out because none can occur.

    The only tuples left out put EDGE (⊥) where no state can show it: EDGE stands for a
    position outside the state, so it fills a prefix of the left context and a suffix of
    the right context, never a position between two tokens of the state. That is sound
    because ⊥ is not a token: `compile_rules` refuses it in the alphabet and in patterns
    and markers (and EDGE anywhere but the outermost context classes), and below a
    rewrite that writes it is refused; `prove` checks the shape and instances too.
    """
    classes = rule.classes if isinstance(rule, Local) else tuple(
        c for seg in rule.segments for c in seg)
    if _count(classes) > TUPLE_CAP:
        raise _TooMany(f"{rule.name} admits {_count(classes)} token tuples (> {TUPLE_CAP})")
    rows = []
    dropped = 0
    size: tuple[int, ...] | None = None
    for tokens in itertools.product(*classes):
        if isinstance(rule, Local) and not _edge_ok(tokens, rule.lo, rule.hi):
            dropped += 1
            continue
        try:
            got = rule.replace(tokens)
        except Exception as exc:
            raise SpecError(f"{rule.name}: the rewrite raised {type(exc).__name__}: {exc} "
                            f"on {tokens!r}", problem=problem,
                            hint="a rewrite must be a total function of the tokens its "
                            "classes admit") from None
        parts = (got,) if isinstance(rule, Local) else got
        shape = tuple(len(p) for p in parts)
        if size is None:
            size = shape
        elif shape != size:
            raise SpecError(f"{rule.name}: the rewrite returns {shape} tokens on {tokens!r} "
                            f"but {size} on others", problem=problem,
                            hint="keep the replacement length fixed per rule; split the rule "
                            "by class when lengths differ")
        for t in (t for p in parts for t in p):
            if t == PAD:
                raise SpecError(f"{rule.name}: the rewrite writes {PAD!r} on {tokens!r}, the "
                                "pad token lengthcheck reserves for positions outside a "
                                "state; it is not a token", problem=problem,
                                location=definition_location(rule.fn),
                                hint="write a token of the alphabet (add one of your own "
                                f"instead of {PAD!r} if needed)")
            if t not in alphabet:
                raise SpecError(f"{rule.name}: the rewrite writes {t!r} on {tokens!r}, which "
                                "is not in the alphabet", problem=problem,
                                location=definition_location(rule.fn),
                                hint=f"add {t!r} to `alphabet` or fix the rewrite")
        if isinstance(rule, Local):
            old = tokens[rule.lo:rule.hi]
            new = got
            factors = ((old, new),)
        else:
            old = tokens
            new = tuple(t for p in got for t in p)
            bounds = list(itertools.accumulate(len(seg) for seg in rule.segments))
            starts = [0, *bounds[:-1]]
            factors = tuple((tokens[a:b], tuple(part))
                            for a, b, part in zip(starts, bounds, got, strict=True))
        rows.append(_Row(tokens, old, new, factors))
    return rows, dropped


# ---------------------------------------------------------------------------
# premise 2: the causal function


@dataclass(frozen=True)
class _Shape:
    """How a rule reads: the in-state classes in position order, and how to get its output."""

    rule: Compiled
    label: str
    classes: tuple[Class, ...]
    lclip: int = 0
    rclip: int = 0
    order: tuple[int, ...] = ()  # a marker rule: segment indices in position order

    def out(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        rule = self.rule
        if isinstance(rule, Local):
            full = (EDGE,) * self.lclip + tokens + (EDGE,) * self.rclip
            rep = rule.replace(full)
            a, b = rule.lo - self.lclip, rule.hi - self.lclip
            return tokens[:a] + rep + tokens[b:]
        pieces: dict[int, tuple[str, ...]] = {}
        at = 0
        for k in self.order:
            w = len(rule.segments[k])
            pieces[k] = tokens[at:at + w]
            at += w
        parts = rule.replace(tuple(t for k in range(len(rule.segments)) for t in pieces[k]))
        return tuple(t for k in self.order for t in parts[k])


def _local_shapes(rule: Local) -> Iterator[_Shape]:
    w = rule.width
    for lclip in range(rule.lo + 1):
        if any(EDGE not in c for c in rule.classes[:lclip]):
            break
        for rclip in range(w - rule.hi + 1):
            if any(EDGE not in c for c in rule.classes[w - rclip:]):
                break
            inner = tuple(tuple(t for t in c if t != EDGE) for c in rule.classes[lclip:w - rclip])
            if all(inner):
                label = rule.name + (f" (left edge {lclip})" if lclip else "") + (
                    f" (right edge {rclip})" if rclip else "")
                yield _Shape(rule, label, inner, lclip, rclip)


def _shapes(rules: Sequence[Compiled]) -> list[_Shape]:
    shapes: list[_Shape] = []
    for rule in rules:
        if isinstance(rule, Local):
            shapes.extend(_local_shapes(rule))
        else:
            for order in itertools.permutations(range(len(rule.segments))):
                classes = tuple(c for k in order for c in rule.segments[k])
                names = " ".join(rule.segments[k][0][0] for k in order)
                shapes.append(_Shape(rule, f"{rule.name} (segments {names})", classes,
                                     order=order))
    return shapes


def _causal(rules: Sequence[Compiled], markers: tuple[str, ...]
            ) -> tuple[Premise, list[Failure], int, int]:
    """Premise 2; also how many token tuples were skipped because they hold a marker twice
    (no state reads them once premise 5 holds, and `holds` needs premise 5)."""
    shapes = _shapes(rules)
    compared = skipped = 0
    for a, b in itertools.combinations(shapes, 2):
        if len(a.classes) != len(b.classes):
            continue
        meet = [tuple(t for t in x if t in y) for x, y in zip(a.classes, b.classes)]
        if not all(meet):
            continue
        if _count(meet) > TUPLE_CAP:
            text = f"{a.label} and {b.label} overlap on {_count(meet)} token tuples (too many)"
            return Premise("causal-function", FAILED, "not proved: " + text), [
                Failure("causal-function", text)], compared, skipped
        for tokens in itertools.product(*meet):
            if any(tokens.count(m) > 1 for m in markers):
                skipped += 1
                continue  # a marker twice: no state with unique markers reads this
            compared += 1
            out_a, out_b = a.out(tokens), b.out(tokens)
            if out_a != out_b:
                text = (f"{a.label} and {b.label} both read {' '.join(tokens)} but output "
                        f"{' '.join(out_a) or 'ε'} and {' '.join(out_b) or 'ε'}")
                cx = {"reads": list(tokens), "outputs": [list(out_a), list(out_b)],
                      "rules": [a.label, b.label]}
                return (Premise("causal-function", FAILED, text),
                        [Failure("causal-function", text, cx)], compared, skipped)
    if compared:
        text = (f"every rewrite is a function of its match; the {compared} token tuples that two "
                "rules (or one rule in two shapes) can both read give equal outputs")
    else:
        text = ("every rewrite is a function of its match, and no two rules (or shapes of one "
                "rule) can read the same tokens")
    return Premise("causal-function", PROVED, text), [], compared, skipped


# ---------------------------------------------------------------------------
# premise 3: termination


def _termination(alphabet: Sequence[str], tables: dict[int, list[_Row]]
                 ) -> tuple[TerminationCertificate | None, str]:
    """Premise 3 (rules/termination.py): weights, else a matrix interpretation, each
    checked again with plain arithmetic before it is trusted."""
    steps = [row.factors for rows in tables.values() for row in rows]
    return find_termination(alphabet, steps)


# ---------------------------------------------------------------------------
# premise 4: confluence (rules/critical.py)


def _confluence(rules: Sequence[Compiled], markers: Sequence[str]
                ) -> tuple[list[CriticalPair], Premise | None, list[Failure], str | None]:
    """Premise 4 from the critical pairs, once termination is proved.

    Returns the pairs, the premise (None: left open, with the reason, for the
    bounded search) and its failures. Two local rules whose overlap does not join
    fail the premise (the overlap is itself a state, as before); a marker rule's pair
    that does not join in its frame leaves it open, as a gap may hold what joins it.
    """
    cache: FrameCache = {}
    locals_ = [x for x in rules if isinstance(x, Local)]
    pairs, trouble = local_pairs(locals_, rules, cache)
    bad = next((p for p in pairs if not p.joinable), None)
    if trouble:
        return pairs, Premise("confluence", FAILED, "not proved: " + trouble), [
            Failure("confluence", trouble)], None
    if bad is not None:
        assert bad.example is not None
        start, one, two = bad.example
        lb, rb = "left" in bad.edges, "right" in bad.edges
        forms = [sorted(f.pieces[0] for f in normal_forms(rules, Frame((t,), lb, rb), cache)
                        or ()) for t in (one, two)]
        text = (f"critical pair of {bad.first} and {bad.second} (offset {bad.offset}"
                + (f", {bad.edges} edge" if bad.edges else "") + f"): {' '.join(start)} → "
                f"{' '.join(one) or 'ε'} and {' '.join(two) or 'ε'}, not joinable"
                f" (normal forms {_forms(forms[0])} and {_forms(forms[1])})")
        return pairs, Premise("confluence", FAILED, text), [Failure("confluence", text, {
            "state": list(start), "one": list(one), "two": list(two),
            "normal_forms": [[list(f) for f in fs] for fs in forms],
            "rules": [bad.first, bad.second], "edges": bad.edges})], None
    crossing, trouble = marker_pairs(rules, markers, cache)
    pairs += crossing
    bad = next((p for p in crossing if not p.joinable), None)
    if trouble:
        return pairs, None, [], trouble
    if bad is not None:
        assert bad.example is not None
        start, one, two = bad.example
        return pairs, None, [], (
            f"critical pair of {bad.first} and {bad.second} ({bad.placement}): "
            f"{' '.join(start)} → {' '.join(one) or 'ε'} and {' '.join(two) or 'ε'} do not "
            "join in the pieces shown (a gap between them may)")
    count = sum(p.instances for p in pairs)
    with_markers = (f", {len(crossing)} of them a marker rule's segment meeting another "
                    "rule's span" if crossing else "")
    return pairs, Premise("confluence", PROVED, f"{len(pairs)} critical overlaps ({count} "
                          f"token tuples) all joinable{with_markers}; with termination, one "
                          "normal form in every order (Newman)"), [], None


# ---------------------------------------------------------------------------
# premise 6 helpers


def _can_meet(a: Multi, b: Multi) -> bool:
    """Can two marker rules both match one state (a shared marker's segments agree)?"""
    for sa in a.segments:
        for sb in b.segments:
            if sa[0] == sb[0]:
                k = min(len(sa), len(sb))
                if not all(set(sa[j]) & set(sb[j]) for j in range(k)):
                    return False
    return True


# ---------------------------------------------------------------------------
# premise 6: no two matches share an anchor tuple with different reads


def _local_anchor_conflict(a: Local, b: Local) -> dict[str, Any] | None:
    """A state over Σ where a and b match with the same first read but different reads."""
    for la in range(a.lo + 1):
        if any(EDGE not in c for c in a.classes[:la]):
            break
        for lb_ in range(b.lo + 1):
            if any(EDGE not in c for c in b.classes[:lb_]):
                break
            if a is b and la == lb_:
                continue
            edge = la > 0 or lb_ > 0
            u0 = -max(la, lb_)
            ends = (a.width - la, b.width - lb_)
            u1 = max(ends)
            for E in range(u1, 0, -1):  # the state ends before E (E = u1: not within sight)
                options = []
                ok = True
                for p in range(u0, u1):
                    covering = [r.classes[p + clip] for r, clip in ((a, la), (b, lb_))
                                if 0 <= p + clip < r.width]
                    outside = p < 0 or p >= E
                    if p < 0 and not edge:
                        continue
                    if outside:
                        if not all(EDGE in c for c in covering):
                            ok = False
                            break
                        continue
                    meet = [t for t in covering[0] if t != EDGE and all(t in c for c in covering)]
                    if not meet:
                        ok = False
                        break
                    options.append(meet[0])
                if not ok:
                    continue
                if not (a.hi - la <= E and b.hi - lb_ <= E):
                    continue
                reads_a = min(ends[0], E)
                reads_b = min(ends[1], E)
                if reads_a != reads_b:
                    state = tuple(options)
                    return {"state": list(state), "rules": [a.name, b.name],
                            "reads": [list(range(reads_a)), list(range(reads_b))],
                            "left_edge": edge, "right_edge": E < u1}
    return None


def _consistency(rules: Sequence[Compiled], n: int, r: int
                 ) -> tuple[Premise, list[Failure], list[str]]:
    failures: list[Failure] = []
    undecided: list[str] = []
    locals_ = [x for x in rules if isinstance(x, Local)]
    for a, b in itertools.combinations_with_replacement(locals_, 2):
        cx = _local_anchor_conflict(a, b)
        if cx is not None:
            text = (f"{a.name} and {b.name} can match at one anchor with different reads "
                    f"(e.g. in {' '.join(cx['state'])}"
                    + (", at the state's start" if cx["left_edge"] else "")
                    + (", at its end" if cx["right_edge"] else "")
                    + "; the state need not be reachable)")
            failures.append(Failure("consistency", text, cx))
    multis = [x for x in rules if isinstance(x, Multi)]
    for m in multis:
        for loc in locals_:
            for shape in _local_shapes(loc):
                if set(shape.classes[0]) & set(m.markers):
                    undecided.append(f"{loc.name} may start at a marker of {m.name}")
                    break
        for other in multis:
            if other.index <= m.index or not set(m.markers) & set(other.markers):
                continue
            if not _can_meet(m, other):
                continue
            same = {s[0][0]: len(s) for s in m.segments} == {
                s[0][0]: len(s) for s in other.segments}
            if not same:
                undecided.append(f"{m.name} and {other.name} share a marker and may share "
                                 "an anchor tuple")
    if failures:
        return Premise("consistency", FAILED, failures[0].explanation), failures, []
    if undecided:
        return Premise("consistency", BOUNDED, "not proved: " + "; ".join(undecided)), [], \
            undecided
    text = (f"({n}, {r})-consistent at every size: a window of radius {(r - 1) // 2} at a "
            "match's first read holds the whole match; no two matches share an anchor "
            "with different reads")
    return Premise("consistency", PROVED, text), [], []


# ---------------------------------------------------------------------------
# premise 5: markers


def _overridden(problem: RuleProblem, name: str) -> bool:
    return getattr(type(problem), name) is not getattr(RuleProblem, name)


def _shape_markers(problem: RuleProblem, markers: Sequence[str]) -> dict[str, str | None]:
    """Per marker: None when the shape shows it once at every size, else why not."""
    shape = problem.shape
    reasons: dict[str, str | None] = {}
    for m in markers:
        fixed = 0
        why = None
        for part in shape or ():
            if isinstance(part, Block):
                for item in part.items:
                    if item == m or (isinstance(item, Slot) and m in item.tokens):
                        why = f"{m} can occur in a repeated Block"
            elif isinstance(part, Slot):
                if m in part.tokens:
                    why = f"{m} can fill a Slot"
            elif part == m:
                fixed += 1
        if why is None and fixed != 1:
            why = f"the shape's fixed parts hold {m} {fixed} times"
        reasons[m] = why
    return reasons


def _markers(problem: RuleProblem, rules: Sequence[Compiled], markers: tuple[str, ...],
             tables: dict[int, list[_Row]]) -> tuple[Premise, list[Failure], list[MarkerCount]]:
    if not markers:
        return Premise("markers", PROVED, "no markers: nothing to keep unique"), [], []
    failures = []
    counts = []
    for m in markers:
        keeps = []
        for rule in rules:
            bad = next((row for row in tables[rule.index]
                        if row.old.count(m) != row.new.count(m)), None)
            if bad is None:
                keeps.append(rule.name)
            else:
                text = (f"{rule.name} changes the count of marker {m}: "
                        f"{' '.join(bad.old)} → {' '.join(bad.new) or 'ε'}")
                failures.append(Failure("markers", text, {"rule": rule.name,
                                                          "before": list(bad.old),
                                                          "after": list(bad.new)}))
        counts.append((m, keeps))
    from_shape = problem.shape is not None and not (
        _overridden(problem, "instances") or _overridden(problem, "layout"))
    reasons = _shape_markers(problem, markers) if from_shape else {}
    out = []
    shape_failures = []
    for m, keeps in counts:
        if from_shape and reasons[m] is None:
            out.append(MarkerCount(m, 1, "shape: one fixed occurrence, none in a Slot or Block",
                                   tuple(keeps)))
        else:
            why = reasons.get(m) if from_shape else "the instances are not given by a `shape`"
            out.append(MarkerCount(m, None, why or "", tuple(keeps)))
            if from_shape:
                shape_failures.append(f"{m}: {why}")
    if failures:
        return Premise("markers", FAILED, failures[0].explanation), failures, out
    if shape_failures:
        text = "the shape does not show every marker once at every size: " + "; ".join(
            shape_failures)
        return Premise("markers", FAILED, text), [Failure("markers", text)], out
    if not from_shape:
        return Premise("markers", BOUNDED, "rules keep every marker's count; that each instance "
                       "holds each marker once is not shown for every n (no `shape`)"), [], out
    names = ", ".join(markers)
    return Premise("markers", PROVED, f"every instance holds {names} once (shape), every rule "
                   "keeps their counts"), [], out


# ---------------------------------------------------------------------------
# bounded search: counterexamples for premises that are not proved


def _reachable(problem: RuleProblem, rules: Sequence[Compiled], sizes: Sequence[int]
               ) -> Iterator[tuple[State, dict[State, list]]]:
    """Per instance: every state any order of steps reaches, with its matches (capped)."""
    lengths: dict = {}
    budget = BOUND_INSTANCES
    states = BOUND_STATES
    for n in sizes:
        instances = list(itertools.islice(problem.instances(n), budget))
        budget -= len(instances)
        for inst in instances:
            graph: dict[State, list] = {}
            todo = [tuple(inst)]
            while todo:
                s = todo.pop()
                if s in graph:
                    continue
                found = all_matches(rules, s, lengths)
                graph[s] = found
                states -= 1
                if states <= 0:
                    return
                todo.extend(m.next for m in found if len(m.next) <= len(inst) + BOUND_GROWTH)
            yield tuple(inst), graph
        if budget <= 0:
            return


def _cycle(graph: dict[State, list]) -> State | None:
    """A state that reaches itself, if any: the first state of a cycle networkx finds."""
    digraph = nx.DiGraph((s, m.next) for s, moves in graph.items() for m in moves)
    try:
        return nx.find_cycle(digraph)[0][0]
    except nx.NetworkXNoCycle:
        return None


def _bounded(problem: RuleProblem, rules: Sequence[Compiled], markers: Sequence[str],
             which: set[str], h: int, sizes: Sequence[int]) -> dict[str, dict | None]:
    """Look for a reachable counterexample of each premise in `which`."""
    found: dict[str, dict | None] = {k: None for k in which}
    for inst, graph in _reachable(problem, rules, sizes):
        if "termination" in which and found["termination"] is None:
            loop = _cycle(graph)
            if loop is not None:
                found["termination"] = {"instance": list(inst), "state": list(loop),
                                        "why": "this state rewrites back to itself"}
        if "confluence" in which and found["confluence"] is None:
            forms = sorted(s for s, ms in graph.items() if not ms)
            if len(forms) > 1:
                found["confluence"] = {"instance": list(inst),
                                       "normal_forms": [list(f) for f in forms[:2]],
                                       "why": "two orders of steps end in different states"}
        for s, ms in graph.items():
            if "markers" in which and found["markers"] is None:
                bad = [m for m in markers if s.count(m) != 1]
                if bad:
                    found["markers"] = {"instance": list(inst), "state": list(s),
                                        "why": f"marker {bad[0]} occurs {s.count(bad[0])} times"}
            if "consistency" in which and found["consistency"] is None:
                seen: dict[tuple[int, ...], tuple[int, ...]] = {}
                for m in ms:
                    key = greedy_cover(tuple(m.reads), h)
                    if seen.setdefault(key, m.reads) != m.reads:
                        found["consistency"] = {
                            "instance": list(inst), "state": list(s), "anchor": list(key),
                            "reads": [list(seen[key]), list(m.reads)],
                            "why": "two ready steps share an anchor tuple but read different "
                            "positions"}
        if all(v is not None for v in found.values()):
            break
    return found


# ---------------------------------------------------------------------------
# premise 7: the answer


def _answer(problem: RuleProblem, sizes: Sequence[int]) -> tuple[Premise, list[Failure]] | None:
    answer = getattr(problem, "answer", None)
    if not callable(answer):
        return None
    checked = 0
    for n in sizes:
        for inst in itertools.islice(problem.instances(n), BOUND_INSTANCES):
            inst = tuple(inst)
            got = problem.normal_form(inst)
            want = tuple(answer(inst))
            checked += 1
            if got != want:
                text = (f"the normal form of {' '.join(inst)} is {' '.join(got)}, "
                        f"answer() says {' '.join(want)}")
                return (Premise("answer", FAILED, text),
                        [Failure("answer", text, {"instance": list(inst), "normal_form": list(got),
                                                  "answer": list(want)})])
    text = (f"answer() equals the normal form on all {checked} instances of sizes "
            f"{sizes[0]}–{sizes[-1]} (bounded: not shown for every n)")
    return Premise("answer", BOUNDED, text), []


# ---------------------------------------------------------------------------
# the prover


def prove(problem: RuleProblem | type[RuleProblem], answer_max_size: int | None = None) -> Proof:
    """Prove (or fail to prove) the premises of Thm 3.6/3.7 for every n, from the rules.

    Pure: reads the problem, computes, returns a `Proof`; raises `SpecError`
    when the rules are malformed. `answer_max_size` bounds the optional answer
    check (default: the problem's max_size).
    """
    if isinstance(problem, type):
        problem = problem()
    if not isinstance(problem, RuleProblem):
        raise SpecError(f"{type(problem).__name__} is not a RuleProblem",
                        hint="`prove` works on formats written as rules (lengthcheck.rules)")
    name = problem.name or type(problem).__name__
    runner = Runner(problem)  # the declaration checks `check` makes (no ⊥ in the alphabet)
    check_ready_not_overridden(problem)
    rules = compile_rules(problem)
    alphabet = frozenset(problem.alphabet)
    _check_shape(problem, name, alphabet)
    _check_instances(runner, problem)
    markers = markers_of(rules)
    width = max(r.width for r in rules)
    n = max([1] + [len(r.segments) for r in rules if isinstance(r, Multi)])
    r = 2 * width - 1
    h = width - 1
    premises: list[Premise] = []
    failures: list[Failure] = []
    notes: list[str] = []

    # 1. locality
    if any(isinstance(x, Multi) for x in rules):
        text = (f"every local rule reads one span of at most {width} tokens; a marker rule "
                f"reads up to {n} segments of at most {width} tokens, each found by its marker "
                "(R is not bounded; the (n, r) route covers it)")
    else:
        text = f"every step reads one contiguous span of at most {width} tokens: R ≤ {width - 1}"
    premises.append(Premise("locality", PROVED, text))

    # tables of every admitted token tuple
    tables: dict[int, list[_Row]] = {}
    too_many = None
    try:
        for rule in rules:
            tables[rule.index], dropped = _table(rule, alphabet, name)
            if dropped:
                total = dropped + len(tables[rule.index])
                notes.append(
                    f"{rule.name}: {dropped} of {total} token tuples its classes admit are "
                    "left out of the termination and marker tables, as none can occur: each "
                    f"puts EDGE ({PAD}) between tokens of the state, and EDGE stands only for "
                    f"positions outside it ({PAD} is not a token)")
    except _TooMany as exc:
        too_many = str(exc)
    if any(EDGE in c for x in rules if isinstance(x, Local) for c in x.classes):
        notes.append(f"{PAD} (EDGE) is not a token: the alphabet, the rules, every rewrite's "
                     "output, the shape and the instances enumerated are checked for it, so "
                     "read shapes, critical pairs and anchor checks place EDGE only outside "
                     "the state")

    # 2. causal function
    if too_many:
        premises.append(Premise("causal-function", FAILED, "not proved: " + too_many))
        failures.append(Failure("causal-function", too_many))
    else:
        p, f, _, skipped = _causal(rules, markers)
        premises.append(p)
        failures += f
        if skipped:
            notes.append(f"causal function: {skipped} token tuples that hold a marker twice "
                         "were not compared, as no state reads them: premise 5 shows every "
                         "state holds each marker once (PROVED needs premise 5)")

    # 3. termination
    weights = None
    termination: TerminationCertificate | None = None
    if too_many:
        premises.append(Premise("termination", FAILED, "not proved: " + too_many))
        failures.append(Failure("termination", too_many))
    else:
        termination, why = _termination(problem.alphabet, tables)
        if termination is None:
            premises.append(Premise("termination", FAILED, f"termination not proved: {why}"))
            failures.append(Failure("termination", f"termination not proved: {why}"))
        else:
            weights = termination.weights if termination.method == "weights" else None
            premises.append(Premise("termination", PROVED, termination.describe()))

    # 4. confluence
    pairs: list[CriticalPair] = []
    confluence_open = None
    if termination is None:
        text = "not proved: Newman's lemma needs termination"
        premises.append(Premise("confluence", FAILED, text))
        failures.append(Failure("confluence", text))
    else:
        pairs, premise, why_not, confluence_open = _confluence(rules, markers)
        if premise is not None:
            premises.append(premise)
            failures += why_not

    # 5. markers
    if too_many:
        premises.append(Premise("markers", FAILED, "not proved: " + too_many))
        failures.append(Failure("markers", too_many))
        counts: list[MarkerCount] = []
    else:
        p, f, counts = _markers(problem, rules, markers, tables)
        premises.append(p)
        failures += f

    # 6. consistency
    p, f, _ = _consistency(rules, n, r)
    premises.append(p)
    failures += f

    # bounded search: a reachable counterexample where a premise is open or failed
    sizes = list(range(problem.min_size, min(problem.max_size, BOUND_SIZE) + 1))
    status = {x.name: x.status for x in premises}
    wanted = {key for key in ("markers", "consistency") if status.get(key) != PROVED}
    if confluence_open:
        wanted.add("confluence")
    if termination is None and not too_many:
        wanted.add("termination")
    found = _bounded(problem, rules, markers, wanted, h, sizes) if wanted and sizes else {}
    scope = f"sizes {sizes[0]}–{sizes[-1]}" if sizes else "no sizes"
    if confluence_open:
        cx = found.get("confluence")
        if cx is not None:
            text = f"{cx['why']} (instance {' '.join(cx['instance'])})"
            premises.append(Premise("confluence", FAILED, text))
            failures.append(Failure("confluence", text, cx))
        else:
            premises.append(Premise("confluence", BOUNDED, f"not proved: {confluence_open}; "
                                    f"one normal form per instance on {scope}"))
        premises.sort(key=lambda x: PREMISES.index(x.name))
    for key in ("markers", "consistency"):
        cx = found.get(key)
        if key not in wanted:
            continue
        if status[key] == FAILED:  # attach a reachable witness to the static failure
            note = (f"; reachable: {cx['why']} in {' '.join(cx['state'])}" if cx is not None
                    else f"; no reachable witness on {scope}")
            premises = [Premise(key, FAILED, x.text + note) if x.name == key else x
                        for x in premises]
            failures = [Failure(f.premise, f.explanation + note,
                                {**(f.counterexample or {}), "reachable": cx})
                        if f.premise == key else f for f in failures]
        elif cx is not None:
            premises = [Premise(key, FAILED, f"{x.text}; counterexample: {cx['why']}")
                        if x.name == key else x for x in premises]
            failures.append(Failure(key, cx["why"], cx))
        else:
            premises = [Premise(key, BOUNDED, f"{x.text}; no counterexample on {scope}")
                        if x.name == key else x for x in premises]
    if found.get("termination") is not None:
        failures = [Failure(f.premise, f.explanation, found["termination"])
                    if f.premise == "termination" else f for f in failures]

    # 7. the answer (optional, bounded)
    top = problem.max_size if answer_max_size is None else answer_max_size
    answer_sizes = list(range(problem.min_size, top + 1))
    got = _answer(problem, answer_sizes) if answer_sizes and termination is not None else None
    if got is not None:
        premises.append(got[0])
        failures += got[1]

    core = [x for x in premises if x.name != "answer"]
    holds = all(x.status == PROVED for x in core) and not any(
        x.name == "answer" and x.status == FAILED for x in premises)
    if holds:
        claim = (f"proved: ({n}, {r})-consistent for every n, causal function well defined "
                 f"on a finite X; Thm 3.6/3.7 give length generalization")
    else:
        open_ = [x.name for x in premises if x.status != PROVED and x.name != "answer"]
        claim = "not proved: " + ", ".join(open_ or ["answer"])
    certificate = Certificate(weights, tuple(pairs), tuple(counts), width, n, r, termination)
    return Proof(name, holds, n, r, certificate, tuple(failures), tuple(premises), claim,
                 tuple(notes))


def _check_shape(problem: RuleProblem, name: str, alphabet: frozenset[str]) -> None:
    """Every token the shape can put in an instance is in the alphabet (so never ⊥), at
    every size: the proof's tables assume states over the alphabet."""
    for part in problem.shape or ():
        items = part.items if isinstance(part, Block) else (part,)
        for item in items:
            tokens = item.tokens if isinstance(item, Slot) else (item,)
            for t in tokens:
                if t == PAD:
                    raise SpecError(f"the shape holds {PAD!r}, the pad token lengthcheck "
                                    "reserves for positions outside a state; it is not a token",
                                    problem=name, location=definition_location(type(problem)),
                                    hint="use a token of your own instead")
                if t not in alphabet:
                    raise SpecError(f"the shape holds {t!r}, which is not in the alphabet",
                                    problem=name, location=definition_location(type(problem)),
                                    hint=f"add {t!r} to `alphabet` or fix the shape")


def _check_instances(runner: Runner, problem: RuleProblem) -> None:
    """The instances of the sizes the bounded searches use, validated as `check` does
    (tokens of the alphabet, so never ⊥)."""
    budget = BOUND_INSTANCES
    for n in range(problem.min_size, min(problem.max_size, BOUND_SIZE) + 1):
        for _ in itertools.islice(runner.instances(n), budget):
            budget -= 1
        if budget <= 0:
            return


def _forms(forms: Sequence[tuple[str, ...]]) -> str:
    return " | ".join(" ".join(f) or "ε" for f in forms)
