"""Partners in the database: import with revisions, round trips (YAML, JSON, XLSX), edits and
conflicts, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from grantmatch.catalog.models import Revision
from grantmatch.runtime import Runtime
from grantmatch.services import catalog as cat
from grantmatch.services import transfer
from tests.conftest import CATALOG


def seed(runtime: Runtime) -> transfer.ImportSummary:
    with runtime.session() as session:
        return transfer.import_path(session, CATALOG, "test")


def test_import_stores_partners_with_revisions(runtime: Runtime) -> None:
    summary = seed(runtime)
    assert summary.ok and "partner:aalborg" in summary.created
    with runtime.session() as session:
        rows = {p.id: p for p in cat.list_partners(session)}
        assert rows["karlskoga"].country == "SE" and rows["karlskoga"].kind == "twin-town"
        assert rows["karlskoga"].data["past_projects"] == ["les-for-meg"]
        revision = session.scalars(select(Revision).where(Revision.entity_type == "partner",
                                                          Revision.entity_id == "aalborg")).one()
        assert revision.action == "create" and revision.snapshot["since"] == 1951


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_export_import_round_trip_keeps_partners_and_rules_unchanged(runtime: Runtime, tmp_path: Path,
                                                                     fmt: str) -> None:
    seed(runtime)
    with runtime.session() as session:
        before = {p.id: p.data for p in cat.list_partners(session)}
        oks = cat.get_entity(session, "scheme", "interreg-oks").data["partners"]
        target = tmp_path / f"catalog.{fmt}"
        target.write_bytes(transfer.export_bytes(session, fmt))
        summary = transfer.import_path(session, target, "test")
    assert summary.ok, summary.errors[:3]
    assert summary.counts()["created"] == summary.counts()["updated"] == 0
    assert "partner:rivne" in summary.unchanged
    with runtime.session() as session:
        assert {p.id: p.data for p in cat.list_partners(session)} == before
        assert cat.get_entity(session, "scheme", "interreg-oks").data["partners"]["area"] == oks["area"]


def test_partner_edit_conflict_and_unknown_project(runtime: Runtime) -> None:
    seed(runtime)
    with runtime.session() as session:
        row = cat.get_entity(session, "partner", "kotka")
        data = dict(row.data, since=1960)
        result = cat.save_entity(session, "partner", data, "a@example.org", expected_version=row.version)
        session.commit()
        assert result.action == "update" and result.version == 2
        with pytest.raises(cat.Conflict):
            cat.save_entity(session, "partner", dict(data, region="Kotka"), "b@example.org", expected_version=1)
        session.rollback()
        with pytest.raises(cat.ValidationFailed) as failed:
            cat.save_entity(session, "partner", dict(data, past_projects=["nope"]), "a@example.org",
                            expected_version=2)
        assert failed.value.errors[0].path == "past_projects.0"
        session.rollback()
        changes = cat.history(session, "partner", "kotka")[0].changes
        assert changes == {"since": {"old": None, "new": 1960}}
