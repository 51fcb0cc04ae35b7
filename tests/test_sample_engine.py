"""The sample engine: Hypothesis search beyond the enumerated sizes, never a proof."""

from __future__ import annotations

from lengthcheck import check


def test_finds_and_shrinks_a_flaw_beyond_the_enumerated_sizes(spec):
    # 30 instances enumerate sizes 1..4; sizes 5..7 are sampled
    result = check(spec("good_until_five"), engine="sample", max_size=7, max_instances=30,
                   samples=40, seed=1)
    assert result.scope.sizes == [1, 2, 3, 4]
    assert result.scope.sampled_sizes == [5, 6, 7]
    v = result.verdict
    assert v.word == "not-guaranteed"
    cx = v.counterexample
    assert cx.kind == "causal-conflict"
    assert cx.first.size <= 4 and cx.second.size == 5
    # every size-5 instance shows the flaw at its first step, so Hypothesis shrinks
    # to the first instance: all zeros
    assert cx.second.instance == ("#",) + ("0", "?") * 5
    assert "seed 1" in v.scope and "engine='sample' seed=1" in v.scope


def test_same_seed_same_counterexample(spec):
    runs = [
        check(spec("good_until_five"), engine="sample", max_size=6, max_instances=30,
              samples=20, seed=7).verdict.counterexample
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_no_counterexample_is_reported_as_sampled_not_proved(spec):
    result = check(spec("good_parity_fill"), engine="sample", max_size=7, max_instances=30,
                   samples=20, seed=3)
    # the enumerated sizes (1..4, the instance cap) decide; sampling never upgrades
    assert result.verdict.word == "unknown"
    assert not result.scope.exhaustive and result.scope.engine == "enumerate+sample"
    assert "sampled (20 examples each, seed 3)" in result.verdict.scope
    assert "sampling is not a proof" in result.verdict.scope
    # three sampled sizes, 20 examples each (Hypothesis may stop a size early)
    (ran,) = [note for note in result.scope.notes if note.startswith("sampling ran")]
    assert 0 < int(ran.split()[2]) <= 60


def test_enumeration_alone_misses_the_flaw(spec):
    """The same bound, enumerated only up to size 4: the flaw is out of reach."""
    result = check(spec("good_until_five"), max_size=4)
    assert result.verdict.word == "unknown"  # nothing refutes it, nor is there evidence
