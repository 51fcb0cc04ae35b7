"""What engines tell the user while they run: progress events, typed.

An engine calls `progress(event)`; the event's *type* says what happened and its
text is for display only, so rewording a message never changes what a progress
display counts (issue 20). Events are `str` subclasses: a plain progress
function (print, a list's append, a race child's pipe) takes them as text.
"""

from __future__ import annotations


class Event(str):
    """Something an engine is doing now (a transient status line)."""


class SizeDone(Event):
    """A size finished: every instance enumerated, or its symbolic paths traced."""


class CheckTried(Event):
    """An (n, r)-consistency check was tried (by enumeration or by z3)."""


class Notice(Event):
    """A message the user must see at once and keep (not a transient status): a limit that
    stops the check before the bound, said when it is known rather than at the end."""


def relabelled(event: str, text: str) -> str:
    """`text` as an event of the same type as `event` (e.g. the z3 engine's prefix)."""
    return type(event)(text) if isinstance(event, Event) else Event(text)
