"""Field rules of the catalogue schema."""

from __future__ import annotations

import copy

import pytest

from grantmatch.catalog import schema

PROGRAMMES = ["erasmus-plus", "horizon-europe"]


def valid_scheme(**changes: object) -> dict:
    record = {
        "id": "test-scheme",
        "programme": "erasmus-plus",
        "status": "active",
        "name": {"nb": "Testordning", "en": "Test scheme"},
        "summary": {"nb": "Kort.", "en": "Short."},
        "description": {"nb": "Lang tekst.", "en": "Long text."},
        "applicants": ["school"],
        "funding": {"currency": "EUR", "min": 1000, "max": 5000, "cofunding_rate": 0.8},
        "deadlines": [{"date": "2027-02-19", "label": {"nb": "Frist", "en": "Deadline"}},
                      {"recurring": {"month": 3, "day": 5}, "label": {"nb": "Frist", "en": "Deadline"}},
                      {"rolling": True, "label": {"nb": "Løpende", "en": "Rolling"}}],
        "url": "https://example.org/scheme",
        "agency": {"name": "HK-dir", "url": "https://hkdir.no/"},
        "last_verified": "2026-11-30",
        "sources": ["https://example.org/source"],
    }
    record.update(changes)
    return record


def paths(errors: list[schema.FieldError]) -> set[str]:
    return {e.path for e in errors}


def test_valid_scheme_has_no_errors() -> None:
    assert schema.validate_scheme(valid_scheme(), PROGRAMMES) == []


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"id": "Bad Id"}, "id"),
        ({"programme": "made-up"}, "programme"),
        ({"status": "open"}, "status"),
        ({"status": "retired"}, "successor"),
        ({"name": {"nb": "Bare norsk"}}, "name.en"),
        ({"summary": {"nb": "x" * 401, "en": "ok"}}, "summary.nb"),
        ({"applicants": ["aliens"]}, "applicants.0"),
        ({"applicants": []}, "applicants"),
        ({"url": "ftp://example.org/x"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"funding": {"currency": "USD"}}, "funding.currency"),
        ({"funding": {"currency": "EUR", "min": 10, "max": 5}}, "funding.max"),
        ({"funding": {"currency": "EUR", "cofunding_rate": 80}}, "funding.cofunding_rate"),
        ({"funding": {"currency": "EUR", "max": "lots"}}, "funding.max"),
        ({"deadlines": [{"date": "2027-02-30", "label": {"nb": "a", "en": "b"}}]}, "deadlines.0.date"),
        ({"deadlines": [{"date": "19.02.2027", "label": {"nb": "a", "en": "b"}}]}, "deadlines.0.date"),
        ({"deadlines": [{"recurring": {"month": 2, "day": 31}, "label": {"nb": "a", "en": "b"}}]},
         "deadlines.0.recurring.day"),
        ({"deadlines": [{"recurring": {"month": 13}, "label": {"nb": "a", "en": "b"}}]}, "deadlines.0.recurring.month"),
        ({"deadlines": [{"label": {"nb": "a", "en": "b"}}]}, "deadlines.0"),
        ({"last_verified": "yesterday"}, "last_verified"),
        ({"sources": []}, "sources"),
        ({"partners": {"countries": ["Sweden"]}}, "partners.countries.0"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_each_rule_names_the_field(changes: dict, path: str) -> None:
    errors = schema.validate_scheme(valid_scheme(**changes), PROGRAMMES)
    assert path in paths(errors), errors


def test_missing_required_fields_are_all_reported() -> None:
    record = valid_scheme()
    for name in ("summary", "url", "agency"):
        del record[name]
    assert {"summary", "url", "agency"} <= paths(schema.validate_scheme(record, PROGRAMMES))


def test_export_metadata_is_accepted() -> None:
    assert schema.validate_scheme(valid_scheme(version=3, updated_at="2026-11-30T10:00:00+00:00"), PROGRAMMES) == []


def test_project_rules() -> None:
    project = {"id": "p1", "name": "P", "description": "D", "partners": [{"name": "X", "country": "se"}],
               "years": {"start": 2008, "end": "later"}}
    assert {"partners.0.country", "years.end"} <= paths(schema.validate_project(project, PROGRAMMES))


def test_glossary_group_needs_two_terms() -> None:
    assert schema.validate_glossary_group({"nb": ["skole"]})
    assert schema.validate_glossary_group({"nb": ["skole"], "en": ["school"]}) == []
    assert "xx" in paths(schema.validate_glossary_group({"xx": ["a", "b"]}))


def test_validation_does_not_modify_the_record() -> None:
    record = valid_scheme()
    before = copy.deepcopy(record)
    schema.validate_scheme(record, PROGRAMMES)
    assert record == before
