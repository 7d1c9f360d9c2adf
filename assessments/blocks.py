"""The lesson blocks the assessments app gives the courses app: an H5P activity.

Courses puts these in ``LessonStreamBlock``; results are kept against the lesson's
translation key and the block's id (see ``assessments.models``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from assessments.models import ResultPolicy


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
