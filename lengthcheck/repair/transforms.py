"""Transformations of a format: the same instances and steps, re-encoded (issue 21).

A repaired format is a `Problem` that wraps the original one (`Repair.original`,
a Problem class). Its states are encodings of the original's states; its step
decodes the state, takes the original step there, and encodes the result. It
reads where the original reads (mapped through the encoding), plus what the
transformation adds for a model to find its place (a cursor it reads). So the
repaired format computes the same thing by construction, and `decode` says
how: `repair` still checks, on every instance up to the bound, that decoding
the repaired final state gives the original's final state.

Every transformation is generic over any spec. Where one cannot apply to a
format (no two operand blocks to interleave, a step that changes the length
of the part an encoding needs), it raises `NotApplicable` with the reason, and
the candidate is reported as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from lengthcheck.errors import Location
from lengthcheck.spec import Layout, Problem, Slot, State, Step, has_ready
from lengthcheck.trace import _output

MARK = "′"  # a consumed element's token gets this suffix: 1 → 1′
CURSOR = "▸"  # stands just before the first read of the next step
HINT = "⟨{}⟩"  # an index hint token: ⟨0⟩, ⟨1⟩, ...
SLOT = "□"  # an answer slot not filled yet


class NotApplicable(Exception):
    """This transformation does not fit this format (the message says why)."""


def survivors(s: State, step: Step) -> dict[int, int]:
    """Which positions of s keep their element in step.next, and where (old -> new).

    Exactly as the checker reads the step (`trace._output`): an explicit `moved` map;
    an append or a same-length rewrite keeps every position it does not write; a
    rewrite+append likewise; a splice keeps the prefix before its first read and the
    suffix after its last, shifted.
    """
    if step.moved is not None:
        return dict(step.moved)
    _, writes, mode, _ = _output(s, tuple(step.reads), tuple(step.next), step,
                                 Location("<repair>", 0), {})
    if mode == "splice":
        lo, hi = min(step.reads), max(step.reads)
        shift = len(step.next) - len(s)
        keep = {p: p for p in range(lo)}
        keep.update({p: p + shift for p in range(hi + 1, len(s))})
        return keep
    written = set(writes)
    return {p: p for p in range(len(s)) if p not in written}


class Repair(Problem):
    """A format re-encoded. Subclasses say how: `encode`, `decode`, `where`, `extra_reads`."""

    # the loader skips a class that sets this in its own body (the transformations below);
    # a subclass naming an `original` is a format and is loaded
    abstract: ClassVar[bool] = True
    original: ClassVar[type[Problem]]
    transform: ClassVar[str] = ""  # e.g. "mark-consumed"
    what: ClassVar[str] = ""  # one line: what it changes, for the table

    def __init__(self) -> None:
        self.base = self.original()
        base = self.base
        # a wrapper's attributes are its instance's (Problem declares them as class
        # variables, as a spec sets them): mypy is told so line by line, as for a dataset
        self.name = f"{base.name or type(base).__name__}+{self.transform}"  # type: ignore[misc]
        self.description = (  # type: ignore[misc]
            f"{base.name or type(base).__name__} with {self.what}")
        self.min_size, self.max_size = base.min_size, base.max_size  # type: ignore[misc]
        self.alphabet = tuple(  # type: ignore[misc]
            dict.fromkeys((*base.alphabet, *self.added_tokens())))
        self.expect = None  # type: ignore[misc]
        self.engine = None  # type: ignore[misc]
        if has_ready(base):
            self.ready = self._ready

    # --- what a transformation defines -------------------------------------------------
    def added_tokens(self) -> tuple[str, ...]:
        """The tokens this encoding adds to the alphabet."""
        return ()

    def encode_initial(self, s: State, n: int) -> State:
        """An instance of size n, encoded."""
        return self.encode(s, None, None)

    def encode(self, s: State, previous: State | None, step: Step | None) -> State:
        """The original state s, encoded; `previous` is the encoded state the step left.
        (The defaults here are the identity: what an encoding leaves alone.)"""
        return s

    def decode(self, e: State) -> State:
        """The original state an encoded state stands for."""
        return e

    def where(self, e: State) -> list[int]:
        """The position in e of each position of decode(e)."""
        return list(range(len(e)))

    def extra_reads(self, e: State) -> tuple[int, ...]:
        """Positions of e a step reads beyond the original's reads (a cursor, say)."""
        return ()

    def encoded_layout(self, n: int) -> Layout | None:
        """The template of the encoded instances of size n, where the encoding keeps one
        (what a transformation applied on top of this one reads); None: not known."""
        return None

    # --- chains: a transformation applied to a candidate ------------------------------
    def encode_fully(self, instance: State, n: int) -> State:
        """An instance of the first original, encoded by every transformation of the chain."""
        inner = self.base.encode_fully(instance, n) if isinstance(self.base, Repair) else instance
        return self.encode_initial(inner, n)

    def decode_fully(self, e: State) -> State:
        """A state of this candidate, decoded back to the first original's."""
        s = self.decode(e)
        return self.base.decode_fully(s) if isinstance(self.base, Repair) else s

    # --- the Problem the checker sees -----------------------------------------------
    def instances(self, n: int) -> Iterator[State]:
        for s in self.base.instances(n):
            yield self.encode_initial(tuple(s), n)

    def max_steps(self, n: int) -> int:
        return self.base.max_steps(n)

    def step(self, e: State) -> Step | None:
        s = self.decode(e)
        st = self.base.step(s)
        return None if st is None else self._encoded_step(e, s, st)

    def _ready(self, e: State) -> list[Step]:
        """The original's ready steps, each encoded like `step` (set as `ready` only when the
        original declares ready steps: a repair keeps the original's semantics)."""
        s = self.decode(e)
        return [self._encoded_step(e, s, st) for st in _as_steps(self.base, s)]

    def _encoded_step(self, e: State, s: State, st: Step) -> Step:
        """The original's step st at s = decode(e), taken on the encoded state e."""
        nxt = self.encode(st.next, e, st)
        at, at_next = self.where(e), self.where(nxt)
        reads = tuple(sorted({at[p] for p in st.reads} | set(self.extra_reads(e))))
        moved = None
        plain = len(nxt) == len(e) or (len(nxt) > len(e) and nxt[: len(e)] == e)
        if st.moved is not None or not plain:  # say which elements survive, and where
            moved = {at[old]: at_next[new] for old, new in survivors(s, st).items()
                     if e[at[old]] == nxt[at_next[new]]}
            moved.update(self.decoration_moves(e, nxt, moved))
        writes = None
        if st.writes is not None and len(nxt) == len(e):
            writes = tuple(at_next[p] for p in st.writes)  # positions of the next state
        return Step(reads=reads, next=nxt, moved=moved, writes=writes)

    def decoration_moves(self, e: State, nxt: State, moved: dict[int, int]) -> dict[int, int]:
        """Tokens the encoding adds that survive a step unchanged (index hints), old -> new."""
        return {}


def _as_steps(base: Problem, s: State) -> list[Step]:
    """The original's ready steps at s, as Steps with next states."""
    steps = []
    for item in base.ready(s):  # type: ignore[attr-defined]
        if not isinstance(item, Step):
            raise NotApplicable("the format's ready(s) gives read tuples, not steps with their "
                                "next states, so they cannot be re-encoded")
        steps.append(item)
    return steps


def _blocks(layout: Layout) -> list[list[int]]:
    """The maximal runs of slot positions of a layout template."""
    runs: list[list[int]] = []
    for p, part in enumerate(layout.template):
        if isinstance(part, Slot):
            if runs and runs[-1][-1] == p - 1:
                runs[-1].append(p)
            else:
                runs.append([p])
    return runs


def _layout(base: Problem, n: int) -> Layout:
    """The template of base's instances of size n (for a candidate: of its encoded ones).

    A candidate's template is `encoded_layout`, not `layout`: the z3 engine would take a
    `layout` to check the candidate, and candidates are checked by enumeration only.
    """
    layout = base.encoded_layout(n) if isinstance(base, Repair) else base.layout(n)
    if layout is None:
        raise NotApplicable("the format declares no layout(n), so its operand blocks are "
                            "not known")
    return layout


# ---------------------------------------------------------------------------
# mark consumed inputs


class MarkConsumed(Repair):
    """After a step reads an element, that element's token becomes a marked variant (1 → 1′).

    Targets "a consumed input left in place": where used and unused elements look
    alike, a window cannot tell which comes next (a decoy). The mark is written by
    the step that reads the element, at the element: a local write.
    """

    abstract = True
    transform = "mark-consumed"
    what = "consumed elements marked (x → x′)"

    def added_tokens(self) -> tuple[str, ...]:
        return tuple(t + MARK for t in self.base.alphabet)

    def encode(self, s: State, previous: State | None, step: Step | None) -> State:
        marked: set[int] = set()
        if previous is not None and step is not None:
            before = self.decode(previous)
            kept = survivors(before, step)
            marked = {kept[p] for p in range(len(previous))
                      if previous[p].endswith(MARK) and p in kept}
            written = set(step.writes or ())
            marked |= {kept[p] for p in step.reads if p in kept and p not in written}
        return tuple(t + MARK if p in marked else t for p, t in enumerate(s))

    def decode(self, e: State) -> State:
        return tuple(t.removesuffix(MARK) for t in e)

    def encoded_layout(self, n: int) -> Layout | None:
        return _layout(self.base, n)  # nothing is marked before the first step


# ---------------------------------------------------------------------------
# a cursor


class Cursor(Repair):
    """A cursor token just before the first element the next step reads, moved by each step.

    Targets "a slot that looks like the current one" and far decoys: the window at
    the cursor finds the step. Whether moving the cursor is local is for the checker
    to decide: where the next step reads far from the last one, the cursor jumps, R
    grows, and the candidate is rejected.
    """

    abstract = True
    transform = "cursor"
    what = f"a cursor {CURSOR} before the next step's first read"

    def added_tokens(self) -> tuple[str, ...]:
        return (CURSOR,)

    def encode(self, s: State, previous: State | None, step: Step | None) -> State:
        nxt = self.base.step(s)
        if nxt is not None:
            c = min(nxt.reads)
        elif previous is None or step is None:  # an instance that is final already
            return s
        else:  # halted: the cursor stays just after the last step's reads, where it was going
            before = self.decode(previous)
            out, _, mode, _ = _output(before, tuple(step.reads), tuple(step.next), step,
                                      Location("<repair>", 0), {})
            after = min(step.reads) + len(out) if mode == "splice" else max(step.reads) + 1
            c = min(len(s), after)
        return s[:c] + (CURSOR,) + s[c:]

    def decode(self, e: State) -> State:
        return tuple(t for t in e if t != CURSOR)

    def where(self, e: State) -> list[int]:
        return [p for p, t in enumerate(e) if t != CURSOR]

    def extra_reads(self, e: State) -> tuple[int, ...]:
        return tuple(p for p, t in enumerate(e) if t == CURSOR)


# ---------------------------------------------------------------------------
# declare the ready steps


class DeclareReady(Repair):
    """The same states and steps, with `ready(s)`: every later step of the trace whose
    inputs are all present now, taken now.

    Targets "a fixed order among independent steps": the format prescribes one of
    several steps whose inputs are all there, so the window must see far enough to
    tell which one the order picks. The theorem's DAG semantics lets a model take any
    of them. A later step is offered at s when the elements it reads (followed by
    identity from s) are all in s unchanged, and its effect can be made at s: a
    same-length rewrite of elements present in s, or a splice over elements that are
    contiguous in s. Appending steps are never offered (where an element is appended
    is the order). Whether every order then ends in the same final state is the
    checker's order-independence check: a candidate whose orders differ is rejected.
    """

    abstract = True
    transform = "declare-ready"
    what = "ready(s): every later step whose inputs are present, offered now"

    def step(self, s: State) -> Step | None:
        """The original's step, as it is: the offered steps below are read the same way."""
        if has_ready(self.base):
            raise NotApplicable("the format declares ready(s) already")
        return self.base.step(s)

    def ready(self, s: State) -> list[Step]:
        first = self.step(s)
        if first is None:
            return []
        offered = [first]
        seen = {first.reads}
        for reads, nxt in _later_steps_taken_now(self.base, s):
            if reads not in seen:
                seen.add(reads)
                offered.append(Step(reads=reads, next=nxt))
        return offered


def _later_steps_taken_now(base: Problem, s: State,
                           limit: int = 10_000) -> Iterator[tuple[tuple[int, ...], State]]:
    """Each later step of s's own trace that can be taken at s: (reads in s, next state)."""
    ids = list(range(len(s)))  # element identities, followed step by step
    at_start = dict(zip(ids, range(len(s))))  # identity -> position in s
    fresh = len(s)
    state = s
    for _ in range(limit):
        step = base.step(state)
        if step is None:
            return
        nxt = step.next
        read_ids = [ids[p] for p in step.reads]
        if state is not s and all(i in at_start for i in read_ids):
            lifted = _lift(s, state, step, [at_start[i] for i in read_ids], ids, at_start)
            if lifted is not None:
                yield tuple(sorted(at_start[i] for i in read_ids)), lifted
        kept = survivors(state, step)
        new_ids = [-1] * len(nxt)
        for old, new in kept.items():
            new_ids[new] = ids[old]
        for q in range(len(nxt)):
            if new_ids[q] == -1:
                new_ids[q], fresh = fresh, fresh + 1
        ids, state = new_ids, nxt


def _lift(s: State, state: State, step: Step, reads_in_s: list[int], ids: list[int],
          at_start: dict[int, int]) -> State | None:
    """The step taken at `state`, made at s instead; None where that is not well defined."""
    nxt = step.next
    if len(nxt) == len(state):  # a rewrite in place: the written elements must be in s too
        changed = [p for p in range(len(state)) if nxt[p] != state[p]]
        if not all(ids[p] in at_start for p in changed):
            return None
        out = list(s)
        for p in changed:
            out[at_start[ids[p]]] = nxt[p]
        return tuple(out)
    lo, hi = min(step.reads), max(step.reads)
    span = [ids[p] for p in range(lo, hi + 1)]
    if not all(i in at_start for i in span):
        return None
    start = at_start[span[0]]
    if [at_start[i] for i in span] != list(range(start, start + len(span))):
        return None  # the read elements are not contiguous in s
    if nxt[:lo] != state[:lo] or nxt[len(nxt) - (len(state) - hi - 1):] != state[hi + 1:]:
        return None  # not a splice of the read span (an append, say)
    inserted = nxt[lo : len(nxt) - (len(state) - hi - 1)]
    return s[:start] + inserted + s[start + len(span):]


# ---------------------------------------------------------------------------
# interleave two operands


class Interleave(Repair):
    """Two operand blocks of equal length, `a0 … am-1 + b0 … bm-1`, laid out pairwise:
    `a0 b0 a1 b1 … + …` (the separators follow the pairs). With `reverse_second`, the
    second operand is reversed first (for steps that read the operands in opposite
    directions, e.g. a reversed answer).

    Targets reads that pair far elements by position (a_i with b_i): interleaved, the
    pair is adjacent at every length.
    """

    abstract = True
    transform = "interleave"
    what = "the two operand blocks interleaved"
    reverse_second: ClassVar[bool] = False

    def _shape(self, n: int) -> tuple[int, int, int]:
        """(start of the first block, block length m, separator length) at size n."""
        layout = _layout(self.base, n)
        blocks = _blocks(layout)
        if len(blocks) < 2 or len(blocks[0]) != len(blocks[1]):
            raise NotApplicable("the layout has no two slot blocks of equal length (a… + b…)")
        first, second = blocks[0], blocks[1]
        return first[0], len(first), second[0] - first[-1] - 1

    def encode_initial(self, s: State, n: int) -> State:
        start, m, sep = self._shape(n)
        template = _layout(self.base, n).template
        separators = tuple(str(t) for t in template[start + m : start + m + sep])
        slot_tokens = {t for part in template if isinstance(part, Slot) for t in part.tokens}
        if not separators or slot_tokens & set(separators):
            raise NotApplicable("the operands' separator is empty or also an operand token, "
                                "so the interleaved block's end could not be found")
        return self._permute(s, start, m, sep)

    def encoded_layout(self, n: int) -> Layout | None:
        start, m, sep = self._shape(n)
        template = _layout(self.base, n).template
        return Layout(self._permute(template, start, m, sep))  # type: ignore[arg-type]

    def _permute(self, s: State, start: int, m: int, sep: int) -> State:
        a = s[start : start + m]
        b = s[start + m + sep : start + 2 * m + sep]
        if self.reverse_second:
            b = b[::-1]
        pairs = tuple(t for i in range(m) for t in (a[i], b[i]))
        return s[:start] + pairs + s[start + m : start + m + sep] + s[start + 2 * m + sep :]

    def _region(self, e: State) -> tuple[int, int, int]:
        """(start, m, sep) read off an encoded state: the pairs end at the separator."""
        start, m0, sep = self._shape(self.base.min_size)
        first_sep = str(_layout(self.base, self.base.min_size).template[start + m0])
        try:
            end = e.index(first_sep, start)
        except ValueError:
            raise NotApplicable("a step removed the separator between the operands") from None
        if (end - start) % 2:
            raise NotApplicable("a step changed the length of the operand blocks")
        return start, (end - start) // 2, sep

    def where(self, e: State) -> list[int]:
        start, m, sep = self._region(e)
        at = list(range(start))
        at += [start + 2 * i for i in range(m)]  # a_i
        at += [start + 2 * m + j for j in range(sep)]  # the separators
        b = [start + 2 * i + 1 for i in range(m)]  # b_i
        at += b[::-1] if self.reverse_second else b
        at += list(range(start + 2 * m + sep, len(e)))
        return at

    def decode(self, e: State) -> State:
        at = self.where(e)
        return tuple(e[p] for p in at)

    def encode(self, s: State, previous: State | None, step: Step | None) -> State:
        assert previous is not None
        start, m, sep = self._region(previous)
        if len(s) < start + 2 * m + sep:
            raise NotApplicable("a step shortened the operand blocks")
        return self._permute(s, start, m, sep)


class InterleaveReversed(Interleave):
    """`Interleave` with the second operand reversed: `a0 bm-1 a1 bm-2 …`."""

    abstract = True
    transform = "interleave-reversed"
    what = "the operands interleaved, the second reversed"
    reverse_second = True


# ---------------------------------------------------------------------------
# answers in columns


class AnswersInColumns(Repair):
    """Each appended answer token goes into a slot `□` right after its column: the j-th
    answer after the j-th column of the first operand block (a column is one element, or
    a pair `a_j b_j` when the operands are interleaved first). With `reverse`, the j-th
    answer goes after the j-th column from the right (an answer written least significant
    digit first, from operands written most significant first). One more slot, after
    the last answer's column, takes an answer one longer than the columns (a last
    carry); a longer answer is appended after it (`reverse`) or not applicable. The
    block's end marker and the constants after it (the `=` a first step reads as "no
    answer yet") stay next to where the first answer is written: before the first column
    (or, with `reverse`, after the last).

    Targets formats that append their answer after the input: step j reads column j and
    writes at the far end, so R or the window grows with n. In a slot next to its column
    the answer is written where it is computed. This is the hand repair of C-2 and, after
    interleaving the operands, of M-1. Only for formats whose steps append.
    """

    abstract = True
    transform = "answers-in-columns"
    what = "each appended answer in a slot □ after its column"
    reverse: ClassVar[bool] = False

    def added_tokens(self) -> tuple[str, ...]:
        return (SLOT,)

    def _group(self) -> int:
        return 2 if isinstance(self.base, Interleave) else 1

    def _shape(self, n: int) -> tuple[int, int, int, int]:
        """(start of the column block, columns m, constants moved to the front, template
        length) at size n."""
        template = _layout(self.base, n).template
        blocks = _blocks(_layout(self.base, n))
        g = self._group()
        if not blocks or len(blocks[0]) % g:
            raise NotApplicable("the layout has no block of operand columns")
        first = blocks[0]
        stop = first[-1] + 1
        if stop >= len(template):
            raise NotApplicable("no constant follows the operand block, so where it ends "
                                "could not be read off a state")
        moved = template[stop + 1 :]
        if any(isinstance(part, Slot) for part in moved):
            raise NotApplicable("the layout has slots after the operand block (a second "
                                "operand): interleave the operands first")
        return first[0], len(first) // g, len(moved), len(template)

    def _front(self, moved: int) -> int:
        """How many constants stand before the first column: the block's end marker and
        the constants after it (forward), or none (reverse: they stay after the block)."""
        return 0 if self.reverse else moved + 1

    def _size_of(self, e: State) -> int:
        """The instance size n of an encoded state, from the length of its column block."""
        n0 = self.base.min_size
        start, m0, moved, _ = self._shape(n0)
        g = self._group()
        if self.reverse:  # the block ends at its end marker
            stop = str(_layout(self.base, n0).template[start + m0 * g])
            try:
                end = e.index(stop, start)
            except ValueError:
                raise NotApplicable("a step removed the constant after the operand "
                                    "block") from None
            columns = (end - start - 1) // (g + 1)
        else:  # the block (and its extra slot) runs to the end of the state
            columns = (len(e) - start - self._front(moved) - 1) // (g + 1)
        for n in range(n0, n0 + len(e) + 2):
            found = self._shape(n)
            if found[1] == columns and found[2] == moved:
                return n
            if found[1] > columns:
                break
        raise NotApplicable("the operand block's length matches no instance size")

    def _column(self, start: int, moved: int, column: int) -> int:
        """Where column `column` starts in an encoded state (the extra slot comes first
        when answers run from the right)."""
        return start + self._front(moved) + int(self.reverse) + column * (self._group() + 1)

    def _slot(self, start: int, m: int, moved: int, j: int) -> int:
        """The slot of the j-th answer; j = m is the extra slot (a last carry)."""
        if j == m:
            return start if self.reverse else self._column(start, moved, m)
        column = m - 1 - j if self.reverse else j
        return self._column(start, moved, column) + self._group()

    def _place(self, instance: State, answers: State, n: int) -> State:
        start, m, moved, _ = self._shape(n)
        g = self._group()
        stop = start + m * g
        after = [*instance[stop : stop + 1 + moved]]  # the end marker and the constants
        columns = [t for c in range(m) for t in (*instance[start + c * g : start + (c + 1) * g],
                                                 SLOT)]
        if self.reverse:
            out = [*instance[:start], SLOT, *columns, *after]
        else:
            out = [*instance[:start], *after, *columns, SLOT]
            if len(answers) > m + 1:
                raise NotApplicable("the answer is longer than the columns and one more "
                                    "slot")
        for j, token in enumerate(answers[: m + 1]):
            out[self._slot(start, m, moved, j)] = token
        return (*out, *answers[m + 1 :])

    def encode_initial(self, s: State, n: int) -> State:
        return self._place(s, (), n)

    def encoded_layout(self, n: int) -> Layout | None:
        template = _layout(self.base, n).template
        return Layout(self._place(template, (), n))  # type: ignore[arg-type]

    def encode(self, s: State, previous: State | None, step: Step | None) -> State:
        assert previous is not None and step is not None
        n = self._size_of(previous)
        length = self._shape(n)[3]
        before = self.decode(previous)
        if len(s) <= len(before) or s[: len(before)] != before:
            raise NotApplicable("a step does not append: its answer cannot be moved into a slot")
        return self._place(s[:length], s[length:], n)

    def where(self, e: State) -> list[int]:
        n = self._size_of(e)
        start, m, moved, length = self._shape(n)
        g = self._group()
        at = list(range(start))
        at += [self._column(start, moved, c) + i for c in range(m) for i in range(g)]
        if self.reverse:  # the end marker and the constants stay after the last column
            end = self._column(start, moved, m)
            at += list(range(end, end + 1 + moved))
        else:  # they stand before the first column
            at += list(range(start, start + 1 + moved))
        filled = 0
        while filled <= m and e[self._slot(start, m, moved, filled)] != SLOT:
            at.append(self._slot(start, m, moved, filled))
            filled += 1
        if filled == m + 1:
            at += list(range(length + m + 1, len(e)))
        return at

    def decode(self, e: State) -> State:
        return tuple(e[p] for p in self.where(e))


class AnswersInColumnsReversed(AnswersInColumns):
    """`AnswersInColumns`, the j-th answer after the j-th column from the right."""

    abstract = True
    transform = "answers-in-columns-reversed"
    what = "each appended answer in a slot □ after its column, from the right"
    reverse = True


# ---------------------------------------------------------------------------
# index hints


class IndexHints(Repair):
    """Each element of the layout's slot blocks follows a hint: its index in its block
    modulo k (Zhou et al.'s index hints, made periodic so the alphabet stays finite).

    Targets formats whose reads pair far elements by position: the hint ⟨i mod k⟩
    names the partner. Which k a format needs is what `repair` tries (k = 2, 3, 4).
    """

    abstract = True
    transform = "index-hints"
    what = "index hints ⟨i mod k⟩ before each operand element"
    k: ClassVar[int] = 2

    def added_tokens(self) -> tuple[str, ...]:
        return tuple(HINT.format(i) for i in range(self.k))

    def _hints(self) -> set[str]:
        return set(self.added_tokens())

    def encode_initial(self, s: State, n: int) -> State:
        hinted: dict[int, int] = {}
        for block in _blocks(_layout(self.base, n)):
            hinted.update({p: i % self.k for i, p in enumerate(block)})
        out: list[str] = []
        for p, t in enumerate(s):
            if p in hinted:
                out.append(HINT.format(hinted[p]))
            out.append(t)
        return tuple(out)

    def decode(self, e: State) -> State:
        hints = self._hints()
        return tuple(t for t in e if t not in hints)

    def where(self, e: State) -> list[int]:
        hints = self._hints()
        return [p for p, t in enumerate(e) if t not in hints]

    def encode(self, s: State, previous: State | None, step: Step | None) -> State:
        assert previous is not None and step is not None
        hints = self._hints()
        before = self.decode(previous)
        kept = survivors(before, step)
        hint_of: dict[int, str] = {}  # original position in s -> the hint before it
        for q, t in enumerate(previous):
            if t in hints and q + 1 < len(previous) and previous[q + 1] not in hints:
                old = self.where(previous).index(q + 1)
                if old in kept:
                    hint_of[kept[old]] = t
        out: list[str] = []
        for p, t in enumerate(s):
            if p in hint_of:
                out.append(hint_of[p])
            out.append(t)
        return tuple(out)

    def decoration_moves(self, e: State, nxt: State, moved: dict[int, int]) -> dict[int, int]:
        hints = self._hints()
        extra = {}
        for old, new in moved.items():  # a hint stays with the element it stands before
            if old > 0 and new > 0 and e[old - 1] in hints and nxt[new - 1] == e[old - 1]:
                extra[old - 1] = new - 1
        return extra


class IndexHints2(IndexHints):
    abstract = True
    transform, k = "index-hints-2", 2


class IndexHints3(IndexHints):
    abstract = True
    transform, k = "index-hints-3", 3


class IndexHints4(IndexHints):
    abstract = True
    transform, k = "index-hints-4", 4


TRANSFORMS: tuple[type[Repair], ...] = (
    MarkConsumed, Cursor, DeclareReady, Interleave, InterleaveReversed,
    AnswersInColumns, AnswersInColumnsReversed, IndexHints2, IndexHints3, IndexHints4,
)


# Chains of two: the operands interleaved (or not), then the answers moved next to their
# columns. Each is tried as one candidate, named by its parts.
CHAINS: tuple[tuple[type[Repair], ...], ...] = (
    (Interleave, AnswersInColumns), (Interleave, AnswersInColumnsReversed),
    (InterleaveReversed, AnswersInColumns), (InterleaveReversed, AnswersInColumnsReversed),
)


def repaired(original: type[Problem], transform: type[Repair]) -> type[Repair]:
    """The repaired format: `original` encoded by `transform`, as a Problem class."""
    name = f"{original.__name__}{transform.__name__}"
    return type(name, (transform,), {"original": original, "__module__": original.__module__})


def chained(original: type[Problem], chain: tuple[type[Repair], ...]) -> type[Repair]:
    """`original` encoded by each transformation of the chain in turn."""
    result: type[Problem] = original
    for transform in chain:
        result = repaired(result, transform)
    assert issubclass(result, Repair)
    return result
