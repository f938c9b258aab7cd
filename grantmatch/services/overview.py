"""The yearly overview of the project register for the council, and its CSV/XLSX export.

:func:`compute` is pure (records in, tables out) so the numbers can be checked on a small
known dataset; :func:`overview` feeds it from the database. A project counts in a year
when the year lies within its years (``years.start`` … ``years.end``, an unfinished
project runs until today); applications count in the year they were sent, money asked in
the year of the application and money granted in the year of the decision. Ideas and
rejected applications are not projects.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import pandas as pd
from sqlalchemy.orm import Session

from grantmatch.catalog import register as reg
from grantmatch.services import catalog as cat

PROJECT_STAGES = ("planning", "applied", "granted", "running", "finished", "evaluated")
NO_TAG, NO_AREA = "(none)", "(none)"


@dataclass(frozen=True)
class ProgrammeRow:
    programme: str
    applications: int
    granted: int
    rejected: int
    pending: int

    @property
    def success_rate(self) -> float | None:
        decided = self.granted + self.rejected
        return round(self.granted / decided, 4) if decided else None


@dataclass(frozen=True)
class MoneyRow:
    year: int
    currency: str
    asked: float
    granted: float


@dataclass(frozen=True)
class Overview:
    year: int
    years: list[int]  # years with any data, for the year picker
    projects: list[dict[str, Any]]  # the projects counted in ``year``
    per_tag: list[tuple[str, int]]  # (plan tag slug or NO_TAG, projects)
    per_area: list[tuple[str, int]]  # (theme slug or NO_AREA, projects)
    per_programme: list[ProgrammeRow]
    money: list[MoneyRow]  # every year, not just ``year``


def _year_of(value: Any) -> int | None:
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def span(record: Mapping[str, Any], today: dt.date) -> tuple[int, int] | None:
    """First and last year of a project, or None when nothing says when it ran."""
    years = record.get("years") or {}
    applications = record.get("applications") or []
    start = years.get("start") or min((y for a in applications if (y := _year_of(a.get("date")))), default=None)
    if start is None:
        return None
    end = years.get("end")
    if end is None:
        end = today.year if reg.stage_of(record) not in reg.DONE_STAGES else start
    return int(start), int(max(end, start))


def areas_of(record: Mapping[str, Any], scheme_themes: Mapping[str, list[str]]) -> list[str]:
    """The project's own themes, else its scheme's."""
    return list(record.get("themes") or scheme_themes.get(str(record.get("scheme") or "")) or [])


def compute(records: Iterable[Mapping[str, Any]], year: int, *, scheme_themes: Mapping[str, list[str]] | None = None,
            today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    scheme_themes = scheme_themes or {}
    records = [r for r in records if reg.stage_of(r) != "idea"]
    active, seen_years = [], set()
    for record in records:
        s = span(record, today)
        if s and reg.stage_of(record) in PROJECT_STAGES:
            seen_years.update(range(s[0], s[1] + 1))
            if s[0] <= year <= s[1]:
                active.append(dict(record))
    tags: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    for record in active:
        confirmed = (record.get("plan_tags") or {}).get("confirmed") or []
        tags.update(confirmed or [NO_TAG])
        areas.update(areas_of(record, scheme_themes) or [NO_AREA])
    per_tag = [(slug, tags[slug]) for slug in reg.PLAN_TAG_SLUGS] + ([(NO_TAG, tags[NO_TAG])] if tags[NO_TAG] else [])
    per_area = sorted(areas.items(), key=lambda kv: (kv[0] == NO_AREA, -kv[1], kv[0]))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    asked: dict[tuple[int, str], float] = defaultdict(float)
    granted: dict[tuple[int, str], float] = defaultdict(float)
    for record in records:
        for application in record.get("applications") or []:
            currency = str(application.get("currency") or "NOK")
            sent = _year_of(application.get("date"))
            decided = _year_of(application.get("decision_date"))
            if sent is not None:
                seen_years.add(sent)
                asked[(sent, currency)] += float(application.get("amount_asked") or 0)
            if application.get("decision") == "granted" and decided is not None:
                seen_years.add(decided)
                granted[(decided, currency)] += float(application.get("amount_granted") or 0)
            if sent == year:
                row = counts[str(application.get("programme") or record.get("programme") or NO_AREA)]
                row["applications"] += 1
                row[application.get("decision") or "pending"] += 1
    per_programme = [ProgrammeRow(p, c["applications"], c["granted"], c["rejected"], c["pending"])
                     for p, c in sorted(counts.items(), key=lambda kv: (-kv[1]["applications"], kv[0]))]
    money = [MoneyRow(y, cur, _num(asked.get((y, cur), 0)), _num(granted.get((y, cur), 0)))
             for y, cur in sorted(set(asked) | set(granted))]
    return Overview(year=year, years=sorted(seen_years | {year}), projects=active, per_tag=per_tag,
                    per_area=per_area, per_programme=per_programme, money=money)


def _num(value: float) -> float:
    return int(value) if float(value).is_integer() else value  # type: ignore[return-value]


def overview(session: Session, year: int, today: dt.date | None = None) -> Overview:
    schemes = cat.list_schemes(session)
    records = [row.data for row in cat.list_projects(session)]
    return compute(records, year, scheme_themes={s.id: list(s.data.get("themes") or []) for s in schemes},
                   today=today)


# --- export (bokmål column names: the council reads it) ---------------------------------

COLUMNS = ["Tabell", "År", "Gruppe", "Prosjekter", "Søknader", "Innvilget", "Avslått", "Venter på svar",
           "Suksessrate (%)", "Valuta", "Søkt beløp", "Innvilget beløp"]
TABLES = {"tag": "Prosjekter per mål og hovedinnretning", "area": "Prosjekter per område",
          "programme": "Søknader per program", "money": "Beløp per år"}
PROJECT_COLUMNS = ["Prosjekt", "Fase", "Enhet", "Program", "Ordning", "Startår", "Sluttår",
                   "Mål og hovedinnretninger", "Områder", "Partnerland"]
STAGE_NB = {"idea": "Idé", "planning": "Planlegging", "applied": "Søkt", "granted": "Innvilget",
            "rejected": "Avslått", "running": "Pågår", "finished": "Avsluttet", "evaluated": "Evaluert"}


def tag_label(slug: str) -> str:
    return "Ikke merket" if slug == NO_TAG else reg.PLAN_TAGS_BY_SLUG[slug]["label"]["nb"]


def _frames(data: Overview, programme_names: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    rate = (lambda r: None if r.success_rate is None else round(r.success_rate * 100, 1))
    tag = pd.DataFrame([{"Mål eller hovedinnretning": tag_label(s), "Prosjekter": n} for s, n in data.per_tag],
                       columns=["Mål eller hovedinnretning", "Prosjekter"])
    area = pd.DataFrame([{"Område": "Uten område" if a == NO_AREA else a, "Prosjekter": n} for a, n in data.per_area],
                        columns=["Område", "Prosjekter"])
    programme = pd.DataFrame([{"Program": programme_names.get(r.programme, r.programme), "Søknader": r.applications,
                               "Innvilget": r.granted, "Avslått": r.rejected, "Venter på svar": r.pending,
                               "Suksessrate (%)": rate(r)} for r in data.per_programme],
                             columns=["Program", "Søknader", "Innvilget", "Avslått", "Venter på svar",
                                      "Suksessrate (%)"])
    money = pd.DataFrame([{"År": m.year, "Valuta": m.currency, "Søkt beløp": m.asked, "Innvilget beløp": m.granted}
                          for m in data.money], columns=["År", "Valuta", "Søkt beløp", "Innvilget beløp"])
    projects = pd.DataFrame([{
        "Prosjekt": p.get("name"), "Fase": STAGE_NB.get(reg.stage_of(p), p.get("stage")), "Enhet": p.get("unit"),
        "Program": programme_names.get(str(p.get("programme")), p.get("programme")), "Ordning": p.get("scheme"),
        "Startår": (p.get("years") or {}).get("start"), "Sluttår": (p.get("years") or {}).get("end"),
        "Mål og hovedinnretninger": "; ".join(tag_label(t) for t in (p.get("plan_tags") or {}).get("confirmed") or []),
        "Områder": "; ".join(p.get("themes") or []),
        "Partnerland": ", ".join(sorted({str(x.get("country")) for x in p.get("partners") or [] if x.get("country")})),
    } for p in data.projects], columns=PROJECT_COLUMNS)
    return {"Per mål": tag, "Per område": area, "Per program": programme, "Beløp per år": money,
            "Prosjekter": projects}


def export_csv(data: Overview, programme_names: Mapping[str, str]) -> bytes:
    """All four tables in one sheet (column ``Tabell`` says which), UTF-8 with BOM for Excel."""
    rows: list[dict[str, Any]] = []
    for slug, n in data.per_tag:
        rows.append({"Tabell": TABLES["tag"], "År": data.year, "Gruppe": tag_label(slug), "Prosjekter": n})
    for area, n in data.per_area:
        rows.append({"Tabell": TABLES["area"], "År": data.year, "Gruppe": "Uten område" if area == NO_AREA else area,
                     "Prosjekter": n})
    for r in data.per_programme:
        rows.append({"Tabell": TABLES["programme"], "År": data.year,
                     "Gruppe": programme_names.get(r.programme, r.programme), "Søknader": r.applications,
                     "Innvilget": r.granted, "Avslått": r.rejected, "Venter på svar": r.pending,
                     "Suksessrate (%)": None if r.success_rate is None else round(r.success_rate * 100, 1)})
    for m in data.money:
        rows.append({"Tabell": TABLES["money"], "År": m.year, "Valuta": m.currency, "Søkt beløp": m.asked,
                     "Innvilget beløp": m.granted})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.to_csv(index=False).encode("utf-8-sig")


def export_xlsx(data: Overview, programme_names: Mapping[str, str]) -> bytes:
    """One sheet per table plus the projects counted, bokmål column names."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in _frames(data, programme_names).items():
            frame.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()
