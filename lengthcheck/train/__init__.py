"""`lengthcheck train`: train a small transformer on a spec's steps and measure length
generalization (issue 11).

The package is an optional extra (`pip install -e '.[train]'`). Only `model.py` and
`run.py` import torch, and only when a training run starts; `data.py`, `fit.py`,
`report.py` and `command.py` are plain Python so that `lengthcheck` itself never needs torch.
"""

from __future__ import annotations

import importlib
import warnings
from types import ModuleType

INSTALL_HINT = "pip install torch==2.13.0 && pip install -e '.[train]'"


def import_torch() -> ModuleType | None:
    """torch, or None when it is not installed (its NumPy warning is kept off stderr)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return importlib.import_module("torch")
        except ImportError:
            return None
