import pytest
from wagtail import hooks

from courses import services
from courses.models import Enrolment, LessonProgress
from lms.pages import interface_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def complete(client, lesson, language="en"):
    return client.post(f"/{language}/learning/lessons/{lesson.pk}/complete/")


def test_working_through_the_lessons_completes_the_course_once(
    client, volunteer, course, completion_announcements
):
    services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    percents = []
    for lesson in course.lessons:
        assert client.get(lesson.url).status_code == 200
        complete(client, lesson)
        percents.append(Enrolment.objects.get(user=volunteer).progress_percent)
    assert percents == [33, 67, 100]
    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.completed_at is not None
    assert completion_announcements == [enrolment.pk]
    # Completing again changes nothing and announces nothing.
    first = enrolment.completed_at
    complete(client, course.lessons[0])
    enrolment.refresh_from_db()
    assert enrolment.completed_at == first
    assert completion_announcements == [enrolment.pk]


def test_optional_lessons_do_not_hold_completion_back(volunteer, make_course):
    tree = make_course(lessons=3, optional=(2,))
    services.enrolment_create(user=volunteer, course=tree.course)
    services.lesson_complete(user=volunteer, lesson=tree.lessons[0])
    outcome = services.lesson_complete(user=volunteer, lesson=tree.lessons[1])
    assert outcome.course_completed_now is True
    assert outcome.enrolment.progress_percent == 100


def test_completion_sets_the_expiry_of_a_refresher_course(volunteer, make_course):
    tree = make_course(lessons=1, validity_months=24)
    services.enrolment_create(user=volunteer, course=tree.course)
    enrolment = services.lesson_complete(user=volunteer, lesson=tree.lessons[0]).enrolment
    delta = enrolment.expires_at - enrolment.completed_at
    assert 730 <= delta.days <= 731


def test_completing_the_urdu_translation_completes_the_course(
    client, volunteer, course, locales, completion_announcements
):
    urdu_course = course.course.copy_for_translation(locales["ur"], copy_parents=True)
    urdu_course.title = "اردو کورس"
    urdu_course.save_revision().publish()
    urdu_lessons = []
    for lesson in course.lessons:
        translated = lesson.copy_for_translation(locales["ur"])
        translated.save_revision().publish()
        urdu_lessons.append(translated)

    services.enrolment_create(user=volunteer, course=course.course)  # enrolled in Arabic
    client.force_login(volunteer)
    for lesson in urdu_lessons:
        assert lesson.url.startswith("/ur/")
        complete(client, lesson, "ur")
    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.completed_at is not None
    assert enrolment.course_key == course.course.translation_key
    assert len(completion_announcements) == 1


def test_completing_a_lesson_without_enrolment_changes_nothing(client, volunteer, course):
    client.force_login(volunteer)
    response = complete(client, course.lessons[0])
    assert response.status_code == 302
    assert response["Location"] == interface_url(course.course, language="en")
    assert not LessonProgress.objects.exists()
    assert not Enrolment.objects.exists()


def test_lesson_completion_is_a_post(client, volunteer, course):
    services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    response = client.get(f"/en/learning/lessons/{course.lessons[0].pk}/complete/")
    assert response.status_code == 405
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_an_assessment_can_hold_a_lesson_back(volunteer, course):
    services.enrolment_create(user=volunteer, course=course.course)

    def blocker(user, lesson):
        return "Pass the quiz first."

    with (
        hooks.register_temporarily("lesson_completion_blocker", blocker),
        pytest.raises(services.PermissionDenied),
    ):
        services.lesson_complete(user=volunteer, lesson=course.lessons[0])
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_lesson_by_direct_url_without_enrolment_sends_to_the_course(client, volunteer, course):
    client.force_login(volunteer)
    response = client.get(course.lessons[1].url)
    assert response.status_code == 302
    assert response["Location"] == course.course.url
    assert not LessonProgress.objects.exists()


def test_lesson_by_direct_url_names_the_missing_prerequisite(client, volunteer, make_course):
    first_aid = make_course(title="Basic first aid")
    guiding = make_course(title="Guiding", prerequisites=[first_aid.course])
    client.force_login(volunteer)
    response = client.get(guiding.lessons[0].url)
    assert response.status_code == 403
    assert "Basic first aid" in response.content.decode()


def test_anonymous_lesson_visit_goes_to_sign_in(client, course):
    response = client.get(course.lessons[0].url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_trainers_preview_lessons_without_a_record(client, trainer, course):
    client.force_login(trainer)
    response = client.get(course.lessons[0].url)
    assert response.status_code == 200
    assert response.context["previewing"] is True
    assert not LessonProgress.objects.exists()


def test_continue_where_you_left_off(client, volunteer, course):
    services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    client.get(course.lessons[0].url)
    complete(client, course.lessons[0])
    client.get(course.lessons[1].url)
    page = client.get(course.course.url)
    assert page.context["next_lesson"].pk == course.lessons[1].pk
    assert f'href="{course.lessons[1].url}"' in page.content.decode()
    assert Enrolment.objects.get(user=volunteer).last_lesson_id == course.lessons[1].pk


def test_dashboard_sorts_courses_and_counts_hours(client, volunteer, make_course):
    done = make_course(lessons=1)
    doing = make_course(lessons=2)
    services.enrolment_create(user=volunteer, course=done.course)
    services.enrolment_create(user=volunteer, course=doing.course)
    services.lesson_complete(user=volunteer, lesson=done.lessons[0])
    services.lesson_complete(user=volunteer, lesson=doing.lessons[0])

    def hours(course_keys):
        return {done.course.translation_key: 5}

    with hooks.register_temporarily("course_credit_hours", hours):
        client.force_login(volunteer)
        context = client.get("/en/learning/").context
    assert [row.page.pk for row in context["completed"]] == [done.course.pk]
    assert [row.page.pk for row in context["in_progress"]] == [doing.course.pk]
    assert context["hours_credited"] == 5
    assert context["enrolled_count"] == 2


def test_other_users_progress_is_not_shown(client, course):
    owner, other = UserFactory(), UserFactory()
    services.enrolment_create(user=owner, course=course.course)
    services.lesson_complete(user=owner, lesson=course.lessons[0])
    client.force_login(other)
    assert client.get(course.course.url).context["enrolment"] is None
    assert client.get("/en/learning/").context["enrolled_count"] == 0
