"""The simulated volunteers (run by ``python -m loadtest``, which writes the plan they read
from ``LOADTEST_PLAN``). Each arrives once, reads 5 to 15 seconds between pages, and walks
the season's path: sign in, the catalogue, the course, enrol, the lessons (an H5P activity
reporting an xAPI statement through the real endpoint, with the session and CSRF token the
page gave it, and a quiz), and the download of their hours statement. Every request goes
through the trusted proxy's headers (HTTPS, the volunteer's own address) and counts as a
failure unless it answers what a browser expects."""

import itertools
import json
import os
import re
import uuid

from locust import FastHttpUser, SequentialTaskSet, between, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())  # noqa: SIM115
TOKEN = re.compile(r'data-token="([^"]+)"')
XAPI = re.compile(r'data-xapi-url="([^"]+)"')
QUESTION = re.compile(r'name="q(\d+)" value="(\d+)"')
ATTEMPT = re.compile(r"/quiz/attempts/(\d+)/")
_next = itertools.count()
_finished = itertools.count(1)


class Journey(SequentialTaskSet):
    def on_start(self) -> None:
        index = next(_next)
        if index >= len(PLAN["volunteers"]):
            raise StopUser
        self.email = PLAN["volunteers"][index]
        # One address per volunteer (10.x.y.z), as the trusted proxy reports it.
        self.address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256 + 1}"

    # -- one request, as the proxy forwards it -------------------------------------------
    def call(self, method: str, path: str, name: str, expect: tuple[int, ...], **kwargs):
        origin = self.user.host.replace("http://", "https://")
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Origin": origin,
            "Referer": origin + path,
            "Accept-Language": "ar",
            **kwargs.pop("headers", {}),
        }
        with self.client.request(
            method,
            path,
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            if response.status_code == 0:  # no answer: refused, or over network_timeout
                response.failure(f"no answer ({response.error!r})")
            elif response.status_code not in expect:
                response.failure(f"{response.status_code}, expected {expect}")
            else:
                response.success()
        # The proxy's browser side sends the Secure cookies back over its own HTTPS.
        for cookie in self.client.cookiejar:
            cookie.secure = False
        return response

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def post(self, path: str, name: str, data: dict | None = None, **kwargs):
        form = {"csrfmiddlewaretoken": self.csrf(), **(data or {})}
        return self.call("POST", path, name, kwargs.pop("expect", (302,)), data=form, **kwargs)

    # -- the path --------------------------------------------------------------------------
    @task
    def sign_in(self) -> None:
        self.call("GET", "/ar/accounts/login/", "sign-in page", (200,))
        self.wait()
        self.post(
            "/ar/accounts/login/",
            "sign in",
            {"username": self.email, "password": PLAN["password"]},
        )

    @task
    def catalogue(self) -> None:
        self.wait()
        self.call("GET", PLAN["catalogue"], "catalogue", (200,))
        self.wait()
        self.call("GET", PLAN["course"], "course", (200,))

    @task
    def enrol(self) -> None:
        self.wait()
        self.post(f"/ar/learning/enrol/{PLAN['course_id']}/", "enrol")

    @task
    def lessons(self) -> None:
        for position, lesson in enumerate(PLAN["lessons"]):
            self.wait()
            page = self.call("GET", lesson["url"], "lesson", (200,))
            if position == 1:
                self.activity(page.text or "")
                self.quiz(lesson["id"], page.text or "")
            self.wait()
            self.post(f"/ar/learning/lessons/{lesson['id']}/complete/", "lesson complete")

    def activity(self, page: str) -> None:
        token = TOKEN.search(page)
        endpoint = XAPI.search(page)
        if token is None or endpoint is None:
            self.missing("xapi statement", "no H5P activity on the lesson page")
            return
        for raw in (0, 1):  # a first try, then the right answer
            self.wait()
            statement = {
                "id": str(uuid.uuid4()),
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                "object": {"id": "http://h5p.season/check"},
                "result": {
                    "score": {"raw": raw, "max": 1, "min": 0},
                    "success": raw == 1,
                    "completion": True,
                },
            }
            self.call(
                "POST",
                endpoint.group(1),
                "xapi statement",
                (200,),
                data=json.dumps({"activity": token.group(1), "statement": statement}),
                headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
            )

    def quiz(self, lesson_id: int, page: str) -> None:
        start = re.search(rf'action="([^"]*/quiz/{lesson_id}/[0-9a-f-]{{36}}/start/)"', page)
        if start is None:
            self.missing("quiz", "no quiz on the lesson page")
            return
        self.wait()
        started = self.post(start.group(1), "quiz start")
        location = started.headers.get("Location") or ""
        if not ATTEMPT.search(location):
            self.missing("quiz start", f"no attempt to answer: {location!r}")
            return
        form = self.call("GET", location, "quiz page", (200,))
        answers: dict[str, str] = {}
        for question, choice in QUESTION.findall(form.text or ""):
            answers.setdefault(f"q{question}", choice)
        self.wait()
        self.post(location, "quiz submit", answers)

    def missing(self, name: str, what: str) -> None:
        events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(what),
        )

    @task
    def certificate(self) -> None:
        self.wait()
        self.call("GET", "/ar/learning/", "dashboard", (200,))
        code = PLAN["codes"].get(self.email)
        self.wait()
        self.call("GET", f"/ar/certificates/{code}/download/", "certificate download", (200,))

    @task
    def leave(self) -> None:
        if next(_finished) >= len(PLAN["volunteers"]):
            self.user.environment.runner.quit()
        raise StopUser


class Volunteer(FastHttpUser):
    wait_time = between(*map(float, os.environ.get("LOADTEST_READING", "5-15").split("-")))
    tasks = [Journey]
    connection_timeout = 60
    network_timeout = 120
