"""Benchmark: the cost of the audit log on PostgreSQL.

Run from the repository root::

    .venv/bin/python bench/audit.py [--entries 1000000] \
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Everything happens in a fresh throw-away database (``avg_bench_<random>``, created next to the
one in ``--database-url`` and dropped at the end, also on error): ``audit_entry`` refuses UPDATE,
DELETE and TRUNCATE, so a bench must never touch a real database.

1. The time one audited request adds. Interleaved over ``--iterations`` units of work:
   ``with unit_of_work(): SELECT 1; record(actor, "user.view", ...)`` versus the same unit
   without the ``record``. Also end to end through the Flask test client:
   ``GET /api/v1/users/<id>`` with a Bearer token, with the view's ``record`` as is versus
   replaced by a no-op (everything else identical: guard, token check, commit, serialisation).
2. How fast ``verify_chain()`` checks ``--entries`` entries (target: under 30 s). The entries
   continue the chain the real ``record()`` calls of part 1 started: they are built in Python
   with the same field normalisation as ``record()`` (``services._hashable``) and
   ``chain.entry_hash``, bulk loaded with COPY, and ``audit_head`` is set to the last one. The
   bench asserts ``ok`` and ``checked == entries``, so it times a real, successful verification.

Ends with exactly one ``RESULT`` line.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from avg_service import create_app  # noqa: E402
from avg_service.access.actor import Actor  # noqa: E402
from avg_service.access.roles import Role  # noqa: E402
from avg_service.audit.chain import GENESIS, entry_hash  # noqa: E402
from avg_service.audit.models import Outcome, Purpose  # noqa: E402
from avg_service.audit.services import _hashable, _key, record, verify_chain  # noqa: E402
from avg_service.db import unit_of_work  # noqa: E402
from avg_service.extensions import db  # noqa: E402

VERIFY_TARGET_S = 30.0
COPY_COLUMNS = (
    "id", "occurred_at", "user_id", "organisation_id", "role", "action", "object_type",
    "object_id", "outcome", "purpose", "ip", "user_agent", "request_id", "prev_hash", "entry_hash",
)


# ------------------------------------------------------------------------------ helpers
def _ms(ns: int) -> float:
    return ns / 1e6


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _summary(label: str, values: list[float]) -> str:
    return (f"  {label:<34} median {statistics.median(values):7.3f} ms   "
            f"p95 {_p95(values):7.3f} ms   min {min(values):7.3f} ms")


def _interleaved(a: Callable[[int], None], b: Callable[[int], None], iterations: int,
                 warmup: int) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` alternately (ABBA...), so drift hits both alike; ms per call."""
    for i in range(warmup):
        a(-i - 1)
        b(-i - 1)
    times_a: list[float] = []
    times_b: list[float] = []
    for i in range(iterations):
        order = ((a, times_a), (b, times_b)) if i % 2 == 0 else ((b, times_b), (a, times_a))
        for func, sink in order:
            start = time.perf_counter_ns()
            func(i)
            sink.append(_ms(time.perf_counter_ns() - start))
    return times_a, times_b


def _libpq_url(url: sa.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


# ------------------------------------------------------------------------------ part 1
def bench_unit_of_work(iterations: int) -> tuple[list[float], list[float]]:
    actor = Actor(user_id=1, role=Role.FG, organisation_id=None, via="session",
                  ip="127.0.0.1", user_agent="bench", request_id="r1")
    select_one = sa.text("SELECT 1")

    def plain(i: int) -> None:
        with unit_of_work():
            db.session.execute(select_one)

    def audited(i: int) -> None:
        with unit_of_work():
            db.session.execute(select_one)
            record(actor, "user.view", object_type="user", object_id=i)

    return _interleaved(plain, audited, iterations, warmup=30)


def bench_end_to_end(app: Any, iterations: int) -> tuple[list[float], list[float]]:
    """GET /api/v1/users/<id> with a Bearer token; baseline: the view's ``record`` is a no-op."""
    import logging

    import avg_service.accounts.api as users_api
    from avg_service import clock
    from avg_service.accounts.services import create_api_token, create_user

    with unit_of_work():
        user = create_user(email="fg@bench.example", display_name="Bench FG", role=Role.FG,
                           organisation_id=None, password="bench-" + secrets.token_hex(16),
                           actor=Actor.system(), now=clock.now_utc())
        _, token = create_api_token(user, name="bench", days=1, actor=Actor.system(),
                                    now=clock.now_utc())
        user_id = user.id
    db.session.remove()

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}", "User-Agent": "bench"}
    path = f"/api/v1/users/{user_id}"
    real_record = users_api.record

    def no_record(*args: Any, **kwargs: Any) -> None:
        return None

    def call(audited: bool) -> None:
        users_api.record = real_record if audited else no_record
        try:
            response = client.get(path, headers=headers)
        finally:
            users_api.record = real_record
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.get_data(as_text=True)}")

    access_log = logging.getLogger("avg_service.access")
    level = access_log.level
    access_log.setLevel(logging.WARNING)  # one JSON line per request on stderr: same for both
    try:
        return _interleaved(lambda i: call(False), lambda i: call(True), iterations, warmup=30)
    finally:
        access_log.setLevel(level)


# ------------------------------------------------------------------------------ part 2
_ACTIONS = (
    ("user.view", "user"), ("user.list", "user"), ("auth.login", "user"),
    ("auth.logout", "user"), ("organisation.update", "organisation"),
    ("audit.read", "audit_log"), ("api_token.create", "api_token"),
    ("request.view", "request"), ("request.export", "request"), ("letter.view", "letter"),
)
_USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605",
    "python-requests/2.32 (zaaksysteem-koppeling, gemeente ’s-Hertogenbosch)",  # non-ASCII
    "x" * 250,  # longer than the column: record() cuts it to 200
    None,
)


def generate(first_id: int, previous_hash: str, count: int, start: datetime, seed: int = 20250101,
             chunk: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
    """``count`` entries continuing the chain after ``first_id - 1``, in chunks of rows.

    Each entry is the ``fields`` dict exactly as ``record()`` builds it, hashed with the same
    ``_hashable`` normalisation and ``entry_hash``.
    """
    rng = random.Random(seed)
    key = _key()  # the app's AVG_AUDIT_KEY, as record() uses it
    roles = [role.value for role in Role]
    purposes = [None, None, None] + [purpose.value for purpose in Purpose]
    occurred_at = start
    rows: list[tuple[Any, ...]] = []
    for entry_id in range(first_id, first_id + count):
        occurred_at += timedelta(microseconds=rng.randrange(1, 3_000_000))
        user_id = rng.randrange(1, 400) if rng.random() < 0.97 else None
        action, object_type = _ACTIONS[rng.randrange(len(_ACTIONS))]
        object_id = rng.randrange(1, 5_000_000) if rng.random() < 0.9 else None
        user_agent = _USER_AGENTS[rng.randrange(len(_USER_AGENTS))]
        fields: dict[str, Any] = {
            "id": entry_id,
            "occurred_at": occurred_at,
            "user_id": user_id,
            "organisation_id": rng.randrange(1, 40) if user_id and rng.random() < 0.3 else None,
            "role": roles[rng.randrange(len(roles))] if user_id else None,
            "action": action,
            "object_type": object_type,
            "object_id": None if object_id is None else str(object_id),
            "outcome": (Outcome.REFUSED if rng.random() < 0.02 else Outcome.ALLOWED).value,
            "purpose": purposes[rng.randrange(len(purposes))],
            "ip": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            "user_agent": (user_agent or "")[:200] or None,
            "request_id": f"{rng.getrandbits(128):032x}" if rng.random() < 0.95 else None,
        }
        digest = entry_hash(previous_hash, _hashable(fields), key=key)
        rows.append((*fields.values(), previous_hash, digest))
        previous_hash = digest
        if len(rows) == chunk:
            yield rows
            rows = []
    if rows:
        yield rows


def load_entries(bench_url: sa.URL, total: int) -> dict[str, float]:
    """Fill ``audit_entry`` up to ``total`` entries after what ``record()`` already wrote."""
    timings = {"generate_s": 0.0, "copy_s": 0.0, "vacuum_s": 0.0}
    with psycopg.connect(_libpq_url(bench_url)) as conn:
        head = conn.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
        last_id, last_hash = head if head else (0, GENESIS)
        last_at = conn.execute("SELECT max(occurred_at) FROM audit_entry").fetchone()[0]
        start = (last_at or datetime(2025, 1, 1, tzinfo=UTC)).astimezone(UTC)
        count = total - last_id
        if count < 0:
            raise SystemExit(f"--entries {total} is below the {last_id} entries part 1 wrote")
        columns = ", ".join(COPY_COLUMNS)
        with conn.cursor() as cursor:
            with cursor.copy(f"COPY audit_entry ({columns}) FROM STDIN") as copy:
                chunks = generate(last_id + 1, last_hash, count, start)
                while True:
                    t0 = time.perf_counter()
                    rows = next(chunks, None)
                    timings["generate_s"] += time.perf_counter() - t0
                    if rows is None:
                        break
                    t0 = time.perf_counter()
                    for row in rows:
                        copy.write_row(row)
                    timings["copy_s"] += time.perf_counter() - t0
                    last_id, last_hash = rows[-1][0], rows[-1][-1]
            t0 = time.perf_counter()
            cursor.execute(
                "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET last_id = EXCLUDED.last_id, "
                "last_hash = EXCLUDED.last_hash",
                (last_id, last_hash),
            )
        conn.commit()  # the COPY's commit (index maintenance included) counts as loading
        timings["copy_s"] += time.perf_counter() - t0
    # A real log has long been vacuumed: set hint bits and the visibility map once, here,
    # instead of charging that one-off write to the first verification.
    with psycopg.connect(_libpq_url(bench_url), autocommit=True) as conn:
        t0 = time.perf_counter()
        conn.execute("VACUUM (ANALYZE) audit_entry")
        timings["vacuum_s"] = time.perf_counter() - t0
        stored = conn.execute("SELECT count(*), max(id) FROM audit_entry").fetchone()
        size = conn.execute("SELECT pg_size_pretty(pg_total_relation_size('audit_entry'))"
                            ).fetchone()[0]
    if tuple(stored) != (total, total):
        raise RuntimeError(f"loaded {stored}, expected {total} entries")
    timings["size"] = size  # type: ignore[assignment]
    return timings


def time_verify(entries: int, repeats: int, profile: bool) -> list[float]:
    timings: list[float] = []
    for n in range(repeats):
        db.session.remove()
        profiler = cProfile.Profile() if profile and n == 0 else None
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        result = verify_chain()
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - t0
        db.session.rollback()
        assert result.ok, f"chain reported broken at {result.broken_id}: {result.reason}"
        assert result.checked == entries, f"checked {result.checked}, expected {entries}"
        timings.append(elapsed)
        print(f"  verify_chain run {n + 1}: {elapsed:.2f} s  (ok, {result.checked} checked"
              f"{', under cProfile' if profiler else ''})", flush=True)
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(18)
            print("\n".join("    " + line for line in out.getvalue().splitlines()[4:]))
        if n == 0 and elapsed > 3 * VERIFY_TARGET_S:
            print("  (a single run is far above the target: not repeating)")
            break
    return timings


# ------------------------------------------------------------------------------ main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--verify-repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true",
                        help="run the first verify_chain under cProfile (slower) and print the top")
    args = parser.parse_args()

    wall0 = time.perf_counter()
    server_url = sa.make_url(args.database_url).set(drivername="postgresql+psycopg")
    name = f"avg_bench_{secrets.token_hex(6)}"
    bench_url = server_url.set(database=name)
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    print(f"throw-away database {name} on {server_url.host}:{server_url.port}", flush=True)
    app = None
    try:
        instance = Path("/tmp") / name
        app = create_app({
            "DATABASE_URL": _libpq_url(bench_url), "REDIS_URL": None, "SECRET_KEY": "x" * 40,
            "INSTANCE_PATH": str(instance),
        })
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            db.session.remove()

            print(f"\n1. Time one audit entry adds ({args.iterations} iterations each, interleaved)")
            plain, audited = bench_unit_of_work(args.iterations)
            print(_summary("unit of work, SELECT 1", plain))
            print(_summary("unit of work, SELECT 1 + record()", audited))
            added_ms = statistics.median(audited) - statistics.median(plain)
            ratio = statistics.median(audited) / statistics.median(plain)
            print(f"  => record() adds {added_ms:.3f} ms (median), x{ratio:.2f}; "
                  f"p95 difference {_p95(audited) - _p95(plain):.3f} ms", flush=True)

            e2e_plain, e2e_audited = bench_end_to_end(app, args.iterations)
            print(_summary("GET /api/v1/users/<id>, no record", e2e_plain))
            print(_summary("GET /api/v1/users/<id>, audited", e2e_audited))
            e2e_added = statistics.median(e2e_audited) - statistics.median(e2e_plain)
            e2e_ratio = statistics.median(e2e_audited) / statistics.median(e2e_plain)
            print(f"  => end to end the entry adds {e2e_added:.3f} ms (median), x{e2e_ratio:.2f}",
                  flush=True)
            db.session.remove()

            print(f"\n2. verify_chain() over {args.entries:,} entries (target < {VERIFY_TARGET_S:.0f} s)")
            t0 = time.perf_counter()
            load = load_entries(bench_url, args.entries)
            print(f"  generated in {load['generate_s']:.1f} s, COPY + commit {load['copy_s']:.1f} s, "
                  f"VACUUM ANALYZE {load['vacuum_s']:.1f} s (total {time.perf_counter() - t0:.1f} s;"
                  f" audit_entry now {load['size']})", flush=True)
            verify_times = time_verify(args.entries, args.verify_repeats, args.profile)
            verify_median = statistics.median(verify_times)
            per_entry_us = verify_median / args.entries * 1e6
            print(f"  => verify_chain median {verify_median:.2f} s over {len(verify_times)} run(s) "
                  f"({per_entry_us:.1f} us per entry, {args.entries / verify_median:,.0f} entries/s)")

            # For information: the cost of record() once the log is big.
            big_plain, big_audited = bench_unit_of_work(100)
            print(f"  record() with {args.entries:,} entries in the log: adds "
                  f"{statistics.median(big_audited) - statistics.median(big_plain):.3f} ms (median, "
                  f"100 iterations)")
            db.session.remove()
            db.engine.dispose()
    finally:
        if app is not None:
            with app.app_context():
                db.engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
        print(f"\ndropped {name}; wall time {time.perf_counter() - wall0:.1f} s", flush=True)

    ok = verify_median < VERIFY_TARGET_S
    print(f"RESULT audit_added_ms_median={added_ms:.3f} audit_added_ratio={ratio:.2f} "
          f"verify_entries={args.entries} verify_s_median={verify_median:.2f} "
          f"verify_target_s={VERIFY_TARGET_S:.0f} ok={'true' if ok else 'false'}")


if __name__ == "__main__":
    main()
