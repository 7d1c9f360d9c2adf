"""The player page and the package's files are isolated from the platform's origin."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.activity import activity_token, files_token
from assessments.services import package_create
from courses.services import enrolment_create
from tests.assessments.conftest import build_package, minimal_files
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(h5p_root, trainer):
    files = {**minimal_files(), "content/x.svg": "<svg><script>alert(1)</script></svg>"}
    return package_create(upload=build_package(files), uploaded_by=trainer)


@pytest.fixture
def lesson(package, make_course, volunteer):
    tree = make_course(lessons=1)
    lesson = tree.lessons[0]
    lesson.body = [("h5p", {"package": package, "required": True, "pass_mark": 100})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    enrolment_create(user=volunteer, course=tree.course)
    return lesson


def test_the_lesson_embeds_the_player_in_a_sandboxed_frame(lesson, volunteer):
    client = Client()
    client.login(username=volunteer.email, password=PASSWORD)
    html = client.get(lesson.url).content.decode()
    assert 'sandbox="allow-scripts"' in html
    assert "allow-same-origin" not in html
    assert "/assessments/h5p/play/" in html


def test_the_lesson_offers_no_player_to_people_not_enrolled(lesson, team_leader):
    client = Client()
    client.login(username=team_leader.email, password=PASSWORD)
    response = client.get(lesson.url)
    assert "/assessments/h5p/play/" not in response.content.decode()


def test_the_player_runs_sandboxed_in_the_content_direction(package, lesson, volunteer):
    block = lesson.body[0]
    token = activity_token(
        user=volunteer, lesson=lesson, block_id=block.id, package=package, value=block.value
    )
    response = Client().get(reverse("h5p_player", args=[token]))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts;")
    assert "allow-same-origin" not in policy
    assert "frame-ancestors 'self'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_a_forged_player_token_is_not_found():
    assert Client().get(reverse("h5p_player", args=["forged"])).status_code == 404


def test_package_files_are_inert_on_their_own(package):
    url = reverse("h5p_file", args=[files_token(package), "content/x.svg"])
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["../x.json", "content/../../x", "missing.json"])
def test_package_files_outside_the_package_are_not_found(package, path):
    url = reverse("h5p_file", args=[files_token(package), "h5p.json"]).replace("h5p.json", path)
    assert Client().get(url).status_code == 404


def test_a_forged_files_token_is_not_found(package):
    url = reverse("h5p_file", args=[f"{package.uuid}", "h5p.json"])
    assert Client().get(url).status_code == 404
