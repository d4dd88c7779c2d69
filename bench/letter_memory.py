"""Memory of a worker that renders 1,000 letters in a row, and of one process that does not fork.

Run from the repository root (takes a few minutes at 1,000 letters)::

    .venv/bin/python bench/letter_memory.py [--letters 1000] [--kind ontvangstbevestiging|besluit] \
        [--sample-ms 10] [--no-contrast] \
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres] \
        [--redis-url redis://127.0.0.1:6379/13]

The worker: a throw-away PostgreSQL database (real migrations, dropped at the end) and Redis db 13
(flushed before and after). ``--letters`` letters are made through the services while the queue is
unreachable, so their render jobs wait in the outbox: ontvangstbevestigingen by registering that
many requests in one unit of work, or besluiten (three participants' answers, four-eyes approval)
one request at a time. Then a real ``flask avg worker`` (rq's Worker: WeasyPrint warmed in the
parent, a work horse forked per job) is started and all jobs are handed to rq at once.

Sampled from ``/proc`` every ``--sample-ms``: the worker parent's VmRSS, and each work horse's
VmHWM (its peak resident set; a horse is the worker's child that leads its own process group, as
rq's horse calls ``setpgrp``). Printed at the start, every 100 letters and at the end. A horse lives
a few hundred ms, so sampling sees nearly every horse, not necessarily its very last ms; the
parent's own VmHWM at the end is exact.

The contrast: the same kind's letter (the preview's demo data) rendered ``--letters`` times by
``render_pdf`` in a loop in ONE fresh process that never forks, its VmRSS printed every 100 renders.

Target: parent and horses each under 300 MB. Ends with exactly one RESULT line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import letters as shared  # noqa: E402  (bench/letters.py: database, worker and setup helpers)

TARGET_MB = 300
REPORT_EVERY = 100
KINDS = ("ontvangstbevestiging", "besluit")


# ------------------------------------------------------------------------------ /proc
def status_kb(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM ... of ``pid`` in kB; empty when it has exited."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        if line.startswith("Vm"):
            name, value = line.split(":", 1)
            values[name] = int(value.split()[0])
    return values


def children_of(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def leads_own_group(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    _state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
    return int(pgrp) == pid


def mb(kb: int) -> float:
    return kb / 1024


@dataclass
class Sampler:
    """A thread that samples the worker parent and its horses every ``interval`` seconds."""

    worker_pid: int
    interval: float
    parent_rss_kb: int = 0
    parent_rss_max_kb: int = 0
    horse_peak_kb: dict[int, int] = field(default_factory=dict)
    other_children_max_kb: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        parent = status_kb(self.worker_pid)
        if parent:
            self.parent_rss_kb = parent.get("VmRSS", 0)
            self.parent_rss_max_kb = max(self.parent_rss_max_kb, self.parent_rss_kb)
        for child in children_of(self.worker_pid):
            status = status_kb(child)
            if not status:
                continue
            if leads_own_group(child):  # the work horse
                peak = max(status.get("VmHWM", 0), status.get("VmRSS", 0))
                self.horse_peak_kb[child] = max(self.horse_peak_kb.get(child, 0), peak)
            else:  # rq's scheduler process
                self.other_children_max_kb = max(self.other_children_max_kb,
                                                 status.get("VmRSS", 0))
        self.samples += 1

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                self.sample()
                time.sleep(self.interval)

        self._thread = threading.Thread(target=loop, name="rss-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()


# ------------------------------------------------------------------------------ the letters
def receipts_in_one_go(count: int) -> list[int]:
    """``count`` requests registered in ONE unit of work: each asks for its ontvangstbevestiging."""
    import sqlalchemy as sa

    from avg_service import clock
    from avg_service.access.actor import Actor
    from avg_service.db import unit_of_work
    from avg_service.extensions import db
    from avg_service.letters.models import Letter
    from avg_service.letters.preview import demo_request
    from avg_service.organisations.services import seed_participants
    from avg_service.requests import services as requests
    from avg_service.requests.lifecycle import Channel

    demo = demo_request()
    system = Actor.system("cli")
    with unit_of_work():
        seed_participants(now=clock.now_utc())
    now = clock.now_utc()
    with unit_of_work():
        for number in range(count):
            requests.register(requests.Intake.from_data({
                "given_names": demo.given_names, "family_name": f"{demo.family_name} {number + 1}",
                "date_of_birth": demo.date_of_birth, "street_address": demo.street_address,
                "postcode": demo.postcode, "city": demo.city, "rights": demo.rights_list,
                "description": demo.description}),
                channel=Channel.LETTER, received_at=now, actor=system, now=now)
    return list(db.session.scalars(sa.select(Letter.id).where(
        Letter.kind == "ontvangstbevestiging").order_by(Letter.id)))


def make_letters(kind: str, count: int) -> list[tuple[int, int]]:
    if kind == "besluit":
        return shared.approved_besluiten(count)
    return shared.render_jobs(receipts_in_one_go(count))


# ------------------------------------------------------------------------------ the worker
def bench_worker(args: argparse.Namespace) -> dict[str, Any]:
    from flask_migrate import upgrade
    from redis import Redis

    from avg_service.extensions import db
    from avg_service.jobs.dispatch import hand_to_rq

    redis = Redis.from_url(args.redis_url)
    redis.flushdb()
    with tempfile.TemporaryDirectory() as tmp, \
            shared.throwaway_database(args.database_url, "avg_bench_memory") as database_url:
        setup = shared.service_app(database_url, shared.down_redis_url(), Path(tmp) / "setup")
        with setup.app_context(), shared.outbox_warnings_muted():
            upgrade()
            started = time.perf_counter()
            made = make_letters(args.kind, args.letters)
            print(f"  {len(made)} {args.kind} letters made through the services in "
                  f"{time.perf_counter() - started:.1f} s (render jobs pending in the outbox)",
                  flush=True)
            db.session.remove()
            db.engine.dispose()

        app = shared.service_app(database_url, args.redis_url, Path(tmp) / "bench")
        log_path = Path(tmp) / "worker.log"
        with log_path.open("wb") as log:
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "avg", "worker"], cwd=ROOT,
                env=shared.worker_env(database_url, args.redis_url), stdout=log,
                stderr=subprocess.STDOUT)
        watch = shared.psycopg_connect(database_url)
        sampler = Sampler(worker.pid, args.sample_ms / 1000)
        rows: list[tuple[int, float, float, float, float, int]] = []
        try:
            ready_s = shared.wait_until_listening(worker, redis, log_path)
            sampler.sample()
            print(f"  worker pid {worker.pid} listening after {ready_s:.1f} s; all "
                  f"{len(made)} jobs handed to rq at once\n", flush=True)
            print(f"  {'letters':>7} {'elapsed s':>9} {'parent MB':>9} {'parent max':>10} "
                  f"{'horse max':>9} {'horses':>6}  (horse max: highest VmHWM seen since the "
                  "previous row)")

            def report(done: int, elapsed: float, seen_before: set[int]) -> set[int]:
                new = {pid: kb for pid, kb in sampler.horse_peak_kb.items()
                       if pid not in seen_before}
                window_max = max(new.values(), default=0)
                rows.append((done, elapsed, mb(sampler.parent_rss_kb),
                             mb(sampler.parent_rss_max_kb), mb(window_max),
                             len(sampler.horse_peak_kb)))
                print(f"  {done:>7} {elapsed:>9.1f} {mb(sampler.parent_rss_kb):>9.1f} "
                      f"{mb(sampler.parent_rss_max_kb):>10.1f} {mb(window_max):>9.1f} "
                      f"{len(sampler.horse_peak_kb):>6}", flush=True)
                return set(sampler.horse_peak_kb)

            seen = report(0, 0.0, set())
            sampler.start()
            started = time.perf_counter()
            with app.app_context():
                if hand_to_rq([job_id for _, job_id in made]) != len(made):
                    raise RuntimeError("rq refused jobs")
            letter_ids = [letter_id for letter_id, _ in made]
            next_report = REPORT_EVERY
            done = 0
            while done < len(made):
                time.sleep(0.1)
                done = rendered_count(watch, letter_ids)
                if worker.poll() is not None:
                    raise RuntimeError("the worker exited:\n"
                                       + log_path.read_text(errors="replace")[-3000:])
                if time.perf_counter() - started > 60 + 10 * len(made):
                    raise RuntimeError(f"only {done} of {len(made)} letters rendered in time")
                while done >= next_report and next_report < len(made):
                    seen = report(next_report, time.perf_counter() - started, seen)
                    next_report += REPORT_EVERY
            elapsed = time.perf_counter() - started
            shared.wait_finished(redis, made[-1][1])  # the last horse has exited
            sampler.stop()
            seen = report(done, elapsed, seen)
            parent_hwm_kb = status_kb(worker.pid).get("VmHWM", 0)
        finally:
            if sampler._thread is not None and not sampler._stop.is_set():
                sampler.stop()
            shared.stop_worker(worker)
            watch.close()
            with app.app_context():
                db.engine.dispose()
            redis.flushdb()
    peaks = list(sampler.horse_peak_kb.values())
    return {"elapsed": elapsed, "parent_max_kb": max(sampler.parent_rss_max_kb, 0),
            "parent_hwm_kb": parent_hwm_kb, "horse_peaks_kb": peaks,
            "scheduler_max_kb": sampler.other_children_max_kb, "samples": sampler.samples,
            "start_parent_kb": rows[0][2] * 1024, "end_parent_kb": rows[-1][2] * 1024}


def rendered_count(watch: Any, letter_ids: list[int]) -> int:
    row = watch.execute("SELECT count(*) FROM letter WHERE id = ANY(%s) AND rendered_at IS NOT "
                        "NULL", (letter_ids,)).fetchone()
    return int(row[0])


# ------------------------------------------------------------------------------ the contrast
def in_process_child(kind: str, count: int) -> None:
    """Run in a fresh process: render ``count`` letters in a loop, print VmRSS as JSON lines."""
    shared.quiet_logs()
    from avg_service.letters import preview
    from avg_service.letters.rendering import render_pdf, warm_up

    with tempfile.TemporaryDirectory() as tmp:
        app = shared.template_app(tmp)
        with app.app_context():
            html = preview.render_preview_html(preview.demo_data(kind))
    warm_up()
    render_pdf(html)  # as the worker parent is before its first job, plus this letter's fonts

    def emit(done: int, started: float) -> None:
        status = status_kb(os.getpid())
        print(json.dumps({"done": done, "elapsed": time.perf_counter() - started,
                          "rss_kb": status["VmRSS"], "hwm_kb": status["VmHWM"]}), flush=True)

    started = time.perf_counter()
    emit(0, started)
    for done in range(1, count + 1):
        render_pdf(html)
        if done % REPORT_EVERY == 0 or done == count:
            emit(done, started)


def bench_contrast(kind: str, count: int) -> list[dict[str, Any]]:
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--in-process-child", "--kind", kind,
         "--letters", str(count)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    samples = []
    print(f"  {'letters':>7} {'elapsed s':>9} {'RSS MB':>8} {'peak MB':>8}")
    for line in process.stdout:
        if not line.startswith("{"):
            continue
        sample = json.loads(line)
        samples.append(sample)
        print(f"  {sample['done']:>7} {sample['elapsed']:>9.1f} {mb(sample['rss_kb']):>8.1f} "
              f"{mb(sample['hwm_kb']):>8.1f}", flush=True)
    if process.wait() != 0:
        raise RuntimeError(f"the in-process run failed ({process.returncode})")
    return samples


# ------------------------------------------------------------------------------ main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--kind", choices=KINDS, default="ontvangstbevestiging")
    parser.add_argument("--sample-ms", type=float, default=10.0)
    parser.add_argument("--no-contrast", action="store_true",
                        help="skip the renders in one process without forking")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--in-process-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process_child:
        in_process_child(args.kind, args.letters)
        return
    shared.quiet_logs()
    wall = time.perf_counter()

    print(f"1. A worker renders {args.letters} {args.kind} letters in a row "
          f"(fork per job; Redis {args.redis_url})", flush=True)
    result = bench_worker(args)
    peaks = result["horse_peaks_kb"]
    parent_max_mb = mb(max(result["parent_max_kb"], result["parent_hwm_kb"]))
    horse_max_mb = mb(max(peaks, default=0))
    print(f"\n  {args.letters} letters in {result['elapsed']:.1f} s "
          f"({result['elapsed'] / args.letters * 1000:.0f} ms per letter); "
          f"{result['samples']} samples")
    print(f"  worker parent: {mb(result['start_parent_kb']):.1f} MB at the start, "
          f"{mb(result['end_parent_kb']):.1f} MB at the end, peak {mb(result['parent_hwm_kb']):.1f}"
          f" MB (its VmHWM, exact)")
    if peaks:
        print(f"  work horses: {len(peaks)} of {args.letters} seen; peak RSS median "
              f"{mb(int(statistics.median(peaks))):.1f} MB, max {horse_max_mb:.1f} MB "
              "(a horse's RSS counts the pages it shares with the parent)")
    print(f"  rq scheduler process: max {mb(result['scheduler_max_kb']):.1f} MB")

    if not args.no_contrast:
        print(f"\n2. Contrast: {args.letters} renders of the same kind in ONE process, no fork",
              flush=True)
        samples = bench_contrast(args.kind, args.letters)
        first, last = samples[0], samples[-1]
        growth = mb(last["rss_kb"] - first["rss_kb"])
        print(f"  => RSS grew {growth:+.1f} MB over {last['done']} renders "
              f"({growth * 1024 / max(1, last['done']):.1f} kB per render), peak "
              f"{mb(last['hwm_kb']):.1f} MB; in the worker every horse starts again from the "
              "parent's image")

    ok = parent_max_mb < TARGET_MB and horse_max_mb < TARGET_MB and len(peaks) > 0
    print(f"\nwall time {time.perf_counter() - wall:.1f} s")
    print(f"RESULT letters={args.letters} parent_rss_mb_max={parent_max_mb:.1f} "
          f"horse_rss_mb_max={horse_max_mb:.1f} target_mb={TARGET_MB} "
          f"ok={'true' if ok else 'false'}")


if __name__ == "__main__":
    main()
