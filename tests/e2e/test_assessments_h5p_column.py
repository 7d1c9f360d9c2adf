"""A container in a real browser on an Arabic page: H5P.Column holding a YouTube video and
question types (Drag and Drop, Fill in the Blanks, an Essay, Guess the Answer). The video's
host is allowed for this package only and asked for through YouTube's privacy-enhanced
player; the questions report as children and decide nothing; the column decides by its
own completion. The frame reads in the platform's Noto fonts and is as tall as its content.

The browser has no internet here: YouTube's API script is answered by a stand-in that
records how the player was asked for, so the test checks the policy and the request."""

import pytest

from assessments.models import ActivityResult, XAPIStatement
from courses.models import LessonProgress
from tests.conftest import PASSWORD
from tests.e2e import test_assessments_h5p as played
from tests.e2e.test_assessments_h5p import FRAME, open_player

h5p_lesson = played.h5p_lesson  # the same fixture: a one-lesson course playing a package

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Stands in for https://www.youtube.com/iframe_api: a YT.Player that records its options and
# makes the frame the real one would, so the request the page makes can be seen.
YOUTUBE_API = """
window.YT = window.YT || {};
YT.PlayerState = {UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5};
YT.Player = function (id, options) {
  window.manaraYouTubeOptions = {host: options.host, videoId: options.videoId};
  var frame = document.createElement("iframe");
  frame.src = (options.host || "https://www.youtube.com") + "/embed/" + options.videoId;
  var element = document.getElementById(id);
  if (element) element.appendChild(frame);
  return new Proxy(this, {get: function (target, key) {
    return key in target ? target[key] : function () { return 0; };
  }});
};
setTimeout(function () { window.onYouTubeIframeAPIReady && window.onYouTubeIframeAPIReady(); });
"""


def stand_in_for_youtube(page, requests):
    def answer(route):
        requests.append(route.request.url)
        if route.request.url.startswith("https://www.youtube.com/iframe_api"):
            route.fulfill(status=200, content_type="text/javascript", body=YOUTUBE_API)
        else:
            route.fulfill(status=200, content_type="text/html", body="<p>video</p>")

    page.context.route("https://www.youtube.com/**", answer)
    page.context.route("https://www.youtube-nocookie.com/**", answer)


def player_frame(page):
    return next(f for f in page.frames if "/h5p/play/" in f.url)


def check_and_wait(page, question, volunteer):
    """Checks one question and waits until its answer is recorded."""
    before = XAPIStatement.objects.filter(user=volunteer).count()
    question.locator(".h5p-question-check-answer").click()
    for _ in range(300):
        if XAPIStatement.objects.filter(user=volunteer).count() > before:
            break
        page.wait_for_timeout(100)
    page.wait_for_function(
        "() => document.querySelector('section.h5p-activity').dataset.pending === '0'",
        timeout=30_000,
    )


def test_the_column_plays_its_video_privately_and_decides_by_its_own_completion(
    page, live_server, sign_in, volunteer, h5p_lesson, screenshot
):
    requests: list[str] = []
    stand_in_for_youtube(page, requests)
    lesson, package = h5p_lesson(
        "real/H5P.Column-with-video.h5p", pass_mark=100, allow_media_hosts=True
    )
    sign_in(volunteer, PASSWORD, "ar")
    with page.expect_response(lambda r: "/h5p/play/" in r.url) as answered:
        player = open_player(page, live_server, lesson)
    policy = answered.value.headers["content-security-policy"]
    assert "frame-src 'self' https://www.youtube-nocookie.com;" in policy
    assert "script-src 'self' 'unsafe-eval' https://www.youtube.com;" in policy
    assert "*" not in policy
    assert page.evaluate("() => document.documentElement.lang") == "ar"

    # The video is asked for through the privacy-enhanced player, and only through it.
    frame = player_frame(page)
    frame.wait_for_function("() => window.manaraYouTubeOptions !== undefined")
    assert frame.evaluate("() => window.manaraYouTubeOptions") == {
        "host": "https://www.youtube-nocookie.com",
        "videoId": "6mGfomhKRQw",
    }
    page.wait_for_timeout(300)
    assert any(url.startswith("https://www.youtube.com/iframe_api") for url in requests)
    assert any(
        url.startswith("https://www.youtube-nocookie.com/embed/6mGfomhKRQw") for url in requests
    )
    assert not any(url.startswith("https://www.youtube.com/embed") for url in requests)

    # The frame reads in the platform's Noto fonts, loaded across the opaque origin.
    family = frame.evaluate(
        "() => getComputedStyle(document.querySelector('.h5p-content')).fontFamily"
    )
    assert family.startswith('"Noto'), family
    loaded = frame.evaluate(
        """async () => (await document.fonts.load('16px "Noto Sans"', 'Twix'))"""
        ".map(face => face.status)"
    )
    assert loaded and set(loaded) == {"loaded"}, loaded

    # A right answer to one question is the question's, and decides nothing on its own.
    blanks = player.locator(".h5p-blanks").first
    for index, answer in enumerate(["39000", "24000", "15000", "28000", "30000", "20000"]):
        blanks.locator("input").nth(index).fill(answer)
    blanks.locator(".h5p-question-check-answer").click()
    page.wait_for_function(
        "() => document.querySelector('section.h5p-activity').dataset.pending === '0'"
    )
    page.wait_for_timeout(300)
    child = XAPIStatement.objects.filter(user=volunteer, verb__endswith="/answered").first()
    assert child is not None and child.is_child and child.raw_score == child.max_score
    assert not ActivityResult.objects.filter(user=volunteer).exists()

    # The other questions answered (not all rightly), each recorded before the next, so a
    # slow machine cannot reorder them: the column completes and decides.
    second = player.locator(".h5p-blanks").nth(1)
    for index, answer in enumerate(["65", "5", "24"]):
        second.locator("input").nth(index).fill(answer)
    check_and_wait(page, second, volunteer)
    essay = player.locator(".h5p-essay")
    essay.locator("textarea").fill(
        "Beide Twix arbeiten mit Zeilen und Spalten; das linke stellt auch Weiße Schokolade "
        "her. " * 4
    )
    check_and_wait(page, essay, volunteer)
    drags = player.locator(".h5p-dragquestion")
    drags.nth(2).wait_for()  # all three are built before any is checked
    assert drags.count() == 3
    for index in range(3):
        check_and_wait(page, drags.nth(index), volunteer)
    try:
        page.wait_for_function(
            "() => { const s = document.querySelector('section.h5p-activity');"
            " return s.dataset.passed !== undefined && s.dataset.pending === '0'; }",
            timeout=60_000,
        )
    except Exception as error:  # say what the page and the server saw, not only "timeout"
        status = page.locator(".h5p-activity__status").text_content()
        verbs = list(XAPIStatement.objects.filter(user=volunteer).values_list("verb", "is_child"))
        raise AssertionError(f"no decision: status {status!r}, statements {verbs}") from error
    screenshot("ar-h5p-column")
    deciding = XAPIStatement.objects.get(
        user=volunteer, is_child=False, verb__endswith="/completed"
    )
    iri = f"{live_server.url}/xapi/activities/h5p/{lesson.course.translation_key}/"
    assert deciding.object_id == f"{iri}{lesson.body[1].id}"
    children = XAPIStatement.objects.filter(user=volunteer, is_child=True)
    assert children.count() >= 6
    assert all(s.object_id.startswith(f"{deciding.object_id}?subContentId=") for s in children)
    result = ActivityResult.objects.get(user=volunteer)
    assert (result.raw_score, result.max_score) == (deciding.raw_score, deciding.max_score)
    assert 0 < result.raw_score < result.max_score and not result.passed
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_the_frame_follows_its_content_down_as_well_as_up(
    page, live_server, sign_in, volunteer, h5p_lesson
):
    lesson, _package = h5p_lesson("real/H5P.TrueFalse.h5p")
    sign_in(volunteer, PASSWORD, "ar")
    open_player(page, live_server, lesson)
    frame = player_frame(page)
    outer = page.locator(FRAME)

    def frame_height() -> float:
        return outer.bounding_box()["height"]

    content = frame.evaluate("() => document.getElementById('h5p-container').offsetHeight")
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('{FRAME}').offsetHeight - {content}) <= 2"
    )
    frame.evaluate(
        "() => { const d = document.createElement('div'); d.id = 'tall';"
        " d.style.height = '1500px'; document.getElementById('h5p-container').appendChild(d); }"
    )
    page.wait_for_function(f"() => document.querySelector('{FRAME}').offsetHeight > 1500")
    frame.evaluate("() => document.getElementById('tall').remove()")
    page.wait_for_function(
        f"() => document.querySelector('{FRAME}').offsetHeight < 1500", timeout=15_000
    )
    # Back to the content's height as it is now (web fonts may have settled since the first
    # measure, moving it by a few pixels), not to the height measured before.
    settled = frame.evaluate("() => document.getElementById('h5p-container').offsetHeight")
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('{FRAME}').offsetHeight - {settled}) <= 2",
        timeout=15_000,
    )
    assert frame_height() < 1500


def test_vimeo_plays_with_do_not_track_where_the_trainer_allowed_it(
    page, live_server, sign_in, volunteer, trainer, make_course
):
    """A True/False package whose content also names a Vimeo video: the page's policy allows
    Vimeo's player for this package, and every Vimeo player is made with "do not track".
    (Vimeo's script is stood in for by the assignment it makes, window.Vimeo.Player.)"""
    import io
    import json
    import zipfile

    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.services import package_create
    from courses.services import enrolment_create
    from tests.assessments.conftest import fixture_path

    cache.clear()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(fixture_path("real/H5P.TrueFalse.h5p")) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content/content.json":
                content = json.loads(data)
                content["media"] = {
                    "type": {
                        "params": {
                            "sources": [
                                {"path": "https://vimeo.com/76979871", "mime": "video/Vimeo"}
                            ]
                        }
                    }
                }
                data = json.dumps(content).encode()
            target.writestr(info, data)
    upload = SimpleUploadedFile("vimeo.h5p", buffer.getvalue())
    package = package_create(upload=upload, uploaded_by=trainer, allow_media_hosts=True)
    assert package.media_hosts == ["player.vimeo.com"]
    tree = make_course(lessons=1)
    lesson = tree.lessons[0]
    lesson.body = [("h5p", {"package": package, "required": False, "pass_mark": 100})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    enrolment_create(user=volunteer, course=tree.course)
    sign_in(volunteer, PASSWORD, "ar")
    with page.expect_response(lambda r: "/h5p/play/" in r.url) as answered:
        open_player(page, live_server, lesson)
    policy = answered.value.headers["content-security-policy"]
    assert "frame-src 'self' https://player.vimeo.com;" in policy
    assert "youtube" not in policy
    frame = player_frame(page)
    assert frame.evaluate("() => window.Vimeo") is None  # H5P.Video still loads the script
    options = frame.evaluate(
        """() => {
          window.Vimeo = window.Vimeo || {};
          window.Vimeo.Player = function (element, options) { this.options = options; };
          return new window.Vimeo.Player(null, {id: 76979871}).options;
        }"""
    )
    assert options == {"id": 76979871, "dnt": True}
