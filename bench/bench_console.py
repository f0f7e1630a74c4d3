"""Supervisor console over a 1,000,000-event central log, on PostgreSQL and SQLite.

Usage: python -m bench.bench_console [--pg-url URL] [--events N] [--sqlite-only|--pg-only]
         [--explain]

Measures, per engine: the count, the first page, a filtered first page, the next page by
keyset, a deep jump (row 900,000) and, through the real Qt table model on the offscreen
platform, the time from building the model to the first page on screen (target < 1 s).
The events are generated in SQL (inserting a million rows through Python would be the
bench's slowest part). The figures are printed; nothing is asserted here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from moderator.services import console
from moderator.services.console import Column, EventFilter
from moderator.store import migrate
from moderator.store.db import is_sqlite, make_engine, session_factory

PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
KINDS = ["view", "reveal", "claim", "submit", "decide", "renew", "settings", "reblur"]
PAGE = 200
PAYLOAD = '{"kind":"hold","seconds":1.5}'

# Decide events (every 8th, kind index 4) carry an outcome and a policy, as a sync leaves them.
_PG_FILL = """
INSERT INTO central_events (uid, workstation, seq, occurred_at, actor, kind, report_uid,
    payload, prev_hash, hash, outcome, policy_id, received_at)
SELECT md5(i::text), 'ws-' || (i % 20), i / 20 + 1,
       timestamp '2026-01-01' + i * interval '2 seconds',
       'reviewer' || lpad((i % 50)::text, 2, '0'),
       (ARRAY['view','reveal','claim','submit','decide','renew','settings','reblur'])[i % 8 + 1],
       'report-' || (i / 8),
       :payload, md5('p' || i) || md5('q' || i),
       md5('h' || i) || md5('k' || i),
       CASE WHEN i % 8 = 4 THEN (ARRAY['violation','no_violation','unreviewable'])[i % 3 + 1] END,
       CASE WHEN i % 8 = 4
            THEN (ARRAY['kr-illegal-filming','iwf','platform-generic'])[i % 5 % 3 + 1] END,
       timestamp '2026-01-01' + i * interval '2 seconds'
FROM generate_series(1, :n) AS i
"""
_SQLITE_FILL = """
WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < :n)
INSERT INTO central_events (uid, workstation, seq, occurred_at, actor, kind, report_uid,
    payload, prev_hash, hash, outcome, policy_id, received_at)
SELECT printf('%032x', i), 'ws-' || (i % 20), i / 20 + 1,
       strftime('%Y-%m-%d %H:%M:%S', 1767225600 + i * 2, 'unixepoch') || '.000000',
       printf('reviewer%02d', i % 50),
       CASE i % 8 WHEN 0 THEN 'view' WHEN 1 THEN 'reveal' WHEN 2 THEN 'claim'
            WHEN 3 THEN 'submit' WHEN 4 THEN 'decide' WHEN 5 THEN 'renew'
            WHEN 6 THEN 'settings' ELSE 'reblur' END,
       'report-' || (i / 8),
       :payload, printf('%064x', i), printf('%064x', i + 7),
       CASE WHEN i % 8 = 4 THEN
            CASE i % 3 WHEN 0 THEN 'violation' WHEN 1 THEN 'no_violation' ELSE 'unreviewable' END
       END,
       CASE WHEN i % 8 = 4 THEN
            CASE i % 5 % 3 WHEN 0 THEN 'kr-illegal-filming' WHEN 1 THEN 'iwf'
                 ELSE 'platform-generic' END
       END,
       strftime('%Y-%m-%d %H:%M:%S', 1767225600 + i * 2, 'unixepoch') || '.000000'
FROM g
"""


def populate(engine: Engine, n: int) -> float:
    migrate.upgrade(engine)
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            text(_SQLITE_FILL if is_sqlite(engine) else _PG_FILL), {"n": n, "payload": PAYLOAD}
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE" if is_sqlite(engine) else "VACUUM ANALYZE central_events"))
    return time.perf_counter() - start


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median milliseconds of `repeat` runs (the first run warms the cache and is dropped)."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def service_figures(engine: Engine, n: int) -> None:
    sessions = session_factory(engine)
    everyone = EventFilter()
    filtered = EventFilter(actor="reviewer08", kinds=("decide",))
    by_outcome = EventFilter(outcome="violation", policy_id="iwf")

    def run(label: str, fn: Callable[[Session], Any]) -> Any:
        with sessions() as s:
            ms, result = timed(lambda: fn(s))
        shown = len(result) if isinstance(result, list) else result
        print(f"  {label:<42} {ms:8.1f} ms   ({shown})")
        return result

    run("count (no filter)", lambda s: console.count(s, everyone))
    first = run("first page (no filter)", lambda s: console.page(s, everyone, 0, PAGE))
    run("next page by keyset", lambda s: console.page(s, everyone, PAGE, PAGE, after=first[-1].key))
    run("count (reviewer + kind)", lambda s: console.count(s, filtered))
    run("first page (reviewer + kind)", lambda s: console.page(s, filtered, 0, PAGE))
    run("count (outcome + policy)", lambda s: console.count(s, by_outcome))
    run("first page (outcome + policy)", lambda s: console.page(s, by_outcome, 0, PAGE))
    deep = min(900_000, max(0, n - PAGE))
    run(f"deep jump (row {deep:,})", lambda s: console.page(s, everyone, deep, PAGE))
    run("distinct reviewers", lambda s: console.distinct_values(s, Column.ACTOR))
    run("distinct kinds", lambda s: console.distinct_values(s, Column.KIND))


def model_figures(engine: Engine, n: int) -> None:
    """Build the console's table model as the window does; time to the first page shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from moderator.services.audit_console import CentralReader
    from moderator.ui.common.tasks import Tasks
    from moderator.ui.supervisor.console_model import AuditLogTableModel

    app = QApplication.instance() or QApplication([])
    reader = CentralReader(session_factory(engine))
    for label, f in (
        ("no filter", EventFilter()),
        ("reviewer + kind", EventFilter(actor="reviewer08", kinds=("decide",))),
    ):
        tasks = Tasks({"db": 1})
        model = AuditLogTableModel(reader, tasks, page_size=PAGE)
        view = QTableView()
        view.setModel(model)
        view.resize(1200, 800)
        view.show()
        start = time.perf_counter()
        model.set_filter(f)
        while not model.first_page_shown:
            app.processEvents()
            time.sleep(0.001)
        first = (time.perf_counter() - start) * 1000
        # A deep jump as the scroll bar would make it: the page's rows come in the background.
        for _ in range(5):  # let the view lay out the new row count
            app.processEvents()
        start = time.perf_counter()
        target = min(900_000, model.rowCount() - 1)
        view.scrollTo(model.index(target, 0))
        while not model.row_loaded(target):
            app.processEvents()
            time.sleep(0.001)
        jump = (time.perf_counter() - start) * 1000
        print(
            f"  model, {label:<16} first page shown {first:7.1f} ms; "
            f"jump to row {target:,} shown {jump:7.1f} ms ({model.rowCount():,} rows)"
        )
        view.close()
        tasks.close()


def explain(engine: Engine) -> None:
    everyone, deep = EventFilter(), EventFilter(actor="reviewer08", kinds=("decide",))
    queries = {
        "first page": console.page_query(everyone, 0, PAGE),
        "filtered first page": console.page_query(deep, 0, PAGE),
        "deep jump": console.page_query(everyone, 900_000, PAGE),
    }
    with engine.connect() as conn:
        for label, query in queries.items():
            compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
            prefix = "EXPLAIN QUERY PLAN " if is_sqlite(engine) else "EXPLAIN "
            plan = conn.execute(text(prefix + str(compiled))).all()
            print(f"  EXPLAIN {label}:")
            for row in plan:
                print("     ", row[-1])


def bench(engine: Engine, n: int, show_plans: bool) -> None:
    print(f"{engine.dialect.name}: filling {n:,} events…", flush=True)
    print(f"  filled in {populate(engine, n):.1f} s")
    service_figures(engine, n)
    model_figures(engine, n)
    if show_plans:
        explain(engine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--pg-only", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if not args.pg_only:
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'central.sqlite'}")
            try:
                bench(engine, args.events, args.explain)
            finally:
                engine.dispose()
    if not args.sqlite_only:
        admin_url = args.pg_url.replace("postgresql://", "postgresql+psycopg://", 1)
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"moderator_bench_console_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = make_engine(make_url(args.pg_url).set(database=name))
        try:
            bench(engine, args.events, args.explain)
        finally:
            engine.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            admin.dispose()


if __name__ == "__main__":
    main()
