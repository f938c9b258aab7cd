"""The command line, run through click's runner on a real SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from grantmatch.cli import main
from grantmatch.runtime import Runtime
from tests.catalog.test_files import make_catalog, scheme_text
from tests.conftest import CATALOG


@pytest.fixture
def cli(sqlite_runtime: Runtime, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GRANTMATCH_CATALOG_PATH", str(CATALOG))
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args), obj=sqlite_runtime, input=input, catch_exceptions=False)

    return invoke


def test_validate_ok_and_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok = cli("catalog", "validate")
    assert ok.exit_code == 0 and "OK:" in ok.output
    root = make_catalog(tmp_path, {"bad.yaml": scheme_text(id="bad", programme="nope", url="not a url")})
    bad = cli("catalog", "validate", str(root))
    assert bad.exit_code == 1
    assert "bad.yaml:" in bad.output and ": programme: unknown programme family 'nope'" in bad.output
    assert ": url:" in bad.output


def test_import_dry_run_then_real_then_unchanged(cli) -> None:  # type: ignore[no-untyped-def]
    dry = cli("catalog", "import", "--dry-run", str(CATALOG))
    assert dry.exit_code == 0 and dry.output.startswith("Dry run (nothing written):")
    exported = json.loads(cli("catalog", "export", "--format", "json", "-o", "-").output)
    assert exported["schemes"] == []
    real = cli("catalog", "import", str(CATALOG))
    assert real.exit_code == 0 and " 0 updated" in real.output
    again = cli("catalog", "import", str(CATALOG))
    assert again.output.startswith("0 created, 0 updated")


def test_import_refuses_bad_source(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_catalog(tmp_path, {"bad.yaml": "id: [\n"})
    result = cli("catalog", "import", str(root))
    assert result.exit_code == 1 and "Nothing imported" in result.output


def test_export_to_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("catalog", "seed")
    target = tmp_path / "out.xlsx"
    result = cli("catalog", "export", "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0 and target.read_bytes()[:2] == b"PK"


def test_seed_only_when_empty(cli) -> None:  # type: ignore[no-untyped-def]
    assert "Loaded" in cli("catalog", "seed").output
    assert "nothing loaded" in cli("catalog", "seed").output


def test_users_create_with_password_stdin(cli) -> None:  # type: ignore[no-untyped-def]
    ok = cli("users", "create", "Coord@Fredrikstad.Kommune.no", "--password-stdin", input="a long enough secret\n")
    assert ok.exit_code == 0 and "coord@fredrikstad.kommune.no" in ok.output
    short = cli("users", "create", "x@example.org", "--password-stdin", input="short\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    dup = cli("users", "create", "coord@fredrikstad.kommune.no", "--password-stdin", input="another long secret\n")
    assert dup.exit_code == 1 and "already exists" in dup.output
