"""The register's rules: every legal stage change, illegal jumps refused, register fields validated."""

from __future__ import annotations

import pytest

from grantmatch.catalog import register as reg
from grantmatch.catalog import schema
from grantmatch.catalog.files import load_path
from tests.conftest import CATALOG

LEGAL = [(a, b) for a, targets in reg.TRANSITIONS.items() for b in targets]
ILLEGAL = [(a, b) for a in reg.STAGES for b in reg.STAGES if (a, b) not in LEGAL]


def test_the_life_cycle_from_idea_to_evaluation_is_connected() -> None:
    path = ["idea", "planning", "applied", "granted", "running", "finished", "evaluated"]
    for a, b in zip(path, path[1:]):
        reg.check_transition(a, b)
    assert reg.TRANSITIONS["evaluated"] == ()


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_legal_transitions(current: str, target: str) -> None:
    reg.check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_transitions_are_refused(current: str, target: str) -> None:
    with pytest.raises(reg.IllegalTransition, match=f"cannot go from stage '{current}' to '{target}'"):
        reg.check_transition(current, target)


def test_shipped_project_files_stay_valid_without_register_fields() -> None:
    loaded = load_path(CATALOG)
    assert len(loaded.projects) == 36
    for record in loaded.projects:
        assert schema.validate_project(record) == [], record["id"]
        assert reg.stage_of(record) == "finished"


def test_register_fields_are_validated() -> None:
    good = {"id": "dans", "name": "Dans", "description": "Dans i Maputo", "stage": "evaluated",
            "goals": "Felles forestilling", "plan": "Tre verksteder", "budget": {"amount": 120000, "currency": "NOK"},
            "contact": {"name": "Kari", "email": "kari@example.org"}, "themes": ["culture"],
            "plan_tags": {"suggested": ["friendship-culture"], "confirmed": ["friendship-culture", "goal-2"]},
            "applications": [{"scheme": "spor-vennskap-nord-sor", "date": "2026-01-15", "amount_asked": 100000,
                              "currency": "NOK", "decision": "granted", "amount_granted": 80000,
                              "decision_date": "2026-03-01"}],
            "evaluation": {"goal_attainment": "partly", "results": "En forestilling", "economy": "Innenfor budsjett"}}
    assert schema.validate_project(good) == []
    bad = dict(good, stage="won", budget={"amount": -1, "currency": "USD"},
               contact={"name": "Kari\r\nBcc: x@example.org", "email": "not an address"},
               plan_tags={"confirmed": ["world-peace"]},
               applications=[{"scheme": "x", "date": "15.01.2026", "decision": "maybe"}],
               evaluation={"goal_attainment": "great"})
    paths = {e.path for e in schema.validate_project(bad)}
    assert {"stage", "budget.amount", "budget.currency", "contact.name", "contact.email", "plan_tags.confirmed.0",
            "applications.0.date", "applications.0.decision", "evaluation.goal_attainment"} <= paths
