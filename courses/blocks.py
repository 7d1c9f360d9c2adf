"""StreamField blocks of a lesson. One block per purpose, each with its own template.

The assessments app provides the H5P activity and quiz blocks; until it does, the lesson
body offers the blocks below. ``LessonStreamBlock`` is the extension point.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from assessments.blocks import H5PBlock, QuizBlock


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="info",
        label=_("kind"),
    )
    title = blocks.CharBlock(required=False, label=_("title"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")
        preview_value = {"kind": "tip", "title": "Drink water", "text": "<p>Every hour.</p>"}


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file from the course media library (played from Manara, for
    the course's people only) or an address on YouTube or Vimeo."""

    file = SnippetChooserBlock(
        "courses.CourseFile",
        required=False,
        label=_("video file"),
        help_text=_("An MP4 file uploaded to Course files."),
    )
    video = EmbedBlock(
        required=False, label=_("video address"), help_text=_("A YouTube or Vimeo address.")
    )
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("file")) == bool(value.get("video")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "file": ValidationError(_("Choose a video file or give an address, not both."))
                }
            )
        return value


class HandoutBlock(blocks.StructBlock):
    """A course file (``CourseFile``: only files uploaded for courses), downloaded through
    Manara so that only the course's learners, trainers and office staff can fetch it."""

    file = SnippetChooserBlock("courses.CourseFile", label=_("file"))
    title = blocks.CharBlock(required=False, label=_("title"))

    class Meta:
        icon = "doc-full"
        template = "blocks/handout.html"
        label = _("Handout")


class LessonStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"],
        label=_("Text"),
        icon="pilcrow",
        template="blocks/text.html",
    )
    image = ImageBlock(label=_("Image"), template="blocks/image.html")
    # Wagtail labels the chooser inside its image block from the field name ("Image"),
    # which no catalogue translates.
    image.child_blocks["image"].label = _("Image")
    video = VideoBlock()
    callout = CalloutBlock()
    handout = HandoutBlock()
    h5p = H5PBlock()
    quiz = QuizBlock()
