"""The two step models: `local-global` (the Thm 3.6 construction) and `absolute`.

Both map a padded state to one class per position (the next state's token or
the pad), with the same width, depth and heads:

* `local-global`: layer 1 attends only within the window of radius h around each
  position (the state is framed by h pad tokens on each side, so a window sees
  ⊥ beyond the ends exactly as DESIGN §2's W_h does, whatever the batch padding),
  with a learned bias per head and relative offset; the global layers after it
  have no positional encoding at all, so anything positional they use comes from
  the windows — they find anchors by content, as in the proof of Thm 3.6.
* `absolute`: learned absolute position embeddings added to the tokens, then
  global layers: the usual baseline, whose positions beyond the training lengths
  were never trained.

Global layers never attend to pad keys, so the amount of padding in a batch does
not change any output. Attention is written out by hand (no fused kernels) so
that a masked weight is exactly zero and the window test can check it exactly.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

MODELS = ("local-global", "absolute")


class Attention(nn.Module):
    """Multi-head self-attention; `radius` set: banded with relative-position biases."""

    def __init__(self, width: int, heads: int, radius: int | None) -> None:
        super().__init__()
        if width % heads:
            raise ValueError(f"width {width} is not a multiple of heads {heads}")
        self.heads, self.radius = heads, radius
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.rel = nn.Parameter(torch.zeros(heads, 2 * radius + 1)) if radius is not None else None

    def forward(self, x: Tensor, key_pad: Tensor | None) -> tuple[Tensor, Tensor]:
        batch, length, width = x.shape
        head_w = width // self.heads
        q, k, v = self.qkv(x).view(batch, length, 3, self.heads, head_w).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(head_w)  # batch, heads, query, key
        if self.radius is not None:
            pos = torch.arange(length, device=x.device)
            offset = pos[None, :] - pos[:, None]  # key − query
            inside = offset.abs() <= self.radius
            index = offset.clamp(-self.radius, self.radius) + self.radius
            scores = scores + self.rel[:, index]
            scores = scores.masked_fill(~inside, float("-inf"))
        if key_pad is not None:
            scores = scores.masked_fill(key_pad[:, None, None, :], float("-inf"))
        weights = scores.softmax(dim=-1)
        out = (weights @ v).transpose(1, 2).reshape(batch, length, width)
        return self.proj(out), weights


class Block(nn.Module):
    """Pre-norm attention + MLP, each with a residual connection."""

    def __init__(self, width: int, heads: int, radius: int | None) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.attn = Attention(width, heads, radius)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(),
                                 nn.Linear(4 * width, width))

    def forward(self, x: Tensor, key_pad: Tensor | None) -> tuple[Tensor, Tensor]:
        attended, weights = self.attn(self.norm1(x), key_pad)
        x = x + attended
        return x + self.mlp(self.norm2(x)), weights


class StepModel(nn.Module):
    """state ids (batch, length) → logits over alphabet + pad (batch, length, vocab)."""

    def __init__(self, kind: str, vocab: int, pad: int, width: int = 64, layers: int = 3,
                 heads: int = 4, radius: int = 2, max_length: int = 64) -> None:
        super().__init__()
        if kind not in MODELS:
            raise ValueError(f"model must be one of {', '.join(MODELS)}")
        if layers < 2:
            raise ValueError("at least 2 layers (a window layer and a global one)")
        self.kind, self.pad, self.radius, self.max_length = kind, pad, radius, max_length
        self.embed = nn.Embedding(vocab, width)
        if kind == "local-global":
            self.position = None
            self.blocks = nn.ModuleList(
                [Block(width, heads, radius)] + [Block(width, heads, None)
                                                 for _ in range(layers - 1)])
        else:
            self.position = nn.Embedding(max_length, width)
            self.blocks = nn.ModuleList([Block(width, heads, None) for _ in range(layers)])
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab)

    def first_layer(self, ids: Tensor) -> tuple[Tensor, Tensor]:
        """Layer 1's output per position and its attention weights (for the window test).

        For `local-global` the weights are over the framed sequence: key j + h is
        position j, keys 0..h−1 and the last h are the ⊥ frame.
        """
        if self.kind == "local-global":
            h = self.radius
            framed = nn.functional.pad(ids, (h, h), value=self.pad)
            x, weights = self.blocks[0](self.embed(framed), None)
            return x[:, h: h + ids.shape[1]], weights
        x = self.embed(ids) + self.position(torch.arange(ids.shape[1], device=ids.device))
        return self.blocks[0](x, ids == self.pad)

    def forward(self, ids: Tensor) -> Tensor:
        if ids.shape[1] > self.max_length and self.position is not None:
            raise ValueError(f"length {ids.shape[1]} beyond the model's {self.max_length}")
        x, _ = self.first_layer(ids)
        key_pad = ids == self.pad
        for block in self.blocks[1:]:
            x, _ = block(x, key_pad)
        return self.head(self.norm(x))
