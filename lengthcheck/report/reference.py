"""Where the terms the reports use are defined: docs/reference.md of the repository.

Every report points there: a last line in the text and console reports, a
link in the HTML page, a `"reference"` key in each JSON entry.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE = "docs/reference.md"  # relative to the lengthcheck repository
_SOURCE_COPY = Path(__file__).resolve().parents[2] / "docs" / "reference.md"


def reference_path() -> Path | None:
    """The reference page of this checkout (an editable install), or None when not shipped."""
    return _SOURCE_COPY if _SOURCE_COPY.is_file() else None


def reference_line() -> str:
    """The closing line of a text report."""
    return f"Terms used in this report are defined in {REFERENCE} (lengthcheck repository)."


def reference_href() -> str | None:
    """A file link to the reference page of this checkout, or None when it is not here."""
    path = reference_path()
    return path.as_uri() if path is not None else None
