"""Reading catalogue files: every kind of bad file gives file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from grantmatch.catalog.files import load_path
from tests.conftest import CATALOG

EXAMPLE = CATALOG / "schemes" / "erasmus-school-short-term-mobility.yaml"


def make_catalog(tmp_path: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """A small valid catalogue folder, plus extra scheme files (name -> content)."""
    root = tmp_path / "catalog"
    (root / "schemes").mkdir(parents=True)
    (root / "projects").mkdir()
    shutil.copy(CATALOG / "programmes.yaml", root / "programmes.yaml")
    shutil.copy(EXAMPLE, root / "schemes" / EXAMPLE.name)
    for name, content in (extra or {}).items():
        target = root / "schemes" / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def scheme_text(**changes: object) -> str:
    record = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    record.update(changes)
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


def test_shipped_catalogue_is_valid() -> None:
    loaded = load_path(CATALOG)
    assert loaded.errors == []
    assert len(loaded.schemes) >= 35
    families = {s["programme"] for s in loaded.schemes}
    required = {"erasmus-plus", "european-solidarity-corps", "creative-europe", "horizon-europe", "eu4health",
                "interreg-sverige-norge", "interreg-oks", "interreg-north-sea", "interreg-baltic-sea",
                "interreg-europe", "urbact", "eea-norway-grants", "nordplus", "nordic-culture-fund",
                "nordic-culture-point", "norec", "foreningen-norden", "vennskap-nord-sor", "cerv", "life",
                "digital-europe"}
    assert required <= families
    assert loaded.projects and loaded.glossary


def test_every_seed_project_links_to_a_programme_or_says_why() -> None:
    loaded = load_path(CATALOG)
    names = {p["name"].lower() for p in loaded.projects}
    for expected in ("how children learn", "tuko pamoja", "urban stedsinnovasjon", "scandinavian science cluster",
                     "ren kystlinje", "useact"):
        assert any(expected in n for n in names), expected
    for project in loaded.projects:
        assert project.get("programme") or project.get("source"), project["id"]


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"broken.yaml": "id: broken\nname: {nb: [unclosed\n"})
    errors = load_path(root).errors
    assert any(e.file.endswith("broken.yaml") and e.line and "invalid YAML" in e.message for e in errors)


def test_wrong_type_names_file_line_and_field(tmp_path: Path) -> None:
    text = scheme_text(id="wrong-type", applicants="school")
    root = make_catalog(tmp_path, {"wrong-type.yaml": text})
    errors = [e for e in load_path(root).errors if e.file.endswith("wrong-type.yaml")]
    assert [e.field for e in errors] == ["applicants"]
    expected_line = text.splitlines().index("applicants: school") + 1
    assert errors[0].line == expected_line
    assert str(errors[0]).startswith(f"{errors[0].file}:{expected_line}: applicants:")


def test_unknown_family(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"odd.yaml": scheme_text(id="odd", programme="moon-programme")})
    assert any(e.field == "programme" and "moon-programme" in e.message for e in load_path(root).errors)


def test_duplicate_id_and_file_name_mismatch(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"copy.yaml": scheme_text()})
    messages = [e.message for e in load_path(root).errors]
    assert any("duplicate scheme id" in m for m in messages)
    assert any("must equal the file name" in m for m in messages)


def test_dangling_successor(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"old.yaml": scheme_text(id="old", status="retired", successor="nowhere")})
    assert any(e.field == "successor" and "nowhere" in e.message for e in load_path(root).errors)


def test_impossible_deadline(tmp_path: Path) -> None:
    text = scheme_text(id="late", deadlines=[{"date": "2027-02-30", "label": {"nb": "Frist", "en": "Deadline"}}])
    root = make_catalog(tmp_path, {"late.yaml": text})
    assert any(e.field == "deadlines.0.date" for e in load_path(root).errors)


def test_missing_english_text(tmp_path: Path) -> None:
    text = scheme_text(id="no-en", summary={"nb": "Bare bokmål"})
    root = make_catalog(tmp_path, {"no-en.yaml": text})
    assert any(e.field == "summary.en" for e in load_path(root).errors)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = make_catalog(tmp_path)
    huge = root / "schemes" / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    errors = [e for e in load_path(root).errors if e.file.endswith("huge.yaml")]
    assert errors and "52.4 MB" in errors[0].message


def test_non_utf8_file(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"latin1.yaml": scheme_text(id="latin1").encode("latin-1", errors="replace")})
    errors = [e for e in load_path(root).errors if e.file.endswith("latin1.yaml")]
    assert errors and "UTF-8" in errors[0].message and errors[0].line


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    root = make_catalog(tmp_path, {"bomb.yaml": bomb})
    assert any("aliases" in e.message for e in load_path(root).errors)


def test_single_file_and_missing_path(tmp_path: Path) -> None:
    assert load_path(EXAMPLE, known_programmes=["erasmus-plus"]).errors == []
    assert load_path(tmp_path / "nope.yaml").errors[0].message == "no such file or folder"
    odd = tmp_path / "catalog.txt"
    odd.write_text("x")
    assert "unsupported file type" in load_path(odd).errors[0].message


@pytest.mark.parametrize("content", ["", "just a string\n", "- a\n- b\n"])
def test_non_mapping_documents(tmp_path: Path, content: str) -> None:
    root = make_catalog(tmp_path, {"odd.yaml": content})
    assert any(e.file.endswith("odd.yaml") for e in load_path(root).errors)
