"""Coordinator pages for past projects and the glossary: edit, validation, conflict, history."""

from __future__ import annotations

from flask.testing import FlaskClient

from grantmatch.runtime import Runtime
from grantmatch.services import catalog as cat
from grantmatch.web.admin import forms
from tests.web.test_admin import EMAIL, app, client, form_data, seeded_sqlite, sqlite_seeded_runtime  # noqa: F401


def project_form(runtime: Runtime, project_id: str, **changes: str) -> dict[str, list[str]]:
    with runtime.session() as session:
        row = cat.get_entity(session, "project", project_id)
        data = form_data(forms.project_to_form(row.data))
        data["version"] = [str(row.version)]
    for name, value in changes.items():
        data[name] = [value]
    return data


def stored(runtime: Runtime, entity_type: str, entity_id: str = "glossary") -> tuple[object, int]:
    with runtime.session() as session:
        row = cat.get_entity(session, entity_type, entity_id)  # type: ignore[arg-type]
        return row.data, row.version


def test_project_list_and_edit_with_history(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    assert 'href="/admin/projects/mic-malawi/edit"' in client.get("/admin/projects").get_data(as_text=True)
    page = client.get("/admin/projects/mic-malawi/edit").get_data(as_text=True)
    assert "tre skoler i Lilongwe | MW" in page

    data = project_form(sqlite_seeded_runtime, "mic-malawi",
                        partners="tre skoler i Lilongwe | MW\nLilongwe City Council | mw\nKS", **{"years.end": "2010"})
    assert client.post("/admin/projects/mic-malawi/edit", data=data).status_code == 302
    record, version = stored(sqlite_seeded_runtime, "project", "mic-malawi")
    assert version == 2
    assert record["partners"] == [{"name": "tre skoler i Lilongwe", "country": "MW"},  # type: ignore[index]
                                  {"name": "Lilongwe City Council", "country": "MW"}, {"name": "KS"}]
    assert record["years"] == {"start": 2004, "end": 2010}  # type: ignore[index]
    history = client.get("/admin/projects/mic-malawi/history").get_data(as_text=True)
    assert "Lilongwe City Council" in history and EMAIL in history and "2009" in history

    stale = client.post("/admin/projects/mic-malawi/edit", data=project_form(sqlite_seeded_runtime, "mic-malawi")
                        | {"version": ["1"], "unit": ["Kulturskolen"]})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Someone else changed this project" in html and "Kulturskolen" in html
    assert stored(sqlite_seeded_runtime, "project", "mic-malawi")[1] == 2


def test_project_validation_and_create(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    bad = {"version": "0", "id": "nytt-prosjekt", "name": "Nytt prosjekt", "description": "",
           "partners": "Partner | Sweden", "years.start": "twenty"}
    response = client.post("/admin/projects/new", data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="f-partners-error">line 1: must be an ISO 3166-1' in html
    assert 'id="f-years-start-error">must be a whole number' in html
    assert 'id="f-description-error">is required' in html
    assert 'value="twenty"' in html and "Partner | Sweden" in html
    good = bad | {"description": "Et prosjekt.", "partners": "Partner | SE", "years.start": "2025",
                  "programme": "nordplus", "scheme": "nordplus-junior"}
    assert client.post("/admin/projects/new", data=good).status_code == 302
    record, version = stored(sqlite_seeded_runtime, "project", "nytt-prosjekt")
    assert version == 1 and record["scheme"] == "nordplus-junior"  # type: ignore[index]


def test_glossary_edit_validation_conflict_and_history(client: FlaskClient, sqlite_seeded_runtime: Runtime) -> None:
    groups, version = stored(sqlite_seeded_runtime, "glossary")
    page = client.get("/admin/glossary").get_data(as_text=True)
    assert "nb: elevutveksling; elevmobilitet; skoleutveksling" in page
    text = forms.glossary_to_text(groups) + "\nnb: vennskapsby\nsv: vänort\nen: twin town; sister city\n"  # type: ignore[arg-type]

    bad = client.post("/admin/glossary", data={"version": str(version), "groups": text + "\nnb: ensom\n"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "a group needs at least two terms" in html and "vennskapsby" in html
    assert 'id="f-groups-error">line ' in html

    assert client.post("/admin/glossary", data={"version": str(version), "groups": text}).status_code == 302
    new_groups, new_version = stored(sqlite_seeded_runtime, "glossary")
    assert new_version == version + 1
    assert new_groups[-1] == {"nb": ["vennskapsby"], "sv": ["vänort"], "en": ["twin town", "sister city"]}  # type: ignore[index]

    stale = client.post("/admin/glossary", data={"version": str(version), "groups": text + "\nnb: a\nen: b\n"})
    assert stale.status_code == 409 and "Someone else changed the glossary" in stale.get_data(as_text=True)
    assert stored(sqlite_seeded_runtime, "glossary")[1] == new_version

    history = client.get("/admin/glossary/history").get_data(as_text=True)
    assert "twin town" in history and EMAIL in history and "group " in history
