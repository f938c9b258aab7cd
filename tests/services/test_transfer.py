"""Import (all or nothing) and export round trips, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from grantmatch.catalog.models import Revision, Scheme
from grantmatch.runtime import Runtime
from grantmatch.services import catalog as cat
from grantmatch.services import transfer
from tests.catalog.test_files import make_catalog, scheme_text
from tests.conftest import CATALOG


def seed(runtime: Runtime) -> transfer.ImportSummary:
    with runtime.session() as session:
        return transfer.import_path(session, CATALOG, "test")


def counts(runtime: Runtime) -> tuple[int, int]:
    with runtime.session() as session:
        return (session.scalar(select(func.count()).select_from(Scheme)),
                session.scalar(select(func.count()).select_from(Revision)))


def test_shipped_catalogue_imports_and_reimport_is_unchanged(runtime: Runtime) -> None:
    first = seed(runtime)
    assert first.ok and len(first.created) >= 35 + 1
    second = seed(runtime)
    assert second.counts()["created"] == 0 and second.counts()["updated"] == 0
    assert len(second.unchanged) == len(first.created)


def test_one_bad_file_means_nothing_is_written(runtime: Runtime, tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"good-one.yaml": scheme_text(id="good-one"),
                                   "bad-one.yaml": scheme_text(id="bad-one", funding={"currency": "XYZ"})})
    with runtime.session() as session:
        summary = transfer.import_path(session, root, "test")
    assert not summary.ok
    assert any(e.file.endswith("bad-one.yaml") and e.field == "funding.currency" for e in summary.errors)
    assert counts(runtime) == (0, 0)


def test_dry_run_reports_but_writes_nothing(runtime: Runtime) -> None:
    with runtime.session() as session:
        summary = transfer.import_path(session, CATALOG, "test", dry_run=True)
    assert summary.ok and summary.created
    assert counts(runtime) == (0, 0)


def test_import_records_revisions_and_updates(runtime: Runtime, tmp_path: Path) -> None:
    seed(runtime)
    changed = scheme_text(summary={"nb": "Ny kort tekst.", "en": "New short text."})
    root = make_catalog(tmp_path)
    (root / "schemes" / "erasmus-school-short-term-mobility.yaml").write_text(changed, encoding="utf-8")
    with runtime.session() as session:
        summary = transfer.import_path(session, root, "importer")
        assert summary.updated == ["erasmus-school-short-term-mobility"]
        revisions = cat.history(session, "scheme", "erasmus-school-short-term-mobility")
    assert revisions[0].author == "importer" and list(revisions[0].changes) == ["summary"]
    assert revisions[0].changes["summary"]["new"]["en"] == "New short text."


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "xlsx"])
def test_export_then_import_is_unchanged(runtime: Runtime, tmp_path: Path, fmt: str) -> None:
    seed(runtime)
    with runtime.session() as session:
        payload = transfer.export_bytes(session, fmt)
    target = tmp_path / f"catalog.{fmt}"
    target.write_bytes(payload)
    with runtime.session() as session:
        summary = transfer.import_path(session, target, "roundtrip")
    assert summary.ok, summary.errors
    assert summary.counts()["created"] == 0 and summary.counts()["updated"] == 0, summary
    assert len(summary.unchanged) >= 35


def test_json_export_has_every_field(runtime: Runtime) -> None:
    seed(runtime)
    with runtime.session() as session:
        data = json.loads(transfer.export_bytes(session, "json"))
    source = yaml.safe_load((CATALOG / "schemes" / "nordplus-junior.yaml").read_text(encoding="utf-8"))
    exported = next(s for s in data["schemes"] if s["id"] == "nordplus-junior")
    assert set(source) <= set(exported)
    assert exported["version"] == 1 and exported["updated_at"]
    assert data["past_projects"] and data["glossary"]


def test_changed_sheet_row_updates_one_scheme(runtime: Runtime, tmp_path: Path) -> None:
    import pandas as pd

    seed(runtime)
    with runtime.session() as session:
        (tmp_path / "c.csv").write_bytes(transfer.export_bytes(session, "csv"))
    frame = pd.read_csv(tmp_path / "c.csv", dtype=str, keep_default_na=False)
    frame.loc[frame["id"] == "nordplus-junior", "funding.max"] = "123456"
    frame.loc[frame["id"] == "urbact", "applicants"] = "not json"
    frame.to_csv(tmp_path / "c.csv", index=False)
    with runtime.session() as session:
        summary = transfer.import_path(session, tmp_path / "c.csv", "sheet")
    assert [(e.field, e.line) for e in summary.errors] == [
        ("applicants", int(frame.index[frame["id"] == "urbact"][0]) + 2)]
    frame.loc[frame["id"] == "urbact", "applicants"] = '["municipality"]'
    frame.to_csv(tmp_path / "c.csv", index=False)
    with runtime.session() as session:
        summary = transfer.import_path(session, tmp_path / "c.csv", "sheet")
        assert sorted(summary.updated) == ["nordplus-junior", "urbact"]
        assert cat.get_entity(session, "scheme", "nordplus-junior").data["funding"]["max"] == 123456


def test_damaged_sheet_is_a_clear_error(runtime: Runtime, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with runtime.session() as session:
        summary = transfer.import_path(session, bad, "sheet")
    assert summary.errors and "cannot read the sheet" in summary.errors[0].message
