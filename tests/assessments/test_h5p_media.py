"""What the player frame may load: media hosts named by the content and confirmed by the
trainer (never "*", YouTube and Vimeo through their privacy-enhanced players), the CORS
headers and preflight answers the opaque origin needs, and the activity's stable IRI."""

import json
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.activity import activity_token, files_token
from assessments.forms import H5PPackageEditForm
from assessments.h5p import MEDIA_HOST, media_host, media_hosts_named
from assessments.models import H5PPackage
from assessments.services import package_create
from assessments.views import PLAYER_POLICY, player_policy
from courses.services import enrolment_create
from tests.assessments.conftest import build_package, fixture_path, fixture_upload, minimal_files
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split(" ")[0]: part.split(" ")[1:] for part in policy.split("; ")}


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("https://youtu.be/6mGfomhKRQw", "www.youtube-nocookie.com"),
        ("https://www.youtube.com/watch?v=6mGfomhKRQw", "www.youtube-nocookie.com"),
        ("https://vimeo.com/76979871", "player.vimeo.com"),
        ("https://media.example.org/v/clip.mp4", "media.example.org"),
        ("http://Media.Example.org:8080/clip.mp4", "media.example.org:8080"),
        ("javascript:alert(1)", None),
        ("https://*.example.org/x.mp4", None),
        ("https://exa mple.org/x.mp4", None),
        ("https://example.org;script-src */x.mp4", None),
        ("data:video/mp4;base64,AAAA", None),
    ],
)
def test_media_addresses_name_their_host(address, host):
    assert media_host(address) == host


def test_the_column_package_names_youtube_only():
    with zipfile.ZipFile(fixture_path("real/H5P.Column-with-video.h5p")) as archive:
        content = json.loads(archive.read("content/content.json"))
    assert media_hosts_named(content) == ["www.youtube-nocookie.com"]


def test_hosts_are_found_wherever_the_content_names_a_media_file():
    # An Interactive Video's video and a Course Presentation's audio, nested as the hub's
    # content types nest them; local files and text mentioning an address are not hosts.
    content = {
        "interactiveVideo": {
            "video": {"files": [{"path": "https://videos.example.org/clip.mp4"}]},
            "assets": {
                "interactions": [
                    {
                        "action": {
                            "params": {
                                "media": {
                                    "type": {
                                        "params": {
                                            "files": [{"path": "https://vimeo.com/76979871"}]
                                        }
                                    }
                                }
                            }
                        }
                    }
                ]
            },
        },
        "presentation": {
            "slides": [
                {
                    "elements": [
                        {
                            "action": {
                                "params": {
                                    "files": [{"path": "audios/local.mp3"}],
                                    "text": "see https://elsewhere.example.net/",
                                }
                            }
                        }
                    ]
                }
            ]
        },
    }
    assert media_hosts_named(content) == ["player.vimeo.com", "videos.example.org"]


def package_with_media(*hosts) -> dict:
    files = minimal_files()
    sources = [{"path": f"https://{host}/clip.mp4", "mime": "video/mp4"} for host in hosts]
    files["content/content.json"] = json.dumps({"sources": sources, "local": {"path": "a.png"}})
    return files


def test_hosts_are_recorded_at_upload_and_allowed_only_when_confirmed(h5p_root, trainer):
    files = package_with_media("media.example.org", "youtu.be")
    package = package_create(upload=build_package(files), uploaded_by=trainer)
    assert package.media_hosts_named == ["media.example.org", "www.youtube-nocookie.com"]
    assert package.media_hosts == []
    assert player_policy(package) == PLAYER_POLICY
    allowed = package_create(
        upload=build_package(files), uploaded_by=trainer, allow_media_hosts=True
    )
    policy = directives(player_policy(allowed))
    assert policy["media-src"] == ["'self'", "blob:", "media.example.org"]
    assert policy["img-src"] == ["'self'", "data:", "blob:", "media.example.org"]
    assert policy["frame-src"] == ["'self'", "https://www.youtube-nocookie.com"]
    assert policy["script-src"] == ["'self'", "'unsafe-eval'", "https://www.youtube.com"]
    assert "www.youtube.com" not in " ".join(policy["frame-src"])


def test_a_host_the_content_does_not_name_is_never_allowed(h5p_root, trainer):
    package = package_create(
        upload=build_package(package_with_media("media.example.org")), uploaded_by=trainer
    )
    package.media_hosts = ["media.example.org", "evil.example.net", "*"]
    assert "evil" not in player_policy(package)
    assert "*" not in player_policy(package)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hosts=st.lists(st.text(max_size=40), max_size=6), addresses=st.lists(st.text(), max_size=4))
def test_no_stored_host_can_widen_or_break_the_policy(hosts, addresses):
    named = [media_host(address) for address in addresses]
    named = [host for host in named if host] + hosts
    package = H5PPackage(media_hosts_named=named, media_hosts=hosts)
    policy = player_policy(package)
    assert "*" not in policy
    assert list(directives(policy)) == list(directives(PLAYER_POLICY))
    base = directives(PLAYER_POLICY)
    for name, sources in directives(policy).items():
        added = sources[len(base[name]) :]
        assert sources[: len(base[name])] == base[name]
        for source in added:
            host = source.removeprefix("https://")
            assert MEDIA_HOST.match(host), source


@given(address=st.text(max_size=80))
def test_any_address_names_a_plain_host_or_none(address):
    host = media_host(address)
    assert host is None or MEDIA_HOST.match(host)


def test_the_edit_form_confirms_only_hosts_the_content_names(h5p_root, trainer):
    files = package_with_media("media.example.org", "youtu.be")
    package = package_create(upload=build_package(files), uploaded_by=trainer)
    form = H5PPackageEditForm(
        instance=package,
        data={"title": "Clip", "language": "ar", "media_hosts": ["www.youtube-nocookie.com"]},
        for_user=trainer,
    )
    assert (
        "Not allowed yet, so not shown to learners: media.example.org, www.youtube-nocookie.com"
        in str(form.fields["media_hosts"].help_text)
    )
    assert form.is_valid(), form.errors
    form.save()
    package.refresh_from_db()
    assert package.media_hosts == ["www.youtube-nocookie.com"]
    assert package.media_hosts_unconfirmed == ["media.example.org"]
    refused = H5PPackageEditForm(
        instance=package,
        data={"title": "Clip", "language": "ar", "media_hosts": ["evil.example.net"]},
        for_user=trainer,
    )
    assert not refused.is_valid()


@pytest.fixture
def player(h5p_root, trainer, make_course, volunteer):
    """The player's answer for a volunteer's activity, given a package's files."""

    def play(upload, *, allow=False):
        package = package_create(upload=upload, uploaded_by=trainer, allow_media_hosts=allow)
        tree = make_course(lessons=1)
        lesson = tree.lessons[0]
        lesson.body = [("h5p", {"package": package, "required": True, "pass_mark": 100})]
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        enrolment_create(user=volunteer, course=tree.course)
        block = lesson.body[0]
        token = activity_token(
            user=volunteer,
            lesson=lesson,
            block_id=block.id,
            package=package,
            value=block.value,
            course_key=tree.course.translation_key,
        )
        response = Client().get(reverse("h5p_player", args=[token]))
        html = response.content.decode()
        config = json.loads(re.search(r'id="h5p-config"[^>]*>(.*?)</script>', html).group(1))
        return response, config, tree, block, lesson

    return play


def test_the_player_allows_youtube_for_the_column_package_only(player):
    response, config, *_ = player(fixture_upload("real/H5P.Column-with-video.h5p"), allow=True)
    policy = directives(response["Content-Security-Policy"])
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]
    assert config["youtube"] is True and config["vimeo"] is False
    other, other_config, *_ = player(build_package(minimal_files()), allow=True)
    assert other["Content-Security-Policy"] == PLAYER_POLICY
    assert other_config["youtube"] is False


def test_the_activity_iri_is_the_course_and_block_whatever_the_file_addresses(
    player, volunteer, client
):
    response, config, tree, block, lesson = player(build_package(minimal_files()))
    expected = f"http://testserver/xapi/activities/h5p/{tree.course.translation_key}/{block.id}"
    assert config["xAPIObjectIRI"] == expected
    assert "/h5p/files/" not in config["xAPIObjectIRI"]
    # The lesson page signs a new token (and new file addresses) each time; the IRI stays.
    client.login(username=volunteer.email, password=PASSWORD)
    addresses = set()
    for _visit in range(2):
        html = client.get(lesson.url).content.decode()
        addresses.add(re.search(r"src=\"([^\"]*/h5p/play/[^\"]+)\"", html).group(1))
    iris = {
        json.loads(
            re.search(
                r'id="h5p-config"[^>]*>(.*?)</script>', client.get(address).content.decode()
            ).group(1)
        )["xAPIObjectIRI"]
        for address in addresses
    }
    assert iris == {expected}


@pytest.mark.parametrize("view", ["h5p_file", "h5p_library"])
def test_the_opaque_origins_preflight_is_answered(view, h5p_root, trainer):
    package = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    path = "content/content.json" if view == "h5p_file" else "H5P.Hello-1.0/hello.css"
    url = reverse(view, args=[files_token(package), path])
    response = Client().options(
        url,
        HTTP_ORIGIN="null",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="range",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Range" in response["Access-Control-Allow-Headers"]
    assert Client().head(url).status_code == 200
    assert Client().post(url).status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "vendor/h5p-standalone/styles/h5p.css",
        "vendor/h5p-standalone/fonts/h5p-core-30.woff2",
        "vendor/noto-naskh-arabic/noto-naskh-arabic-arabic-400-normal.woff2",
        "assessments/css/h5p-frame.css",
    ],
)
def test_the_players_styles_and_fonts_are_served_with_cors(path):
    response = Client().get(reverse("h5p_asset", args=[path]), HTTP_ORIGIN="null")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Client().options(reverse("h5p_asset", args=[path])).status_code == 204


@pytest.mark.parametrize(
    "path",
    ["lms/css/manara.css", "vendor/h5p-standalone/main.bundle.js", "assessments/css/../../x"],
)
def test_the_asset_view_serves_nothing_else(path):
    assert Client().get(reverse("h5p_asset", args=[path])).status_code == 404


def test_the_trainer_previewing_the_lesson_is_warned_of_hosts_not_allowed(
    h5p_root, trainer, make_course
):
    package = package_create(
        upload=build_package(package_with_media("media.example.org")), uploaded_by=trainer
    )
    tree = make_course(lessons=1)
    lesson = tree.lessons[0]
    lesson.body = [("h5p", {"package": package, "required": True, "pass_mark": 100})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    client = Client()
    client.login(username=trainer.email, password=PASSWORD)
    html = client.get(lesson.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "h5p/play/" in html, "the trainer previews the activity"
    assert "h5p-activity__warning" in html and "media.example.org" in html
    package.media_hosts = ["media.example.org"]
    package.save()
    assert "h5p-activity__warning" not in client.get(lesson.url).content.decode()
