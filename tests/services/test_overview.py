"""The yearly overview on a small known dataset, and its exports opened with pandas."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from grantmatch.services import overview

TODAY = dt.date(2026, 11, 30)
RECORDS = [
    {"id": "a", "name": "Dans", "stage": "running", "years": {"start": 2025}, "themes": ["culture"],
     "plan_tags": {"confirmed": ["friendship-culture", "goal-2"]}, "programme": "norec",
     "partners": [{"name": "Xindiro", "country": "MZ"}],
     "applications": [{"scheme": "norec-youth", "programme": "norec", "date": "2025-02-01", "amount_asked": 100000,
                       "currency": "NOK", "decision": "granted", "amount_granted": 80000,
                       "decision_date": "2025-04-01"}]},
    {"id": "b", "name": "Kyst", "stage": "rejected", "scheme": "interreg-oks",
     "applications": [{"scheme": "interreg-oks", "programme": "interreg-oks", "date": "2026-03-01",
                       "amount_asked": 50000, "currency": "EUR", "decision": "rejected",
                       "decision_date": "2026-06-01"}]},
    {"id": "c", "name": "Skole", "stage": "finished", "years": {"start": 2024, "end": 2026}, "scheme": "interreg-oks",
     "plan_tags": {"suggested": ["goal-1"]},
     "applications": [{"scheme": "interreg-oks", "programme": "interreg-oks", "date": "2026-01-10",
                       "amount_asked": 30000, "currency": "EUR", "decision": "granted", "amount_granted": 30000,
                       "decision_date": "2026-02-10"},
                      {"scheme": "interreg-oks", "programme": "interreg-oks", "date": "2026-09-01",
                       "amount_asked": 5000, "currency": "EUR"}]},
    {"id": "d", "name": "Idé", "stage": "idea", "years": {"start": 2026}},
    {"id": "e", "name": "Gammelt", "stage": "finished", "years": {"start": 2009, "end": 2012}},
]
THEMES = {"interreg-oks": ["environment", "culture"]}


def test_numbers_on_a_known_dataset() -> None:
    data = overview.compute(RECORDS, 2026, scheme_themes=THEMES, today=TODAY)
    assert [p["id"] for p in data.projects] == ["a", "c"]  # active in 2026; ideas and rejections are not projects
    tags = dict(data.per_tag)
    assert tags["friendship-culture"] == 1 and tags["goal-2"] == 1 and tags["goal-1"] == 0  # suggested ≠ confirmed
    assert tags[overview.NO_TAG] == 1
    assert data.per_area == [("culture", 2), ("environment", 1)]  # c has the scheme's areas
    assert [(r.programme, r.applications, r.granted, r.rejected, r.pending, r.success_rate)
            for r in data.per_programme] == [("interreg-oks", 3, 1, 1, 1, 0.5)]
    assert [(m.year, m.currency, m.asked, m.granted) for m in data.money] == [
        (2025, "NOK", 100000, 80000), (2026, "EUR", 85000, 30000)]
    assert data.years == [2009, 2010, 2011, 2012, 2024, 2025, 2026]
    earlier = overview.compute(RECORDS, 2025, scheme_themes=THEMES, today=TODAY)
    assert [(r.programme, r.applications, r.success_rate) for r in earlier.per_programme] == [("norec", 1, 1.0)]


def test_exports_open_with_pandas_with_bokmal_columns() -> None:
    data = overview.compute(RECORDS, 2026, scheme_themes=THEMES, today=TODAY)
    names = {"interreg-oks": "Interreg Öresund–Kattegat–Skagerrak"}
    raw = overview.export_csv(data, names)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows æ, ø, å
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(frame.columns) == overview.COLUMNS
    programme = frame[frame["Tabell"] == "Søknader per program"].iloc[0]
    assert programme["Gruppe"] == "Interreg Öresund–Kattegat–Skagerrak" and programme["Suksessrate (%)"] == 50.0
    money = frame[frame["Tabell"] == "Beløp per år"]
    assert money[["År", "Valuta", "Søkt beløp", "Innvilget beløp"]].values.tolist() == [
        [2025, "NOK", 100000, 80000], [2026, "EUR", 85000, 30000]]
    goal = frame[(frame["Tabell"] == "Prosjekter per mål og hovedinnretning")
                 & (frame["Gruppe"] == "Vennskap, kontakt og kulturelle bånd")]
    assert goal["Prosjekter"].tolist() == [1]

    book = pd.read_excel(io.BytesIO(overview.export_xlsx(data, names)), sheet_name=None)
    assert set(book) == {"Per mål", "Per område", "Per program", "Beløp per år", "Prosjekter"}
    assert list(book["Per program"].columns) == ["Program", "Søknader", "Innvilget", "Avslått", "Venter på svar",
                                                 "Suksessrate (%)"]
    assert book["Prosjekter"]["Prosjekt"].tolist() == ["Dans", "Skole"]
    assert book["Prosjekter"]["Fase"].tolist() == ["Pågår", "Avsluttet"]
    assert "kari" not in book["Prosjekter"].to_csv().lower()
