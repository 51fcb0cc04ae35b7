"""Data in and out (issue 22): export a format's traces, check a dataset, measure coverage.

`records` writes and reads trace records (JSONL); `dataset` turns a file of traces
into a format the checker checks like any spec; `coverage` compares a training set
with the patterns a verdict rests on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lengthcheck.data.records import (
    TEXT_FORMAT,
    DataError,
    TraceRecord,
    export,
    parse_records,
    read_records,
)

__all__ = ["TEXT_FORMAT", "DataError", "TraceRecord", "check", "coverage", "export",
           "parse_records", "read_records"]


def _records(source: str | Path | Iterable[Any]) -> tuple[list[TraceRecord], str]:
    if isinstance(source, (str, Path)):
        return list(read_records(source)), str(source)
    return list(parse_records(source)), "<records>"


def check(records: str | Path | Iterable[Any], **options: Any) -> Any:
    """Check a dataset of traces (a JSONL path, or records as dicts or JSON lines) as if it
    were a spec whose instances are exactly its own; returns a `ProblemResult`."""
    from dataclasses import replace

    from lengthcheck.checker import check_problem
    from lengthcheck.data.dataset import DataProblem

    parsed, name = _records(records)
    problem = DataProblem(parsed, name)
    options.setdefault("engine", "enumerate")
    options.setdefault("max_size", problem.max_size)
    return replace(check_problem(problem, **options), source=name)


def coverage(problem: Any, records: str | Path | Iterable[Any], **options: Any) -> Any:
    """How much of what `problem`'s verdict rests on a training set shows; a `Coverage`."""
    from lengthcheck.data.coverage import measure

    parsed, name = _records(records)
    return measure(problem, parsed, name, **options)
