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


IDEA = "Kulturskolen vil sende to unge instruktører til Malawi i et år"


def test_match_table_names_the_scheme_and_reasons(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("match", "--top", "3", IDEA)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["#", "score", "programme", "scheme"]
    assert "norec" in lines[1] and "Malawi" in result.output


def test_match_json_shape(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("match", "--json", "--top", "5", IDEA).output)
    assert data["query"] == IDEA and len(data["results"]) == 5
    first = data["results"][0]
    assert {"scheme_id", "programme", "name", "score", "why"} <= set(first)
    assert first["programme"] == "norec" and 0 <= first["score"] <= 1
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_match_reads_standard_input_and_filters(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("match", "--json", "--programme", "nordplus", "-", input=IDEA).output)
    assert data["results"] and {r["programme"] for r in data["results"]} == {"nordplus"}
    closed = json.loads(cli("match", "--json", "--top", "50", "Horizon 2020 forskning").output)
    assert "horizon-2020" not in {r["scheme_id"] for r in closed["results"]}
    every = json.loads(cli("match", "--json", "--all-statuses", "--top", "50", "Horizon 2020 forskning").output)
    assert "horizon-2020" in {r["scheme_id"] for r in every["results"]}


def test_match_jsonl_keeps_order_and_survives_bad_lines(cli) -> None:  # type: ignore[no-untyped-def]
    lines = "\n".join([json.dumps({"text": IDEA}), "not json", json.dumps({"txt": "wrong key"}),
                       json.dumps({"text": "   "}), json.dumps({"text": "felles prosjekt med Strömstad om sentrum"})])
    out = [json.loads(line) for line in cli("match", "--jsonl", "--top", "2", input=lines + "\n").output.splitlines()]
    assert len(out) == 5
    assert out[0]["results"][0]["programme"] == "norec"
    assert "error" in out[1] and "line 2" in out[1]["error"]
    assert "error" in out[2]
    assert out[3]["results"] == [] and out[3]["message"]
    assert out[4]["results"][0]["programme"] == "interreg-sverige-norge"


def test_match_refuses_a_huge_query_clearly(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("match", "-", input="skole " * 200_000)
    assert result.exit_code == 1 and "limit" in result.output
    jsonl = cli("match", "--jsonl", input=json.dumps({"text": "skole " * 200_000}) + "\n")
    assert "error" in json.loads(jsonl.output)


def test_eval_prints_matcher_and_both_baselines(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join(json.dumps(q) for q in [
        {"text": IDEA, "programmes": ["norec"], "lang": "nb"},
        {"text": "Klasseutveksling med en skole i Sverige og Finland", "programmes": ["nordplus"], "lang": "nb"},
    ]) + "\n", encoding="utf-8")
    result = cli("eval", str(queries), "--verbose")
    assert result.exit_code == 0
    for system in ("matcher", "fts5-bm25", "tfidf-default"):
        assert system in result.output
    assert "top-3" in result.output and "MRR" in result.output
