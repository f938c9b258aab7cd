"""Migration 0005 turns the existing past projects into register entries, losing nothing."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import inspect

from grantmatch.catalog import db
from grantmatch.catalog.files import load_path
from grantmatch.catalog.models import JsonType
from grantmatch.catalog.records import canonical
from tests.conftest import CATALOG

PROJECTS = sa.table("past_projects", sa.column("id", sa.String), sa.column("programme", sa.String),
                    sa.column("scheme_id", sa.String), sa.column("data", JsonType), sa.column("version", sa.Integer),
                    sa.column("created_at", sa.DateTime(timezone=True)),
                    sa.column("updated_at", sa.DateTime(timezone=True)))


def _rows(engine: sa.Engine) -> dict[str, tuple[dict, int, str | None]]:
    stage = ", stage" if "stage" in {c["name"] for c in inspect(engine).get_columns("past_projects")} else ""
    with engine.connect() as conn:
        result = conn.execute(sa.text(f"select id, version{stage} from past_projects")).all()
        data = dict(conn.execute(sa.select(PROJECTS.c.id, PROJECTS.c.data)).all())
    return {r[0]: (data[r[0]], r[1], r[2] if stage else None) for r in result}


def test_existing_past_projects_become_finished_register_entries(database_url: str) -> None:
    engine = db.make_engine(database_url)
    db.upgrade(engine, "0004")
    originals = {r["id"]: canonical(r) for r in load_path(CATALOG).projects}
    assert len(originals) == 36
    now = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(PROJECTS.insert(), [
            {"id": pid, "programme": r.get("programme"), "scheme_id": r.get("scheme"), "data": r, "version": 1,
             "created_at": now, "updated_at": now} for pid, r in originals.items()])

    db.upgrade(engine)
    after = _rows(engine)
    assert len(after) == 36
    for pid, (data, version, stage) in after.items():
        assert stage == "finished" and data["stage"] == "finished"
        assert {k: v for k, v in data.items() if k != "stage"} == originals[pid]  # nothing else changed
        assert version == 2
    assert after["mic-malawi"][0]["years"] == {"start": 2004, "end": 2009}
    with engine.connect() as conn:
        revisions = conn.execute(sa.text(
            "select entity_id, version, author from revisions where entity_type = 'project'")).all()
    assert len(revisions) == 36 and all(r[1] == 2 and r[2].startswith("migration 0005") for r in revisions)

    db.downgrade(engine, "0004")
    assert "ideas" not in inspect(engine).get_table_names()
    assert {pid: data for pid, (data, _v, _s) in _rows(engine).items()} == originals
    db.upgrade(engine)
    assert "ideas" in inspect(engine).get_table_names()
    engine.dispose()
