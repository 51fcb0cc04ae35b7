"""Windows, anchors and step labels: the one copy of the window logic (DESIGN §2).

The concrete engine (`properties.consistency`), the z3 engine
(`engines.smt.decide.consistency`), the sampler and the rules prover all cut
windows, choose anchor tuples and label a state's ready steps through these
functions, so the engines cannot drift apart on what a window or an anchor is.
"""

from __future__ import annotations

from dataclasses import dataclass

from lengthcheck.trace import PAD, WRITE, nearest

COVER_RULES = ("per-read", "greedy")  # n >= 2, each checked on its own
Key = tuple
Offsets = tuple[tuple, ...]  # (window, offset) per read, then (WRITE, window, offset)
Own = dict[tuple[int, ...], Offsets]  # anchor tuple -> label of the ready step it anchors


def windows(state: tuple[str, ...], h: int) -> list[tuple[str, ...]]:
    """W_h(s, c) for every position c, padded with ⊥ outside the state."""
    pad = (PAD,) * h
    padded = pad + state + pad
    r = 2 * h + 1
    return [padded[c : c + r] for c in range(len(state))]


def window(state: tuple[str, ...], c: int, h: int) -> tuple[str, ...]:
    return tuple(state[i] if 0 <= i < len(state) else PAD for i in range(c - h, c + h + 1))


def anchors(reads: tuple[int, ...], n: int, h: int, rule: str = "min") -> tuple[int, ...] | None:
    """The anchor tuple of a step, or None when n windows of radius h cannot cover it.

    n = 1 uses the anchor rule (min, max, mid). n >= 2 uses a cover rule
    (DESIGN §2): "per-read" — the reads themselves, one window each, when
    there are at most n; "greedy" — from the left, the next anchor is the
    smallest read not within h of an earlier anchor.
    """
    ordered = sorted(reads)
    if n == 1:
        a = {"min": ordered[0], "max": ordered[-1], "mid": ordered[(len(ordered) - 1) // 2]}[rule]
        return (a,) if ordered[0] >= a - h and ordered[-1] <= a + h else None
    if rule == "per-read":
        return tuple(ordered) if len(ordered) <= n else None
    chosen = [ordered[0]]
    for i in ordered:
        if i - chosen[-1] > h:
            chosen.append(i)
    return tuple(chosen) if len(chosen) <= n else None


def greedy_cover(reads: tuple[int, ...], h: int) -> tuple[int, ...]:
    """The greedy cover of `reads` by windows of radius h, however many windows it takes."""
    cover = anchors(reads, max(len(reads), 2), h, "greedy")
    assert cover is not None  # one window per read always covers
    return cover


def offsets(reads: tuple[int, ...], anchor: tuple[int, ...], h: int, rule: str = "greedy"
            ) -> Offsets:
    """The label of an anchor tuple: each read as (window index, offset).

    Per read, every read is its own window's centre (offset 0); otherwise each
    read goes to the first window that covers it.
    """
    if rule == "per-read":
        return tuple((j, 0) for j in range(len(anchor)))
    result = []
    for i in sorted(reads):
        j = next(k for k, a in enumerate(anchor) if abs(i - a) <= h)
        result.append((j, i - anchor[j]))
    return tuple(result)


def step_label(reads: tuple[int, ...], into: tuple[int, ...], anchor: tuple[int, ...], h: int,
               rule: str) -> Offsets:
    """The label of a step at its anchor tuple (DESIGN §2): where it reads, then where it
    writes into the state. A model must know both: reads that are local but a write
    placed by a global property are not a local step. A write is located as a read
    is, by the first window covering it (a write outside every window by the nearest
    window, so its distance shows); DESIGN §2 says "relative to d_1", which for one
    window is the same, and for several would make copying into a far slot (a
    write over the step's own far read) look global."""
    label = offsets(reads, anchor, h, rule)
    for w in into:  # like a read: the first window that covers it, else the nearest one
        j = next((k for k, a in enumerate(anchor) if abs(w - a) <= h), None)
        label += ((WRITE, j, w - anchor[j]),) if j is not None else ((WRITE, *nearest(w, anchor)),)
    return label


@dataclass(frozen=True)
class Unlabelled:
    """Why a state's ready steps cannot be labelled through n windows of radius h.

    `uncoverable`: the step reading `reads` does not fit in the windows.
    `anchor-conflict`: two ready steps share the anchor tuple `anchor` with
    different labels `first` and `second`.
    """

    kind: str  # "uncoverable" | "anchor-conflict"
    reads: tuple[int, ...]
    anchor: tuple[int, ...] = ()
    first: Offsets = ()
    second: Offsets = ()


def ready_labels(ready: tuple[tuple[int, ...], ...], ready_into: tuple[tuple[int, ...], ...],
                 n: int, h: int, rule: str) -> tuple[Own, Unlabelled | None]:
    """Anchor tuple -> label for every ready step of a state; or why it fails.

    `ready_into[k]` is where ready step k writes into the state (empty: none given).
    """
    own: Own = {}
    for k, reads in enumerate(ready):
        anchor = anchors(reads, n, h, rule)
        if anchor is None:
            return own, Unlabelled("uncoverable", reads)
        label = step_label(reads, ready_into[k] if ready_into else (), anchor, h, rule)
        if anchor in own and own[anchor] != label:
            return own, Unlabelled("anchor-conflict", reads, anchor, own[anchor], label)
        own[anchor] = label
    return own, None


def uncoverable_detail(reads: tuple[int, ...], n: int, h: int) -> str:
    return (f"the causal input {tuple(sorted(reads))} does not fit in {n} "
            f"window(s) of length {2 * h + 1}")
