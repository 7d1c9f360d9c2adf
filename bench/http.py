"""Over HTTP, as the peer is measured (``../shared/peer-bench``): gunicorn with two sync
workers on the benchmark's database, ``wrk -t2 -c16`` with a signed-in learner's session
cookie on the course page, a lesson page and a bare Django view (``bench/urls.py``: a
one-line template behind the project's middleware). The bare view is the framework's limit
on this machine, so ``course_page_http_ratio`` (course page over bare view, same server,
same run) compares across machines and days; the goal is at least 0.2.

Needs ``wrk`` (Debian: ``apt-get install wrk``); without it the benchmark says so on
standard error and prints nothing.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.test import Client

from bench.registry import Figure, benchmark
from courses.models import CoursePage, Enrolment, LessonPage

ROOT = Path(__file__).resolve().parent.parent
WRK_SECONDS = int(os.environ.get("MANARA_BENCH_WRK_SECONDS", "15"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, deadline: float = 60) -> None:
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own server)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {deadline} s")


def _requests_per_second(wrk: str, url: str, cookie: str, seconds: int) -> float:
    command = [wrk, "-t2", "-c16", f"-d{seconds}s", "-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{url} answered {non_2xx.group(1)} errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@benchmark("http_pages")
def http_pages() -> list[Figure]:
    wrk = shutil.which("wrk")
    if wrk is None:
        print("http_pages: wrk is not installed (apt-get install wrk); skipped", file=sys.stderr)
        return []
    course = CoursePage.objects.get(slug="bench-course-all")
    learner = Enrolment.objects.filter(course_key=course.translation_key).order_by("pk").first()
    lesson = LessonPage.objects.child_of(course).order_by("path")[1]
    cookie = _session_cookie(learner.user)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }
    log = (ROOT / "build" / "bench-gunicorn.log").open("w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync"),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "warning", "lms.wsgi:application"),
        ],
        cwd=ROOT,
        env=environment,
        # The server logs a JSON line a request, as in production (gunicorn.conf.py): to a
        # file, so the bench's output stays its figures.
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    figures = []
    try:
        _wait_until_up(f"{base}/bench/tiny/", server)
        rates = {}
        for name, path in (
            ("bare_view", "/bench/tiny/"),
            ("course_page", course.url),
            ("lesson_page", lesson.url),
        ):
            _requests_per_second(wrk, base + path, cookie, 3)  # warm the workers
            rates[name] = _requests_per_second(wrk, base + path, cookie, WRK_SECONDS)
        context = {"workers": 2, "connections": 16, "seconds": WRK_SECONDS}
        for name, rate in rates.items():
            figures.append(Figure(f"{name}_http_rps", rate, "req/s", context))
        for name in ("course_page", "lesson_page"):
            ratio = rates[name] / rates["bare_view"]
            figures.append(Figure(f"{name}_http_ratio", ratio, "of bare view", context))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return figures
