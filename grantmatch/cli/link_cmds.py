"""``grantmatch links ...`` and ``grantmatch scheduler``: link health from the command line."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from grantmatch.catalog import db
from grantmatch.cli.common import pass_runtime_factory
from grantmatch.linkcheck import LinkResult, check_urls, render_email
from grantmatch.runtime import Runtime


def _read_url_file(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path} is not UTF-8 text") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror or exc}") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _progress():  # type: ignore[no-untyped-def]
    """A progress line on a terminal (stderr), nothing when piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, result: LinkResult) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {result.status:<11}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _as_json(results: list[LinkResult], usages: dict[str, list[tuple[str, str, str]]]) -> str:
    summary: dict[str, int] = {}
    rows = []
    for r in results:
        summary[str(r.status)] = summary.get(str(r.status), 0) + 1
        rows.append({"url": r.url, "status": str(r.status), "http_status": r.http_status, "final_url": r.final_url,
                     "elapsed_ms": r.elapsed_ms, "error": r.error,
                     "schemes": sorted({rid for kind, rid, _ in usages.get(r.url, ()) if kind == "scheme"})})
    return json.dumps({"results": rows, "summary": summary}, ensure_ascii=False, indent=2)


def _as_table(results: list[LinkResult]) -> str:
    lines = [f"{'STATUS':<12} {'HTTP':>4}  URL"]
    for r in results:
        extra = f" -> {r.final_url}" if r.final_url and r.final_url != r.url else ""
        error = f"  ({r.error})" if r.error else ""
        lines.append(f"{r.status:<12} {r.http_status or '':>4}  {r.url}{extra}{error}")
    return "\n".join(lines)


@click.group(name="links")
def links_group() -> None:
    """Check the catalogue's links and report on them."""


@links_group.command()
@click.option("--urls", "url_file", type=click.Path(path_type=Path), help="Check only these URLs (one per line); "
              "nothing is stored.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON results and a summary.")
@click.option("--send-report", is_flag=True, help="Queue the report for GRANTMATCH_REPORT_TO and send it now.")
@click.option("--timeout", type=float, help="Seconds per request (connect and read).")
@click.option("--concurrency", type=int, help="Requests at once per host.")
@pass_runtime_factory
def check(runtime: Runtime, url_file: Path | None, as_json: bool, send_report: bool, timeout: float | None,
          concurrency: int | None) -> None:
    """Check every URL in the catalogue (stored as a run), or only those in --urls."""
    from grantmatch.scheduler import link_options
    from grantmatch.services import linkhealth, outbox

    options = link_options(runtime)
    if timeout is not None:
        options = replace(options, connect_timeout=timeout, read_timeout=timeout)
    if concurrency is not None:
        options = replace(options, per_host_concurrency=concurrency)
    if url_file is not None:
        results = check_urls(_read_url_file(url_file), options, _progress())
        click.echo(_as_json(results, {}) if as_json else _as_table(results))
        return
    db.upgrade(runtime.engine)
    recipients = runtime.config.report_to if send_report else ()
    if send_report and not recipients:
        raise click.ClickException("--send-report needs GRANTMATCH_REPORT_TO (comma-separated addresses)")
    with runtime.session() as session:
        outcome = linkhealth.run_check(session, options, base_url=runtime.config.base_url, recipients=recipients,
                                       progress=_progress())
        click.echo(_as_json(outcome.results, outcome.usages) if as_json else _as_table(outcome.results))
        if send_report:
            delivery = outbox.deliver_pending(session, outbox.smtp_settings(runtime.config.smtp))
            click.echo(f"Report: {delivery.sent} sent, {delivery.waiting} waiting in the outbox", err=True)


@links_group.command()
@click.option("--send", is_flag=True, help="Queue the report for GRANTMATCH_REPORT_TO and send it.")
@click.option("--lang", type=click.Choice(["nb", "en"]), default="nb", show_default=True)
@pass_runtime_factory
def report(runtime: Runtime, send: bool, lang: str) -> None:
    """Show (and optionally send) the report of the last catalogue run."""
    from grantmatch.services import linkhealth, outbox

    db.upgrade(runtime.engine)
    with runtime.session() as session:
        run = linkhealth.latest_catalog_run(session)
        if run is None:
            raise click.ClickException("no link check has run yet; run `grantmatch links check` first")
        email = render_email(linkhealth.report_for_run(session, run, runtime.config.base_url), lang)
        click.echo(f"Subject: {email.subject}\n\n{email.text}")
        if send:
            if not runtime.config.report_to:
                raise click.ClickException("--send needs GRANTMATCH_REPORT_TO (comma-separated addresses)")
            outbox.enqueue(session, kind=linkhealth.REPORT_KIND, recipients=runtime.config.report_to,
                           subject=email.subject, text=email.text, html=email.html, ref=f"link-run:{run.id}")
            session.commit()
            delivery = outbox.deliver_pending(session, outbox.smtp_settings(runtime.config.smtp))
            click.echo(f"Report: {delivery.sent} sent, {delivery.waiting} waiting in the outbox", err=True)


@click.command()
@click.option("--run-pending", is_flag=True, help="Run whatever is due now, then exit (for cron and tests).")
@pass_runtime_factory
def scheduler(runtime: Runtime, run_pending: bool) -> None:
    """Run scheduled jobs (the weekly link check) exactly once per period."""
    from grantmatch import scheduler as sched

    db.upgrade(runtime.engine)
    if run_pending:
        result = sched.run_pending(runtime)
        click.echo(f"ran: {', '.join(result.ran) or 'nothing'}; mail sent {result.mail.sent}, "
                   f"waiting {result.mail.waiting}")
        return
    click.echo(f"Scheduler running (tick every {sched.TICK_MINUTES} min, link check at "
               f"'{runtime.config.linkcheck.cron}' {runtime.config.timezone}). Ctrl+C stops it.")
    sched.run_forever(runtime)


COMMANDS = [links_group, scheduler]
