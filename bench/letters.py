"""Render time of the besluit, in process and through the rq worker.

Run from the repository root::

    .venv/bin/python bench/letters.py [--runs 20] [--worker-letters 20] \
        [--worker-annex-letters 5] [--no-worker] [--no-explain] \
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres] \
        [--redis-url redis://127.0.0.1:6379/14]

In process (warm; a, a2, c and e interleaved so drift hits all alike, ``--runs`` rounds after two
warm-up rounds; b in ``--runs // 2`` rounds of its own):

a. the decision: the shortest besluit (a rectificatie granted in full, ``preview.demo_data(
   "besluit", simple=True)``). The issue asks for a two-page decision; what every besluit must say
   (legal basis, bezwaarclausule, signature under mandate) makes our shortest one three pages, so
   this figure is an upper bound for two;
a2. the besluit with the demo data of ``flask avg letters preview besluit`` (inzage partly granted,
   verwijdering refused; letter and data annex);
b. the demo besluit with enough data lines in its annex that the annex is ~20 pages;
c. a minimal one-page document, ``<p>x</p>``, through the same ``render_pdf_with_pages`` (same
   PDF/A variant, same ``StaticOnlyFetcher``);
e. the floor: exactly two pages of the decision's own text as plain paragraphs, with WeasyPrint's
   defaults (no stylesheet, no image, no margin boxes, plain PDF; the same FontConfiguration). No
   template or stylesheet of ours can make two pages of a besluit cheaper than this, so e/c is the
   lowest ratio any two-page decision can reach.

Through the worker (d): a throw-away PostgreSQL database (``avg_bench_letters_<random>``, real
migrations, dropped at the end) and Redis db 14 (flushed before and after). ``--worker-letters``
of the decision (a) and ``--worker-annex-letters`` of the besluit with the long annex (b) are
built through the services (request, three participants' answers, draft, four-eyes approval)
while the queue is unreachable, so their render jobs wait in the outbox. Then, per kind, a real
``flask avg worker`` process (rq, a forked work horse per job) is started, and each job is handed
to rq in turn (``hand_to_rq``) and timed until its ``letter`` row is rendered (polled every 2 ms).
The first two decisions and the first long one are warm-up. The worker's parent warms WeasyPrint,
every letter template and SQLAlchemy's mappers, and freezes its heap, before it forks
(``avg_service.jobs.worker``).

The breakdown (``--no-explain`` skips it) shows where the besluit's time goes: render (parse,
style, layout) against write_pdf, and variants without the logo, without the margin boxes, as
plain PDF, without the annex, with a new FontConfiguration per render, and the annex with the
automatic table layout (the last two as before the letters shared one and used fixed tables).

Target (the issue): the decision at most 2x the minimal document. Ends with exactly one RESULT
line: ``ratio`` is a/c, ``floor_ratio`` e/c.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402

from avg_service import create_app  # noqa: E402
from avg_service.letters import preview  # noqa: E402
from avg_service.letters.rendering import (  # noqa: E402
    PDF_VARIANT,
    STATIC_ROOT,
    StaticOnlyFetcher,
    render_pdf_with_pages,
    uses_fast_font_subsetter,
)

TARGET_RATIO = 2.0
ANNEX_TARGET_PAGES = 20
SECRET_KEY = "bench-letters-secret-" + "x" * 32
ENCRYPTION_KEY = "bench-letters-encryption-" + "e" * 32
WORKER_START_TIMEOUT_S = 90.0
RENDER_TIMEOUT_S = 60.0


# ------------------------------------------------------------------------------ helpers
def quiet_logs() -> None:
    """WeasyPrint logs every step at INFO, Alembic its plug-ins: keep the figures readable."""
    logging.disable(logging.INFO)


def _ms(seconds: float) -> float:
    return seconds * 1000


def summary(name: str, samples: list[float], extra: str = "") -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (f"  {name:<44} median {statistics.median(samples):8.1f} ms  min {ordered[0]:8.1f}"
            f"  p90 {p90:8.1f}  (n={len(samples)}){extra}")


def interleaved(cases: dict[str, Callable[[], Any]], runs: int, warmup: int = 2
                ) -> dict[str, list[float]]:
    """Each round runs every case once, the order rotating, so drift hits all alike; ms."""
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            cases[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_no in range(runs):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            cases[name]()
            times[name].append(_ms(time.perf_counter() - started))
    return times


def annex_start(pdf: bytes) -> int:
    """The 0-based page where the data annex begins (pypdf, outside any timing)."""
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        if "Bijlage: uw gegevens per organisatie" in (page.extract_text() or ""):
            return number
    raise RuntimeError("the besluit has no annex")


def template_app(tmp: str) -> Flask:
    """An app for its templates only: its SQLite file is never opened."""
    return create_app({"DATABASE_URL": f"sqlite:///{tmp}/never-opened.sqlite3", "REDIS_URL": None,
                       "SECRET_KEY": SECRET_KEY, "INSTANCE_PATH": tmp})


def besluit_html(app: Flask, entries: int | None = None, *, simple: bool = False) -> str:
    with app.app_context():
        return preview.render_preview_html(
            preview.demo_data("besluit", annex_entries=entries, simple=simple))


def render_with_defaults(html: str) -> int:
    """WeasyPrint as it comes (default stylesheet, plain PDF), with the letters' FontConfiguration;
    the page count."""
    from weasyprint import HTML

    from avg_service.letters.rendering import font_configuration

    document = HTML(string=html).render(font_config=font_configuration())
    document.write_pdf()
    return len(document.pages)


def two_pages_of_text(letter_html: str) -> str:
    """The letter's paragraphs, headings and list items as plain ``<p>`` paragraphs, as many as
    fill exactly two pages with WeasyPrint's defaults (12 pt text: fewer words than our 10 pt)."""
    body = letter_html.split("<body>", 1)[1]
    blocks = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner)).strip()
              for inner in re.findall(r"<(?:p|li|h1|h2|td)\b[^>]*>(.*?)</(?:p|li|h1|h2|td)>",
                                      body, flags=re.S)]
    paragraphs = [f"<p>{text}</p>" for text in blocks if text]

    def doc(count: int) -> str:
        return f"<!doctype html><html lang=nl><body>{''.join(paragraphs[:count])}</body></html>"

    low, high = 1, len(paragraphs)  # the most paragraphs that still fit on two pages
    if render_with_defaults(doc(high)) <= 2:
        raise RuntimeError("the decision's text does not fill two default pages")
    while low < high:
        middle = (low + high + 1) // 2
        if render_with_defaults(doc(middle)) <= 2:
            low = middle
        else:
            high = middle - 1
    if render_with_defaults(doc(low)) != 2:
        raise RuntimeError("no cut of the decision's text is exactly two pages")
    return doc(low)


@dataclass
class Annex:
    entries: int
    html: str
    pages: int
    annex_pages: int


def annex_of_pages(app: Flask, target: int) -> Annex:
    """The besluit whose annex is ``target`` pages: grow the data lines until it is."""

    def build(entries: int) -> Annex:
        html = besluit_html(app, entries)
        pdf, pages = render_pdf_with_pages(html)
        return Annex(entries, html, pages, pages - annex_start(pdf))

    low = build(6)
    high = build(300)
    per_page = (high.entries - low.entries) / max(1, high.annex_pages - low.annex_pages)
    best = high
    for _ in range(4):
        guess = max(1, round(low.entries + (target - low.annex_pages) * per_page))
        best = build(guess)
        if best.annex_pages == target:
            return best
        per_page = (best.entries - low.entries) / max(1, best.annex_pages - low.annex_pages)
    return best


# ------------------------------------------------------------------------------ a, b, c
def bench_in_process(app: Flask, runs: int) -> dict[str, Any]:
    short_html = besluit_html(app, simple=True)
    _, short_pages = render_pdf_with_pages(short_html)
    demo_html = besluit_html(app)
    demo_pdf, demo_pages = render_pdf_with_pages(demo_html)
    annex = annex_of_pages(app, ANNEX_TARGET_PAGES)
    floor_html = two_pages_of_text(short_html)
    minimal_html = "<p>x</p>"
    # The long annex in its own rounds: interleaved with it, the besluit's median doubled on this
    # shared machine (a 1 s render between two 0.15 s ones evicts what they share).
    times = interleaved({
        "decision": lambda: render_pdf_with_pages(short_html),
        "demo": lambda: render_pdf_with_pages(demo_html),
        "minimal": lambda: render_pdf_with_pages(minimal_html),
        "floor": lambda: render_with_defaults(floor_html),
    }, runs)
    times.update(interleaved({"annex": lambda: render_pdf_with_pages(annex.html)},
                             max(5, runs // 2), warmup=1))
    return {"decision_pages": short_pages, "demo_html": demo_html, "demo_pages": demo_pages,
            "demo_annex_pages": demo_pages - annex_start(demo_pdf), "annex": annex,
            "floor_words": len(re.sub(r"<[^>]+>", " ", floor_html).split()), "times": times}


# ------------------------------------------------------------------------------ explain
def explain(app: Flask, decision_html: str, annex: Annex, runs: int) -> None:
    """Where the demo besluit's time goes (a2, letter and annex), against the minimal document."""
    from weasyprint import HTML
    from avg_service.letters.rendering import font_configuration

    base_url = STATIC_ROOT.as_uri() + "/"
    css = (STATIC_ROOT / "css" / "letter.css").read_text(encoding="utf-8")
    link = '<link rel="stylesheet" href="css/letter.css">'
    assert link in decision_html, "base.html no longer links letter.css"

    def with_css(html: str, text: str) -> str:
        return html.replace(link, f"<style>{text}</style>")

    no_margin_boxes = re.sub(r"@bottom-(left|right) \{[^}]*\}", "", css)
    body_only = re.sub(r'<div class="annex">.*</div>', "", decision_html, flags=re.S)
    no_logo = decision_html.replace('<img src="img/gemeentelogo.svg"', '<img hidden')

    def phases(html: str) -> tuple[float, float]:
        started = time.perf_counter()
        document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()
                        ).render(font_config=font_configuration())
        laid_out = time.perf_counter()
        document.write_pdf(pdf_variant=PDF_VARIANT)
        return _ms(laid_out - started), _ms(time.perf_counter() - laid_out)

    split: dict[str, list[tuple[float, float]]] = {"besluit": [], "minimal": []}
    for round_no in range(runs + 2):
        for name, html in (("besluit", decision_html), ("minimal", "<p>x</p>")):
            sample = phases(html)
            if round_no >= 2:
                split[name].append(sample)
    print("\n  Where the time goes (median ms): render = parse + style + layout, "
          "write = fonts subset + PDF/A")
    for name, samples in split.items():
        render = statistics.median(s[0] for s in samples)
        write = statistics.median(s[1] for s in samples)
        print(f"    {name:<10} render {render:7.1f}  write_pdf {write:6.1f}")

    variants: list[tuple[str, Callable[[], Any]]] = [
        ("besluit as is", lambda: render_pdf_with_pages(decision_html)),
        ("  without the letterhead logo (SVG)", lambda: render_pdf_with_pages(no_logo)),
        ("  without the margin boxes (pagina X van Y)",
         lambda: render_pdf_with_pages(with_css(decision_html, no_margin_boxes))),
        ("  letter.css inlined (not fetched)",
         lambda: render_pdf_with_pages(with_css(decision_html, css))),
        ("  plain PDF instead of PDF/A-2u",
         lambda: render_pdf_with_pages(decision_html, variant=None)),  # type: ignore[arg-type]
        ("  a new FontConfiguration per render (before)",
         lambda: HTML(string=decision_html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
         .render().write_pdf(pdf_variant=PDF_VARIANT)),
        ("  body only (no annex)", lambda: render_pdf_with_pages(body_only)),
        ("minimal <p>x</p>", lambda: render_pdf_with_pages("<p>x</p>")),
        ("  with letter.css (page frame, margin boxes)",
         lambda: render_pdf_with_pages(f"{link}<p>x</p>")),
        ("  with the logo", lambda: render_pdf_with_pages('<img src="img/gemeentelogo.svg"><p>x</p>')),
        ("  a new FontConfiguration per render (before)",
         lambda: HTML(string="<p>x</p>", base_url=base_url, url_fetcher=StaticOnlyFetcher())
         .render().write_pdf(pdf_variant=PDF_VARIANT)),
    ]
    rounds = max(7, runs // 2)
    variant_times = interleaved({str(n): case for n, (_, case) in enumerate(variants)}, rounds)
    print(f"\n  Variants, interleaved ({rounds} rounds):")
    for n, (name, _) in enumerate(variants):
        print(summary(name, variant_times[str(n)]))

    auto = css.replace("table-layout: fixed", "table-layout: auto")
    annex_auto = with_css(annex.html, auto)
    _, auto_pages = render_pdf_with_pages(annex_auto)
    annex_times = interleaved({
        "annex as is (tables: table-layout fixed)": lambda: render_pdf_with_pages(annex.html),
        "  tables with table-layout: auto (before)": lambda: render_pdf_with_pages(annex_auto),
    }, max(3, runs // 5), warmup=1)
    print(f"\n  The {annex.pages}-page besluit ({max(3, runs // 5)} rounds); with the automatic "
          f"table layout it has {auto_pages} pages")
    for name, annex_samples in annex_times.items():
        print(summary(name, annex_samples))


# ------------------------------------------------------------------------------ d: the worker
def unused_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def libpq_url(url: sa.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def throwaway_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new PostgreSQL database next to ``server_url``'s, dropped afterwards (also on error)."""
    server = sa.make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{secrets.token_hex(6)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    print(f"  throw-away database {name} on {server.host}:{server.port}", flush=True)
    try:
        yield libpq_url(server.set(database=name))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
        print(f"  dropped {name}", flush=True)


def service_app(database_url: str, redis_url: str | None, instance: Path) -> Flask:
    return create_app({"AVG_ENV": "development", "DATABASE_URL": database_url,
                       "REDIS_URL": redis_url, "SECRET_KEY": SECRET_KEY,
                       "AVG_ENCRYPTION_KEY": ENCRYPTION_KEY, "SMTP_HOST": None,
                       "INSTANCE_PATH": instance})


def worker_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {**os.environ, "AVG_ENV": "development", "SECRET_KEY": SECRET_KEY,
           "AVG_ENCRYPTION_KEY": ENCRYPTION_KEY, "DATABASE_URL": database_url,
           "REDIS_URL": redis_url}
    env.pop("SMTP_HOST", None)
    return env


def wait_until_listening(worker: subprocess.Popen[bytes], redis: Any, log_path: Path) -> float:
    """Seconds until the worker registered with rq (after its WeasyPrint warm-up)."""
    from rq import Worker

    started = time.monotonic()
    while not Worker.all(connection=redis):
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited ({worker.returncode}):\n"
                               + log_path.read_text(errors="replace")[-3000:])
        if time.monotonic() - started > WORKER_START_TIMEOUT_S:
            raise RuntimeError("the worker did not start listening in time")
        time.sleep(0.05)
    return time.monotonic() - started


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Warm shut-down (SIGTERM lets rq finish its horse); kill if it does not end."""
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)


def down_redis_url() -> str:
    """A Redis URL nothing listens on: committed jobs stay pending in the outbox."""
    return f"redis://127.0.0.1:{unused_local_port()}/0"


def demo_answers(demo: preview.PreviewData) -> list[tuple[str, dict[str, Any], list[Any]]]:
    """A preview besluit as service input: per participant its answer and restrictions."""
    from avg_service.coordination.services import ANSWER_FIELDS, Restriction

    answers = []
    for task in demo.tasks:
        assert task.answer is not None
        data = {name: getattr(task.answer, name) for name in ANSWER_FIELDS}
        restrictions = [Restriction(r.ground, r.motivation, r.notice_defeats_purpose)
                        for r in task.answer.restrictions]
        answers.append((task.organisation.code, data, restrictions))
    return answers


@dataclass
class Actors:
    system: Any
    jurist: Any
    second_jurist: Any
    participants: dict[str, Any]


def make_actors(codes: list[str]) -> Actors:
    """Two jurists and a deelnemer per participant, through the real account service."""
    from avg_service import clock
    from avg_service.access.actor import Actor
    from avg_service.access.roles import Role
    from avg_service.accounts.services import create_user
    from avg_service.db import unit_of_work
    from avg_service.extensions import db
    from avg_service.organisations.models import Organisation
    from avg_service.organisations.services import seed_participants

    system = Actor.system("cli")
    with unit_of_work():
        seed_participants(now=clock.now_utc())

    def user(role: Role, code: str | None) -> Actor:
        org_id = (db.session.scalar(sa.select(Organisation.id).where(Organisation.code == code))
                  if code else None)
        with unit_of_work():
            created = create_user(email=f"{role.value}.{code or 'x'}.{secrets.token_hex(3)}"
                                        "@bench.example", display_name=f"Bench {role.value}",
                                  role=role, organisation_id=org_id,
                                  password="bench-" + secrets.token_hex(16), actor=system,
                                  now=clock.now_utc())
        return Actor(created.id, role, created.organisation_id, "session")

    return Actors(system=system, jurist=user(Role.JURIST, None),
                  second_jurist=user(Role.JURIST, None),
                  participants={code: user(Role.DEELNEMER, code) for code in codes})


def approved_besluiten(count: int, demo: preview.PreviewData) -> list[tuple[int, int]]:
    """``count`` requests decided through the services as in ``demo`` (a preview besluit), each
    besluit approved (four eyes); returns ``(letter_id, outbox job id)`` per besluit. Runs in an
    app context whose queue is down, so every job stays pending in the outbox."""
    from avg_service import clock
    from avg_service.coordination import services as coordination
    from avg_service.db import unit_of_work
    from avg_service.decisions import services as decisions
    from avg_service.decisions.catalogue import Outcome
    from avg_service.extensions import db
    from avg_service.organisations.models import Organisation
    from avg_service.requests import services as requests
    from avg_service.requests.lifecycle import Channel

    answers = demo_answers(demo)
    actors = make_actors([code for code, _, _ in answers])
    org_ids = {code: org_id for code, org_id in
               db.session.execute(sa.select(Organisation.code, Organisation.id))}
    dsr = demo.dsr
    intake = {"given_names": dsr.given_names, "family_name": dsr.family_name,
              "date_of_birth": dsr.date_of_birth, "street_address": dsr.street_address,
              "postcode": dsr.postcode, "city": dsr.city, "email": dsr.email,
              "phone": dsr.phone, "rights": dsr.rights_list, "description": dsr.description,
              "rectification_wrong": dsr.rectification_wrong,
              "rectification_correct": dsr.rectification_correct}
    assert demo.decision is not None
    parts = [decisions.PartInput(p.right, Outcome(p.outcome), p.ground_codes,
                                 measures=p.measures) for p in demo.decision.parts]
    made: list[int] = []
    for number in range(count):
        now = clock.now_utc()
        with unit_of_work():
            request = requests.register(requests.Intake.from_data(
                {**intake, "family_name": f"{dsr.family_name} {number + 1}"}),
                channel=Channel.LETTER, received_at=now, actor=actors.system, now=now)
            requests.start_handling(request, actor=actors.system, now=now)
            tasks = coordination.create_tasks(
                request, organisation_ids=[org_ids[code] for code, _, _ in answers],
                shared=("name", "date_of_birth", "rights"), actor=actors.system, now=now)
            by_org = {task.organisation.code: task for task in tasks}
            for code, data, restrictions in answers:
                coordination.save_answer(by_org[code], data, restrictions,
                                         actor=actors.participants[code], now=now, submit=True)
            decision = decisions.save_draft(request, parts, history_note=demo.decision.history_note,
                                            actor=actors.jurist, now=now)
            decisions.submit_for_approval(decision, actor=actors.jurist, now=now)
            decisions.approve(decision, actor=actors.second_jurist, now=now)
            # the letter is made on the day of sending: here, the post queue
            made.append(decisions.queue_for_post(decision, actor=actors.system, now=now).id)
    return render_jobs(made)


def render_jobs(letter_ids: list[int]) -> list[tuple[int, int]]:
    """``(letter_id, outbox job id)`` of each letter's ``letters.render`` job."""
    from avg_service.extensions import db
    from avg_service.jobs import QueuedJob

    by_letter = {job.args[0]: job.id for job in db.session.scalars(
        sa.select(QueuedJob).where(QueuedJob.name == "letters.render"))}
    return [(letter_id, by_letter[letter_id]) for letter_id in letter_ids]


@contextmanager
def outbox_warnings_muted() -> Iterator[None]:
    """The setup's queue is down on purpose: one "queue unavailable" warning per commit."""
    dispatch_log = logging.getLogger("avg_service.jobs.dispatch")
    level = dispatch_log.level
    dispatch_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        dispatch_log.setLevel(level)


@dataclass
class WorkerRun:
    name: str
    latencies: list[float]
    queued: list[float]
    running: list[float]
    pages: set[int]
    ready_s: float


@dataclass
class WorkerBatch:
    """Letters of one kind for the worker: ``count`` timed after ``warmup`` untimed ones."""

    name: str
    demo: preview.PreviewData
    count: int
    warmup: int


def bench_worker(database_server: str, redis_url: str, batches: list[WorkerBatch], runs: int
                 ) -> list[tuple[WorkerBatch, WorkerRun, list[float]]]:
    """Per batch a real ``flask avg worker`` works its letters one at a time; beside each, the
    last letter's PDF rendered in this process."""
    from flask_migrate import upgrade
    from redis import Redis

    from avg_service.extensions import db
    from avg_service.letters.models import Letter
    from avg_service.letters.services import render_letter_html

    redis = Redis.from_url(redis_url)
    redis.flushdb()
    results = []
    with tempfile.TemporaryDirectory() as tmp, \
            throwaway_database(database_server, "avg_bench_letters") as database_url:
        setup = service_app(database_url, down_redis_url(), Path(tmp) / "setup")
        made: dict[str, list[tuple[int, int]]] = {}
        with setup.app_context(), outbox_warnings_muted():
            upgrade()
            for batch in batches:
                started = time.perf_counter()
                made[batch.name] = approved_besluiten(batch.count + batch.warmup, batch.demo)
                print(f"  {len(made[batch.name])} besluiten ({batch.name}) approved through the "
                      f"services in {time.perf_counter() - started:.1f} s (render jobs pending in "
                      "the outbox)", flush=True)
            db.session.remove()
            db.engine.dispose()

        app = service_app(database_url, redis_url, Path(tmp) / "bench")
        watch = psycopg_connect(database_url)
        try:
            command = [sys.executable, "-m", "flask", "--app", "wsgi", "avg", "worker"]
            for batch in batches:
                with app.app_context():
                    result = time_worker("flask avg worker", command, database_url, redis_url,
                                         redis, watch, made[batch.name], batch.warmup, Path(tmp))
                with app.app_context():
                    # The same letter's HTML and PDF in this process, for the worker's overhead.
                    letter = db.session.get(Letter, made[batch.name][-1][0])
                    assert letter is not None
                    html = render_letter_html(letter)
                    in_process = interleaved({"render": lambda: render_pdf_with_pages(html)},
                                             max(3, min(batch.count, runs // 2)))["render"]
                    db.session.remove()
                    db.engine.dispose()
                results.append((batch, result, in_process))
        finally:
            watch.close()
            redis.flushdb()
    return results


def time_worker(name: str, command: list[str], database_url: str, redis_url: str, redis: Any,
                watch: Any, batch: list[tuple[int, int]], warmup: int, tmp: Path) -> WorkerRun:
    """Start the worker, hand it the jobs one at a time, time each until its row is rendered."""
    from rq.job import Job
    from rq.serializers import JSONSerializer

    from avg_service.jobs.dispatch import hand_to_rq

    log_path = tmp / f"worker-{secrets.token_hex(3)}.log"
    with log_path.open("wb") as log:  # a file, not a pipe nobody reads
        worker = subprocess.Popen(command, cwd=ROOT, env=worker_env(database_url, redis_url),
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        ready_s = wait_until_listening(worker, redis, log_path)
        run = WorkerRun(name, [], [], [], set(), ready_s)
        for number, (letter_id, job_id) in enumerate(batch):
            started = time.perf_counter()
            if hand_to_rq([job_id]) != 1:
                raise RuntimeError("rq refused the job")
            page_count = wait_rendered(watch, letter_id, worker, log_path)
            elapsed = _ms(time.perf_counter() - started)
            wait_finished(redis, job_id)  # the horse is gone before the next job
            if number < warmup:
                continue
            run.latencies.append(elapsed)
            run.pages.add(page_count)
            rq_job = Job.fetch(f"avg-job-{job_id}", connection=redis, serializer=JSONSerializer)
            if rq_job.enqueued_at and rq_job.started_at and rq_job.ended_at:
                run.queued.append(_ms((rq_job.started_at - rq_job.enqueued_at).total_seconds()))
                run.running.append(_ms((rq_job.ended_at - rq_job.started_at).total_seconds()))
        return run
    finally:
        stop_worker(worker)


def psycopg_connect(database_url: str) -> Any:
    import psycopg

    return psycopg.connect(database_url, autocommit=True)


def wait_finished(redis: Any, job_id: int) -> None:
    """Until rq has recorded the job as finished (the work horse exited and was reaped)."""
    from rq.job import Job, JobStatus
    from rq.serializers import JSONSerializer

    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while Job.fetch(f"avg-job-{job_id}", connection=redis, serializer=JSONSerializer
                    ).get_status() != JobStatus.FINISHED:
        if time.monotonic() > deadline:
            raise RuntimeError(f"rq job avg-job-{job_id} did not finish")
        time.sleep(0.005)


def wait_rendered(watch: Any, letter_id: int, worker: subprocess.Popen[bytes],
                  log_path: Path) -> int:
    """Poll the letter row every 2 ms until the work horse committed its PDF; its page count."""
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while True:
        row = watch.execute("SELECT page_count FROM letter WHERE id = %s AND rendered_at IS NOT "
                            "NULL", (letter_id,)).fetchone()
        if row is not None:
            return int(row[0])
        if worker.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"letter {letter_id} not rendered (worker "
                               f"{'exited' if worker.poll() is not None else 'alive'}):\n"
                               + log_path.read_text(errors="replace")[-3000:])
        time.sleep(0.002)


# ------------------------------------------------------------------------------ main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed rounds (at least 15)")
    parser.add_argument("--worker-letters", type=int, default=20)
    parser.add_argument("--worker-annex-letters", type=int, default=5)
    parser.add_argument("--no-worker", action="store_true", help="skip (d), the rq worker")
    parser.add_argument("--no-explain", action="store_true", help="skip the breakdown")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    if args.runs < 15:
        parser.error("--runs must be at least 15")
    quiet_logs()
    wall = time.perf_counter()

    with tempfile.TemporaryDirectory() as tmp:
        app = template_app(tmp)
        render_pdf_with_pages("<p>warm-up</p>")  # fonts, fontconfig cache
        print(f"In process: {args.runs} interleaved rounds after 2 warm-up rounds "
              f"(fast font subsetter: {str(uses_fast_font_subsetter()).lower()})", flush=True)
        measured = bench_in_process(app, args.runs)
        annex: Annex = measured["annex"]
        times = measured["times"]
        print(summary("a. decision (shortest besluit)", times["decision"],
                      f"  {measured['decision_pages']} pages"))
        print(summary("a2. besluit (preview demo data)", times["demo"],
                      f"  {measured['demo_pages']} pages, annex {measured['demo_annex_pages']}"))
        print(summary("b. besluit, long annex", times["annex"],
                      f"  {annex.pages} pages, annex {annex.annex_pages} "
                      f"({annex.entries} data lines)"))
        print(summary("c. minimal <p>x</p>", times["minimal"], "  1 page"))
        print(summary("e. floor: 2 pages of its text, defaults", times["floor"],
                      f"  2 pages, {measured['floor_words']} words"))
        decision_ms = statistics.median(times["decision"])
        demo_ms = statistics.median(times["demo"])
        annex_ms = statistics.median(times["annex"])
        minimal_ms = statistics.median(times["minimal"])
        floor_ms = statistics.median(times["floor"])
        ratio = decision_ms / minimal_ms
        floor_ratio = floor_ms / minimal_ms
        print(f"  => decision / minimal = {ratio:.1f}x (target {TARGET_RATIO:.0f}x); the floor, "
              f"two pages of its text with WeasyPrint's defaults, is already {floor_ratio:.1f}x",
              flush=True)
        print(f"     per page: decision {decision_ms / measured['decision_pages']:.1f} ms, demo "
              f"besluit {demo_ms / measured['demo_pages']:.1f} ms, long annex "
              f"{annex_ms / annex.pages:.1f} ms, floor {floor_ms / 2:.1f} ms, minimal "
              f"{minimal_ms:.1f} ms", flush=True)
        if not args.no_explain:
            explain(app, measured["demo_html"], annex, args.runs)

    worker_ms = worker_annex_ms = float("nan")
    if not args.no_worker:
        print(f"\nd. Through the rq worker: {args.worker_letters} decisions (a) and "
              f"{args.worker_annex_letters} besluiten with the {annex.annex_pages}-page annex (b), "
              f"one at a time, after warm-up letters (Redis {args.redis_url})", flush=True)
        batches = [
            WorkerBatch("decision", preview.demo_data("besluit", simple=True),
                        args.worker_letters, 2),
            WorkerBatch("long annex", preview.demo_data("besluit", annex_entries=annex.entries),
                        args.worker_annex_letters, 1),
        ]
        medians = []
        for batch, run, in_process in bench_worker(args.database_url, args.redis_url, batches,
                                                   args.runs):
            in_process_ms = statistics.median(in_process)
            pages = ", ".join(str(p) for p in sorted(run.pages))
            print(f"  {batch.name}: {run.name} (listening {run.ready_s:.1f} s after its start)")
            print(summary("  enqueue -> rendered row", run.latencies, f"  {pages} pages"))
            if run.queued:
                print(summary("    rq: enqueued -> horse started", run.queued))
                print(summary("    rq: horse started -> ended", run.running))
            print(f"    => {statistics.median(run.latencies) - in_process_ms:+.1f} ms per letter "
                  "over the PDF alone (fork, connection, queries, commit)")
            print(summary("  the same letter's PDF in this process", in_process))
            medians.append(statistics.median(run.latencies))
        worker_ms, worker_annex_ms = medians

    ok = ratio <= TARGET_RATIO
    print(f"\nwall time {time.perf_counter() - wall:.1f} s")
    print(f"RESULT decision_ms={decision_ms:.1f} decision_pages={measured['decision_pages']} "
          f"demo_besluit_ms={demo_ms:.1f} annex20_ms={annex_ms:.1f} minimal_ms={minimal_ms:.1f} "
          f"floor2_ms={floor_ms:.1f} worker_decision_ms={worker_ms:.1f} "
          f"worker_annex20_ms={worker_annex_ms:.1f} ratio={ratio:.1f} "
          f"floor_ratio={floor_ratio:.1f} target_ratio={TARGET_RATIO:.0f} "
          f"ok={'true' if ok else 'false'}")


if __name__ == "__main__":
    main()
