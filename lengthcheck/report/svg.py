"""Hand-built inline SVG: line plots of per-size series, and the element DAG.

No scripts, fonts or links: the HTML report stays one self-contained file.
Colours come from CSS classes the page defines (see html.py).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

Series = dict[int, int | None]

PLOT_W, PLOT_H = 340, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 44, 38
LEGEND_CHAR_W, LEGEND_ROW = 6.5, 14  # an 11px legend: width per character, row height


if TYPE_CHECKING:
    import networkx as nx


def _ticks(top: int, count: int = 4) -> list[int]:
    step = max(1, -(-top // count))
    return list(range(0, top + step, step))


def line_plot(title: str, lines: list[tuple[str, Series]], y_label: str) -> str:
    """A small plot of one or more series against the size n; missing values break the line."""
    sizes = sorted({n for _, s in lines for n in s})
    values = [v for _, s in lines for v in s.values() if v is not None]
    if not sizes:
        return ""
    x0, x1 = sizes[0], max(sizes[-1], sizes[0] + 1)
    y_top = _ticks(max(values + [1]))[-1]
    # the legend wraps onto more rows rather than run past the plot's right edge
    legend: list[tuple[float, float]] = []
    lx, row = float(LEFT), 0
    for name, _ in lines:
        width = len(name) * LEGEND_CHAR_W + 24
        if lx > LEFT and lx + width > PLOT_W - RIGHT:
            lx, row = float(LEFT), row + 1
        legend.append((lx, 29 + LEGEND_ROW * row))
        lx += width
    top, plot_h = TOP + LEGEND_ROW * row, PLOT_H + LEGEND_ROW * row
    inner_w, inner_h = PLOT_W - LEFT - RIGHT, plot_h - top - BOTTOM

    def x(n: float) -> float:
        return LEFT + (n - x0) / (x1 - x0) * inner_w

    def y(v: float) -> float:
        return top + inner_h - v / y_top * inner_h

    out = [
        f'<svg class="plot" role="img" viewBox="0 0 {PLOT_W} {plot_h}" width="{PLOT_W}" '
        f'height="{plot_h}"><title>{escape(title)}</title>',
        f'<text class="plot-title" x="{LEFT}" y="16">{escape(title)}</text>',
        f'<line class="axis" x1="{LEFT}" y1="{top + inner_h}" x2="{LEFT + inner_w}" '
        f'y2="{top + inner_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{top + inner_h}"/>',
    ]
    every = max(1, -(-len(sizes) // 12))
    for n in sizes[::every]:
        out.append(f'<text class="tick" x="{x(n):.1f}" y="{top + inner_h + 14}" '
                   f'text-anchor="middle">{n}</text>')
    for v in _ticks(y_top):
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y(v):.1f}" x2="{LEFT + inner_w}" '
                   f'y2="{y(v):.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y(v) + 4:.1f}" '
                   f'text-anchor="end">{v}</text>')
    out.append(f'<text class="axis-label" x="{LEFT + inner_w / 2:.1f}" y="{plot_h - 6}" '
               'text-anchor="middle">size n</text>')
    out.append(f'<text class="axis-label" transform="translate(12 {top + inner_h / 2:.1f}) '
               f'rotate(-90)" text-anchor="middle">{escape(y_label)}</text>')
    for k, (name, s) in enumerate(lines):
        segment: list[str] = []
        segments = [segment]
        for n in sorted(s):
            if s[n] is None:
                segment = []
                segments.append(segment)
            else:
                segment.append(f"{x(n):.1f},{y(s[n]):.1f}")
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline class="series s{k}" points="{" ".join(seg)}"/>')
        for n in sorted(s):
            v = s[n]
            if v is None:
                out.append(f'<text class="missing s{k}" x="{x(n):.1f}" y="{top + 4}" '
                           f'text-anchor="middle">×<title>{escape(name)} at n = {n}: '
                           'none within the limits</title></text>')
            else:
                out.append(f'<circle class="point s{k}" cx="{x(n):.1f}" cy="{y(v):.1f}" r="3">'
                           f'<title>{escape(name)} at n = {n}: {v}</title></circle>')
        lx, ly = legend[k]
        out.append(f'<line class="series s{k}" x1="{lx:.1f}" y1="{ly}" x2="{lx + 14:.1f}" '
                   f'y2="{ly}"/><text class="legend" x="{lx + 18:.1f}" y="{ly + 4}">'
                   f"{escape(name)}</text>")
    out.append("</svg>")
    return "".join(out)


CELL_X, CELL_Y, RADIUS, CHAR_W = 46, 64, 16, 7.4


def dag_svg(g: nx.DiGraph, pos: dict[int, tuple[float, float]], uid: str = "dag") -> str:
    """Elements as rounded boxes (token inside) at the given layout, reads as arrows.

    `uid` keeps the arrow marker's id unique when a page holds several DAGs.
    """
    if not pos:
        return ""
    node_w = max(2 * RADIUS, max(len(t) for _, t in g.nodes(data="token")) * CHAR_W + 12)
    cell_x = max(CELL_X, node_w + 10)
    cols = max(p[0] for p in pos.values()) + 1
    rows = max(p[1] for p in pos.values()) + 1
    width, height = int(cols * cell_x + 24), int(rows * CELL_Y + 16)

    def at(node: int) -> tuple[float, float]:
        px, py = pos[node]
        return 12 + cell_x / 2 + px * cell_x, 8 + CELL_Y / 2 + py * CELL_Y

    out = [
        f'<svg class="dag" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}"><title>reasoning DAG of {escape(g.graph.get("instance", ""))}</title>',
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path class="arrow-head" '
        'd="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    for a, b, data in g.edges(data=True):
        (xa, ya), (xb, yb) = at(a), at(b)
        y1, y2 = ya + RADIUS, yb - RADIUS - 2  # leave from the bottom, arrive at the top
        bend = (y2 - y1) / 2
        out.append(
            f'<path class="edge" d="M{xa:.1f},{y1:.1f} C{xa:.1f},{y1 + bend:.1f} '
            f'{xb:.1f},{y2 - bend:.1f} {xb:.1f},{y2:.1f}" marker-end="url(#{uid}-arrow)">'
            f'<title>step {data.get("step")} reads element {a}</title></path>'
        )
    for node, data in g.nodes(data=True):
        cx, cy = at(node)
        kind = "input" if data["step"] < 0 else "made"
        if data["readers"] > 1:
            kind += " reused"
        if data["final"]:
            kind += " final"
        made = "an input" if data["step"] < 0 else f"written by step {data['step']}"
        tip = (f"element {node}: token {data['token']}, {made} at position {data['position']}, "
               f"read by {data['readers']} step(s)")
        out.append(
            f'<g class="node {kind}"><rect x="{cx - node_w / 2:.1f}" y="{cy - RADIUS}" '
            f'width="{node_w:.1f}" height="{2 * RADIUS}" rx="{RADIUS}"/>'
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle">'
            f"{escape(data['token'])}</text><title>{escape(tip)}</title></g>"
        )
    out.append("</svg>")
    return "".join(out)
