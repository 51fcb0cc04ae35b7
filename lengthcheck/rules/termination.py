"""Termination of string rewriting: token weights, inversions, matrix interpretations
(issue 23).

A rewrite step replaces one or more factors of a string at once (a local rule: one
factor; a marker rule: one per segment): `X u1 Y u2 Z → X v1 Y v2 Z`. Three methods, the
cheaper first; each gives a certificate that `verify` checks again with plain integer
arithmetic, independently of the solver that found it:

* **weights** w: Σ → ℕ with Σw(u_i) > Σw(v_i) for every step (additive: any
  permutation of tokens defeats them, e.g. bubble sort `1 0 → 0 1`);
* **weights, then inversions**: a rank ρ: Σ → ℕ, and the pair (Σw, the number of
  inversions — positions i < j with ρ(s_i) > ρ(s_j)) ordered lexicographically. A
  step either lowers Σw, or rewrites every factor to a permutation of itself with
  fewer inversions inside the factors. Inversions between a factor and anything
  outside it depend on the factor's multiset only, which a permutation keeps, so the
  whole string loses exactly what the factors lose;
* **matrix interpretations** over ℕ (Hofbauer & Waldmann, "Termination of string
  rewriting with matrix interpretations", RTA 2006): each token a d×d matrix [a] with
  [a]₁₁ ≥ 1 and [a]_dd ≥ 1, a string the product of its tokens' matrices, and for every
  step [u_i] ≥ [v_i] entrywise for every factor and [u_i]₁d > [v_i]₁d for one of them.
  Then the (1, d) entry of a whole string's matrix is a natural number that every step
  lowers (the contexts' matrices keep the corners ≥ 1, so the strict factor's loss is
  never multiplied by 0), so no infinite rewriting exists. Dimensions 1–3, entries
  0–`MAX_ENTRY`, found with z3 (prefix products as shared variables).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

Word = tuple[str, ...]
Factor = tuple[Word, Word]  # (u, v): u is replaced by v
RewriteStep = tuple[Factor, ...]  # the factors one step replaces at once
Matrix = tuple[tuple[int, ...], ...]

MAX_ENTRY = 3
DIMENSIONS = (1, 2, 3)


@dataclass(frozen=True)
class TerminationCertificate:
    """How termination was shown: weights, or matrices of dimension d."""

    method: str  # "weights" | "inversions" | "matrix"
    weights: dict[str, int] | None = None
    dimension: int | None = None
    matrices: dict[str, Matrix] | None = None
    ranks: dict[str, int] | None = None  # "inversions": the order whose inversions drop

    def describe(self) -> str:
        if self.method in ("weights", "inversions"):
            assert self.weights is not None
            shown = ", ".join(f"{t}={v}" for t, v in self.weights.items())
            if self.method == "weights":
                return f"every rule lowers Σ w(token) with w: {shown}"
            assert self.ranks is not None
            order = order_text(self.ranks)
            if not any(self.weights.values()):  # then every step permutes
                return f"every rule permutes tokens, removing inversions of the order {order}"
            return (f"every rule lowers Σ w(token) (w: {shown}), or keeps it and permutes "
                    f"tokens, removing inversions of the order {order}")
        assert self.matrices is not None
        shown = "; ".join(f"[{t}] = {_matrix_text(m)}" for t, m in self.matrices.items())
        return (f"a matrix interpretation of dimension {self.dimension} over ℕ (the (1, "
                f"{self.dimension}) entry of a string's matrix drops at every step): {shown}")


def order_text(ranks: dict[str, int]) -> str:
    """`a < b = c < d`: tokens by rank, equal ranks joined by `=`."""
    levels: dict[int, list[str]] = {}
    for token, rank in ranks.items():
        levels.setdefault(rank, []).append(token)
    return " < ".join(" = ".join(levels[r]) for r in sorted(levels))


def inversions(word: Sequence[str], ranks: dict[str, int]) -> int:
    """Pairs i < j with ranks[word[i]] > ranks[word[j]] (tokens without a rank: 0)."""
    r = [ranks.get(t, 0) for t in word]
    return sum(1 for i in range(len(r)) for j in range(i + 1, len(r)) if r[i] > r[j])


def _permutes(step: RewriteStep) -> bool:
    """Every factor of the step is rewritten to a permutation of itself."""
    return all(sorted(u) == sorted(v) for u, v in step)


def _matrix_text(m: Matrix) -> str:
    return "(" + ", ".join("(" + " ".join(str(x) for x in row) + ")" for row in m) + ")"


# ---------------------------------------------------------------------------
# plain arithmetic: what `verify` uses


def _identity(d: int) -> Matrix:
    return tuple(tuple(int(i == j) for j in range(d)) for i in range(d))


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    d = len(a)
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(d)) for j in range(d))
                 for i in range(d))


def word_matrix(word: Sequence[str], matrices: dict[str, Matrix], d: int) -> Matrix:
    result = _identity(d)
    for token in word:
        result = _multiply(result, matrices[token])
    return result


def verify(certificate: TerminationCertificate, steps: Sequence[RewriteStep]) -> str | None:
    """None when the certificate shows every step decreasing; else what fails (a bug)."""
    if certificate.method in ("weights", "inversions"):
        w = certificate.weights or {}
        ranks = certificate.ranks if certificate.method == "inversions" else None
        if any(x < 0 for x in w.values()):
            return "a negative weight"
        for step in steps:
            before = sum(w.get(t, 0) for u, _ in step for t in u)
            after = sum(w.get(t, 0) for _, v in step for t in v)
            if before > after:
                continue
            if ranks is None:
                return f"the step {_step_text(step)} does not lower the weight"
            if before < after or not _permutes(step):
                return (f"the step {_step_text(step)} neither lowers the weight nor permutes "
                        "each factor")
            if sum(inversions(v, ranks) - inversions(u, ranks) for u, v in step) >= 0:
                return f"the step {_step_text(step)} does not remove an inversion"
        return None
    d, m = certificate.dimension or 0, certificate.matrices or {}
    for token, matrix in m.items():
        if matrix[0][0] < 1 or matrix[d - 1][d - 1] < 1 or min(min(r) for r in matrix) < 0:
            return f"[{token}] has a corner below 1 or a negative entry"
    for step in steps:
        strict = False
        for u, v in step:
            mu, mv = word_matrix(u, m, d), word_matrix(v, m, d)
            if any(mu[i][j] < mv[i][j] for i in range(d) for j in range(d)):
                return f"the step {_step_text(step)} raises an entry"
            strict = strict or mu[0][d - 1] > mv[0][d - 1]
        if not strict:
            return f"the step {_step_text(step)} does not lower the (1, {d}) entry"
    return None


def _step_text(step: RewriteStep) -> str:
    return " and ".join(f"{' '.join(u) or 'ε'} → {' '.join(v) or 'ε'}" for u, v in step)


# ---------------------------------------------------------------------------
# search


METHODS = ("weights", "inversions", "matrix")


def find(alphabet: Sequence[str], steps: Sequence[RewriteStep], timeout_ms: int = 20_000,
         matrix_timeout_ms: int = 2_000, methods: Sequence[str] = METHODS
         ) -> tuple[TerminationCertificate | None, str]:
    """A verified certificate, or None and why none was found (weights and inversions get
    `timeout_ms`, each matrix dimension `matrix_timeout_ms`); `methods` picks which are
    tried (tests use it to reach the matrices on rules inversions would prove)."""
    steps = list(dict.fromkeys(steps))
    weights, why = _weights(alphabet, steps, timeout_ms)
    if weights is not None:
        return _checked(TerminationCertificate("weights", weights=weights), steps)
    if "inversions" in methods and any(_permutes(step) for step in steps):
        got, why_not = _inversions(alphabet, steps, timeout_ms)
        if got is not None:
            return _checked(got, steps)
        why = f"{why}; {why_not}"
    if "matrix" not in methods:
        return None, why
    loop = _quick_loop(steps)
    if loop is not None:  # then no interpretation can exist: do not ask z3 for one
        start, reached = loop
        return None, (f"{why}; and the rules, read without their contexts, loop "
                      f"({' '.join(start)} →+ {' '.join(reached)}), so no interpretation "
                      "of them can decrease")
    reasons = [why]
    for d in DIMENSIONS:
        matrices, why_not = _matrices(alphabet, steps, d, min(timeout_ms, matrix_timeout_ms))
        if matrices is not None:
            return _checked(TerminationCertificate("matrix", dimension=d, matrices=matrices),
                            steps)
        reasons.append(why_not)
    return None, "; ".join(reasons)


def successors(word: Word, rules: Sequence[Factor]) -> Iterator[Word]:
    """Every string one rule u → v makes of `word`."""
    for u, v in rules:
        for i in range(len(word) - len(u) + 1):
            if u and word[i:i + len(u)] == u:
                yield word[:i] + v + word[i + len(u):]


def loop_from(start: Word, rules: Sequence[Factor], max_nodes: int,
              max_length: int | None = None) -> Word | None:
    """A string that `start` rewrites to (in one step or more) and that contains `start`: a
    loop, so no termination. Breadth first through at most `max_nodes` strings (and none
    longer than `max_length`); None when no such string shows up."""
    seen, queue = {start}, deque([start])
    k = len(start)
    while queue and len(seen) < max_nodes:
        for nxt in successors(queue.popleft(), rules):
            if any(nxt[j:j + k] == start for j in range(len(nxt) - k + 1)):
                return nxt
            if nxt not in seen and (max_length is None or len(nxt) <= max_length):
                seen.add(nxt)
                queue.append(nxt)
    return None


def _quick_loop(steps: Sequence[RewriteStep], nodes: int = 60) -> tuple[Word, Word] | None:
    """A loop of the one-factor steps read as plain rules u → v, found by rewriting from
    each left side through a few strings; None when none shows up quickly. (A loop here is
    no counterexample for a rule with contexts; it only shows that no interpretation of
    the context-free rules, which is what the search looks for, exists.)"""
    rules = [step[0] for step in steps if len(step) == 1]
    for start, _ in rules:
        if start:
            reached = loop_from(start, rules, nodes, 3 * len(start) + 6)
            if reached is not None:
                return start, reached
    return None


def _checked(cert: TerminationCertificate, steps: Sequence[RewriteStep]
             ) -> tuple[TerminationCertificate | None, str]:
    failure = verify(cert, steps)
    if failure is not None:  # the solver's model does not hold up: never trust it
        return None, f"the certificate z3 found fails the independent check ({failure})"
    return cert, ""


def _weights(alphabet: Sequence[str], steps: Sequence[RewriteStep], timeout_ms: int
             ) -> tuple[dict[str, int] | None, str]:
    """Weights w: Σ -> N with every step decreasing; None and the reason when there are none."""
    from collections import Counter

    diffs: set[tuple[tuple[str, int], ...]] = set()
    for step in steps:
        change: Counter[str] = Counter()
        for u, v in step:
            change.update(u)
            change.subtract(v)
        diffs.add(tuple(sorted((t, c) for t, c in change.items() if c)))
    if () in diffs:
        return None, "no weights: some rule rewrites a token tuple to a permutation of itself"
    if all(sum(c for _, c in d) >= 1 for d in diffs):
        return {t: 1 for t in alphabet}, ""  # the length decreases or ... w = 1 works
    import z3

    ws = {t: z3.Int(f"w[{t}]") for t in alphabet}
    opt = z3.Optimize()
    opt.set("timeout", timeout_ms)
    for w in ws.values():
        opt.add(w >= 0)
    for d in diffs:
        opt.add(z3.Sum([c * ws[t] for t, c in d]) >= 1)
    opt.minimize(z3.Sum(list(ws.values())))
    got = opt.check()
    if got == z3.sat:
        model = opt.model()
        return {t: model.eval(w, model_completion=True).as_long() for t, w in ws.items()}, ""
    if got == z3.unsat:
        return None, "no weights w: Σ → ℕ make every rule decrease the total weight"
    return None, "z3 gave up looking for weights (timeout)"


def _inversions(alphabet: Sequence[str], steps: Sequence[RewriteStep], timeout_ms: int
                ) -> tuple[TerminationCertificate | None, str]:
    """Weights every non-permuting step lowers and ranks whose inversions every permuting
    step removes (the two searches are independent: the permuting steps keep Σw)."""
    import z3

    permuting = [step for step in steps if _permutes(step)]
    others = [step for step in steps if not _permutes(step)]
    weights, why = _weights(alphabet, others, timeout_ms) if others else (
        {t: 0 for t in alphabet}, "")
    if weights is None:
        return None, f"no inversions either: {why} (the steps that do not permute tokens)"
    rank = {t: z3.Int(f"rank[{t}]") for t in alphabet}
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    for r in rank.values():
        solver.add(r >= 0, r < len(alphabet))

    def count(word: Word) -> z3.ArithRef:
        return z3.Sum([z3.If(rank[word[i]] > rank[word[j]], 1, 0)
                       for i in range(len(word)) for j in range(i + 1, len(word))] or
                      [z3.IntVal(0)])

    for step in permuting:
        solver.add(z3.Sum([count(v) - count(u) for u, v in step]) < 0)
    got = solver.check()
    if got == z3.sat:
        model = solver.model()
        ranks = {t: model.eval(r, model_completion=True).as_long() for t, r in rank.items()}
        return TerminationCertificate("inversions", weights=weights, ranks=ranks), ""
    if got == z3.unsat:
        return None, "no order of the tokens whose inversions every permuting rule removes"
    return None, "z3 gave up looking for an order (timeout)"


def _matrices(alphabet: Sequence[str], steps: Sequence[RewriteStep], d: int, timeout_ms: int
              ) -> tuple[dict[str, Matrix] | None, str]:
    import z3

    solver = z3.SolverFor("QF_NIA")
    solver.set("timeout", timeout_ms)
    entry = {t: [[z3.Int(f"m[{t}][{i}][{j}]") for j in range(d)] for i in range(d)]
             for t in alphabet}
    for m in entry.values():
        for row in m:
            for x in row:
                solver.add(x >= 0, x <= MAX_ENTRY)
        solver.add(m[0][0] >= 1, m[d - 1][d - 1] >= 1)
    prefixes: dict[tuple[str, ...], list[list[z3.ArithRef]]] = {}

    def product(word: tuple[str, ...]) -> list[list[z3.ArithRef]]:
        """The matrix of a word, as variables defined by its prefix's matrix (shared)."""
        if not word:
            return [[z3.IntVal(int(i == j)) for j in range(d)] for i in range(d)]
        if len(word) == 1:
            return entry[word[0]]
        if word in prefixes:
            return prefixes[word]
        left, last = product(word[:-1]), entry[word[-1]]
        name = "·".join(word)
        result = [[z3.Int(f"p[{name}][{i}][{j}]") for j in range(d)] for i in range(d)]
        for i in range(d):
            for j in range(d):
                solver.add(result[i][j] == z3.Sum([left[i][k] * last[k][j] for k in range(d)]))
        prefixes[word] = result
        return result

    for step in steps:
        strict = []
        for u, v in step:
            mu, mv = product(u), product(v)
            solver.add(*[mu[i][j] >= mv[i][j] for i in range(d) for j in range(d)])
            strict.append(mu[0][d - 1] > mv[0][d - 1])
        solver.add(z3.Or(strict))
    got = solver.check()
    if got == z3.sat:
        model = solver.model()
        return {t: tuple(tuple(model.eval(x, model_completion=True).as_long() for x in row)
                         for row in m) for t, m in entry.items()}, ""
    if got == z3.unsat:
        return None, f"no matrix interpretation of dimension {d} with entries ≤ {MAX_ENTRY}"
    return None, f"z3 gave up on dimension {d} (timeout)"
