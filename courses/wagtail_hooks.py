from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses import selectors
from courses.demo import load_courses
from courses.models import CourseFile, Enrolment
from courses.permissions import enrolments_visible_to
from courses.selectors import catalogue_url
from courses.viewsets import ExpiringCompletionViewSet
from lms.dashboard import OFFICE_DASHBOARD_HOOK, DashboardItem
from lms.home import HOME_PANEL_HOOK, HomePanel
from lms.menu import SITE_MENU_HOOK, SiteMenuItem, everyone
from lms.office import OfficeReadOnlyPolicy


@hooks.register("manara_load_demo")
def load_demo_courses(stdout) -> None:
    courses = load_courses()
    stdout.write(f"  courses: {len(courses)}, in Arabic with Urdu and English translations")


@hooks.register("manara_generate_scale_data")
def generate_course_scale_data(volunteers: int, stdout) -> None:
    from courses.scale import generate

    generate(volunteers=volunteers)
    stdout.write("  bench courses with 10 and all scale volunteers enrolled")


@hooks.register(SITE_MENU_HOOK)
def catalogue_menu_item():
    """Everyone sees the catalogue, once one is published."""
    return SiteMenuItem(label=_("Courses"), url=catalogue_url, order=100, shown_to=everyone)


@hooks.register(SITE_MENU_HOOK)
def learning_menu_item():
    return SiteMenuItem(label=_("My learning"), url_name="learning_dashboard", order=300)


class CourseFileViewSet(SnippetViewSet):
    """The course media library: trainers upload handouts and videos here and choose them in
    a lesson's Handout and Video blocks. Only course files: never an issued certificate or a
    forum attachment. Files are private."""

    model = CourseFile
    icon = "doc-full"
    menu_label = _("Course files")
    menu_order = 250
    add_to_admin_menu = True
    # Filer's own column names ("Label", "Permissions disabled") have no Arabic: name them.
    list_display = [
        Column("label", label=_("Name")),
        Column("original_filename", label=_("Original file name")),
        BooleanColumn("is_public", label=_("Public")),
        "uploaded_at",
    ]
    search_fields = ["name", "original_filename", "description"]
    form_fields = ["file", "name", "description"]
    panels = [FieldPanel("file"), FieldPanel("name"), FieldPanel("description")]

    def get_form_class(self, for_update=False):
        from courses.forms import HandoutUploadForm

        return HandoutUploadForm


register_snippet(CourseFileViewSet)


def _course_key_of_lesson(lesson_id: int):
    """The course key of a live lesson, or None. Cached for a few minutes (lessons rarely
    move; the cache is shared by every process)."""
    from django.core.cache import cache

    from courses.models import LessonPage

    cache_key = f"courses:lesson-course-key:{lesson_id}"
    course_key = cache.get(cache_key)
    if course_key is None:
        lesson = LessonPage.objects.live().filter(pk=lesson_id).only("path", "depth").first()
        if lesson is None:
            return None
        course_key = (
            Page.objects.filter(path=lesson.path[: -Page.steplen])
            .values_list("translation_key", flat=True)
            .first()
        )
        cache.set(cache_key, course_key, timeout=300)
    return course_key


@hooks.register("assessment_may_attempt")
def may_attempt_assessment(*, user, lesson_id: int) -> str | None:
    """Assessments asks whether ``user`` may record results in a lesson: only when enrolled
    in the lesson's course (any translation). The lesson's course key is cached, so a
    statement costs one query here; enrolment itself is read every time."""
    from django.utils.translation import gettext as _

    from courses.models import Enrolment

    course_key = _course_key_of_lesson(lesson_id)
    if course_key is None:
        return _("This lesson is not available.")
    if not Enrolment.objects.filter(user=user, course_key=course_key).exists():
        return _("You are not enrolled in this course.")
    return None


@hooks.register("assessment_run_started")
def run_of_the_course(*, user, lesson_id: int):
    """Assessments asks since when attempts count: the start of the learner's current run
    of the lesson's course (a refresher), or None for the first run."""
    from courses.models import Enrolment

    course_key = _course_key_of_lesson(lesson_id)
    if course_key is None:
        return None
    return (
        Enrolment.objects.filter(user=user, course_key=course_key)
        .values_list("run_started_at", flat=True)
        .first()
    )


@hooks.register("assessment_passed")
def complete_lesson_on_pass(*, user, lesson_id: int) -> bool:
    """A passed activity completes its lesson when nothing else holds the lesson back."""
    from django.core.exceptions import PermissionDenied

    from courses.models import LessonPage
    from courses.services import NotEnrolled, lesson_complete

    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None:
        return False
    try:
        lesson_complete(user=user, lesson=lesson)
    except (PermissionDenied, NotEnrolled):
        return False
    return True


@hooks.register(HOME_PANEL_HOOK)
def next_lesson_home_panel(user):
    """Home: the next lesson to read, in the course worked on last."""
    from courses.selectors import next_lesson_for_home

    return HomePanel("courses/includes/home_next_lesson.html", 100, next_lesson_for_home(user))


# The office reads course completions that expire (``viewsets.ExpiringCompletionViewSet``).
register_permission_policy(
    Enrolment, OfficeReadOnlyPolicy(Enrolment, visible_to=enrolments_visible_to)
)


@hooks.register("register_admin_viewset")
def completions_expiring_viewset():
    return ExpiringCompletionViewSet()


@hooks.register(OFFICE_DASHBOARD_HOOK)
def completions_expiring_dashboard_item(user):
    """The office's dashboard: course completions (requirements of field roles and
    licences) that expire within 30 days."""
    days = selectors.EXPIRING_WITHIN_DAYS
    return DashboardItem(
        label=_("Course completions expiring within 30 days"),
        count=partial(selectors.completions_expiring_count, user),
        url=reverse("completions_expiring:index") + f"?expiring_within={days}",
        order=350,
        icon="date",
    )
