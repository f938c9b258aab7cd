"""Horizontal bar charts as SVG strings for the yearly overview (no JavaScript, no CDN).

Attributes only, no inline CSS, so the page's Content-Security-Policy holds. Every bar has
a <title> with its label and value, and the page shows the same numbers in a table.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

# Dark enough against white (WCAG 3:1 for graphics), told apart by the legend order as well.
SERIES_COLOURS = ("#0a58a8", "#1e6b33", "#8a5a00", "#6f3b8f")


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if abs(value) >= 1000 else f"{value:g}"


def hbars(rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], *, title: str, chart_id: str,
          width: int = 640) -> str:
    """One group of bars per row (label, values in ``series`` order); a legend when there are several series."""
    label_w, right, bar_h, gap, top = 250, 70, 14, 10, 8
    legend_h = 22 if len(series) > 1 else 0
    group_h = bar_h * len(series) + gap
    height = top + legend_h + max(len(rows), 1) * group_h + 6
    peak = max([v for _, values in rows for v in values] + [1])
    plot_w = width - label_w - right
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{escape(chart_id)}-title" class="chart"><title id="{escape(chart_id)}-title">'
             f'{escape(title)}</title>']
    if legend_h:
        x = label_w
        for i, name in enumerate(series):
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            parts.append(f'<rect x="{x}" y="{top}" width="12" height="12" fill="{colour}"/>'
                         f'<text x="{x + 16}" y="{top + 10}" font-size="11">{escape(name)}</text>')
            x += 24 + 7 * len(name)
    y = top + legend_h
    for label, values in rows:
        short = label if len(label) <= 42 else label[:41] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h * len(series) / 2 + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{escape(short)}</text>')
        for i, value in enumerate(values):
            w = plot_w * value / peak if peak else 0
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            name = f"{series[i]}: " if len(series) > 1 else ""
            parts.append(f'<rect x="{label_w}" y="{y + i * bar_h}" width="{w:.1f}" height="{bar_h - 2}" '
                         f'fill="{colour}"><title>{escape(label)}: {escape(name)}{escape(_fmt(value))}</title></rect>'
                         f'<text x="{label_w + w + 4:.1f}" y="{y + i * bar_h + bar_h - 4}" font-size="10">'
                         f'{escape(_fmt(value))}</text>')
        y += group_h
    parts.append(f'<line x1="{label_w}" y1="{top + legend_h}" x2="{label_w}" y2="{y}" stroke="#4a5561"/></svg>')
    return "".join(parts)
