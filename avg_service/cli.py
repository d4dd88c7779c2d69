"""``flask --app wsgi avg ...``: set-up, workers, jobs and the legal calculators.

Each command is an outer edge: it opens its own unit of work and commits once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from avg_service import clock
from avg_service.breaches.cli import breaches
from avg_service.retention.cli import retention
from avg_service.sso.cli import sso
from avg_service.config import current_settings
from avg_service.db import unit_of_work


@click.group()
def avg() -> None:
    """Contactpunt AVG-rechten: beheercommando's."""


@avg.command()
@click.option("--demo", is_flag=True, help="Also seed demo data and accounts (not in production).")
@with_appcontext
def init(demo: bool) -> None:
    """Bring the database to the latest schema; with --demo, seed the demo data."""
    if demo and current_settings().is_production:
        raise click.UsageError("--demo is refused in production: demo accounts have known passwords.")
    upgrade()
    click.echo("Database schema is up to date.")
    from avg_service.organisations.services import seed_participants

    with unit_of_work():
        added = seed_participants(now=clock.now_utc())
    click.echo(f"Participants (WGS art. 2.27): {added} added.")
    if demo:
        from avg_service.demo import seed_demo

        with unit_of_work():
            report = seed_demo()
        for line in report:
            click.echo(line)


@avg.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--max-jobs", type=int, default=None, help="Stop after this many jobs.")
@with_appcontext
def worker(burst: bool, max_jobs: int | None) -> None:
    """Run an rq worker for letters and mail (needs REDIS_URL); it waits out a Redis outage
    and reruns the jobs of workers that died (README, "Worker supervision")."""
    if current_settings().runs_jobs_inline:
        raise click.UsageError("REDIS_URL is not set: jobs run inline in the web process.")
    from avg_service.jobs.worker import run_worker

    run_worker(burst=burst, max_jobs=max_jobs)


@avg.group()
def jobs() -> None:
    """The job outbox."""


@jobs.command("requeue")
@click.option("--older-than", type=int, default=5, show_default=True, help="Minutes pending.")
@with_appcontext
def jobs_requeue(older_than: int) -> None:
    """Hand pending jobs to the queue again (after a Redis outage)."""
    from avg_service.jobs import requeue_pending

    count = requeue_pending(older_than=timedelta(minutes=older_than))
    click.echo(f"{count} pending job(s) handed over.")


@jobs.command("probe")
@with_appcontext
def jobs_probe() -> None:
    """Queue a probe job; check its status with `flask avg jobs status`."""
    from avg_service.jobs import enqueue_after_commit

    with unit_of_work():
        row = enqueue_after_commit("system.probe", secrets.randbelow(2**31))
        job_id = row.id
    click.echo(f"probe queued as job {job_id}")


@jobs.command("status")
@with_appcontext
def jobs_status() -> None:
    """Count outbox rows per status."""
    import sqlalchemy as sa

    from avg_service.extensions import db
    from avg_service.jobs import QueuedJob

    rows = db.session.execute(
        sa.select(QueuedJob.status, sa.func.count()).group_by(QueuedJob.status)
    ).all()
    for status, count in sorted(rows):
        click.echo(f"{status}: {count}")


@avg.group()
def mail() -> None:
    """The mail outbox."""


@mail.command("retry")
@with_appcontext
def mail_retry() -> None:
    """Send every message whose next attempt is due. Without Redis (the embedded mode) this is
    what retries mail: run it from cron every few minutes; the daily sweep runs it too."""
    from avg_service.mail.services import send_due

    with unit_of_work():
        count = send_due(clock.now_utc())
    click.echo(f"{count} due message(s) queued for sending.")


@avg.group()
def letters() -> None:
    """Letters: previews for template authors."""


@letters.command("preview")
@click.argument("kind")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .pdf for the PDF/A, .html for the HTML.")
@with_appcontext
def letters_preview(kind: str, out: Path) -> None:
    """Render letter KIND with demo data, without the database."""
    from avg_service.letters.preview import PREVIEW_KINDS, demo_data, render_preview_html
    from avg_service.letters.rendering import render_pdf_with_pages

    if kind not in PREVIEW_KINDS:
        raise click.BadParameter(f"unknown letter kind {kind!r}; choose one of: "
                                 + ", ".join(PREVIEW_KINDS), param_hint="KIND")
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".html"):
        raise click.BadParameter("the file must end in .pdf or .html", param_hint="--out")
    html = render_preview_html(demo_data(kind))
    if suffix == ".html":
        out.write_text(html, encoding="utf-8")
        click.echo(f"{kind}: HTML written to {out}")
        return
    pdf, pages = render_pdf_with_pages(html)
    out.write_bytes(pdf)
    click.echo(f"{kind}: PDF written to {out} ({pages} page{'s' if pages != 1 else ''})")


@avg.group()
def audit() -> None:
    """The audit log (verplichte logging, WGS art. 1.8(4))."""


@audit.command("verify")
@click.option("--checkpoints", "checkpoints", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="A file of checkpoints (e.g. saved from the FG's mails); "
              "default AVG_AUDIT_CHECKPOINTS.")
@with_appcontext
def audit_verify(checkpoints: Path | None) -> None:
    """Check the whole hash chain; exit 1 naming the first broken entry."""
    from avg_service.audit.services import verify_audit
    from avg_service.config import current_settings

    path = checkpoints or current_settings().audit_checkpoints
    report = verify_audit(path)
    result = report.chain
    if result.ok:
        click.echo(f"audit log intact: {result.checked} entries checked; every hash is an HMAC "
                   "under AVG_AUDIT_KEY, so nobody without that key rewrote them")
    else:
        click.echo(f"audit log BROKEN at entry {result.broken_id}: {result.reason} "
                   f"({result.checked} entries checked before it)", err=True)
    for problem in report.problems:
        click.echo(f"checkpoint check FAILED: {problem}", err=True)
    last = report.last_checkpoint
    if last is not None and not report.problems:
        click.echo(f"{report.checkpoints} checkpoints from {path} agree: entries 1 to "
                   f"{last.last_id} are as they were at {last.at}, even for someone who holds "
                   "the key")
    if last is None and not report.problems:
        click.echo(f"no checkpoints in {path}: nothing outside the database vouches for the "
                   "chain; run `flask avg audit checkpoint` from cron")
    click.echo("not provable here: entries written after the last checkpoint against someone "
               "who holds both the database and AVG_AUDIT_KEY, and the removal of entries "
               "written after the last checkpoint")
    if not report.ok:
        raise SystemExit(1)


@audit.command("checkpoint")
@with_appcontext
def audit_checkpoint() -> None:
    """Put the chain's head outside the database, e.g. hourly: appended to the checkpoint file
    (AVG_AUDIT_CHECKPOINTS) and/or mailed to the FG (AVG_AUDIT_CHECKPOINT_TO)."""
    from avg_service import clock
    from avg_service.audit.services import current_checkpoint, write_checkpoint
    from avg_service.notifications.checkpoints import NoCheckpointMailbox, mail_checkpoint
    from avg_service.config import CheckpointTarget, current_settings

    settings = current_settings()
    point = current_checkpoint(now=clock.now_utc())
    if CheckpointTarget.FG in settings.audit_checkpoint_to:
        try:
            with unit_of_work():
                addresses = mail_checkpoint(point, mailbox=settings.audit_checkpoint_mailbox)
        except NoCheckpointMailbox as missing:
            raise click.ClickException(f"checkpoint not mailed: {missing}") from None
        click.echo(f"checkpoint of entry {point.last_id} at {point.at} mailed to the FG "
                   f"({len(addresses)} address(es))")
    if CheckpointTarget.FILE in settings.audit_checkpoint_to:
        path = settings.audit_checkpoints
        assert path is not None
        write_checkpoint(path, now=clock.now_utc(), point=point)
        click.echo(f"checkpoint written to {path}: entry {point.last_id} at {point.at}")


@avg.command()
@click.option("--received", "received_on", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Receipt date (Europe/Amsterdam), YYYY-MM-DD.")
@click.option("--suspended", type=click.IntRange(min=0), default=0, help="Days of opschorting.")
@click.option("--notified", "notified_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Bekendmaking of the besluit, YYYY-MM-DD.")
def deadlines(received_on: datetime, suspended: int, notified_on: datetime | None) -> None:
    """Print the statutory deadlines of a request, with why each date is what it is."""
    from avg_service.deadlines import format_report

    click.echo(
        format_report(
            received_on.date(),
            suspended=suspended,
            notified_on=notified_on.date() if notified_on is not None else None,
        )
    )



@avg.command()
@with_appcontext
def sweep() -> None:
    """The daily run (cron, or rq's scheduler): close unused Awb 4:5 terms, remind assignees of
    requests due within 5 working days or overdue, send the participants' task reminders,
    chases, escalations and deadline warnings, the bezwaar reminders and unused herstel
    terms, the breach reminders (also every 15 minutes: `avg breaches sweep`), delete
    expired besluit previews, retry due mail and send staff their daily digest. Each goes out
    once, however often it runs."""
    from avg_service.bezwaar.services import sweep as sweep_bezwaren
    from avg_service.breaches.notices import sweep as sweep_breaches
    from avg_service.coordination.services import sweep_tasks
    from avg_service.decisions.previews import delete_expired as delete_expired_previews
    from avg_service.requests.digest import send_digests
    from avg_service.mail.services import send_due
    from avg_service.portal.services import prune_attempts
    from avg_service.requests.documents import sweep_orphans
    from avg_service.requests.services import prune_public_submissions, sweep as run_sweep

    now = clock.now_utc()
    with unit_of_work():
        result = run_sweep(now=now)
        tasks = sweep_tasks(now=now)
        bezwaren = sweep_bezwaren(now=now)
        breach_reminders = sweep_breaches(now=now)
        pruned = prune_public_submissions(now=now) + prune_attempts(now=now)
        orphans = sweep_orphans(now=now)
        previews = delete_expired_previews(now=now)
    # Mail in a unit of its own: a digest that cannot be written must not undo the reminders.
    # Retries first, so the digests queued next are not picked up twice.
    with unit_of_work():
        retried = send_due(now)
        digests = send_digests(now=now)
    click.echo(f"sweep: {result.expired} aanvullingstermijn(en) verlopen, "
               f"{result.reminders} herinnering(en) aan behandelaars; taken: "
               f"{tasks.reminders} herinnering(en), {tasks.chases} rappel(s), "
               f"{tasks.escalations} escalatie(s), {tasks.warnings} termijnwaarschuwing(en), "
               f"{tasks.cancelled} vervallen; bezwaren: {bezwaren.expired} hersteltermijn(en) "
               f"verlopen, {bezwaren.reminders} herinnering(en); datalekken: {breach_reminders.sent} "
               f"herinnering(en); {pruned} oude formulier- en linkpogingen opgeruimd, "
               f"{orphans} achtergebleven bestand(en) en {previews} verlopen "
               "besluitvoorbeeld(en) verwijderd; "
               f"e-mail: {retried} opnieuw aangeboden, {digests} dagoverzicht(en)")


avg.add_command(breaches)  # flask avg breaches sweep
avg.add_command(retention)  # flask avg retention sweep | carry-out LIST_ID
avg.add_command(sso)  # flask avg sso link|unlink|list
