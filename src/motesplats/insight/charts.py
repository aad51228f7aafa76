"""A `Figure` drawn as SVG on the server, for the PDF report (WeasyPrint runs no JavaScript).

Vertical bars (grouped or stacked) with an optional line on a right-hand axis, or horizontal bars. The SVG
carries a <title> and <desc> (its accessible name and description) and the report prints the table beside it.

>>> from .figures import Figure, Series
>>> svg = to_svg(Figure("k", "Titel", "Sammanfattning.", "År", ["2024", "2025"], [Series("A", [1, 3])]))
>>> svg.startswith("<svg") and "<title>Titel</title>" in svg and svg.count("<rect") >= 2
True
"""

from __future__ import annotations

import math
from html import escape

from .figures import PALETTE, Figure, Series

WIDTH = 640
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 8, 10):  # a quarter of each is a round number: the four grid lines read well
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _legend(series: list[Series], y: float) -> tuple[list[str], float]:
    parts, x = [], 10.0
    for i, s in enumerate(series):
        label = _short(s.label, 40)
        width = 26 + 6.2 * len(label)
        if x + width > WIDTH - 10:
            x, y = 10.0, y + 18
        colour = PALETTE[i % len(PALETTE)]
        if s.kind == "line":
            parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 16}" y2="{y - 4}" stroke="{colour}" stroke-width="3"/>')
        else:
            parts.append(f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="{y}" font-size="11" {FONT}>{escape(label)}</text>')
        x += width
    return parts, y + 10


def _frame(figure: Figure, height: float, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
            f'height="{height:.0f}" role="img"><title>{escape(figure.title)}</title>'
            f'<desc>{escape(figure.summary)}</desc>' + "".join(body) + "</svg>")


def _vertical(figure: Figure) -> str:
    bars = [s for s in figure.series if s.kind == "bar"]
    lines = [s for s in figure.series if s.kind == "line"]
    stacked = figure.chart == "stacked"
    n = len(figure.categories)
    left, right, top, plot_h = 44, 44 if lines else 12, 12, 220
    plot_w = WIDTH - left - right
    if stacked:
        top_value = max((sum(s.values[i] for s in bars) for i in range(n)), default=0)
    else:
        top_value = max((v for s in bars for v in s.values), default=0)
    scale_max = _nice_max(float(top_value))
    line_max = 100.0 if any(s.percent for s in lines) else _nice_max(float(max(
        (v for s in lines for v in s.values), default=0)))
    body: list[str] = []
    for k in range(5):
        value = scale_max * k / 4
        y = top + plot_h - plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" {FONT}>{value:g}</text>')
        if lines:
            body.append(f'<text x="{WIDTH - right + 4}" y="{y + 4:.1f}" font-size="10" {FONT}>'
                        f'{line_max * k / 4:g}</text>')
    slot = plot_w / max(n, 1)
    group = max(len(bars), 1)
    for i, category in enumerate(figure.categories):
        x0 = left + slot * i + slot * 0.15
        width = slot * 0.7 if stacked else slot * 0.7 / group
        base = top + plot_h
        for j, s in enumerate(bars):
            value = float(s.values[i])
            h = plot_h * value / scale_max
            x = x0 if stacked else x0 + width * j
            y = base - h
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width - 1, 1):.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[figure.series.index(s) % len(PALETTE)]}"/>')
            if stacked:
                base = y
        label = _short(category, max(int(slot / 6), 4))
        cx = left + slot * (i + 0.5)
        body.append(f'<text x="{cx:.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle" {FONT}>'
                    f'{escape(label)}</text>')
    for s in lines:
        colour = PALETTE[figure.series.index(s) % len(PALETTE)]
        points = " ".join(f"{left + slot * (i + 0.5):.1f},{top + plot_h - plot_h * float(v) / line_max:.1f}"
                          for i, v in enumerate(s.values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"/>')
        for point in points.split():
            px, py = point.split(",")
            body.append(f'<circle cx="{px}" cy="{py}" r="3.5" fill="{colour}"/>')
    legend, height = _legend(figure.series, top + plot_h + 36)
    return _frame(figure, height, body + legend)


def _horizontal(figure: Figure) -> str:
    stacked = figure.chart == "hstacked"
    bars = figure.series
    label_w, right, row_h = 200, 30, 22 if stacked or len(bars) == 1 else 12 * len(bars) + 8
    plot_w = WIDTH - label_w - right
    if stacked:
        top_value = max((sum(float(s.values[i]) for s in bars) for i in range(len(figure.categories))), default=0)
    else:
        top_value = max((float(v) for s in bars for v in s.values), default=0)
    scale_max = _nice_max(top_value)
    body: list[str] = []
    top = 8
    for i, category in enumerate(figure.categories):
        y0 = top + row_h * i
        body.append(f'<text x="{label_w - 6}" y="{y0 + row_h / 2 + 4:.1f}" font-size="10" text-anchor="end" {FONT}>'
                    f'{escape(_short(category, 34))}</text>')
        x = float(label_w)
        for j, s in enumerate(bars):
            value = float(s.values[i])
            w = plot_w * value / scale_max
            h = row_h - 6 if stacked or len(bars) == 1 else 10
            y = y0 + 3 if stacked or len(bars) == 1 else y0 + 4 + 12 * j
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[j % len(PALETTE)]}"/>')
            if stacked:
                x += w
            elif len(bars) == 1:
                body.append(f'<text x="{x + w + 4:.1f}" y="{y + h / 2 + 4:.1f}" font-size="10" {FONT}>{value:g}</text>')
    plot_bottom = top + row_h * len(figure.categories)
    for k in range(5):
        x = label_w + plot_w * k / 4
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{plot_bottom}" stroke="#d0d0d0"/>')
        body.append(f'<text x="{x:.1f}" y="{plot_bottom + 14}" font-size="10" text-anchor="middle" {FONT}>'
                    f'{scale_max * k / 4:g}</text>')
    legend, height = _legend(bars, plot_bottom + 36) if len(bars) > 1 else ([], plot_bottom + 24)
    return _frame(figure, height, body + legend)


def to_svg(figure: Figure) -> str:
    if figure.chart in ("hbar", "hstacked"):
        return _horizontal(figure)
    return _vertical(figure)
