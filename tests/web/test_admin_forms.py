"""The edit forms reproduce every record exactly: record → form → record is the identity."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from grantmatch.catalog.files import load_path
from grantmatch.catalog.records import canonical
from grantmatch.catalog.schema import FieldError
from grantmatch.web.admin import forms
from tests.conftest import CATALOG

LOADED = load_path(CATALOG)


def set_values(values: MultiDict, changes: dict[str, str]) -> None:
    for name, value in changes.items():
        values[name] = value


def test_every_shipped_scheme_survives_the_form() -> None:
    assert len(LOADED.schemes) > 30
    for record in LOADED.schemes:
        values = forms.scheme_to_form(record)
        back, errors, _rows = forms.scheme_from_form(values, record["id"])
        assert errors == {}, record["id"]
        assert canonical(back) == canonical(record), record["id"]


def test_every_shipped_project_and_the_glossary_survive_the_form() -> None:
    for record in LOADED.projects:
        back, errors = forms.project_from_form(forms.project_to_form(record), record["id"])
        assert errors == {} and canonical(back) == canonical(record), record["id"]
    groups, errors, starts = forms.glossary_from_text(forms.glossary_to_text(LOADED.glossary or []))
    assert errors == {} and len(starts) == len(groups)
    assert [canonical(g) for g in groups] == [canonical(g) for g in LOADED.glossary or []]


def test_numbers_percent_and_countries_are_read_leniently() -> None:
    values = forms.scheme_to_form({})
    set_values(values, {"funding.min": "30 000", "funding.max": "12,5", "funding.cofunding_percent": "92.5",
                   "partners.countries": "se, dk;fi", "partners.min_countries": "2.5"})
    record, errors, _ = forms.scheme_from_form(values, "x")
    assert record["funding"]["min"] == 30000 and record["funding"]["max"] == 12.5
    assert record["funding"]["cofunding_rate"] == 0.925
    assert record["partners"]["countries"] == ["SE", "DK", "FI"]
    assert errors == {"partners.min_countries": ["must be a whole number"]}
    values["funding.cofunding_percent"] = "120"
    assert "funding.cofunding_percent" in forms.scheme_from_form(values, "x")[1]


def test_service_errors_map_to_inputs_with_deadline_rows_shifted() -> None:
    values = forms.scheme_to_form({})
    set_values(values, {"deadline_rows": "3", "deadlines.1.type": "rolling", "deadlines.1.label.nb": "Løpende"})
    _record, _errors, rows = forms.scheme_from_form(values, "x")
    assert rows == [1]  # row 0 and row 2 are blank
    errors = forms.scheme_errors([FieldError("deadlines.0.label.en", "is required"),
                                  FieldError("funding.cofunding_rate", "must be at most 1"),
                                  FieldError("keywords.sv.2", "must be non-empty text"),
                                  FieldError("name", "is required"),
                                  FieldError("mystery", "odd")], rows)
    assert errors == {"deadlines.1.label.en": ["is required"], "funding.cofunding_percent": ["must be at most 1"],
                      "keywords.sv": ["line 3: must be non-empty text"], "name.nb": ["is required"],
                      "": ["mystery: odd"]}


def test_glossary_text_errors_name_the_line() -> None:
    groups, errors, starts = forms.glossary_from_text("nb: a; b\nen: c\n\n# comment\nxx: d\nnb: e\nnb: f\n")
    assert errors == {"groups": ["line 5: start the line with nb:, nn:, sv: or en:",
                                 "line 7: nb appears twice in this group; put all its terms on one line"]}
    assert starts == [1, 5] and groups[0] == {"nb": ["a", "b"], "en": ["c"]}
    mapped = forms.glossary_errors([FieldError("1", "a group needs at least two terms")], starts)
    assert mapped == {"groups": ["line 5: a group needs at least two terms"]}
