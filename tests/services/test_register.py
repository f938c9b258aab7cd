"""The register's life cycle through the service: every stage with its details, history kept,
illegal jumps and bad details refused with nothing written; ideas becoming entries."""

from __future__ import annotations

import datetime as dt

import pytest

from grantmatch.catalog.registermodels import Idea
from grantmatch.runtime import Runtime, prepare_database
from grantmatch.services import catalog as cat
from grantmatch.services import register as register_service

AUTHOR = "coordinator@fredrikstad.kommune.no"
TODAY = dt.date(2026, 11, 30)


def _new_entry(runtime: Runtime, stage: str = "idea") -> None:
    with runtime.session() as session:
        cat.save_entity(session, "project", {"id": "dans-i-maputo", "name": "Dans i Maputo", "stage": stage,
                                             "description": "Kulturskolen lager en forestilling med ungdom i Maputo",
                                             "contact": {"name": "Kari", "email": "kari@example.org"}}, AUTHOR)
        session.commit()


def _advance(runtime: Runtime, to_stage: str, **details: object) -> cat.SaveResult:
    with runtime.session() as session:
        version = cat.get_entity(session, "project", "dans-i-maputo").version
        return register_service.advance(session, "dans-i-maputo", to_stage, details, AUTHOR, version, today=TODAY)


def _record(runtime: Runtime) -> tuple[dict, int, str]:
    with runtime.session() as session:
        row = cat.get_entity(session, "project", "dans-i-maputo")
        return row.data, row.version, row.stage


def test_full_life_cycle_with_history(runtime: Runtime) -> None:
    prepare_database(runtime)
    _new_entry(runtime)
    _advance(runtime, "planning")
    _advance(runtime, "applied", scheme="spor-vennskap-nord-sor", date="2026-02-01", amount_asked="150 000")
    _advance(runtime, "rejected", decision_date="2026-04-01")
    _advance(runtime, "applied", scheme="norec-youth", date="2026-05-01", amount_asked=200000, currency="NOK")
    _advance(runtime, "granted", amount_granted="180000", decision_date="2026-06-15")
    _advance(runtime, "running", start="2026")
    _advance(runtime, "finished", end="2027")
    result = _advance(runtime, "evaluated", goal_attainment="partly", results="To forestillinger",
                      economy="Innenfor budsjett")
    data, version, stage = _record(runtime)
    assert stage == data["stage"] == "evaluated" and version == result.version == 9
    assert data["applications"] == [
        {"scheme": "spor-vennskap-nord-sor", "programme": "vennskap-nord-sor", "date": "2026-02-01",
         "amount_asked": 150000, "currency": "NOK", "decision": "rejected", "decision_date": "2026-04-01"},
        {"scheme": "norec-youth", "programme": "norec", "date": "2026-05-01", "amount_asked": 200000,
         "currency": "NOK", "decision": "granted", "decision_date": "2026-06-15", "amount_granted": 180000}]
    assert data["scheme"] == "norec-youth" and data["years"] == {"start": 2026, "end": 2027}
    assert data["evaluation"] == {"goal_attainment": "partly", "results": "To forestillinger",
                                  "economy": "Innenfor budsjett", "date": "2026-11-30"}
    with runtime.session() as session:
        history = cat.history(session, "project", "dans-i-maputo")
    assert [r.snapshot["stage"] for r in reversed(history)] == [
        "idea", "planning", "applied", "rejected", "applied", "granted", "running", "finished", "evaluated"]
    assert history[0].note == "stage: finished → evaluated" and history[0].author == AUTHOR


@pytest.mark.parametrize(("start", "target"), [("idea", "granted"), ("idea", "applied"), ("planning", "running"),
                                               ("finished", "applied"), ("evaluated", "running")])
def test_illegal_jumps_are_refused_and_nothing_is_written(sqlite_runtime: Runtime, start: str, target: str) -> None:
    prepare_database(sqlite_runtime)
    _new_entry(sqlite_runtime, start)
    with pytest.raises(register_service.IllegalTransition, match=f"'{start}' to '{target}'"):
        _advance(sqlite_runtime, target, amount_granted=1, scheme="norec-youth", amount_asked=1)
    assert _record(sqlite_runtime)[1:] == (1, start)


def test_missing_details_are_refused(sqlite_runtime: Runtime) -> None:
    prepare_database(sqlite_runtime)
    _new_entry(sqlite_runtime, "planning")
    with pytest.raises(cat.ValidationFailed) as caught:
        _advance(sqlite_runtime, "applied", scheme="no-such-scheme", amount_asked="lots", date="1. mars")
    assert {e.path for e in caught.value.errors} == {"scheme", "amount_asked", "date"}
    _advance(sqlite_runtime, "applied", scheme="norec-youth", amount_asked=10)
    with pytest.raises(cat.ValidationFailed, match="amount_granted: is required"):
        _advance(sqlite_runtime, "granted")
    assert _record(sqlite_runtime)[2] == "applied"


def test_a_stale_version_is_a_conflict(sqlite_runtime: Runtime) -> None:
    prepare_database(sqlite_runtime)
    _new_entry(sqlite_runtime)
    with sqlite_runtime.session() as session:
        with pytest.raises(cat.Conflict):
            register_service.advance(session, "dans-i-maputo", "planning", {}, AUTHOR, expected_version=7)
    assert _record(sqlite_runtime)[1:] == (1, "idea")


def test_an_idea_becomes_an_entry_once(sqlite_runtime: Runtime) -> None:
    prepare_database(sqlite_runtime)
    with sqlite_runtime.session() as session:
        idea = Idea(token_hash="0" * 64, name="Kari Nordmann", unit="Kulturskolen", email="kari@example.org",
                    text="Dans og musikk med ungdom i Maputo", schemes=["spor-vennskap-nord-sor"],
                    partners=["Xindiro"], lang="nb", status="new")
        session.add(idea)
        session.commit()
        with pytest.raises(cat.ValidationFailed, match="already used"):
            register_service.register_idea(session, idea.id, project_id="mic-malawi", name="X", stage="idea",
                                           author=AUTHOR)
        result = register_service.register_idea(session, idea.id, project_id="dans-i-maputo", name="Dans i Maputo",
                                                stage="planning", author=AUTHOR)
        row = cat.get_entity(session, "project", result.entity_id)
        assert row.stage == "planning"
        assert row.data["contact"] == {"name": "Kari Nordmann", "email": "kari@example.org"}
        assert row.data["scheme"] == "spor-vennskap-nord-sor" and row.data["partners"] == [{"name": "Xindiro"}]
        assert "friendship-culture" in row.data["plan_tags"]["suggested"]
        assert "confirmed" not in row.data["plan_tags"]  # the coordinator confirms
        assert session.get(Idea, idea.id).status == "registered"
        with pytest.raises(register_service.IdeaNotOpen):
            register_service.register_idea(session, idea.id, project_id="again", name="X", stage="idea",
                                           author=AUTHOR)


def test_ideas_stay_out_of_public_lists(sqlite_runtime: Runtime) -> None:
    prepare_database(sqlite_runtime)
    _new_entry(sqlite_runtime, "idea")
    with sqlite_runtime.session() as session:
        assert "dans-i-maputo" not in {p.id for p in cat.list_projects(session)}
        assert "dans-i-maputo" in {p.id for p in cat.list_projects(session, include_ideas=True)}
        public = register_service.public_register(session)
        assert "dans-i-maputo" not in {p.id for p in public.ongoing + public.finished + public.not_funded}
        assert len(public.finished) == 36


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_register_entries_survive_export_and_import(sqlite_runtime: Runtime, tmp_path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from grantmatch.services import transfer

    prepare_database(sqlite_runtime)
    _new_entry(sqlite_runtime, "planning")
    with sqlite_runtime.session() as session:
        row = cat.get_entity(session, "project", "dans-i-maputo")
        full = dict(row.data, goals="Felles forestilling", plan="Tre verksteder", themes=["culture", "youth"],
                    budget={"amount": 120000.5, "currency": "NOK", "notes": "Reiser"},
                    plan_tags={"suggested": ["friendship-culture"], "confirmed": ["goal-2"]})
        cat.save_entity(session, "project", full, AUTHOR)
        session.commit()
    _advance(sqlite_runtime, "applied", scheme="norec-youth", date="2026-05-01", amount_asked=1000)
    _advance(sqlite_runtime, "granted", amount_granted=900, decision_date="2026-06-01")
    _advance(sqlite_runtime, "running")
    _advance(sqlite_runtime, "finished", end="2027")
    _advance(sqlite_runtime, "evaluated", goal_attainment="achieved", results="Bra", economy="Balanse")
    before = _record(sqlite_runtime)
    with sqlite_runtime.session() as session:
        (tmp_path / f"c.{fmt}").write_bytes(transfer.export_bytes(session, fmt))
        summary = transfer.import_path(session, tmp_path / f"c.{fmt}", "roundtrip")
    assert summary.ok, summary.errors
    assert summary.counts()["updated"] == 0 and summary.counts()["created"] == 0, summary
    assert _record(sqlite_runtime) == before
