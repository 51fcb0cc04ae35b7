"""FX-12 MUL-MULTIROW: shift-and-add multiplication with cursors, cells re-read (good, (3,3)).

Format: `# A | B | Z` — A = a0 … a(n−1) and B = b0 … b(n−1) least significant
first (`a1`, `b0`, … tagged by row), Z the 2n-cell accumulator, initially
zero. Cursors are marked cells: `aX>` (A, sweeping), `aX<` (A, walking
back), `bX^` (the current multiplier digit), `zX>c` (Z, sweeping, with the
carry c into this cell), `zX<` (Z, walking back). For multiplier digit b_j
(round j), the A cursor sweeps a_i, i = 0..n−1, with the Z cursor on
z_(i+j) (the shift is in where the Z cursor starts, not in moving Z):

* SWEEP (A cursor `>`): reads (a_i, the cell after it, b_j, z_(i+j), z_(i+j+1));
  z_(i+j) ← z + a_i·b_j + c mod base; the carry rides on to the next Z
  cell. After a_(n−1) (the cell after it is `|`) the carry is added into
  z_(n+j) and both cursors turn to `<`.
* RETURN (A cursor `<` not at a0): reads (a_(i−1), a_i, z_(k−1), z_k); both
  cursors step one cell left.
* NEXT (A cursor `<` at a0, the cell before it is `#`): reads (a0, b_j, the
  cell after b_j, z_k); A sweeps again from a0, the B mark moves to
  b_(j+1), the Z cursor (now on z_(j+1)) gets carry 0. After the last
  digit (the cell after b_j is `|`) the same reads drop every mark: halt.

3 × 3 in base 2 (n = 2); the first step reads (1, 2, 4, 7, 8):

    # a1> a1  | b1^ b1  | z0>0 z0   z0   z0     SWEEP
    # a1  a1> | b1^ b1  | z1   z0>0 z0   z0     SWEEP (end of A)
    # a1  a1< | b1^ b1  | z1   z1   z0<  z0     RETURN
    # a1< a1  | b1^ b1  | z1   z1<  z0   z0     NEXT
    # a1> a1  | b1  b1^ | z1   z1>0 z0   z0     SWEEP: 1 + 1 = 10₂
    # a1  a1> | b1  b1^ | z1   z0   z0>1 z0     SWEEP (end of A): 0 + 1 + 1
    # a1  a1< | b1  b1^ | z1   z0   z0   z1<    RETURN
    # a1< a1  | b1  b1^ | z1   z0   z0<  z1     NEXT: last digit, finish
    # a1  a1  | b1  b1  | z1   z0   z0   z1     halt: Z = 1001₂ = 9

2n² steps. Size n = digits of each operand; `base` = 2 by default (carries
0..base−1; a subclass may set `base = 10` and `alphabet = alphabet_for(10)`);
instances: base^(2n) (1,364 for sizes 1..5, about 62,000 states).

Source: paper-experiments.md FX-12 (shift-and-add with cursors, (3,3)); this
variant walks the cursors back instead of shifting the accumulator, so that
every step is local.

Expectations, derived by hand (bound N = max_size = 5):

* causal_function: every step changes a fixed set of positions (a marked
  cell always differs from its unmarked form), and each changed token is a
  mark/unmark of a read token or a digit/carry of (a_i, b_j, z_(i+j)); the
  four kinds have distinguishable read tuples (`|` vs a cell in the second
  or third place; a plain vs a marked cell first).
* at_most_once: False — `b_j^` stays unwritten through round j and is read
  by each of its n SWEEP steps and by its NEXT step.
* R: SWEEP spans 2n+3+j, RETURN 2n+4+j (a_(i−1) at i, z_(i+j+1) at
  2n+4+i+j): R_N = 3N+3 for N ≥ 2 (R_1 = 5) — grows.
* Recover form, n = 1: the window must cover the span: h ≥ 18 at N = 5, so
  r ≥ 37 > 21: None.
* (3,3) recover form (the route to the verdict): with h = 1 the greedy
  anchors are a_i (covers the next cell), b_j, z_(i+j) (covers the next) for
  SWEEP; a_(i−1), z_(k−1) for RETURN; a0, b_j (covers the next), z_k for
  NEXT. Every window contains a unique marked cell at a fixed offset (0 or
  +1), which also tells the kind of step (`>` vs `<`, `#` or a cell before
  `a0<`), so a key matches only the true anchor tuple of a state in the same
  phase and the label is a function of the key; final states have no marks.

Verdict at the default bound (evidence rules, DESIGN §2): unknown. (3, 3)
holds, but |X| still grows at n = 5 (new cells of the partial products), so
its flat run starts at the bound and must double (N = 10), out of reach of
enumeration in a quick check.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import cache

from lengthcheck import Problem, State, Step, token_function

Fn3 = Callable[[str, str, str], str]
Fn2 = Callable[[str, str], str]


def alphabet_for(base: int) -> tuple[str, ...]:
    d = range(base)
    return (
        ("#", "|")
        + tuple(f"a{x}{m}" for x in d for m in ("", ">", "<"))
        + tuple(f"b{x}{m}" for x in d for m in ("", "^"))
        + tuple(f"z{x}{m}" for x in d for m in ("", "<") + tuple(f">{c}" for c in d))
        + tuple(f"c{c}" for c in d)  # carries passed between token functions, never in a state
    )


@token_function
def a_cursor(t: str) -> bool:
    return t[0] == "a" and len(t) == 3


@token_function
def a_sweeping(t: str) -> bool:
    return t[0] == "a" and t[-1] == ">"


@token_function
def b_marked(t: str) -> bool:
    return t[-1] == "^"


@token_function
def z_cursor(t: str) -> bool:
    return t[0] == "z" and len(t) > 2


@token_function
def plain(t: str) -> str:
    return t[:2]


@token_function
def sweeping(t: str) -> str:
    return t[:2] + ">"


@token_function
def returning(t: str) -> str:
    return t[:2] + "<"


@token_function
def marked(t: str) -> str:
    return t[:2] + "^"


@token_function
def z_start(t: str) -> str:
    return t[:2] + ">0"


@token_function
def z_carry(t: str, carry: str) -> str:
    return f"{t[:2]}>{carry[1]}"


@cache
def arithmetic(base: int) -> tuple[Fn3, Fn3, Fn2]:
    """Token functions in `base`: the new digit and carry of z + a·b + c, and z + c at the end."""

    def total(a: str, b: str, z: str) -> int:
        return int(z[1]) + int(a[1]) * int(b[1]) + int(z[3])

    @token_function
    def digit(a: str, b: str, z: str) -> str:
        return f"z{total(a, b, z) % base}"

    @token_function
    def carry(a: str, b: str, z: str) -> str:
        return f"c{total(a, b, z) // base}"

    @token_function
    def z_last(t: str, carry: str) -> str:
        return f"z{(int(t[1]) + int(carry[1])) % base}<"

    return digit, carry, z_last


class MulMultirow(Problem):
    name = "mul-multirow"
    description = (
        "shift-and-add n×n multiplication with marked cursor cells (FX-12); cells re-read; "
        "expected good via (3,3), R unbounded"
    )
    base = 2
    alphabet = alphabet_for(2)
    max_size = 5
    expect = {
        "verdict": "unknown",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        digits = range(self.base)
        row_a = (Slot(f"a{x}>" for x in digits),) + (Slot(f"a{x}" for x in digits),) * (n - 1)
        row_b = (Slot(f"b{x}^" for x in digits),) + (Slot(f"b{x}" for x in digits),) * (n - 1)
        return Layout(("#",) + row_a + ("|",) + row_b + ("|", "z0>0") + ("z0",) * (2 * n - 1))

    def instances(self, n: int) -> Iterator[State]:
        digits = range(self.base)
        for a in itertools.product(digits, repeat=n):
            for b in itertools.product(digits, repeat=n):
                row_a = (f"a{a[0]}>",) + tuple(f"a{x}" for x in a[1:])
                row_b = (f"b{b[0]}^",) + tuple(f"b{x}" for x in b[1:])
                yield ("#",) + row_a + ("|",) + row_b + ("|", "z0>0") + ("z0",) * (2 * n - 1)

    def step(self, s: State) -> Step | None:
        pa = pb = pz = -1
        for p in range(len(s)):
            if a_cursor(s[p]):
                pa = p
            elif b_marked(s[p]):
                pb = p
            elif z_cursor(s[p]):
                pz = p
        if pa < 0:
            return None
        nxt = list(s)
        if a_sweeping(s[pa]):
            digit, carry, z_last = arithmetic(self.base)
            a, b, z = s[pa], s[pb], s[pz]
            c = carry(a, b, z)
            nxt[pz] = digit(a, b, z)
            if s[pa + 1] == "|":
                nxt[pa], nxt[pz + 1] = returning(a), z_last(s[pz + 1], c)
            else:
                nxt[pa], nxt[pa + 1] = plain(a), sweeping(s[pa + 1])
                nxt[pz + 1] = z_carry(s[pz + 1], c)
            reads: tuple[int, ...] = (pa, pa + 1, pb, pz, pz + 1)
        elif s[pa - 1] == "#":
            nxt[pb] = plain(s[pb])
            if s[pb + 1] == "|":
                nxt[pa], nxt[pz] = plain(s[pa]), plain(s[pz])
            else:
                nxt[pa], nxt[pb + 1], nxt[pz] = sweeping(s[pa]), marked(s[pb + 1]), z_start(s[pz])
            reads = (pa, pb, pb + 1, pz)
        else:
            nxt[pa - 1], nxt[pa] = returning(s[pa - 1]), plain(s[pa])
            nxt[pz - 1], nxt[pz] = returning(s[pz - 1]), plain(s[pz])
            reads = (pa - 1, pa, pz - 1, pz)
        return Step(reads=reads, next=nxt)
