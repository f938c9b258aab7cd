"""``grantmatch match`` and ``grantmatch eval``: the matcher from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import click

from grantmatch.catalog.schema import APPLICANT_TYPES
from grantmatch.cli.common import pass_runtime_factory
from grantmatch.matcher import Matcher, MatchOutcome, QueryTooLong
from grantmatch.runtime import Runtime, prepare_database
from grantmatch.services import search
from grantmatch.services.partners import PartnerNetwork, partners_json


def _load_matcher(runtime: Runtime) -> tuple[Matcher, search.MatcherInputs]:
    prepare_database(runtime)  # a fresh checkout works without a separate setup step
    with runtime.session() as session:
        inputs = search.matcher_inputs(session)
    return search.build_matcher(inputs), inputs


def outcome_json(text: str, outcome: MatchOutcome, *, network: PartnerNetwork | None = None,
                 records: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON of one match; with ``network`` and scheme ``records`` each result gets ``partners``."""
    def partners(scheme_id: str) -> dict[str, Any]:
        record = (records or {}).get(scheme_id)
        return partners_json(network.fit(record, outcome.lang) if network is not None and record else None)

    return {
        "query": text,
        "lang": outcome.lang,
        "message": outcome.message,
        "results": [
            {"scheme_id": r.scheme_id, "programme": r.programme, "name": r.name, "score": round(r.score, 4),
             "weak": r.weak, "why": list(r.why), "next_deadline": r.next_deadline, "status": r.status,
             "partners": partners(r.scheme_id)}
            for r in outcome.results
        ],
    }


def _table(text: str, outcome: MatchOutcome) -> str:
    if not outcome.results:
        return outcome.message or "No results."
    lines = [f"{'#':>2}  {'score':>5}  {'programme':<24} scheme"]
    for i, r in enumerate(outcome.results, start=1):
        flag = " (weak)" if r.weak else ""
        deadline = f"  deadline {r.next_deadline}" if r.next_deadline else ""
        lines.append(f"{i:>2}  {r.score:5.2f}  {r.programme:<24} {r.name}{flag}{deadline}")
        for reason in r.why[:3]:
            lines.append(f"{'':>35}- {reason}")
    return "\n".join(lines)


def _jsonl(matcher: Matcher, stream: TextIO, out: TextIO, options: dict[str, Any],
           partner_args: dict[str, Any] | None = None) -> None:
    """One result line per input line, same order; a bad line gets an error line and the rest go on."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"] if isinstance(item, dict) else None
            if not isinstance(text, str):
                raise ValueError('each line must be a JSON object with a "text" string')
            result = outcome_json(text, matcher.match(text, **options), **(partner_args or {}))
        except (ValueError, KeyError, QueryTooLong) as exc:
            result = {"error": f"line {number}: {exc}"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


@click.command()
@click.argument("text", required=False)
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help='One JSON object {"query", "results"}.')
@click.option("--jsonl", "as_jsonl", is_flag=True, help='Read {"text": ...} per stdin line, write one result per line.')
@click.option("--applicant", type=click.Choice(APPLICANT_TYPES), help="Only schemes this kind of applicant may apply to.")
@click.option("--programme", help="Only schemes of this programme family (slug).")
@click.option("--all-statuses", is_flag=True, help="Include closed and retired schemes.")
@pass_runtime_factory
def match(runtime: Runtime, text: str | None, top: int, as_json: bool, as_jsonl: bool, applicant: str | None,
          programme: str | None, all_statuses: bool) -> None:
    """Rank funding schemes for a project idea (TEXT, or - / nothing to read standard input)."""
    matcher, inputs = _load_matcher(runtime)
    options = {"top": top, "applicant": applicant, "programme": programme, "include_closed": all_statuses}
    partner_args = {"network": inputs.network(), "records": {s["id"]: s for s in inputs.schemes}}
    if as_jsonl:
        _jsonl(matcher, sys.stdin, sys.stdout, options, partner_args)
        return
    if text is None or text == "-":
        text = sys.stdin.read()
    try:
        outcome = matcher.match(text, **options)
    except QueryTooLong as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(outcome_json(text, outcome, **partner_args), ensure_ascii=False, indent=2) if as_json
               else _table(text, outcome))


@click.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--verbose", is_flag=True, help="List each miss with what ranked above it.")
@click.option("--catalog", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Evaluate on a catalogue folder instead of the database.")
@pass_runtime_factory
def evaluate(runtime: Runtime, file: Path, verbose: bool, catalog: Path | None) -> None:
    """Top-1, top-3 and MRR by programme family, beside FTS5/bm25 and default TF-IDF baselines."""
    from grantmatch import evaluation

    try:
        queries = evaluation.load_queries(file)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{file} is not valid JSONL: {exc}") from exc
    if catalog is not None:
        records = evaluation.load_catalog_records(catalog)
    else:
        _, inputs = _load_matcher(runtime)
        records = evaluation.CatalogRecords(inputs.schemes, inputs.past_projects, inputs.glossary, inputs.programmes)
    click.echo(evaluation.format_report(evaluation.run_evaluation(records, queries), verbose=verbose))


COMMANDS = [match, evaluate]
