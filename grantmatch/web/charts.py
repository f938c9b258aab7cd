"""Small server-side SVG charts (no JavaScript, no external service)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Sequence

# Colours with enough contrast against white, and distinguishable without colour via the legend order.
STATUS_COLOURS = {"ok": "#1e6b33", "redirect": "#0a58a8", "uncertain": "#8a5a00", "unreachable": "#6f3b8f",
                  "broken": "#a4161a"}


@dataclass(frozen=True)
class Bar:
    label: str
    counts: dict[str, int]


def stacked_bars(bars: Sequence[Bar], *, title: str, width: int = 640, height: int = 220) -> str:
    """A stacked bar chart as an SVG string; every value is also in a <title> for screen readers."""
    keys = list(STATUS_COLOURS)
    left, bottom, top = 36, 28, 10
    plot_h = height - bottom - top
    peak = max([sum(b.counts.get(k, 0) for k in keys) for b in bars] + [1])
    step = (width - left - 10) / max(len(bars), 1)
    bar_w = max(min(step * 0.7, 40), 2)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="chart-title" class="chart"><title id="chart-title">{escape(title)}</title>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#4a5561"/>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 5}" y2="{top + plot_h}" stroke="#4a5561"/>',
             f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="11">{peak}</text>',
             f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>']
    for i, bar in enumerate(bars):
        x = left + 6 + i * step
        y = top + plot_h
        for key in keys:
            value = bar.counts.get(key, 0)
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{STATUS_COLOURS[key]}"><title>{escape(bar.label)}: {escape(key)} {value}</title></rect>')
        if len(bars) <= 12 or i % max(len(bars) // 12, 1) == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - 10}" text-anchor="middle" font-size="10">'
                         f'{escape(bar.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
