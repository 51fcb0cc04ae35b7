"""Each property on tiny problems whose answers were worked out by hand."""

from __future__ import annotations

from lengthcheck import check
from lengthcheck.engines.exploration import explore
from lengthcheck.properties.causal import at_most_once, causal_function
from lengthcheck.properties.consistency import check_local_rule, check_recover
from lengthcheck.properties.distance import distance
from lengthcheck.properties.windows import anchors, offsets
from lengthcheck.results import NONE


def test_parity_fill_distance_and_causal_function(spec):
    ex = explore(spec("good_parity_fill"), 5)
    d = distance(ex)
    # every step reads the previous slot and the bit before the '?': span 1
    assert d.by_size == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert d.bounded and d.value == 1
    c = causal_function(ex)
    # size 1 shows (#,0), (#,1); size 2 adds (s0|s1, 0|1): 6 in all, then flat
    assert c.x_by_size == {1: 2, 2: 6, 3: 6, 4: 6, 5: 6}
    assert c.well_defined and c.coverage_size == 2
    assert at_most_once(ex).holds is True


def test_parity_fill_minimal_windows(spec):
    result = check(spec("good_parity_fill"), max_size=8, n_max=1)
    by_form = {(m.form, m.n): m.by_size for m in result.minimal_r}
    # recover: the anchor (previous slot) must see the '?' two to its right: h = 2
    assert by_form[("recover", 1)] == {n: 5 for n in range(1, 9)}
    # local rule: at size 1 the window (b, ?, ⊥) decides the slot; from size 2 on the
    # last slot's window (b, ?, ⊥) is also seen while the previous slot is unfilled
    assert by_form[("local-rule", 1)] == {1: 3, **{n: 5 for n in range(2, 9)}}
    assert result.verdict.word == "supported"
    # the Thm 3.5 check uses R_io = 2 (the slot is written two to the right of the anchor):
    # (1, 9) holds, but at bound 8 no flat run of instances longer than 9 doubles, so the
    # verdict rests on the (1, 5) recover form instead
    assert result.distance.io_by_size[8] == 2
    t35 = [c for c in result.checks if c.form == "recover" and c.n == 1 and c.r == 9]
    assert t35 and t35[-1].holds
    assert result.verdict.route.startswith("(1, 5)-consistent in the recover form")


def test_recover_r3_counterexample_is_a_decoy_of_the_smallest_size(spec):
    ex = explore(spec("good_parity_fill"), 4)
    failed = check_recover(ex, 1, 3)
    assert not failed.holds and failed.fail_size == 1
    cx = failed.counterexample
    # at size 1, '# b ?' anchors at 0 with window (⊥, #, b); the final '# b s' shows it too
    assert cx.kind == "decoy"
    # reads at the anchor and one right; writes the slot two right (issue 18: writes count)
    assert cx.first.label == ((0, 0), (0, 1), ("write", 0, 2)) and cx.second.label == NONE
    assert cx.first.windows == cx.second.windows
    assert cx.first.size == cx.second.size == 1


def test_local_rule_counterexample_shows_different_next_tokens(spec):
    ex = explore(spec("good_parity_fill"), 3)
    failed = check_local_rule(ex, 1, 3)
    assert failed.fail_size == 2
    cx = failed.counterexample
    assert cx.kind == "local-rule"
    assert cx.first.windows == cx.second.windows and cx.first.label != cx.second.label


def test_two_markers_needs_two_windows(spec):
    result = check(spec("good_two_markers"), max_size=5)
    # the two reads are n + 1 apart
    assert result.distance.by_size == {1: 2, 2: 3, 3: 4, 4: 5, 5: 6}
    assert not result.distance.bounded
    mins = {(m.form, m.n): m for m in result.minimal_r}
    # one window must stretch over both markers: 2(n + 1) + 1
    assert mins[("recover", 1)].by_size == {1: 5, 2: 7, 3: 9, 4: 11, 5: 13}
    # two windows of length 1 anchored on L and R: nothing else looks like them
    assert mins[("recover", 2)].by_size == {m: 1 for m in range(1, 6)}
    assert result.verdict.word == "supported"
    assert result.verdict.consistency.n <= 2 and result.verdict.consistency.r == 1


def test_anchor_rules_and_greedy_cover():
    assert anchors((3, 4, 5), 1, 2, "min") == (3,)
    assert anchors((3, 4, 5), 1, 1, "mid") == (4,)
    assert anchors((3, 4, 5), 1, 1, "min") is None  # 5 is 2 from 3
    assert anchors((0, 9), 2, 1) == (0, 9)
    assert anchors((0, 5, 9), 2, 1) is None  # three windows needed
    assert offsets((0, 1, 9), (0, 9), 1) == ((0, 0), (0, 1), (1, 0))


def test_x_still_filling_at_a_small_bound_is_not_an_infinite_x():
    """|X| grows 4, 16, 20 up to n = 3 only because the finite X is not yet all seen:
    the fan-in is flat at 2, so X is finite (|X| <= |alphabet|^2): not a reason for
    not-guaranteed; the evidence rules make the verdict unknown at so small a bound."""
    from lengthcheck.loader import load

    from .conftest import PROBLEMS

    (problem,) = load(str(PROBLEMS / "add_column.py"))
    result = check(problem, max_size=3)
    assert result.causal.x_by_size == {1: 4, 2: 16, 3: 20}
    assert result.causal.arity_by_size == {1: 2, 2: 2, 3: 2}
    assert result.verdict.word == "unknown"  # not not-guaranteed: X is finite
    assert result.verdict.evidence is not None and not result.verdict.evidence.holds


def test_growing_fan_in_means_no_finite_x(spec):
    from lengthcheck.loader import load

    from .conftest import PROBLEMS

    # two reads, however far apart: bounded fan-in
    assert check(spec("good_two_markers"), max_size=4).causal.arity_trend.kind == "bounded"
    # the direct answer reads every bit: fan-in n, X not finite
    (direct,) = load(str(PROBLEMS / "parity_direct.py"))
    result = check(direct, max_size=5, n_max=1)
    assert result.causal.arity_by_size == {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}
    assert result.verdict.word == "not-guaranteed"
    assert "Cor 3.1.2" in result.verdict.theorems[0]


def test_anchor_rules_change_the_minimal_window(spec):
    """Anchored on the bit (max), radius 1 shows 'filled slot or #, bit, ?': r = 3.
    Anchored on the previous slot (min; mid is the lower median, the same here), the
    window must reach the '?' two to the right: r = 5."""
    problem = spec("good_parity_fill")
    found = {}
    for rule in ("min", "max", "mid"):
        result = check(problem, max_size=4, form="recover", n_max=1, anchor=rule)
        (m,) = result.minimal_r
        found[rule] = m.value
        assert m.anchor_rule == rule
    assert found == {"min": 5, "max": 3, "mid": 5}
