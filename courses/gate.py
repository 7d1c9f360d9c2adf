"""The completion gate of a lesson, decided for its whole translation family.

A lesson and its translations share one Wagtail ``translation_key`` and one completion
(``LessonProgress.lesson_key``): finishing the Urdu lesson finishes the Arabic one. So they
share one gate too. A lesson completes for a learner only when every required activity (a
quiz or an H5P block marked "required for completion") of ANY live translation of the
lesson, its source included, has been passed by that learner in the current run of the
course: the first run counts every attempt, a refresher (``Enrolment.run_started_at``)
only attempts made since it began. Results are kept per lesson key and block id, so a quiz
passed in the Arabic lesson counts in the Urdu one, and the same block copied into several
translations is one requirement, not several.

Publishing a translation that lacks a required assessment (one added to the source after
translating, or a translation made without it) is allowed, and the translation inherits
the gate: its lesson page lists what is required and links to the translation that
carries it, and completing it is refused, naming the assessment, until it is passed there.
We chose this over refusing to publish because translations are often published before
the source changes, and a lesson that cannot be published would leave learners of that
language with nothing; the gate stays closed either way.

``completion_refusal`` is the one decision every completion path goes through:
``courses.services.lesson_complete`` calls it, and the lesson's "Mark complete" button and
the completion that follows a passed quiz or H5P activity (the ``assessment_passed`` hook)
both go through that service.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail import hooks

from assessments.blocks import H5PBlock, QuizBlock
from assessments.models import H5PPackage, QuestionBank
from assessments.selectors import passed_block_ids, passed_block_ids_cached
from courses.models import LessonPage
from lms.pagecache import cached_per_page_tree

QUIZ = "quiz"
H5P = "h5p"
_CHOSEN = {QUIZ: "bank", H5P: "package"}


@dataclass
class RequiredActivity:
    """One required quiz or H5P block of a lesson's translation family."""

    kind: str  # QUIZ or H5P
    block_id: uuid.UUID
    chosen_id: int  # the question bank or H5P package the block plays
    lesson: LessonPage  # a live translation carrying it: the learner's own when it does
    here: bool  # the lesson asked about carries it
    passed: bool = False
    title: str = ""
    url: str = ""

    @property
    def kind_label(self) -> str:
        return _("Quiz") if self.kind == QUIZ else _("H5P activity")

    @property
    def language_name(self) -> str:
        code = self.lesson.locale.language_code
        try:
            return translation.get_language_info(code)["name_translated"]
        except KeyError:
            return code


class LessonGateClosed(PermissionDenied):
    """A required activity of the lesson's family is not passed in this run; ``activity``
    says which and where (``activity.lesson``, ``activity.url``)."""

    def __init__(self, activity: RequiredActivity):
        super().__init__(refusal_message(activity))
        self.message = refusal_message(activity)
        self.activity = activity


def _gating_block_types() -> dict[str, tuple[str, bool]]:
    """The lesson body's block types that can gate completion: name -> (kind, whether
    "required" is on when the stored value does not say)."""
    stream = LessonPage._meta.get_field("body").stream_block
    types = {}
    for name, block in stream.child_blocks.items():
        if isinstance(block, QuizBlock | H5PBlock):
            kind = QUIZ if isinstance(block, QuizBlock) else H5P
            types[name] = (kind, bool(block.child_blocks["required"].get_default()))
    return types


def _family(lesson: LessonPage) -> list[LessonPage]:
    """The lesson, then its other live translations: those in the active language first,
    then the oldest (usually the source). The others come from the shared cache until the
    page tree changes (``lms.pagecache``; one query otherwise); the lesson itself is the
    one given, so a preview's unsaved body counts as it is."""

    def read() -> list[LessonPage]:
        return list(
            LessonPage.objects.filter(live=True, translation_key=lesson.translation_key)
            .exclude(pk=lesson.pk)
            .select_related("locale")
            .order_by("pk")
        )

    others = cached_per_page_tree("lesson-family", (lesson.pk, str(lesson.translation_key)), read)
    language = translation.get_language()
    others.sort(key=lambda page: page.locale.language_code != language)
    return [lesson, *others]


def required_activities(lesson: LessonPage) -> list[RequiredActivity]:
    """Every required quiz and H5P block of the lesson's live translations, the lesson's
    own first, each once (one query; block values are read raw, no chooser is fetched)."""
    types = _gating_block_types()
    found: dict[uuid.UUID, RequiredActivity] = {}
    for page in _family(lesson):
        for raw in page.body.raw_data:
            gating = types.get(raw.get("type"))
            value = raw.get("value")
            if gating is None or not isinstance(value, dict) or not raw.get("id"):
                continue
            kind, required_by_default = gating
            chosen = value.get(_CHOSEN[kind])
            if not chosen or not value.get("required", required_by_default):
                continue
            try:
                block_id = uuid.UUID(str(raw["id"]))
            except ValueError:
                continue
            if block_id not in found:
                found[block_id] = RequiredActivity(
                    kind=kind,
                    block_id=block_id,
                    chosen_id=int(chosen),
                    lesson=page,
                    here=page.pk == lesson.pk,
                )
    return list(found.values())


def lesson_gate(*, user, lesson: LessonPage, enrolment, request=None) -> list[RequiredActivity]:
    """The required activities of the lesson's family, each marked passed or not by
    ``user`` in the enrolment's current run. Three queries at most (the family, the quiz
    attempts, the H5P results); with ``request``, the attempts and results are the ones
    the lesson page's blocks read anyway."""
    activities = required_activities(lesson)
    if not activities or enrolment is None:
        return activities
    since = enrolment.run_started_at
    quiz_ids = [a.block_id for a in activities if a.kind == QUIZ]
    activity_ids = [a.block_id for a in activities if a.kind == H5P]
    if request is not None:
        passed = passed_block_ids_cached(
            request, lesson, quiz_block_ids=quiz_ids, activity_block_ids=activity_ids, since=since
        )
    else:
        passed = passed_block_ids(
            user=user,
            lesson_key=lesson.translation_key,
            quiz_block_ids=quiz_ids,
            activity_block_ids=activity_ids,
            since=since,
        )
    for activity in activities:
        activity.passed = activity.block_id in passed
    return activities


def describe(activities: list[RequiredActivity], request=None) -> list[RequiredActivity]:
    """Fill in the title (in the learner's language where the question bank is
    translated) and the address of the translation carrying each activity; one query per
    kind present."""
    banks = {a.chosen_id for a in activities if a.kind == QUIZ}
    packages = {a.chosen_id for a in activities if a.kind == H5P}
    titles: dict[tuple[str, int], str] = {}
    if banks:
        titles.update(((QUIZ, pk), title) for pk, title in _bank_titles(banks).items())
    if packages:
        titles.update(
            ((H5P, pk), title)
            for pk, title in H5PPackage.objects.filter(pk__in=packages).values_list("pk", "title")
        )
    for activity in activities:
        activity.title = titles.get((activity.kind, activity.chosen_id), "")
        activity.url = activity.lesson.get_url(request) or ""
    return activities


def _bank_titles(bank_ids: set[int]) -> dict[int, str]:
    """Each bank's title, from its translation in the active language when there is one."""
    language = translation.get_language()
    wanted = QuestionBank.objects.filter(pk__in=bank_ids).values("translation_key")
    rows = list(
        QuestionBank.objects.filter(translation_key__in=wanted).values_list(
            "pk", "translation_key", "title", "locale__language_code"
        )
    )
    localized = {key: title for _pk, key, title, code in rows if code == language}
    return {pk: localized.get(key, title) for pk, key, title, _code in rows if pk in bank_ids}


def refusal_message(activity: RequiredActivity) -> str:
    """Why the lesson may not complete yet, naming the assessment, and the language version
    of the lesson that carries it when the learner's does not."""
    values = {"title": activity.title, "language": activity.language_name}
    if activity.here:
        if activity.kind == QUIZ:
            return _("Pass the quiz “%(title)s” before completing this lesson.") % values
        return _("Pass the activity “%(title)s” before completing this lesson.") % values
    if activity.kind == QUIZ:
        return (
            _(
                "Pass the quiz “%(title)s” in the %(language)s version of this lesson "
                "before completing it."
            )
            % values
        )
    return (
        _(
            "Pass the activity “%(title)s” in the %(language)s version of this lesson "
            "before completing it."
        )
        % values
    )


def completion_refusal(*, user, lesson: LessonPage, enrolment) -> PermissionDenied | None:
    """Why ``user`` may not complete ``lesson`` now, or None: the first required activity
    of the lesson's family not passed in the enrolment's current run (a
    ``LessonGateClosed``), then whatever a ``lesson_completion_blocker`` hook objects. The
    only place that decides whether a lesson may complete."""
    unpassed = [
        a for a in lesson_gate(user=user, lesson=lesson, enrolment=enrolment) if not a.passed
    ]
    if unpassed:
        return LessonGateClosed(describe(unpassed[:1])[0])
    for check in hooks.get_hooks("lesson_completion_blocker"):
        reason = check(user=user, lesson=lesson)
        if reason:
            return PermissionDenied(reason)
    return None
