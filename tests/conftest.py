from __future__ import annotations

from pathlib import Path

import pytest

from lengthcheck.loader import load

SPECS = Path(__file__).parent / "specs"
PROBLEMS = Path(__file__).parent.parent / "problems"


@pytest.fixture
def spec():
    """Load the single problem of tests/specs/<name>.py."""

    def _load(name: str):
        (problem,) = load(str(SPECS / f"{name}.py"))
        return problem

    return _load


# The heaviest tests start first, so that under pytest-xdist (`-n auto`, as CI runs) no
# worker is left running one of them alone at the end. Measured with `--durations=40`;
# the order of everything else is kept.
HEAVY = (
    "tests/test_reference_problems.py::test_reference_problem_matches_its_expect_block",
    "tests/test_rules.py::test_proved_is_never_refuted_by_enumeration",
    "tests/test_smt_agreement.py::test_random_rules_agree",
    "tests/test_html_browser.py",
    "tests/test_model_rules.py::test_rule_problems_get_the_proved_verdict",
    "tests/test_literature.py::test_literature_problem_matches_its_expect_block",
    "tests/test_evidence.py::test_tree_parity_never_supported",
    "tests/test_reference_problems.py::test_running_example_numbers_from_the_design",
    "tests/test_literature.py::test_the_comparison_table_pairs_repairs_with_their_originals",
    "tests/test_evidence.py::test_fooling_formats_up_to_40_with_z3",
    "tests/test_smt_agreement.py::test_reference_problems_agree_slow",
    "tests/test_inferred_rules.py::test_reference_specs_are_proved_through_inferred_rules",
    "tests/test_repair.py::test_each_transformation_repairs_a_format",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(HEAVY))
