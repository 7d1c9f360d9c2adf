"""The lesson blocks the assessments app gives the courses app: an H5P activity.

Courses puts these in ``LessonStreamBlock``; results are kept against the lesson's
translation key and the block's id (see ``assessments.models``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from assessments.models import FeedbackLevel, ResultPolicy


class H5PBlock(blocks.StructBlock):
    """An H5P package played in the lesson, in an isolated frame. Its result is reported
    by the learner's browser; the author decides whether it is required to complete the
    lesson, the pass mark, and whether the best or the last attempt counts."""

    package = SnippetChooserBlock("assessments.H5PPackage", label=_("H5P package"))
    required = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("required for completion"),
        help_text=_("The lesson completes only once this activity is passed."),
    )
    pass_mark = blocks.IntegerBlock(
        min_value=0, max_value=100, default=100, label=_("pass mark (percent)")
    )
    policy = blocks.ChoiceBlock(
        choices=ResultPolicy.choices, default=ResultPolicy.BEST, label=_("attempt that counts")
    )

    class Meta:
        icon = "form"
        template = "assessments/blocks/h5p.html"
        label = _("H5P activity")


def h5p_blocks(body):
    """The H5P blocks of a lesson body, as (block id, value) pairs."""
    return [
        (child.id, child.value)
        for child in body or []
        if isinstance(child.block, H5PBlock) and child.id and child.value.get("package")
    ]


class QuizBlock(blocks.StructBlock):
    """A server-graded quiz drawn from a question bank. The browser sends answers only;
    the server draws the questions, enforces the time limit, the attempt limit and the
    cool-down, grades, and keeps every attempt."""

    bank = SnippetChooserBlock("assessments.QuestionBank", label=_("question bank"))
    draw = blocks.IntegerBlock(
        min_value=0,
        default=0,
        label=_("questions drawn"),
        help_text=_("0: every question of the bank; otherwise this many, at random."),
    )
    pass_mark = blocks.IntegerBlock(
        min_value=0, max_value=100, default=80, label=_("pass mark (percent)")
    )
    max_attempts = blocks.IntegerBlock(
        min_value=0, default=3, label=_("attempts allowed"), help_text=_("0: no limit.")
    )
    cooldown_minutes = blocks.IntegerBlock(
        min_value=0, default=0, label=_("wait between attempts (minutes)")
    )
    time_limit_minutes = blocks.IntegerBlock(
        min_value=0, default=0, label=_("time limit (minutes)"), help_text=_("0: no limit.")
    )
    feedback = blocks.ChoiceBlock(
        choices=FeedbackLevel.choices, default=FeedbackLevel.WRONG, label=_("feedback")
    )
    required = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("required for completion"),
        help_text=_("The lesson completes only once this quiz is passed."),
    )

    class Meta:
        icon = "tasks"
        template = "assessments/blocks/quiz.html"
        label = _("Quiz")


def quiz_blocks(body):
    """The quiz blocks of a lesson body, as (block id, value) pairs."""
    return [
        (child.id, child.value)
        for child in body or []
        if isinstance(child.block, QuizBlock) and child.id and child.value.get("bank")
    ]


def find_quiz_block(body, block_id: str):
    return next((value for bid, value in quiz_blocks(body) if str(bid) == str(block_id)), None)
