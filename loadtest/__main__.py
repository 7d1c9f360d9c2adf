"""Run the season-peak load test: ``python -m loadtest`` (``make loadtest``).

Starts the production topology of ``stackcheck`` (a fresh PostgreSQL database, redis-server,
a moto S3 server, gunicorn with the production settings, a Celery worker), seeds the data in
bulk, lets the worker render every volunteer's hours statement, then runs locust headless:
``--users`` volunteers arriving evenly over ``--arrival`` seconds, each reading 5 to 15 s
between pages. Prints one JSON line per figure (as ``make bench`` does) and exits non-zero
on any failed request or a page whose 95th percentile is over ``--p95-ms``. Stops every
process it started in every case."""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from stackcheck.services import BASE_DIR, PYTHON, Failed, Stack, wait_until

STAFF = "staff.men@demo.manara.sa"  # lms/management/commands/load_demo.py
PAGES_PER_VOLUNTEER = 16  # requests on the path (loadtest/locustfile.py), for the time limit
MEAN_READING_S = 10


def _stop_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__)
    parser.add_argument("--users", type=int, default=2000, help="volunteers (2000)")
    parser.add_argument("--arrival", type=int, default=120, help="seconds to arrive (120)")
    parser.add_argument("--p95-ms", type=float, default=500, help="limit per page (500)")
    parser.add_argument("--web-processes", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--reading", default="5-15", help="seconds between pages (5-15)")
    parser.add_argument("--keep", action="store_true", help="keep the logs folder on success")
    return parser.parse_args()


def _figures(stats_csv: str, *, users: int, seconds: float, p95_limit: float) -> list[dict]:
    rows = list(csv.DictReader(open(stats_csv, encoding="utf-8")))  # noqa: SIM115
    context = {"users": users, "database": "postgresql", "cache": "redis"}
    figures = []
    for row in rows:
        name = row["Name"]
        page = "all" if name == "Aggregated" else name.replace(" ", "_").replace("-", "_")
        count, failures = int(row["Request Count"]), int(row["Failure Count"])
        figures.append(
            {"name": f"loadtest_{page}_requests", "value": count, "unit": "requests", **context}
        )
        figures.append(
            {"name": f"loadtest_{page}_errors", "value": failures, "unit": "requests", **context}
        )
        for percentile in ("50", "95", "99"):
            value = row[f"{percentile}%"]
            figures.append(
                {
                    "name": f"loadtest_{page}_p{percentile}_ms",
                    "value": float(value) if value not in ("", "N/A") else None,
                    "unit": "ms",
                    **context,
                    **({"limit": p95_limit} if percentile == "95" else {}),
                }
            )
        if name == "Aggregated":
            figures.append(
                {
                    "name": "loadtest_requests_per_s",
                    "value": round(count / seconds, 1) if seconds else 0,
                    "unit": "requests/s",
                    **context,
                    "seconds": round(seconds, 1),
                }
            )
    return figures


def main() -> int:
    arguments = _arguments()
    started = time.monotonic()
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    stack = Stack()
    stack.env.update(
        {
            "WEB_CONCURRENCY": str(arguments.web_processes),
            "GUNICORN_THREADS": str(arguments.threads),
            # A person's pace; workers are recycled (GUNICORN_MAX_REQUESTS) as in production.
            "CELERY_VISIBILITY_TIMEOUT": "300",
            # locust stands for the proxy, whose connections wait up to a reader's 15 s
            # between requests: idle ones stay open longer than that (gunicorn.conf.py).
            "GUNICORN_KEEPALIVE": "30",
        }
    )
    ok = False

    def step(message: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    try:
        step(f"services on 127.0.0.1 (temp folder {stack.tmp})")
        template = os.environ.get("LOADTEST_TEMPLATE_DB")
        if template:  # the edit-run loop: a database already migrated with the demo loaded
            stack.create_database_from(template)
        else:
            stack.create_database()
        stack.start_redis()
        stack.start_s3()
        step("migrate, load_demo and collectstatic")
        collect = subprocess.Popen(  # noqa: S603 - in parallel with the migrations
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=BASE_DIR,
            env=stack.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        if not template:
            stack.manage("migrate", "--no-input", "-v0")
            stack.manage("load_demo")
        output, _ = collect.communicate(timeout=300)
        if collect.returncode != 0:
            raise Failed(f"collectstatic:\n{output.decode(errors='replace')}")
        stack.start_worker()

        os.environ.update(stack.env)
        import django

        django.setup()
        from loadtest import seed

        step(f"seeding {arguments.users} volunteers, the course and their statements")
        plan = seed.seed(volunteers=arguments.users, staff_email=STAFF)
        from certificates.models import Certificate

        rendered = Certificate.objects.filter(batch_id=plan["batch"], rendered_at__isnull=False)
        render_started = time.monotonic()
        wait_until(
            lambda: rendered.count() >= arguments.users,
            timeout=max(120, arguments.users / 5),
            step=1,
            what=f"the worker renders {arguments.users} statements",
        )
        step(
            f"the worker rendered {arguments.users} statements in "
            f"{time.monotonic() - render_started:.1f} s"
        )
        plan["codes"] = seed.certificate_codes(batch=plan["batch"])
        plan_file = stack.tmp / "plan.json"
        plan_file.write_text(json.dumps(plan))
        from django.db import connections

        connections.close_all()

        stack.start_web(0)
        stack.wait_web(0)
        port = stack.web_ports[0]
        journey = PAGES_PER_VOLUNTEER * MEAN_READING_S * 2  # generous: queueing under load
        run_time = arguments.arrival + journey
        step(
            f"locust: {arguments.users} volunteers over {arguments.arrival} s against gunicorn "
            f":{port} ({arguments.web_processes} workers x {arguments.threads} threads); "
            f"at most {run_time} s"
        )
        prefix = stack.tmp / "locust"
        load_started = time.monotonic()
        locust = stack.start(
            "locust",
            [
                PYTHON, "-m", "locust",
                "-f", str(BASE_DIR / "loadtest" / "locustfile.py"),
                "--headless", "--only-summary",
                "--users", str(arguments.users),
                "--spawn-rate", f"{arguments.users / arguments.arrival:.3f}",
                "--run-time", f"{run_time}s",
                "--stop-timeout", "30",
                "--host", f"http://127.0.0.1:{port}",
                "--csv", str(prefix),
                "--exit-code-on-error", "0",
            ],
            env={
                **stack.env,
                "LOADTEST_PLAN": str(plan_file),
                "LOADTEST_READING": arguments.reading,
            },
        )  # fmt: skip # a command line: each flag beside its value
        locust.wait(timeout=run_time + 120)
        seconds = time.monotonic() - load_started
        if locust.returncode != 0:
            raise Failed(f"locust exited with {locust.returncode}")
        figures = _figures(
            f"{prefix}_stats.csv",
            users=arguments.users,
            seconds=seconds,
            p95_limit=arguments.p95_ms,
        )
        for figure in figures:
            print(json.dumps(figure), flush=True)
        errors = next(f["value"] for f in figures if f["name"] == "loadtest_all_errors")
        slow = [
            f["name"]
            for f in figures
            if f["name"].endswith("_p95_ms")
            and f["name"] != "loadtest_all_p95_ms"
            and (f["value"] or 0) > arguments.p95_ms
        ]
        if errors:
            failures = (stack.tmp / "locust_failures.csv").read_text(errors="replace")
            print(failures, file=sys.stderr)
        ok = not errors and not slow
        if not ok:
            step(f"{errors} failed requests; p95 over {arguments.p95_ms:.0f} ms: {slow or 'none'}")
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr, flush=True)
    except BaseException as error:
        print(f"FAILED: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        if not isinstance(error, SystemExit | KeyboardInterrupt):
            import traceback

            traceback.print_exc()
    finally:
        step("stopping everything the load test started")
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        stack.stop()
        if ok and not arguments.keep:
            shutil.rmtree(stack.tmp, ignore_errors=True)
        else:
            print(f"logs and locust's CSV files: {stack.tmp}", file=sys.stderr)
    step("load test passed" if ok else "load test FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
