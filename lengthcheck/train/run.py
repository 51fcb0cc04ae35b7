"""One training run: data from the spec, SGD on (S_i, S_(i+1)) pairs, then roll-outs.

Evaluation per size (training sizes too, as the in-distribution reference):
* exact match: the model is applied to a fresh instance exactly as many times
  as the spec's trace has steps (termination is controlled outside the model, as
  in the paper) and its last state must equal the spec's final state;
* per-step accuracy: teacher-forced, model(S_i) == S_(i+1) exactly, over every
  step of the same traces (how reliable one step is, without compounding).

A row's output is read from its own first len(S_i) + A positions (A: the widest
append in the data, 0 for same-length formats) up to the first pad, so batch
padding never changes an answer. Same seed, same numbers on CPU.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import torch
from torch import Tensor, nn

from lengthcheck.spec import Problem, State
from lengthcheck.train.data import Case, Dataset, Vocab, build
from lengthcheck.train.model import StepModel
from lengthcheck.train.report import RunResult, SizeScore
from lengthcheck.version import __version__

EVAL_BATCH = 256


@dataclass
class TrainConfig:
    """Everything a run depends on (recorded in the JSON with the torch version)."""

    train_sizes: list[int]
    test_sizes: list[int]
    window: int  # r = 2h + 1, the width of layer 1's window
    model: str = "local-global"
    steps: int = 2000
    seed: int = 0
    device: str = "cpu"
    width: int = 64
    layers: int = 3
    heads: int = 4
    batch_size: int = 64
    lr: float = 1e-3
    train_instances: int = 2000  # per training size; every instance when there are fewer
    eval_instances: int = 200  # per evaluated size
    threads: int = 1  # torch intra-op threads: tiny models gain nothing from more on shared CPUs
    window_source: str = "--window"
    extra: dict = field(default_factory=dict)

    @property
    def radius(self) -> int:
        return (self.window - 1) // 2


Progress = Callable[[int, float], None]  # (steps done, recent loss)


def train_and_evaluate(
    problem: Problem, config: TrainConfig, progress: Progress | None = None,
    status: Callable[[str], None] | None = None,
) -> RunResult:
    """Train one model on the training sizes and score it on every size (`status` hears
    which size is being evaluated)."""
    started = time.perf_counter()
    train = build(problem, config.train_sizes, config.train_instances, config.seed, "train")
    sizes = sorted(set(config.train_sizes) | set(config.test_sizes))
    evaluation = build(problem, sizes, config.eval_instances, config.seed, "eval")
    width = max(train.append_width, evaluation.append_width)
    vocab = Vocab.of(problem)
    pairs = train.pairs
    if not pairs:
        from lengthcheck.errors import SpecError

        raise SpecError("the training sizes have no steps to learn from",
                        problem=problem.name, hint="choose larger --train-sizes")
    max_length = max(_longest(train, width), _longest(evaluation, width))

    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    device = torch.device(config.device)
    model = StepModel(config.model, len(vocab.tokens), vocab.pad, config.width, config.layers,
                      config.heads, config.radius, max_length).to(device)
    inputs, targets, lengths = _tensors(pairs, vocab)
    curve, train_s = _fit(model, config, inputs, targets, lengths, device, progress)

    eval_start = time.perf_counter()
    model.eval()
    scores = []
    with torch.no_grad():
        for size in sizes:
            if status is not None:
                status(f"evaluating size {size}")
            data = evaluation.sizes[size]
            split = "train" if size in config.train_sizes else "test"
            exact = _rollout(model, data.cases, vocab, width, device)
            correct, total = _per_step(model, data.cases, vocab, width, device)
            scores.append(SizeScore(size, split, len(data.cases), exact, total, correct, data.how))
    eval_s = time.perf_counter() - eval_start

    run = asdict(config)
    run.pop("extra")
    run.update(config.extra)
    run.update(radius=config.radius, append_width=width, max_length=max_length,
               parameters=sum(p.numel() for p in model.parameters()),
               torch_version=torch.__version__, lengthcheck_version=__version__)
    training = {
        "pairs": len(pairs),
        "instances": {str(s): len(d.cases) for s, d in train.sizes.items()},
        "drawn": {str(s): d.how for s, d in train.sizes.items()},
        "loss_first": curve[0][1],
        "loss_last": curve[-1][1],
        "loss_curve": curve,
        "train_seconds": round(train_s, 3),
        "eval_seconds": round(eval_s, 3),
        "wall_seconds": round(time.perf_counter() - started, 3),
        "steps_per_second": round(config.steps / train_s, 2) if train_s > 0 else None,
    }
    return RunResult(problem.name or type(problem).__name__, run, training, scores)


def _longest(data: Dataset, width: int) -> int:
    """A length no roll-out of these cases can outgrow (the absolute model's table size)."""
    return max((len(c.instance) + (c.steps + 1) * width for d in data.sizes.values()
                for c in d.cases), default=1) + 1


def _tensors(pairs: Sequence[tuple[State, State]], vocab: Vocab) -> tuple[Tensor, Tensor, Tensor]:
    """All pairs padded to the longest next state, and each pair's next-state length."""
    length = max(len(nxt) for _, nxt in pairs)
    inputs = torch.tensor([vocab.encode(s, length) for s, _ in pairs], dtype=torch.long)
    targets = torch.tensor([vocab.encode(n, length) for _, n in pairs], dtype=torch.long)
    lengths = torch.tensor([len(n) for _, n in pairs], dtype=torch.long)
    return inputs, targets, lengths


def _fit(
    model: StepModel, config: TrainConfig, inputs: Tensor, targets: Tensor, lengths: Tensor,
    device: torch.device, progress: Progress | None,
) -> tuple[list[list[float]], float]:
    """AdamW with warm-up and cosine decay; batches drawn with replacement, each cut to
    its own longest next state (the loss covers every position, pads included)."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01)
    warmup = max(1, min(100, config.steps // 10))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        done = (step - warmup) / max(1, config.steps - warmup)
        return 0.1 + 0.9 * 0.5 * (1 + torch.cos(torch.tensor(done * torch.pi)).item())

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
    generator = torch.Generator().manual_seed(config.seed)
    every = max(1, config.steps // 50)
    curve: list[list[float]] = []
    window: list[float] = []
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    start = time.perf_counter()
    for step in range(config.steps):
        index = torch.randint(len(inputs), (config.batch_size,), generator=generator)
        length = int(lengths[index].max())
        x = inputs[index, :length].to(device)
        y = targets[index, :length].to(device)
        logits = model(x)
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        window.append(loss.item())
        if step == 0:
            curve.append([0, round(window[0], 5)])
        if (step + 1) % every == 0 or step + 1 == config.steps:
            curve.append([step + 1, round(sum(window) / len(window), 5)])
            window = []
        if progress is not None:
            progress(step + 1, curve[-1][1])
    return curve, time.perf_counter() - start


def _predict(model: StepModel, states: Sequence[State], vocab: Vocab, width: int,
             device: torch.device) -> list[State]:
    """model(S) for each state, read from its first len(S) + width positions."""
    out: list[State] = []
    for lo in range(0, len(states), EVAL_BATCH):
        chunk = states[lo: lo + EVAL_BATCH]
        length = max(len(s) for s in chunk) + width
        ids = torch.tensor([vocab.encode(s, length) for s in chunk], dtype=torch.long,
                           device=device)
        best = model(ids).argmax(dim=-1).tolist()
        out.extend(vocab.decode(row[: len(s) + width]) for row, s in zip(best, chunk))
    return out


def _rollout(model: StepModel, cases: Sequence[Case], vocab: Vocab, width: int,
             device: torch.device) -> int:
    """How many cases end in the spec's final state after exactly their number of steps."""
    states: list[State | None] = [c.instance for c in cases]
    for t in range(max((c.steps for c in cases), default=0)):
        active = [i for i, c in enumerate(cases) if c.steps > t and states[i]]
        if not active:
            break
        limit = model.max_length
        fits = [i for i in active if len(states[i]) + width <= limit]  # type: ignore[arg-type]
        for i in set(active) - set(fits):
            states[i] = None  # cannot happen for a roll-out bounded like the spec's
        for i, nxt in zip(fits, _predict(model, [states[i] for i in fits],  # type: ignore[misc]
                                         vocab, width, device)):
            states[i] = nxt or None
    return sum(1 for s, c in zip(states, cases) if s == c.final)


def _per_step(model: StepModel, cases: Sequence[Case], vocab: Vocab, width: int,
              device: torch.device) -> tuple[int, int]:
    """(correct, total) teacher-forced steps over the cases' traces."""
    pairs = [p for c in cases for p in c.pairs]
    if not pairs:
        return 0, 0
    predicted = _predict(model, [s for s, _ in pairs], vocab, width, device)
    return sum(1 for got, (_, nxt) in zip(predicted, pairs) if got == nxt), len(pairs)
