"""Run the stack check: ``python -m stackcheck`` (``make stack-check``). Exits non-zero on
any failure, and stops every process it started in every case."""

import os
import shutil
import signal
import subprocess
import sys
import time

from stackcheck import smoke
from stackcheck.services import BASE_DIR, PYTHON, Failed, Stack


def _stop_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def main() -> int:
    started = time.monotonic()
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    stack = Stack()
    ok = False

    def step(message: str) -> None:
        print(f"[{time.monotonic() - started:5.1f}s] {message}", flush=True)

    try:
        step(f"services on 127.0.0.1 (temp folder {stack.tmp})")
        stack.create_database()
        stack.start_redis()
        stack.start_s3()
        step(
            f"postgres db {stack.database}, redis :{stack.redis_port}, "
            f"S3 (moto) :{stack.s3_port}; migrate, load_demo and collectstatic"
        )
        collect = subprocess.Popen(  # noqa: S603 - in parallel with the migrations
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=BASE_DIR,
            env=stack.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        stack.manage("migrate", "--no-input", "-v0")
        stack.manage("load_demo")
        output, _ = collect.communicate(timeout=300)
        if collect.returncode != 0:
            raise Failed(f"collectstatic:\n{output.decode(errors='replace')}")
        step(f"web on :{stack.web_ports[0]} and :{stack.web_ports[1]}, worker, two beats")
        stack.start_web(0)
        stack.start_web(1)
        stack.start_worker()
        stack.start_beat("beat")
        smoke.wait_until(
            lambda: "Sending due task" in stack.log("beat") or "Acquired lock" in stack.log("beat"),
            timeout=30,
            what="the first beat takes the lock",
        )
        stack.start_beat("beat-2")  # started by mistake: must not run the schedule again
        stack.wait_web(0)
        stack.wait_web(1)

        # The check reads and seeds through Django too, with the same production settings.
        os.environ.update(stack.env)
        import django

        django.setup()

        step("smoke test")
        smoke.healthz_and_static(stack)
        volunteer = smoke.session_continues_on_the_other_web(stack)
        code = smoke.complete_the_first_aid_course(stack, volunteer)
        smoke.certificate_rendered_and_served(stack, volunteer, code)
        smoke.h5p_uploaded_on_one_web_plays_on_the_other(stack)
        smoke.verification_limit_is_shared(stack, code)
        smoke.bulk_issue_survives_a_killed_worker(stack)
        smoke.one_beat_runs_the_schedule(stack)
        smoke.readiness_follows_redis(stack)
        ok = True
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr, flush=True)
    except BaseException as error:
        print(f"FAILED: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        if not isinstance(error, SystemExit | KeyboardInterrupt):
            import traceback

            traceback.print_exc()
    finally:
        step("stopping everything the check started")
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        stack.stop()
        if ok:
            shutil.rmtree(stack.tmp, ignore_errors=True)
        else:
            for name in sorted(p.stem for p in stack.logs.glob("*.log")):
                tail = stack.log(name).splitlines()[-25:]
                print(f"--- {name}.log (last lines; all in {stack.logs})", file=sys.stderr)
                print("\n".join(tail), file=sys.stderr)
    step("stack check passed" if ok else "stack check FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
