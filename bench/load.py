"""Load: the public form at full speed while a participant's notice and a besluit preview are
asked for (issue 15, findings 8 and 11: a burst of submissions kept notices waiting 9.7 minutes
behind 2,050 receipt renders; previews rendered in the web process stalled the site).

Run from the repository root::

    .venv/bin/python bench/load.py [--seconds 30] [--clients 8] [--web-workers 4] \
        [--rq-workers 2] [--trigger-after 10] [--max-submissions 20000] \
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres] \
        [--redis-url redis://127.0.0.1:6379/2]

Everything on loopback, in processes of the service itself: a throw-away PostgreSQL database
(``avg_bench_load_<random>``, real migrations, dropped at the end, also on error), the given
Redis database (flushed before and after), ``gunicorn --workers N wsgi:app`` for the pages and
the API (``AVG_PROXY_HOPS=1``, as behind the README's reverse proxy), ``--rq-workers`` real
``flask avg worker`` processes, and an SMTP sink (aiosmtpd) in this process that notes when each
message arrives. Set up through the services first: the participants, a contact point employee
and a jurist with API tokens, a police participant with an address, a request in progress (the
notice's) and a request whose controllers were all heard with a draft besluit (the preview's,
the demo besluit of ``flask avg letters preview besluit`` with its data annex).

Then ``--clients`` threads submit the public form as fast as the site answers, each submission
from its own address (``X-Forwarded-For``: the form allows 20 an hour per address), with an
e-mail address, so each queues a receipt render and the mail that carries it (bulk queue).
``--trigger-after`` seconds in, with a backlog on the bulk queue, the contact point sets out a
task for the police (``POST /api/v1/requests/<id>/tasks``) and the jurist asks for the preview
(``POST /api/v1/requests/<id>/decision/preview``), both on the interactive queue. Measured:

- ``notice_s``: from sending the task request until the sink received the police's notice;
- ``preview_s``: from asking until the PDF is stored (the row, watched every 20 ms; the page
  shows it on its next look, every 2 s); beside it the time until the API said ``ready``;
- ``submissions``: forms accepted (303) in ``--seconds``, and what the site refused or failed;
- the queues, sampled every half second from Redis: the bulk backlog and the age of its oldest
  job at the trigger and at the end, the largest bulk age, and ``/healthz``'s ``queue_age_s``.

Bounded: the load stops after ``--seconds`` or ``--max-submissions``; the notice and preview are
waited for ``--wait-cap`` seconds at most; every process this script started is stopped. The
bulk backlog is left unworked at the end (it is dropped with the database).

Targets (the issue): the notice out within 10 s and the preview ready within 5 s, while the bulk
queue has a backlog (``contended``: otherwise the run proves nothing about priority). Ends with
exactly one ``RESULT`` line.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from redis import Redis  # noqa: E402

from bench.letters import (  # noqa: E402
    demo_answers,
    down_redis_url,
    outbox_warnings_muted,
    psycopg_connect,
    stop_worker,
    throwaway_database,
    unused_local_port,
)

NOTICE_TARGET_S = 10.0
PREVIEW_TARGET_S = 5.0
SECRET_KEY = "bench-load-secret-" + "x" * 32
ENCRYPTION_KEY = "bench-load-encryption-" + "e" * 32
MAIL_FROM = "contactpunt@bench.example"
NOTICE_TO = "politie.taken@bench.example"
START_TIMEOUT_S = 90.0
ROOT = Path(__file__).resolve().parent.parent


def quiet_logs() -> None:
    logging.getLogger().setLevel(logging.ERROR)
    for name in ("avg_service", "rq", "weasyprint", "fontTools", "mail.log"):
        logging.getLogger(name).setLevel(logging.ERROR)


# ------------------------------------------------------------------------------ the SMTP sink
class Sink:
    """An SMTP server on loopback that notes, per recipient, when the first message arrived."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = unused_local_port()
        self.arrived: dict[str, float] = {}
        self.count = 0
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        moment = time.monotonic()
        with self._lock:
            self.count += 1
            for address in envelope.rcpt_tos:
                self.arrived.setdefault(address.lower(), moment)
        return "250 OK"


# ------------------------------------------------------------------------------ the setup
@dataclass
class Setup:
    notice_dsr_id: int
    preview_dsr_id: int
    police_id: int
    contact_point_token: str
    jurist_token: str


def prepare(database_url: str, instance: Path) -> Setup:
    """Users, tokens and the two requests, through the services (jobs stay in the outbox)."""
    from flask_migrate import upgrade

    from avg_service import clock, create_app
    from avg_service.access.actor import Actor
    from avg_service.access.roles import Role
    from avg_service.accounts.services import create_api_token, create_user
    from avg_service.coordination import services as coordination
    from avg_service.db import unit_of_work
    from avg_service.decisions import services as decisions
    from avg_service.decisions.catalogue import Outcome
    from avg_service.extensions import db
    from avg_service.letters import preview
    from avg_service.organisations.models import Organisation
    from avg_service.organisations.services import seed_participants
    from avg_service.requests import services as requests_services
    from avg_service.requests.lifecycle import Channel

    app = create_app(service_config(database_url, down_redis_url(), instance))
    system = Actor.system("cli")
    with app.app_context(), outbox_warnings_muted():
        upgrade()
        now = clock.now_utc()
        with unit_of_work():
            seed_participants(now=now)
        orgs = dict(db.session.execute(sa.select(Organisation.code, Organisation.id)).all())

        def user(role: Role, email: str, code: str | None = None) -> Actor:
            with unit_of_work():
                made = create_user(email=email, display_name=f"Bench {role.value}", role=role,
                                   organisation_id=orgs[code] if code else None,
                                   password="bench-" + secrets.token_hex(16), actor=system,
                                   now=now)
            return Actor(made.id, role, made.organisation_id, "session")

        def token(actor: Actor) -> str:
            from avg_service.accounts.models import User

            with unit_of_work():
                account = db.session.get(User, actor.user_id)
                assert account is not None
                _row, plain = create_api_token(account, name="bench", days=1, actor=system,
                                               now=now)
            return plain

        contact_point = user(Role.CONTACTPUNT, "contactpunt.bench@bench.example")
        jurist = user(Role.JURIST, "jurist.bench@bench.example")
        user(Role.DEELNEMER, NOTICE_TO, "politie")
        demo = preview.demo_data("besluit")
        answers = [(code, data, [complete(r) for r in restrictions])
                   for code, data, restrictions in demo_answers(demo)]
        participants = {code: user(Role.DEELNEMER, f"{code}.bench@bench.example", code)
                        for code, _, _ in answers}
        dsr = demo.dsr
        intake = {"given_names": dsr.given_names, "family_name": dsr.family_name,
                  "date_of_birth": dsr.date_of_birth, "street_address": dsr.street_address,
                  "postcode": dsr.postcode, "city": dsr.city, "email": dsr.email,
                  "rights": dsr.rights_list, "description": dsr.description}
        made_ids = []
        for name in ("Notitie", "Voorbeeld"):
            with unit_of_work():
                request = requests_services.register(
                    requests_services.Intake.from_data({**intake, "family_name": name}),
                    channel=Channel.LETTER, received_at=now, actor=system, now=now)
                requests_services.start_handling(request, actor=system, now=now)
            made_ids.append(request.id)
        with unit_of_work():  # the preview's request: every controller heard, a draft
            request = requests_services.get_request(made_ids[1])
            tasks = coordination.create_tasks(
                request, organisation_ids=[orgs[code] for code, _, _ in answers],
                shared=("name", "date_of_birth", "rights"), actor=system, now=now)
            by_org = {task.organisation.code: task for task in tasks}
            for code, data, restrictions in answers:
                coordination.save_answer(by_org[code], data, restrictions,
                                         actor=participants[code], now=now, submit=True)
            assert demo.decision is not None
            decisions.save_draft(request, [
                decisions.PartInput(p.right, Outcome(p.outcome), p.ground_codes,
                                    measures=p.measures) for p in demo.decision.parts],
                history_note=demo.decision.history_note, actor=jurist, now=now)
        setup = Setup(notice_dsr_id=made_ids[0], preview_dsr_id=made_ids[1],
                      police_id=orgs["politie"], contact_point_token=token(contact_point),
                      jurist_token=token(jurist))
        db.session.remove()
        db.engine.dispose()
    return setup


def complete(restriction: Any) -> Any:
    """The demo's restriction as a final answer needs it: the weighing of UAVG 41(2) and what is
    withheld by category (``coordination.services.check_complete``)."""
    from dataclasses import replace

    return replace(restriction, weighing=restriction.weighing or {"a": restriction.motivation},
                   withheld_categories=restriction.withheld_categories or "Mutaties")


def service_config(database_url: str, redis_url: str, instance: Path) -> dict[str, Any]:
    return {"AVG_ENV": "development", "DATABASE_URL": database_url, "REDIS_URL": redis_url,
            "SECRET_KEY": SECRET_KEY, "AVG_ENCRYPTION_KEY": ENCRYPTION_KEY,
            "SMTP_HOST": None, "INSTANCE_PATH": instance}


# ------------------------------------------------------------------------------ the processes
def process_env(database_url: str, redis_url: str, instance: Path, base_url: str,
                smtp_port: int) -> dict[str, str]:
    env = {**os.environ, "AVG_ENV": "development", "SECRET_KEY": SECRET_KEY,
           "AVG_ENCRYPTION_KEY": ENCRYPTION_KEY, "DATABASE_URL": database_url,
           "REDIS_URL": redis_url, "INSTANCE_PATH": str(instance), "AVG_BASE_URL": base_url,
           "AVG_PROXY_HOPS": "1", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port),
           "SMTP_SECURITY": "none", "MAIL_FROM": MAIL_FROM}
    return env


def start(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log:  # the child keeps its own handle
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop_web(web: subprocess.Popen[bytes]) -> None:
    if web.poll() is None:
        web.send_signal(signal.SIGTERM)  # gunicorn's graceful stop of its workers
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, signal.SIGKILL)
            web.wait(timeout=10)


def wait_ready(base_url: str, web: subprocess.Popen[bytes], redis: Redis, rq_workers: int,
               logs: Path) -> None:
    from rq import Worker

    started = time.monotonic()
    while True:
        if web.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + (logs / "web.log").read_text()[-3000:])
        try:
            if (requests.get(f"{base_url}/healthz", timeout=2).ok
                    and len(Worker.all(connection=redis)) >= rq_workers):
                return
        except requests.RequestException:
            pass
        if time.monotonic() - started > START_TIMEOUT_S:
            raise RuntimeError("the site or the workers did not come up in time")
        time.sleep(0.2)


# ------------------------------------------------------------------------------ the load
@dataclass
class Load:
    base_url: str
    until: float
    max_submissions: int
    accepted: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _number: int = 0

    def next_number(self) -> int | None:
        with self._lock:
            if self._number >= self.max_submissions or time.monotonic() >= self.until:
                return None
            self._number += 1
            return self._number

    def count(self, outcome: str) -> None:
        with self._lock:
            self.outcomes[outcome] += 1
            if outcome == "303":
                self.accepted += 1


def submitter(load: Load) -> None:
    """One visitor after another: the form's page once per session, then submissions."""
    import re

    session = requests.Session()
    csrf = ""
    while (number := load.next_number()) is not None:
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        headers = {"X-Forwarded-For": address}
        try:
            if not csrf:
                page = session.get(f"{load.base_url}/verzoek", headers=headers, timeout=30)
                found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                csrf = found.group(1) if found else ""
            answer = session.post(f"{load.base_url}/verzoek", headers=headers, timeout=30,
                                  allow_redirects=False, data={
                "csrf_token": csrf, "submission_token": secrets.token_urlsafe(24),
                "given_names": "Anna", "family_name": f"Bakker {number}",
                "date_of_birth": "1984-02-29", "street_address": "Kerkstraat 1",
                "postcode": "1234 AB", "city": "Voorbeeldstad",
                "email": f"verzoeker{number}@bench.example", "rights": "15",
                "description": "Ik wil weten welke gegevens u over mij verwerkt."})
            load.count(str(answer.status_code))
            if answer.status_code == 400:  # an expired form (CSRF): fetch it again
                csrf = ""
        except requests.RequestException as error:
            load.count(type(error).__name__)


# ------------------------------------------------------------------------------ the queues
@dataclass
class QueueWatch:
    redis: Redis
    samples: list[tuple[float, dict[str, tuple[int, float | None]]]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def snapshot(self) -> dict[str, tuple[int, float | None]]:
        """Per queue: jobs waiting and the age of the oldest (s)."""
        from rq import Queue
        from rq.serializers import JSONSerializer

        from avg_service.jobs import queues

        now = datetime.now(UTC)
        state = {}
        for name in queues.LISTEN_ORDER:
            queue = Queue(name, connection=self.redis, serializer=JSONSerializer)
            oldest = queue.get_jobs(0, 1)
            enqueued = oldest[0].enqueued_at if oldest else None
            if enqueued is not None and enqueued.tzinfo is None:
                enqueued = enqueued.replace(tzinfo=UTC)
            age = (now - enqueued).total_seconds() if enqueued else None
            state[name] = (queue.count, age)
        return state

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.samples.append((time.monotonic(), self.snapshot()))

    def largest_age(self, name: str) -> float:
        return max((s[name][1] or 0.0 for _, s in self.samples), default=0.0)


# ------------------------------------------------------------------------------ the two asks
@dataclass
class Asked:
    """One interactive ask: the whole wait, and how long the web request itself took."""

    total_s: float | None = None
    request_s: float | None = None
    server_s: float | None = None  # the preview: requested_at -> ready_at, as the server says
    seen_s: float | None = None  # the preview: until the API's answer said ready
    pages: int | None = None


def ask_notice(base_url: str, setup: Setup, sink: Sink, cap: float) -> Asked:
    asked = Asked()
    started = time.monotonic()
    answer = requests.post(f"{base_url}/api/v1/requests/{setup.notice_dsr_id}/tasks",
                           json={"organisation_ids": [setup.police_id]}, timeout=30,
                           headers={"Authorization": f"Bearer {setup.contact_point_token}"})
    asked.request_s = time.monotonic() - started
    if answer.status_code != 201:
        print(f"  the task was refused: {answer.status_code} {answer.text[:300]}", flush=True)
        return asked
    while time.monotonic() - started < cap:
        arrived = sink.arrived.get(NOTICE_TO)
        if arrived is not None:
            asked.total_s = arrived - started
            return asked
        time.sleep(0.02)
    return asked


def ask_preview(base_url: str, database_url: str, setup: Setup, cap: float) -> Asked:
    """Ask as the jurist, then watch the row: ready is the moment the PDF is stored (seen in the
    database every 20 ms); the page shows it on its next look. The state the API gives is then
    read once, and the PDF fetched, as the jurist would."""
    asked = Asked()
    headers = {"Authorization": f"Bearer {setup.jurist_token}"}
    path = f"{base_url}/api/v1/requests/{setup.preview_dsr_id}/decision/preview"
    started = time.monotonic()
    answer = requests.post(path, headers=headers, timeout=30)
    asked.request_s = time.monotonic() - started
    if answer.status_code != 202:
        print(f"  the preview was refused: {answer.status_code} {answer.text[:300]}", flush=True)
        return asked
    preview_id = answer.json()["id"]
    watch = psycopg_connect(database_url)
    try:
        while time.monotonic() - started < cap:
            status = watch.execute("SELECT status FROM decision_preview WHERE id = %s",
                                   (preview_id,)).fetchone()[0]
            if status != "pending":
                break
            time.sleep(0.02)
        else:
            return asked
    finally:
        watch.close()
    if status != "ready":
        print(f"  the preview did not come: {status}", flush=True)
        return asked
    asked.total_s = time.monotonic() - started
    state = requests.get(f"{path}/{preview_id}", headers=headers, timeout=30).json()
    asked.seen_s = time.monotonic() - started
    asked.pages = state["page_count"]
    asked.server_s = (datetime.fromisoformat(state["ready_at"])
                      - datetime.fromisoformat(state["requested_at"])).total_seconds()
    pdf = requests.get(f"{base_url}{state['pdf']}", headers=headers, timeout=30)
    assert pdf.ok and pdf.content.startswith(b"%PDF"), pdf.status_code
    return asked


def in_thread(target: Any, *args: Any) -> tuple[threading.Thread, list[Any]]:
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(target(*args)), daemon=True)
    thread.start()
    return thread, result


# ------------------------------------------------------------------------------ main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load")
    parser.add_argument("--clients", type=int, default=8, help="concurrent submitters")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--rq-workers", type=int, default=2)
    parser.add_argument("--trigger-after", type=float, default=10.0,
                        help="seconds of load before the notice and the preview are asked for")
    parser.add_argument("--max-submissions", type=int, default=20_000)
    parser.add_argument("--wait-cap", type=float, default=60.0,
                        help="longest wait for the notice and the preview (s)")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/2")
    args = parser.parse_args()
    if not 0 < args.trigger_after < args.seconds:
        parser.error("--trigger-after must fall inside --seconds")
    quiet_logs()
    wall = time.perf_counter()
    redis = Redis.from_url(args.redis_url)
    redis.flushdb()
    sink = Sink()
    sink.controller.start()
    processes: list[subprocess.Popen[bytes]] = []
    web: subprocess.Popen[bytes] | None = None
    try:
        with tempfile.TemporaryDirectory() as tmp, \
                throwaway_database(args.database_url, "avg_bench_load") as database_url:
            logs = Path(tmp)
            started = time.perf_counter()
            setup = prepare(database_url, logs / "setup")
            print(f"  set up through the services in {time.perf_counter() - started:.1f} s",
                  flush=True)
            port = unused_local_port()
            base_url = f"http://127.0.0.1:{port}"
            env = process_env(database_url, args.redis_url, logs / "instance", base_url,
                              sink.port)
            web = start([str(ROOT / ".venv/bin/gunicorn"), "--workers", str(args.web_workers),
                         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "wsgi:app"],
                        env, logs / "web.log")
            for number in range(args.rq_workers):
                processes.append(start([sys.executable, "-m", "flask", "--app", "wsgi", "avg",
                                        "worker"], env, logs / f"worker-{number}.log"))
            wait_ready(base_url, web, redis, args.rq_workers, logs)
            print(f"  gunicorn ({args.web_workers} workers) and {args.rq_workers} rq worker(s) "
                  f"up; {args.clients} clients submit for {args.seconds:.0f} s", flush=True)

            watch = QueueWatch(redis)
            watcher = threading.Thread(target=watch.run, daemon=True)
            watcher.start()
            load_started = time.monotonic()
            load = Load(base_url, until=load_started + args.seconds,
                        max_submissions=args.max_submissions)
            clients = [threading.Thread(target=submitter, args=(load,), daemon=True)
                       for _ in range(args.clients)]
            for client in clients:
                client.start()
            time.sleep(args.trigger_after)
            at_trigger = watch.snapshot()
            health_at_trigger = requests.get(f"{base_url}/healthz", timeout=30).json()
            notice_thread, notice_result = in_thread(ask_notice, base_url, setup, sink,
                                                     args.wait_cap)
            preview_thread, preview_result = in_thread(ask_preview, base_url, database_url,
                                                       setup, args.wait_cap)
            notice_thread.join(args.wait_cap + 35)
            preview_thread.join(args.wait_cap + 35)
            for client in clients:
                client.join(max(0.0, load.until - time.monotonic()) + 35)
            load_s = time.monotonic() - load_started
            at_end = watch.snapshot()
            health_at_end = requests.get(f"{base_url}/healthz", timeout=30).json()
            watch.stop.set()
            watcher.join(5)
    finally:
        if web is not None:
            stop_web(web)
        for worker in processes:
            stop_worker(worker)
        sink.controller.stop()
        redis.flushdb()

    from avg_service.jobs import queues

    notice: Asked = notice_result[0] if notice_result else Asked()
    preview: Asked = preview_result[0] if preview_result else Asked()
    notice_s, preview_s = notice.total_s, preview.total_s
    bulk_at_trigger, bulk_age_at_trigger = at_trigger[queues.BULK]
    bulk_at_end, bulk_age_at_end = at_end[queues.BULK]
    contended = bulk_at_trigger > 0
    ok = (contended and notice_s is not None and notice_s <= NOTICE_TARGET_S
          and preview_s is not None and preview_s <= PREVIEW_TARGET_S)

    def seconds(value: float | None) -> str:
        return "none" if value is None else f"{value:.2f}"

    refused = {k: v for k, v in load.outcomes.items() if k != "303"}
    print(f"\n  submissions accepted: {load.accepted} in {args.seconds:.0f} s "
          f"({load.accepted / args.seconds:.1f}/s); other answers: {refused or 'none'}")
    print(f"  at the trigger ({args.trigger_after:.0f} s): bulk {bulk_at_trigger} waiting, "
          f"oldest {seconds(bulk_age_at_trigger)} s; interactive "
          f"{at_trigger[queues.INTERACTIVE][0]} waiting; /healthz queue_age_s "
          f"{health_at_trigger.get('queue_age_s')}")
    print(f"  notice to the police out after {seconds(notice_s)} s (target "
          f"{NOTICE_TARGET_S:.0f} s; the task request itself {seconds(notice.request_s)} s)")
    print(f"  preview ready after {seconds(preview_s)} s, {preview.pages} pages (target "
          f"{PREVIEW_TARGET_S:.0f} s; asking {seconds(preview.request_s)} s, asked -> stored "
          f"{seconds(preview.server_s)} s by the server's clock; the API said ready after "
          f"{seconds(preview.seen_s)} s)")
    print(f"  at the end ({load_s:.0f} s): bulk {bulk_at_end} waiting, oldest "
          f"{seconds(bulk_age_at_end)} s (largest seen {watch.largest_age(queues.BULK):.1f} s); "
          f"interactive largest age {watch.largest_age(queues.INTERACTIVE):.1f} s; /healthz "
          f"{health_at_end.get('status')} {health_at_end.get('queue_age_s')}; "
          f"{sink.count} mail(s) received by the sink")
    print(f"  wall time {time.perf_counter() - wall:.1f} s")
    print(f"RESULT ok={'true' if ok else 'false'} notice_s={seconds(notice_s)} "
          f"preview_s={seconds(preview_s)} notice_request_s={seconds(notice.request_s)} "
          f"preview_request_s={seconds(preview.request_s)} "
          f"preview_server_s={seconds(preview.server_s)} "
          f"preview_seen_s={seconds(preview.seen_s)} submissions={load.accepted} "
          f"refused={sum(refused.values())} contended={'true' if contended else 'false'} "
          f"bulk_waiting_at_trigger={bulk_at_trigger} "
          f"bulk_age_at_trigger_s={seconds(bulk_age_at_trigger)} "
          f"bulk_waiting_at_end={bulk_at_end} bulk_age_at_end_s={seconds(bulk_age_at_end)} "
          f"bulk_age_max_s={watch.largest_age(queues.BULK):.1f} "
          f"interactive_age_max_s={watch.largest_age(queues.INTERACTIVE):.1f} "
          f"mails_sent={sink.count} notice_target_s={NOTICE_TARGET_S:.0f} "
          f"preview_target_s={PREVIEW_TARGET_S:.0f} web_workers={args.web_workers} "
          f"rq_workers={args.rq_workers} clients={args.clients} seconds={args.seconds:.0f}")


if __name__ == "__main__":
    main()
