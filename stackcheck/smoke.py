"""The checks, in the order a season would exercise them. Each step prints one line saying
what held; the first that does not raises ``Failed``."""

import json
import os
import re
import signal
import time
import uuid
from pathlib import Path

import requests

from stackcheck.services import Failed, Stack, wait_until

DEMO_PASSWORD = "manara-demo-1448"  # noqa: S105 - lms/management/commands/load_demo.py
VOLUNTEER = "volunteer.men@demo.manara.sa"
OTHER_VOLUNTEER = "volunteer.women@demo.manara.sa"
STAFF = "staff.men@demo.manara.sa"
SHARED = Path(os.environ.get("MANARA_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
H5P_PACKAGE = SHARED / "fixtures" / "h5p" / "real" / "valid2.h5p"
# Documentation addresses (RFC 5737): only ever written into a header, never contacted.
CLIENT_ADDRESS = "203.0.113.7"
OTHER_CLIENT_ADDRESS = "203.0.113.8"
BULK_VOLUNTEERS = 240


class Browser:
    """One person's browser; ``on(n)`` picks which web process the next request reaches."""

    def __init__(self, stack: Stack, address: str = CLIENT_ADDRESS) -> None:
        self.stack = stack
        self.session = requests.Session()
        self.address = address
        self.web = 0
        self.request_ids: dict[str, str] = {}  # the id each response carried -> its request

    def on(self, web: int) -> "Browser":
        self.web = web
        return self

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.stack.web_ports[self.web]}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Origin": f"https://127.0.0.1:{self.stack.web_ports[self.web]}",
            "Referer": f"https://127.0.0.1:{self.stack.web_ports[self.web]}{path}",
            **kwargs.pop("headers", {}),
        }
        response = self.session.request(
            method,
            self.origin + path,
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        # The check plays the TLS-terminating proxy: the site sees HTTPS (X-Forwarded-Proto)
        # and marks its cookies Secure; the proxy's browser side would send them back.
        for cookie in self.session.cookies:
            cookie.secure = False
        self.request_ids[response.headers.get("X-Request-ID", "")] = f"{method} {path}"
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data=None, **kwargs) -> requests.Response:
        data = dict(data or {})
        data.setdefault("csrfmiddlewaretoken", self.session.cookies.get("csrftoken", ""))
        return self.request("POST", path, data=data, **kwargs)

    def sign_in(self, email: str) -> None:
        page = self.get("/en/accounts/login/")
        expect(page.status_code == 200, f"sign-in page: {page.status_code}")
        answer = self.post("/en/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
        expect(answer.status_code == 302, f"sign-in of {email}: {answer.status_code}")


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def say(message: str) -> None:
    print(f"  ok  {message}", flush=True)


# -- the story -------------------------------------------------------------------------
def session_continues_on_the_other_web(stack: Stack) -> Browser:
    volunteer = Browser(stack).on(0)
    volunteer.sign_in(VOLUNTEER)
    profile = volunteer.on(1).get("/en/accounts/profile/")
    expect(
        profile.status_code == 200 and VOLUNTEER in profile.text,
        f"profile on web 2 after signing in on web 1: {profile.status_code}",
    )
    say("signed in on web 1, the session goes on on web 2 (sessions in Redis + PostgreSQL)")
    return volunteer


def complete_the_first_aid_course(stack: Stack, volunteer: Browser) -> str:
    """Enrol, open and complete every lesson on web 1, passing the quiz with the right
    answers; returns the certificate's code."""
    from assessments.models import Choice, QuizAttempt
    from courses.models import CoursePage, LessonPage

    course = CoursePage.objects.get(slug="first-aid", locale__language_code="ar")
    volunteer.on(0)
    answer = volunteer.post(f"/en/learning/enrol/{course.pk}/")
    expect(answer.status_code == 302, f"enrol: {answer.status_code}")
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    for lesson in lessons:
        page = volunteer.get(lesson.url)
        expect(page.status_code == 200, f"lesson {lesson.slug}: {page.status_code}")
        for block in lesson.body:
            if block.block_type != "quiz":
                continue
            started = volunteer.post(f"/en/assessments/quiz/{lesson.pk}/{block.id}/start/")
            expect(started.status_code == 302, f"quiz start: {started.status_code}")
            attempt = QuizAttempt.objects.filter(user__email=VOLUNTEER).latest("pk")
            form = {}
            for entry in attempt.layout:
                key = str(entry["question"])
                right = set(
                    Choice.objects.filter(pk__in=entry["choices"], is_correct=True).values_list(
                        "pk", flat=True
                    )
                )
                ordering = Choice.objects.filter(pk__in=entry["choices"]).order_by("sort_order")
                if attempt.bank.questions.get(pk=entry["question"]).kind == "ordering":
                    for position, choice in enumerate(ordering, start=1):
                        form[f"q{key}-pos{choice.pk}"] = str(position)
                else:
                    form[f"q{key}"] = [str(pk) for pk in entry["choices"] if pk in right]
            submitted = volunteer.post(f"/en/assessments/quiz/attempts/{attempt.pk}/", form)
            expect(submitted.status_code == 302, f"quiz submit: {submitted.status_code}")
            attempt.refresh_from_db()
            expect(attempt.passed, "the quiz answered right was not passed")
        done = volunteer.post(f"/en/learning/lessons/{lesson.pk}/complete/")
        expect(done.status_code == 302, f"complete {lesson.slug}: {done.status_code}")
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(holder__email=VOLUNTEER, kind="course").first()
    expect(certificate is not None, "no course certificate after completing the course")
    say(f"completed the first-aid course on web 1 ({len(lessons)} lessons, quiz passed)")
    return certificate.code


def certificate_rendered_and_served(stack: Stack, volunteer: Browser, code: str) -> None:
    from certificates.models import Certificate

    wait_until(
        lambda: Certificate.objects.get(code=code).rendered_at is not None,
        timeout=60,
        what="the worker renders the certificate",
    )
    certificate = Certificate.objects.get(code=code)
    s3 = stack_s3(stack)
    key = f"certificates/{certificate.pdf_file.name}"
    stored = s3.get_object(Bucket=stack.bucket, Key=key)["Body"].read()
    expect(stored.startswith(b"%PDF"), f"{key} in the bucket is not a PDF")
    download = volunteer.on(1).get(f"/en/certificates/{code}/download/")
    expect(
        download.status_code == 200 and download.content == stored,
        f"holder's download on web 2: {download.status_code}",
    )
    other = Browser(stack, OTHER_CLIENT_ADDRESS).on(1)
    other.sign_in(OTHER_VOLUNTEER)
    refused = other.get(f"/en/certificates/{code}/download/")
    expect(refused.status_code == 404, f"another volunteer's download: {refused.status_code}")
    say(
        f"the worker rendered the certificate into S3 ({key}, {len(stored)} bytes); web 2 "
        "serves it to its holder and answers 404 to another volunteer"
    )
    task = f'"args": "({certificate.pk},)"'
    rendered_lines = [
        json.loads(line)
        for line in stack.log("worker").splitlines()
        if line.startswith("{") and "certificate_render" in line and task in line
    ]
    carried = {line["request_id"] for line in rendered_lines} & set(volunteer.request_ids)
    expect(
        bool(carried),
        f"the render task's log lines carry no request id of the web requests: {rendered_lines}",
    )
    request_id = carried.pop()
    say(
        f"the worker's JSON log carries the id {request_id} of the request that completed "
        f"the course ({volunteer.request_ids[request_id]})"
    )


def h5p_uploaded_on_one_web_plays_on_the_other(stack: Stack) -> None:
    from django.urls import reverse

    from assessments.activity import activity_token, files_token
    from assessments.models import H5PPackage
    from courses.models import LessonPage
    from lms.models import User

    if not H5P_PACKAGE.exists():
        raise Failed(f"{H5P_PACKAGE} is missing (../shared/fixtures/h5p)")
    staff = Browser(stack, "203.0.113.9").on(1)
    staff.sign_in(STAFF)
    add = "/admin/snippets/assessments/h5ppackage/add/"
    form = staff.get(add)
    expect(form.status_code == 200, f"the admin's H5P upload form on web 2: {form.status_code}")
    before = H5PPackage.objects.count()
    with H5P_PACKAGE.open("rb") as upload:
        answer = staff.post(
            add,
            {"title": "Stack check", "language": ""},
            files={"package_file": (H5P_PACKAGE.name, upload, "application/zip")},
        )
    expect(
        answer.status_code == 302 and H5PPackage.objects.count() == before + 1,
        f"upload on web 2: {answer.status_code} {answer.text[:300]}",
    )
    package = H5PPackage.objects.latest("pk")
    learner = User.objects.get(email=VOLUNTEER)
    lesson = LessonPage.objects.live().first()
    token = activity_token(
        user=learner, lesson=lesson, block_id=uuid.uuid4(), package=package, value={}
    )
    volunteer = Browser(stack).on(0)
    player = volunteer.get(reverse("h5p_player", args=[token]))
    files = files_token(package)
    expect(
        player.status_code == 200 and files in player.text,
        f"the player page on web 1: {player.status_code}",
    )
    manifest = volunteer.get(reverse("h5p_file", args=[files, "h5p.json"]))
    expect(
        manifest.status_code == 200 and manifest.json().get("mainLibrary"),
        f"h5p.json through web 1: {manifest.status_code}",
    )
    policy = manifest.headers.get("Content-Security-Policy", "")
    expect(bool(policy), "a package file is served without its Content-Security-Policy")
    say(
        f"an H5P package uploaded on web 2 plays from web 1 (player page, h5p.json of "
        f"{manifest.json()['mainLibrary']}, with its CSP)"
    )


def verification_limit_is_shared(stack: Stack, code: str) -> None:
    limit = int(stack.env["MANARA_VERIFY_RATE_PER_MINUTE"])
    if time.time() % 60 > 50:  # a fixed window per minute: start in a fresh one
        time.sleep(61 - time.time() % 60)
    visitor = Browser(stack, "198.51.100.23")
    statuses = [visitor.on(n % 2).get(f"/en/verify/{code}/").status_code for n in range(limit)]
    expect(statuses == [200] * limit, f"the first {limit} verifications: {statuses}")
    over = [visitor.on(n).get(f"/en/verify/{code}/").status_code for n in (0, 1)]
    expect(over == [429, 429], f"past the limit, on both webs: {over}")
    fresh = Browser(stack, "198.51.100.24").on(1).get(f"/en/verify/{code}/").status_code
    expect(fresh == 200, f"another client behind the same proxy: {fresh}")
    say(
        f"the verification limit ({limit}/min) counts one client across both web processes "
        "(X-Forwarded-For from the trusted proxy) and not its neighbour"
    )


def bulk_issue_survives_a_killed_worker(stack: Stack) -> None:
    from decimal import Decimal

    from accreditation.actions import BulkIssueStatements
    from accreditation.models import HoursEntry, ServiceCategory
    from certificates.models import Certificate
    from lms.models import Organisation, Section, User
    from tests.factories import HoursEntryFactory

    organisation = Organisation.objects.create(
        slug="stack-bulk", name_ar="جمعية الفحص", name_en="Stack check society"
    )
    User.objects.bulk_create(
        User(
            email=f"bulk{n}@stack.manara.test",
            first_name="Bulk",
            last_name=f"Volunteer {n}",
            name_ar=f"متطوع {n}",
            organisation=organisation,
            section=Section.MEN,  # the section of the staff member who issues the batch
            preferred_language="ar",
        )
        for n in range(BULK_VOLUNTEERS)
    )
    volunteers = list(User.objects.filter(organisation=organisation))
    category = ServiceCategory.objects.filter(slug="training").first()
    HoursEntry.objects.bulk_create(
        HoursEntryFactory.build(
            approved=True,
            volunteer=volunteer,
            hours=Decimal("3"),
            category=category,
            hourly_value_sar=Decimal("15"),
            season=1448,
            organisation=organisation,
            description="Guiding pilgrims at Bab al-Salam",
        )
        for volunteer in volunteers
    )
    staff = User.objects.get(email=STAFF)
    batch = BulkIssueStatements(user=staff, organisation=organisation).execute()
    rendered = Certificate.objects.filter(batch=batch, rendered_at__isnull=False)
    wait_until(
        lambda: rendered.count() >= BULK_VOLUNTEERS // 5,
        timeout=90,
        step=0.1,
        what="a fifth of the bulk issue rendered",
    )
    at_kill = rendered.count()
    stack.kill("worker", signal.SIGKILL)
    expect(at_kill < BULK_VOLUNTEERS, "the worker finished before it could be killed")
    say(f"killed the worker (SIGKILL) with {at_kill}/{BULK_VOLUNTEERS} certificates rendered")
    stack.start_worker("worker-restarted")
    started = time.monotonic()
    wait_until(
        lambda: rendered.count() == BULK_VOLUNTEERS,
        timeout=120,
        step=0.5,
        what="the restarted worker finishes the bulk issue",
    )
    issued = Certificate.objects.filter(batch=batch)
    expect(issued.count() == BULK_VOLUNTEERS, f"{issued.count()} certificates issued")
    expect(
        issued.values("holder").distinct().count() == BULK_VOLUNTEERS,
        "a volunteer holds two statements of the batch",
    )
    expect(
        set(issued.values_list("holder_id", flat=True)) == {v.pk for v in volunteers},
        "a volunteer of the batch was left out",
    )
    expect(
        issued.values("pdf_file").distinct().count() == BULK_VOLUNTEERS,
        "two certificates share a file",
    )
    say(
        f"the restarted worker finished the bulk issue in {time.monotonic() - started:.1f} s: "
        f"{BULK_VOLUNTEERS} statements, one per volunteer, each with its own PDF"
    )


def one_beat_runs_the_schedule(stack: Stack) -> None:
    sent = [log.count("Sending due task") for log in (stack.log("beat"), stack.log("beat-2"))]
    expect(sent[0] > 0, "the first beat sent no periodic task")
    expect(sent[1] == 0, f"the second beat sent {sent[1]} periodic tasks too")
    say(f"one beat runs the schedule ({sent[0]} sends); the second waits on the Redis lock")


def readiness_follows_redis(stack: Stack) -> None:
    web = f"http://127.0.0.1:{stack.web_ports[0]}/readyz"
    expect(requests.get(web, timeout=10).status_code == 200, "/readyz before stopping Redis")
    stack.stop_redis()
    down = requests.get(web, timeout=30)
    expect(down.status_code == 503, f"/readyz with Redis stopped: {down.status_code}")
    checks = down.json()["checks"]
    expect(checks["cache"] != "ok", f"/readyz with Redis stopped: {checks}")
    stack.start_redis()
    wait_until(
        lambda: requests.get(web, timeout=10).status_code == 200,
        timeout=30,
        what="/readyz after Redis is back",
    )
    say(f"/readyz answers 503 with Redis stopped ({checks}) and 200 when it is back")


def healthz_and_static(stack: Stack) -> None:
    from django.templatetags.static import static

    alive = requests.get(f"http://127.0.0.1:{stack.web_ports[1]}/healthz", timeout=10)
    expect(alive.status_code == 200, f"/healthz: {alive.status_code}")
    asset = static("vendor/h5p-standalone/frame.bundle.js")
    served = requests.get(
        f"http://127.0.0.1:{stack.web_ports[1]}{asset}",
        headers={"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"},
        timeout=10,
    )
    expect(served.status_code == 200, f"{asset}: {served.status_code}")
    cache = served.headers.get("Cache-Control", "")
    expect(re.search(r"max-age=\d{6,}", cache) is not None, f"{asset}: Cache-Control {cache}")
    say(f"/healthz answers; whitenoise serves {asset} ({cache})")


def stack_s3(stack: Stack):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=stack.env["MANARA_S3_ENDPOINT_URL"],
        aws_access_key_id="stack-check",
        aws_secret_access_key="stack-check-secret",  # noqa: S106 - the local fake's
        region_name="us-east-1",
    )
