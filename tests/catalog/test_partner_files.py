"""Partner files and the structured partner rules of schemes: errors name file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from grantmatch.catalog import schema
from grantmatch.catalog.files import load_path
from grantmatch.cli import main
from tests.catalog.test_files import make_catalog, scheme_text
from tests.conftest import CATALOG

GOOD = yaml.safe_load((CATALOG / "partners" / "aalborg.yaml").read_text(encoding="utf-8"))


def with_partner(tmp_path: Path, text: str, name: str = "aalborg.yaml") -> Path:
    root = make_catalog(tmp_path)
    (root / "projects" / "les-for-meg.yaml").write_text(
        "id: les-for-meg\nname: Les for meg\ndescription: Nordisk barnehagepartnerskap.\n", encoding="utf-8")
    (root / "partners").mkdir()
    (root / "partners" / name).write_text(text, encoding="utf-8")
    return root


def test_good_partner_loads(tmp_path: Path) -> None:
    loaded = load_path(with_partner(tmp_path, yaml.safe_dump(GOOD, allow_unicode=True)))
    assert loaded.errors == [] and [p["id"] for p in loaded.partners] == ["aalborg"]


def test_bad_partner_file_errors_name_file_line_and_field(tmp_path: Path) -> None:
    text = (
        "id: aalborg\n"                               # 1
        "name: Aalborg kommune\n"                      # 2
        "country: Denmark\n"                           # 3
        "kind: sister-city\n"                          # 4
        "description: {nb: Vennskapsby., en: Twin town.}\n"  # 5
        "past_projects: [les-for-meg, no-such-project]\n"    # 6
        "verified: false\n"                            # 7
        "sources: [https://aalborgevents.dk/venskabsbyer/]\n"  # 8
        "colour: blue\n"                               # 9
    )
    root = with_partner(tmp_path, text)
    errors = {(e.line, e.field): e.message for e in load_path(root).errors}
    assert "ISO 3166-1" in errors[(3, "country")]
    assert "twin-town" in errors[(4, "kind")]
    assert errors[(6, "past_projects.1")] == "refers to unknown past project 'no-such-project'"
    assert "unknown field" in errors[(9, "colour")]
    assert "verified is false" in errors[(1, "note")]
    runner = CliRunner()
    result = runner.invoke(main, ["catalog", "validate", str(root)])
    assert result.exit_code == 1
    assert f"{root / 'partners' / 'aalborg.yaml'}:3: country: must be an ISO 3166-1" in result.output


def test_partner_id_must_match_file_and_be_unique_in_a_bundle(tmp_path: Path) -> None:
    root = with_partner(tmp_path, yaml.safe_dump(GOOD, allow_unicode=True), name="aalborg-kommune.yaml")
    assert any(e.field == "id" and "file name" in e.message for e in load_path(root).errors)
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"partners": [GOOD, GOOD]}), encoding="utf-8")
    errors = load_path(bundle, known_programmes=["x"]).errors
    assert any("duplicate partner id 'aalborg'" in e.message for e in errors)


def test_single_scheme_file_with_a_partners_block_is_not_a_bundle(tmp_path: Path) -> None:
    single = tmp_path / "one.yaml"
    single.write_text((CATALOG / "schemes" / "interreg-oks.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    loaded = load_path(single, known_programmes=["interreg-oks"])
    assert loaded.errors == [] and [s["id"] for s in loaded.schemes] == ["interreg-oks"]


def test_partner_rules_on_schemes_are_validated(tmp_path: Path) -> None:
    rules = {"min_countries": 2, "countries": ["NO", "SE"], "regions": ["Värmland", "Dalarna"],
             "area": {"SE": ["Värmland"], "DK": ["Nordjylland"]}, "beneficiary_states_required": "yes",
             "norway_eligible": False}
    root = make_catalog(tmp_path, {"rules.yaml": scheme_text(id="rules", partners=rules)})
    errors = {e.field: e for e in load_path(root).errors if e.file.endswith("rules.yaml")}
    assert errors["partners.area.DK"].message == "DK is not in partners.countries"
    assert "same regions as partners.regions" in errors["partners.area"].message
    assert errors["partners.beneficiary_states_required"].message == "must be true or false"
    assert errors["partners.area.DK"].line is not None
    eea = schema.validate_scheme({**yaml.safe_load(scheme_text()),
                                  "partners": {"beneficiary_states_required": True, "countries": ["PL", "SE"]}})
    assert [str(e) for e in eea if e.path == "partners.countries"] == [
        "partners.countries: SE are not EEA beneficiary states"]
