"""`lengthcheck train PATH ...`: the checker's verdict, then a trained model's accuracy.

* `--engine E` picks the engine of the check that runs first (the one whose verdict
  and window r the model is built from); without it, the check's own default.
* `--model local-global,absolute` trains one run per model on the same data and seed;
  the HTML page plots every run's exact match on one axes, one series per model with
  a legend, and the JSON adds `runs` (one object per run).
* A run whose exact match on a training size is below 90 % (`train.fit.FIT_THRESHOLD`)
  did not fit its training data: its report warns that this is an optimisation
  result, not one about the format, and suggests more `--steps`.

Imported by `lengthcheck.cli` at start-up, so it must not import torch at module
level: torch is looked up only when a training run starts, and without it the
command says how to install it and exits 2.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
from rich.progress import Task as ProgressTask
from rich.text import Text

from lengthcheck.checker import DEFAULT_ENGINE, ENGINES
from lengthcheck.errors import SpecError
from lengthcheck.options import positive
from lengthcheck.spec import Problem
from lengthcheck.train import INSTALL_HINT, import_torch

MODELS = ("local-global", "absolute")  # lengthcheck.train.model.MODELS, without torch
EXIT_OK, EXIT_ERROR = 0, 2


def _window(text: str) -> int:
    value = positive(text)
    if value % 2 == 0:
        raise argparse.ArgumentTypeError("a window length r = 2h + 1 is odd")
    return value


def _models(text: str) -> list[str]:
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    wrong = [name for name in chosen if name not in MODELS]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown model {', '.join(wrong) or repr(text)}: choose from {', '.join(MODELS)}")
    return list(dict.fromkeys(chosen))


def _sizes(text: str) -> list[int]:
    from lengthcheck.train.data import parse_sizes

    try:
        return parse_sizes(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: Any) -> None:
    """The `train` subcommand's arguments (called from lengthcheck.cli.parser)."""
    t = sub.add_parser(
        "train", help="train a small transformer on short instances and test it on long ones "
        "(needs the train extra: " + INSTALL_HINT + ")")
    t.add_argument("paths", nargs=1, metavar="PATH", help="a spec file or module:Class")
    t.add_argument("--problem", help="the problem's name, when PATH defines several")
    t.add_argument("--train-sizes", type=_sizes, default="1-8", metavar="SIZES",
                   help="training sizes, e.g. 1-8 or 1,2,4-6 (default 1-8)")
    t.add_argument("--test-sizes", type=_sizes, default="9-24", metavar="SIZES",
                   help="test sizes (default 9-24); the training sizes are scored too")
    t.add_argument("--model", type=_models, default=["local-global"], metavar="MODELS",
                   help="local-global: a window layer then global layers without positions "
                   "(Thm 3.6); absolute: learned absolute positions; several, comma-separated "
                   "(local-global,absolute), train one run each on the same data and plot "
                   "them on one axes (default local-global)")
    t.add_argument("--engine", choices=ENGINES,
                   help="the engine of the check run first, whose verdict gives the window "
                   f"(default: the problem's own engine, else {DEFAULT_ENGINE})")
    t.add_argument("--steps", type=positive, default=2000, help="optimizer steps (default 2000)")
    t.add_argument("--seed", type=int, default=0, help="seed of data and model (default 0)")
    t.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="default cpu")
    t.add_argument("--window", type=_window, metavar="R",
                   help="layer 1's window length r (odd; default: the verdict's r, else the "
                   "minimal recover r for n = 1)")
    t.add_argument("--layers", type=positive, default=3, help="layers (default 3)")
    t.add_argument("--width", type=positive, default=64, help="model width (default 64)")
    t.add_argument("--heads", type=positive, default=4, help="attention heads (default 4)")
    t.add_argument("--batch-size", type=positive, default=64, help="default 64")
    t.add_argument("--lr", type=float, default=1e-3, help="peak learning rate (default 1e-3)")
    t.add_argument("--train-instances", type=positive, default=2000, metavar="N",
                   help="instances per training size; all of them when fewer (default 2000)")
    t.add_argument("--eval-instances", type=positive, default=200, metavar="N",
                   help="fresh instances scored per size (default 200)")
    t.add_argument("--threads", type=positive, default=1,
                   help="CPU threads for torch (default 1: fastest for these small models "
                   "on a shared machine)")
    t.add_argument("--check-max-size", type=positive, metavar="N",
                   help="bound of the check behind the verdict (default: the problem's max_size)")
    t.add_argument("--json", action="store_true", help="print one JSON object for machines")
    t.add_argument("--html", metavar="FILE", help="also write a self-contained HTML page")
    t.add_argument("--no-color", action="store_true", help="no colour (also: NO_COLOR)")
    t.add_argument("-q", "--quiet", action="store_true", help="no progress display")


class _Rate(ProgressColumn):
    def render(self, task: ProgressTask) -> Text:
        return Text(f"{task.speed or 0:.0f} steps/s", style="cyan")


def run_train(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Check the problem, train, evaluate, report; 0 when the run completed."""
    torch = import_torch()
    if torch is None:
        err.print("lengthcheck train needs PyTorch, which is not installed here.\n"
                  f"Install the train extra: {INSTALL_HINT}", markup=False)
        return EXIT_ERROR
    if args.device == "cuda" and not torch.cuda.is_available():
        err.print("--device cuda: no CUDA device is available to torch here", markup=False)
        return EXIT_ERROR
    if args.width % args.heads:
        err.print(f"--width {args.width} must be a multiple of --heads {args.heads}",
                  markup=False)
        return EXIT_ERROR
    if args.layers < 2:
        err.print("--layers must be at least 2 (a window layer and a global layer)",
                  markup=False)
        return EXIT_ERROR
    show_progress = not args.quiet and err.is_terminal
    try:
        problem = _one_problem(args.paths[0], args.problem)
        from lengthcheck.train.data import preflight

        preflight(problem, args.train_sizes)
        verdict, window, source = _verdict(problem, args, err, show_progress)
        from lengthcheck.train.run import TrainConfig, train_and_evaluate

        runs = []
        for model in args.model:
            config = TrainConfig(
                train_sizes=args.train_sizes, test_sizes=args.test_sizes, window=window,
                model=model, steps=args.steps, seed=args.seed, device=args.device,
                width=args.width, layers=args.layers, heads=args.heads,
                batch_size=args.batch_size, lr=args.lr, train_instances=args.train_instances,
                eval_instances=args.eval_instances, threads=args.threads,
                window_source=source)
            with Progress(TextColumn("{task.description}"), BarColumn(),
                          MofNCompleteColumn(), TextColumn("loss {task.fields[loss]}"), _Rate(),
                          console=err, transient=True, disable=not show_progress) as bar:
                task = bar.add_task(f"training {problem.name} ({model})", total=args.steps,
                                    loss="-")

                def progress(step: int, loss: float, bar=bar, task=task) -> None:
                    bar.update(task, completed=step, loss=f"{loss:.4f}")

                def status(text: str, bar=bar, task=task) -> None:
                    bar.update(task, description=f"{problem.name}: {text}")

                runs.append(train_and_evaluate(problem, config, progress, status))
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        return EXIT_ERROR
    from lengthcheck.report.console import emit
    from lengthcheck.train.report import console_report, html_page, runs_json

    if args.json:
        print(json.dumps(runs_json(verdict, runs), indent=2, ensure_ascii=False))
    else:
        emit(out, console_report(verdict, runs))
        out.print()
    if args.html:
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(html_page(verdict, runs))
        err.print(f"HTML report written to {args.html}", markup=False)
    return EXIT_OK


def _one_problem(path: str, name: str | None) -> Problem:
    from lengthcheck.loader import load

    problems = load(path)
    if name is not None:
        problems = [p for p in problems if name in (p.name, type(p).__name__)]
        if not problems:
            raise SpecError(f"no problem named {name!r} at {path}",
                            hint="give a name the spec file defines")
    if len(problems) > 1:
        names = ", ".join(p.name or type(p).__name__ for p in problems)
        raise SpecError("this path defines several problems",
                        hint=f"pick one with --problem: {names}")
    return problems[0]


def _verdict(
    problem: Problem, args: argparse.Namespace, err: Console, show_progress: bool
) -> tuple[dict[str, Any], int, str]:
    """Run the checker; the verdict summary, the window r and where r came from."""
    from lengthcheck.checker import check_problem
    from lengthcheck.report.console import CheckProgress

    with CheckProgress(err, problem.name, enabled=show_progress) as progress:
        result = check_problem(problem, progress=progress, max_size=args.check_max_size,
                               engine=args.engine)
    v = result.verdict
    chosen = getattr(v, "consistency", None)
    minimal = next((m.value for m in result.minimal_r
                    if m.form == "recover" and m.n == 1 and not m.not_applicable), None)
    if args.window is not None:
        window, source = args.window, "--window"
    elif chosen is not None:
        window = chosen.r
        source = f"the verdict's ({chosen.n}, {chosen.r}), {chosen.form} form"
    elif minimal is not None:
        window, source = minimal, "the minimal recover r for n = 1"
    else:
        raise SpecError(
            "no window to build the model from: the checker found no (n, r) and no minimal "
            "recover r for n = 1 within its limits",
            problem=result.problem,
            hint="give the window length with --window R (odd)",
        )
    summary = {
        "word": v.word,
        "headline": v.headline,
        "route": v.route,
        "scope": v.scope,
        "reasons": list(v.reasons),
        "source": result.source,
        "description": result.description,
        "consistency": None if chosen is None else {
            "form": chosen.form, "n": chosen.n, "r": chosen.r},
        "minimal_recover_r": minimal,
        "window": window,
        "window_source": source,
    }
    return summary, window, source
