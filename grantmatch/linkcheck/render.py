"""Render a LinkReport as an email: subject, plain text and simple HTML."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from .report import LinkReport, ReportEntry, UsageLink
from .texts import TEXTS, Texts

SECTION_ORDER = ("newly_broken", "still_broken", "moved", "uncertain", "failing_once", "recovered")

_CELL = "border:1px solid #ccc;padding:6px 8px;text-align:left;vertical-align:top;"
_HEAD = _CELL + "background:#f0f0f0;"
_COLOURS = {"newly_broken": "#b00020", "still_broken": "#b00020", "moved": "#8a5a00",
            "uncertain": "#8a5a00", "failing_once": "#444444", "recovered": "#1b5e20"}


@dataclass(frozen=True)
class RenderedEmail:
    """A ready-to-send email: subject line, plain-text body and HTML body."""

    subject: str
    text: str
    html: str


def _texts(lang: str) -> Texts:
    try:
        return TEXTS[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; use one of {sorted(TEXTS)}") from None


def subject_line(report: LinkReport, lang: str = "nb") -> str:
    """E.g. 'Lenkesjekk uke 48: 3 brutte, 2 flyttet'."""
    t = _texts(lang)
    n = report.broken_count
    broken = (t.broken_one if n == 1 else t.broken_many).format(n=n)
    return t.subject.format(week=report.iso_week, broken=broken,
                            moved=t.moved_word.format(n=report.moved_count))


def _entries(report: LinkReport, section: str) -> tuple[ReportEntry, ...]:
    return getattr(report, section)


def _status(entry: ReportEntry, section: str, t: Texts) -> str:
    result = entry.result
    label = t.statuses.get(str(result.status), str(result.status))
    if section == "moved":
        return f"{label} ({t.permanent if result.redirect_permanent else t.temporary})"
    if entry.failing_runs > 1:
        return f"{label}, {t.streak.format(n=entry.failing_runs)}"
    return label


def _details(entry: ReportEntry) -> str:
    result = entry.result
    if result.error:
        return result.error
    return f"HTTP {result.http_status}" if result.http_status else ""


def _usage_text(usage: UsageLink, t: Texts) -> str:
    kind = t.kinds.get(usage.kind, usage.kind)
    return f"{kind} «{usage.name}»: {usage.edit_url}"


def _summary(report: LinkReport, t: Texts) -> str:
    totals = report.totals
    return t.summary.format(checked=totals.checked, ok=totals.ok, redirect=totals.redirect,
                            broken=totals.broken, unreachable=totals.unreachable,
                            uncertain=totals.uncertain)


def render_text(report: LinkReport, lang: str = "nb") -> str:
    """The plain-text body."""
    t = _texts(lang)
    lines = [t.heading.format(week=report.iso_week, year=report.iso_year), _summary(report, t), ""]
    if not report.has_findings:
        lines += [t.all_good, ""]
    for section in SECTION_ORDER:
        entries = _entries(report, section)
        if not entries:
            continue
        info = t.sections[section]
        lines += [f"== {info.title} ({len(entries)}) ==", info.advice, ""]
        for entry in entries:
            lines.append(f"* {entry.result.url}")
            lines.append(f"  {t.col_status}: {_status(entry, section, t)}")
            if section == "moved" and entry.result.final_url:
                lines.append(f"  {t.new_url}: {entry.result.final_url}")
            if _details(entry) and section != "moved":
                lines.append(f"  {t.col_details}: {_details(entry)}")
            used = [_usage_text(u, t) for u in entry.usages] or [t.not_in_catalogue]
            lines.append(f"  {t.col_used_by}: " + ("\n    ".join(used)))
            lines.append("")
    lines.append("-- ")
    lines.append(t.footer)
    return "\n".join(lines) + "\n"


def _link(url: str | None) -> str:
    """An escaped anchor for http(s) URLs; any other text is shown, not linked."""
    if not url:
        return ""
    shown = escape(url)
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{escape(url, quote=True)}" style="color:#0b57d0;">{shown}</a>'
    return shown


def _html_usages(entry: ReportEntry, t: Texts) -> str:
    if not entry.usages:
        return escape(t.not_in_catalogue)
    items = []
    for usage in entry.usages:
        kind = escape(t.kinds.get(usage.kind, usage.kind))
        items.append(f"{kind} «{escape(usage.name)}» ({_edit_link(usage.edit_url, t)})")
    return "<br>".join(items)


def _edit_link(url: str, t: Texts) -> str:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return escape(t.edit)
    return f'<a href="{escape(url, quote=True)}" style="color:#0b57d0;">{escape(t.edit)}</a>'


def _html_section(report: LinkReport, section: str, t: Texts) -> str:
    entries = _entries(report, section)
    info = t.sections[section]
    moved = section == "moved"
    headers = [t.col_link, t.col_status, t.col_new_url if moved else t.col_details, t.col_used_by]
    head = "".join(f'<th style="{_HEAD}">{escape(h)}</th>' for h in headers)
    rows = []
    for entry in entries:
        third = _link(entry.result.final_url) if moved else escape(_details(entry))
        cells = [_link(entry.result.url), escape(_status(entry, section, t)), third,
                 _html_usages(entry, t)]
        rows.append("<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells) + "</tr>")
    colour = _COLOURS[section]
    return (
        f'<h2 style="font-size:17px;color:{colour};margin:24px 0 4px;">'
        f"{escape(info.title)} ({len(entries)})</h2>"
        f'<p style="margin:0 0 8px;">{escape(info.advice)}</p>'
        f'<table style="border-collapse:collapse;font-size:14px;width:100%;">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_html(report: LinkReport, lang: str = "nb") -> str:
    """The HTML body: headings and inline-styled tables, readable without images."""
    t = _texts(lang)
    heading = t.heading.format(week=report.iso_week, year=report.iso_year)
    parts = [
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(subject_line(report, lang))}</title></head>",
        '<body style="font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.4;">',
        f'<h1 style="font-size:20px;">{escape(heading)}</h1>',
        f"<p>{escape(_summary(report, t))}</p>",
    ]
    if not report.has_findings:
        parts.append(f"<p>{escape(t.all_good)}</p>")
    parts += [_html_section(report, s, t) for s in SECTION_ORDER if _entries(report, s)]
    parts.append(f'<p style="color:#666;font-size:12px;margin-top:24px;">{escape(t.footer)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def render_email(report: LinkReport, lang: str = "nb") -> RenderedEmail:
    """Subject, text and HTML for ``report`` in ``lang`` ("nb" default, or "en")."""
    return RenderedEmail(subject_line(report, lang), render_text(report, lang), render_html(report, lang))
