"""Compare a run with the previous one and sort the links into report sections.

Pure functions only: no I/O, no clock. The caller supplies the previous run's
state per URL and the catalogue records that use each URL.

Two-run rule: a link is alarmed as broken only when it fails (broken or
unreachable) in two consecutive runs. A first failure is listed under
"failing once, re-check" so nobody is sent chasing a passing outage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import NamedTuple
from urllib.parse import quote

from .result import FAILING_STATUSES, LinkResult, LinkStatus

# Edit pages per record kind; other kinds use "/admin/{kind}s/{id}/edit".
EDIT_PATHS: Mapping[str, str] = MappingProxyType({"scheme": "/admin/schemes/{id}/edit"})


class PriorState(NamedTuple):
    """What the previous run said about a URL.

    ``consecutive_failures`` counts the failing runs in a row up to and
    including the previous run (0 when the previous run did not fail).
    """

    status: str
    consecutive_failures: int = 0


class Usage(NamedTuple):
    """A catalogue record that uses a URL, e.g. ("scheme", "erasmus-plus", "Erasmus+")."""

    kind: str
    record_id: str
    name: str


@dataclass(frozen=True)
class UsageLink:
    """A using record with the address of its edit page."""

    kind: str
    record_id: str
    name: str
    edit_url: str


@dataclass(frozen=True)
class ReportEntry:
    """One URL in one section, with its history and the records to fix."""

    result: LinkResult
    usages: tuple[UsageLink, ...]
    failing_runs: int
    previous_status: str | None


@dataclass(frozen=True)
class Totals:
    """How many URLs ended in each status this run."""

    checked: int
    ok: int
    redirect: int
    broken: int
    unreachable: int
    uncertain: int


@dataclass(frozen=True)
class LinkReport:
    """The sorted outcome of one run; templates only format it."""

    run_date: date
    newly_broken: tuple[ReportEntry, ...]
    still_broken: tuple[ReportEntry, ...]
    failing_once: tuple[ReportEntry, ...]
    moved: tuple[ReportEntry, ...]
    uncertain: tuple[ReportEntry, ...]
    recovered: tuple[ReportEntry, ...]
    totals: Totals

    @property
    def iso_week(self) -> int:
        """ISO 8601 week number of the run date."""
        return self.run_date.isocalendar().week

    @property
    def iso_year(self) -> int:
        """ISO 8601 week-based year of the run date (differs near New Year)."""
        return self.run_date.isocalendar().year

    @property
    def broken_count(self) -> int:
        """Alarmed broken links: newly and still broken (not first failures)."""
        return len(self.newly_broken) + len(self.still_broken)

    @property
    def moved_count(self) -> int:
        return len(self.moved)

    @property
    def has_findings(self) -> bool:
        """True when any section has an entry."""
        return any((self.newly_broken, self.still_broken, self.failing_once,
                    self.moved, self.uncertain, self.recovered))


def failure_streak(result: LinkResult, prior: PriorState | None) -> int:
    """Consecutive failing runs including this one; store it with the run.

    0 when the link does not fail now. Feed it back as the next run's
    ``PriorState.consecutive_failures``.
    """
    if result.status not in FAILING_STATUSES:
        return 0
    return (prior.consecutive_failures if prior else 0) + 1


def edit_url(base_url: str, kind: str, record_id: str) -> str:
    """The catalogue edit page of a record, e.g. {base}/admin/schemes/{id}/edit."""
    template = EDIT_PATHS.get(kind, f"/admin/{quote(kind, safe='')}s/{{id}}/edit")
    return base_url.rstrip("/") + template.format(id=quote(str(record_id), safe=""))


def _usage_links(usages: Iterable[Sequence[str]], base_url: str) -> tuple[UsageLink, ...]:
    links = []
    for item in usages:
        kind, record_id, name = (str(part) for part in item)
        links.append(UsageLink(kind, record_id, name, edit_url(base_url, kind, record_id)))
    return tuple(sorted(links, key=lambda u: (u.name.casefold(), u.record_id)))


def _sort_key(entry: ReportEntry) -> tuple[str, str]:
    first = entry.usages[0].name.casefold() if entry.usages else "\uffff"
    return first, entry.result.url


def _totals(results: Sequence[LinkResult]) -> Totals:
    counts = {status: 0 for status in LinkStatus}
    for result in results:
        counts[LinkStatus(result.status)] += 1
    return Totals(len(results), counts[LinkStatus.OK], counts[LinkStatus.REDIRECT],
                  counts[LinkStatus.BROKEN], counts[LinkStatus.UNREACHABLE],
                  counts[LinkStatus.UNCERTAIN])


def _sections_of(result: LinkResult, prior: PriorState | None) -> tuple[str, ...]:
    status = LinkStatus(result.status)
    if status in FAILING_STATUSES:
        streak = failure_streak(result, prior)
        return ({1: "failing_once", 2: "newly_broken"}.get(streak, "still_broken"),)
    sections = []
    if prior is not None and prior.status in FAILING_STATUSES:
        sections.append("recovered")
    if status is LinkStatus.REDIRECT:
        sections.append("moved")
    if status is LinkStatus.UNCERTAIN:
        sections.append("uncertain")
    return tuple(sections)


def build_report(
    results: Sequence[LinkResult],
    previous: Mapping[str, PriorState],
    usages: Mapping[str, Iterable[Sequence[str]]],
    *,
    base_url: str,
    run_date: date,
) -> LinkReport:
    """Sort this run's results into sections using the previous run's state.

    ``usages`` maps a URL to (kind, record_id, name) triples; edit links are
    built from ``base_url``. A recovered link that now redirects or is
    uncertain appears both under recovered and under moved/uncertain.
    """
    sections: dict[str, list[ReportEntry]] = {
        name: [] for name in ("newly_broken", "still_broken", "failing_once",
                              "moved", "uncertain", "recovered")
    }
    seen: set[str] = set()
    for result in results:
        if result.url in seen:
            continue
        seen.add(result.url)
        prior = previous.get(result.url)
        names = _sections_of(result, prior)
        if not names:
            continue
        entry = ReportEntry(
            result=result,
            usages=_usage_links(usages.get(result.url, ()), base_url),
            failing_runs=failure_streak(result, prior),
            previous_status=prior.status if prior else None,
        )
        for name in names:
            sections[name].append(entry)
    unique = [r for r in {r.url: r for r in results}.values()]
    return LinkReport(
        run_date=run_date,
        totals=_totals(unique),
        **{name: tuple(sorted(entries, key=_sort_key)) for name, entries in sections.items()},
    )
