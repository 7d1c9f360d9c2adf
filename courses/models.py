"""Courses as Wagtail pages, and each volunteer's enrolment and progress through them.

A course and its translations share one Wagtail ``translation_key``: enrolment, progress and
completion are stored against that key (``course_key``, ``lesson_key``), so finishing the
Urdu translation finishes the course.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from filer.models import File, Folder
from filer.models.filemodels import FileManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonStreamBlock
from lms.models import Section
from lms.pages import ServedByView, route_to_child


class CourseIndexPage(ServedByView, Page):
    """The course catalogue. Editors see an introduction; volunteers see the courses of
    their language and audience, with their own progress."""

    serve_view = "courses.views.catalogue_page"

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("course catalogue")

    def route(self, request, path_components):
        if path_components:
            return route_to_child(self, request, path_components, CoursePage)
        return super().route(request, path_components)


class CoursePage(ServedByView, Page):
    """A course. Trainers write the summary, objectives and audience and propose credit hours;
    only the office's accreditation (the "Office accreditation" workflow) sets the hours that
    count. Lessons are its child pages, in the order of the page tree."""

    serve_view = "courses.views.course_page"

    summary = models.TextField(_("summary"), max_length=600)
    objectives = RichTextField(_("objectives"), blank=True, features=["bold", "italic", "ol", "ul"])
    audience_section = models.CharField(
        _("section"),
        max_length=5,
        choices=Section.choices,
        blank=True,
        help_text=_("Leave empty for both sections."),
    )
    audience_organisations = ParentalManyToManyField(
        "lms.Organisation",
        verbose_name=_("organisations"),
        blank=True,
        help_text=_("Leave empty for volunteers of every organisation."),
    )
    estimated_effort_hours = models.DecimalField(
        _("estimated effort (hours)"), max_digits=5, decimal_places=1, default=1
    )
    proposed_credit_hours = models.DecimalField(
        _("proposed credit hours"),
        max_digits=5,
        decimal_places=1,
        default=1,
        help_text=_("The office decides the credit hours when it accredits the course."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        help_text=_("For refresher courses: how long a completion stays valid. Empty: forever."),
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("prerequisite courses"),
        blank=True,
        related_name="required_by",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("audience_section"), FieldPanel("audience_organisations")],
            heading=_("Audience"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("estimated_effort_hours"),
                FieldPanel("proposed_credit_hours"),
                FieldPanel("validity_months"),
                FieldPanel("prerequisites"),
            ],
            heading=_("Effort, credit and prerequisites"),
        ),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.FilterField("audience_section"),
    ]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def route(self, request, path_components):
        if path_components:
            return route_to_child(self, request, path_components, LessonPage)
        return super().route(request, path_components)


class LessonPage(ServedByView, Page):
    """A lesson of a course: text, images, video and activities in a stream of blocks.
    Required lessons count towards completion; optional ones do not."""

    serve_view = "courses.views.lesson_page"

    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)
    is_required = models.BooleanField(
        _("required"), default=True, help_text=_("Required lessons must be completed.")
    )

    content_panels = [*Page.content_panels, FieldPanel("is_required"), FieldPanel("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("body")]
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")


class Enrolment(models.Model):
    """A volunteer's enrolment in a course (all its translations). ``progress_percent`` and
    ``last_lesson`` are kept up to date by the services so lists need no counting. A
    refresher restarts the enrolment (``enrolment_restart``): a new run begins at
    ``run_started_at``, and assessments passed before it do not open this run's gates."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    course = models.ForeignKey(
        CoursePage, on_delete=models.SET_NULL, null=True, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    progress_percent = models.PositiveSmallIntegerField(_("progress"), default=0)
    last_lesson = models.ForeignKey(
        LessonPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # When this run of the course began: empty for the first run (every attempt counts),
    # the moment of the restart for a refresher (only attempts since then count).
    run_started_at = models.DateTimeField(_("run started at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="courses_one_enrolment")
        ]
        indexes = [models.Index(fields=["user", "-enrolled_at"], name="courses_enrol_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.course_key}"


class LessonProgress(models.Model):
    """When a volunteer first opened a lesson and when they completed it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lessons")
    lesson_key = models.UUIDField()
    lesson = models.ForeignKey(LessonPage, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson_key"], name="courses_one_progress_per_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} / {self.lesson_key}"


class CourseCompletion(models.Model):
    """One completion of a course (all its translations) by a volunteer. Taking a refresher
    after the validity ran out is another completion; the enrolment shows the latest, this
    keeps them all (what was credited and certified refers to one of these)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    course_key = models.UUIDField(_("course"))
    completed_at = models.DateTimeField(_("completed at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "completed_at"], name="courses_one_completion_per_moment"
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "course_key", "-completed_at"], name="courses_completion_user_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.course_key} ({self.completed_at:%Y-%m-%d})"


COURSE_FILES_FOLDER = "Course files"


class CourseFileManager(FileManager):
    """Only the files uploaded for courses: those in the "Course files" folder. Issued
    certificates live in their own storage and forum attachments in their own folder, so
    neither can be listed, chosen, edited or linked from a lesson as a course file."""

    def get_queryset(self):
        return super().get_queryset().filter(folder__name=COURSE_FILES_FOLDER, folder__parent=None)


class CourseFile(File):
    """A file trainers uploaded for courses (handouts, videos): the "Course files" library
    of the admin and what the Handout and Video blocks may link. A proxy of django-filer's
    file, limited to the course files folder."""

    objects = CourseFileManager()

    class Meta:
        proxy = True
        verbose_name = _("course file")
        verbose_name_plural = _("course files")


def course_files_folder() -> Folder:
    folder, _created = Folder.objects.get_or_create(name=COURSE_FILES_FOLDER, parent=None)
    return folder


# The image collection trainers upload into (courses 0011 creates it and grants the trainer
# group add and choose there). Every trainer shares it: the project limits no trainer to a
# section's courses (a course's section is its audience, not its authors).
TRAINERS_COLLECTION = "صور المدربين"


def trainers_collection():
    """The trainers' image collection, or None if someone deleted it."""
    from wagtail.models import Collection

    return Collection.objects.filter(name=TRAINERS_COLLECTION, depth=2).first()
