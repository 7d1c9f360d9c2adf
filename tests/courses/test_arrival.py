"""Arrival: the signed-in home page shows the next step (the next lesson, articles waiting
for acknowledgement, hours this season, upcoming rosters), each from its app's selectors in
a fixed number of queries; the catalogue marks each course locked (with the course that
unlocks it, linked), in progress, done or due again."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from courses import selectors, services
from courses.models import Enrolment
from lms.home import home_panels
from tests.factories import (
    AssignmentFactory,
    DeploymentFactory,
    FieldRoleFactory,
    HoursEntryFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def finish(user, course, *, expires_at=None):
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course_key=course.translation_key, defaults={"course": course}
    )
    enrolment.completed_at = NOW - datetime.timedelta(days=400)
    enrolment.expires_at = expires_at
    enrolment.progress_percent = 100
    enrolment.save()
    return enrolment


def panel(user, name):
    found = [p for p in home_panels(user) if name in p.template]
    return found[0].context if found else None


# The home page ------------------------------------------------------------------------


def test_the_next_lesson_continues_where_the_volunteer_left_off(volunteer, make_course):
    tree = make_course(lessons=3)
    enrolment = services.enrolment_create(user=volunteer, course=tree.course)
    services.lesson_open(enrolment=enrolment, lesson=tree.lessons[0])
    services.lesson_complete(user=volunteer, lesson=tree.lessons[0])
    services.lesson_open(enrolment=Enrolment.objects.get(), lesson=tree.lessons[1])
    context = panel(volunteer, "next_lesson")
    assert context["course"].pk == tree.course.pk
    assert context["lesson"].pk == tree.lessons[1].pk  # opened, not finished
    services.lesson_complete(user=volunteer, lesson=tree.lessons[1])
    assert panel(volunteer, "next_lesson")["lesson"].pk == tree.lessons[2].pk


def test_with_no_course_in_progress_the_panel_points_to_the_catalogue(client, volunteer, catalogue):
    assert panel(volunteer, "next_lesson")["course"] is None
    client.force_login(volunteer)
    with translation.override("en"):
        html = client.get("/en/").content.decode()
    assert 'data-panel="next-lesson"' in html
    assert 'href="/en/courses/"' in html  # the catalogue, in the interface's language


def test_articles_waiting_for_acknowledgement_are_on_the_home_page(volunteer, make_article):
    assert panel(volunteer, "acknowledgements") is None
    article = make_article(title="ميثاق المتطوع", requires_acknowledgement=True)
    context = panel(volunteer, "acknowledgements")
    assert context["count"] == 1
    assert [a.pk for a in context["articles"]] == [article.pk]


def test_hours_this_season_count_approved_hours_only(volunteer):
    today = timezone.localdate()
    HoursEntryFactory(approved=True, volunteer=volunteer, hours=Decimal("3"), served_on=today)
    HoursEntryFactory(
        approved=True, training=True, volunteer=volunteer, hours=Decimal("1.5"), served_on=today
    )
    HoursEntryFactory(volunteer=volunteer, hours=Decimal("8"), served_on=today)  # pending
    HoursEntryFactory(
        approved=True,
        volunteer=volunteer,
        hours=Decimal("5"),
        served_on=today - datetime.timedelta(days=800),  # an earlier season
    )
    context = panel(volunteer, "home_hours")
    assert (context["total"], context["training"], context["field"]) == (
        Decimal("4.5"),
        Decimal("1.5"),
        Decimal("3"),
    )


def test_upcoming_rosters_are_listed_soonest_first(volunteer, office_staff):
    assert panel(volunteer, "rosters") is None
    today = timezone.localdate()
    role = FieldRoleFactory()
    later = DeploymentFactory(
        role=role,
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=25),
    )
    sooner = DeploymentFactory(
        role=role,
        starts_on=today + datetime.timedelta(days=2),
        ends_on=today + datetime.timedelta(days=5),
    )
    past = DeploymentFactory(
        role=role,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=10),
    )
    for deployment in (later, sooner, past):
        AssignmentFactory(deployment=deployment, volunteer=volunteer, assigned_by=office_staff)
    context = panel(volunteer, "rosters")
    assert [a.deployment for a in context["assignments"]] == [sooner, later]


def enrol_in(volunteer, make_course, count):
    for _ in range(count):
        tree = make_course(lessons=2)
        enrolment = services.enrolment_create(user=volunteer, course=tree.course)
        services.lesson_open(enrolment=enrolment, lesson=tree.lessons[0])


@pytest.mark.parametrize("courses", [1, 6])
def test_the_home_page_queries_do_not_grow_with_enrolments(
    client, volunteer, make_course, make_article, courses, django_assert_num_queries
):
    make_article(requires_acknowledgement=True)
    enrol_in(volunteer, make_course, courses)
    HoursEntryFactory(approved=True, volunteer=volunteer, served_on=timezone.localdate())
    client.force_login(volunteer)
    client.get("/ar/")  # warm the per-process caches (site menu, catalogue address)
    # Session and user, roles, the site menu's catalogue; next lesson (4), articles waiting
    # (2; the roles are read already), hours this season (1), rosters (1).
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/ar/")
    assert response.status_code == 200
    assert 'data-panel="hours"' in response.content.decode()


HOME_QUERIES = 8  # routing, roles and the menu come from the shared cache (lms.pagecache)


def test_the_panel_selectors_have_fixed_query_counts(
    volunteer, make_course, make_article, django_assert_num_queries
):
    make_article(requires_acknowledgement=True)
    enrol_in(volunteer, make_course, 3)
    from accreditation.selectors import hours_this_season
    from field.selectors import upcoming_assignments
    from knowledge_base.selectors import pending_acknowledgements

    with django_assert_num_queries(4):
        selectors.next_lesson_for_home(volunteer)
    with django_assert_num_queries(3):  # the volunteer's roles, then its own two
        pending_acknowledgements(volunteer)
    with django_assert_num_queries(1):
        hours_this_season(volunteer)
    with django_assert_num_queries(1):
        upcoming_assignments(volunteer)


# The catalogue ------------------------------------------------------------------------


@pytest.fixture
def four_courses(make_course):
    first_aid = make_course(title="الإسعافات", validity_months=24).course
    guiding = make_course(title="الإرشاد", prerequisites=[first_aid]).course
    crowds = make_course(title="الحشود").course
    heat = make_course(title="الحر").course
    return first_aid, guiding, crowds, heat


def marks(volunteer, catalogue):
    return {
        item["page"].title: item["mark"]
        for item in selectors.catalogue(index_page=catalogue, user=volunteer)
    }


def test_each_state_is_marked(volunteer, catalogue, four_courses):
    first_aid, guiding, crowds, heat = four_courses
    found = marks(volunteer, catalogue)
    assert found["الإسعافات"] is None  # open to enrol
    assert found["الإرشاد"].state == "locked"
    assert [p.pk for p in found["الإرشاد"].unlocked_by] == [first_aid.pk]

    services.enrolment_create(user=volunteer, course=crowds)
    finish(volunteer, heat)
    finish(volunteer, first_aid, expires_at=NOW + datetime.timedelta(days=10))
    found = marks(volunteer, catalogue)
    assert found["الحشود"].state == "in_progress"
    assert found["الحر"].state == "done"
    assert found["الإسعافات"].state == "due_again" and not found["الإسعافات"].expired
    assert found["الإرشاد"] is None  # unlocked while first aid is valid

    finish(volunteer, first_aid, expires_at=NOW - datetime.timedelta(days=1))
    found = marks(volunteer, catalogue)
    assert found["الإسعافات"].state == "due_again" and found["الإسعافات"].expired
    assert found["الإرشاد"].state == "locked"  # locked again by the expired prerequisite


def test_a_visitor_sees_no_marks(client, catalogue, four_courses):
    from django.contrib.auth.models import AnonymousUser

    assert all(mark is None for mark in marks(AnonymousUser(), catalogue).values())


def test_the_locked_course_links_to_the_course_that_unlocks_it(
    client, volunteer, catalogue, four_courses
):
    first_aid = four_courses[0]
    client.force_login(volunteer)
    with translation.override("en"):
        html = client.get(catalogue.url).content.decode()
    assert 'data-mark="locked"' in html
    locked = html.split('data-mark="locked"', 1)[1].split("</p>", 1)[0]
    assert f'href="{first_aid.url}"' in locked


def test_the_marks_cost_the_same_queries_for_many_courses(
    volunteer, catalogue, make_course, django_assert_max_num_queries
):
    first = make_course(validity_months=12).course
    for _ in range(8):
        tree = make_course(prerequisites=[first])
        services_enrol = Enrolment.objects.create(
            user=volunteer, course=tree.course, course_key=tree.course.translation_key
        )
        assert services_enrol.pk
    courses = list(selectors.CoursePage.objects.child_of(catalogue).live())
    with django_assert_max_num_queries(3):
        selectors.catalogue_marks(user=volunteer, courses=courses)
