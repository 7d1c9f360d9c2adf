from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forums.models import Board, Subscription
from forums.services import Upload

# What a file of each allowed type starts with; a renamed executable is refused.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, each of an allowed type and size; at most N of them."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(AttachmentsField, self).clean(item, initial) for item in files if item]
        limit = settings.MANARA_FORUM_ATTACHMENT_MAX_COUNT
        if len(files) > limit:
            raise forms.ValidationError(
                ngettext(
                    "Attach at most %(count)d file to a post.",
                    "Attach at most %(count)d files to a post.",
                    limit,
                )
                % {"count": limit}
            )
        errors = [problem for upload in files if (problem := attachment_problem(upload))]
        if errors:
            raise forms.ValidationError(errors)
        return [Upload(name=PurePath(upload.name).name, file=upload) for upload in files]


def attachment_problem(upload) -> str | None:
    allowed = settings.MANARA_FORUM_ATTACHMENT_EXTENSIONS
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in allowed:
        return _("“%(name)s” is not a file type posts may carry. Allowed: %(allowed)s.") % {
            "name": upload.name,
            "allowed": ", ".join(allowed),
        }
    if upload.size > settings.MANARA_FORUM_ATTACHMENT_MAX_BYTES:
        return _("“%(name)s” is %(size)s; attachments may be at most %(limit)s.") % {
            "name": upload.name,
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(settings.MANARA_FORUM_ATTACHMENT_MAX_BYTES),
        }
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES.get(extension, (b"",))):
        return _("“%(name)s” is not really a %(kind)s file.") % {
            "name": upload.name,
            "kind": extension.upper(),
        }
    return None


def _attachments_help() -> str:
    count = settings.MANARA_FORUM_ATTACHMENT_MAX_COUNT
    return ngettext(
        "Up to %(count)d file (%(types)s), at most %(size)s.",
        "Up to %(count)d files (%(types)s), each at most %(size)s.",
        count,
    ) % {
        "count": count,
        "types": ", ".join(settings.MANARA_FORUM_ATTACHMENT_EXTENSIONS),
        "size": filesizeformat(settings.MANARA_FORUM_ATTACHMENT_MAX_BYTES),
    }


BODY_HELP = _(
    "Markdown: **bold**, *italic*, `code`, > quotation, - lists, [text](https://…). "
    "Mention someone with @ and their email address."
)


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )
    attachments = AttachmentsField(label=_("Attachments"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachments_help()

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write something before posting."))
        return body


class TopicForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["title", "body", "attachments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("First post")


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with this post?"), max_length=500)


class MoveForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Move to board"), queryset=Board.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Board.objects.all()
        if topic is not None:
            queryset = queryset.exclude(pk=topic.board_id)
        self.fields["board"].queryset = queryset


class SubscriptionForm(forms.Form):
    mode = forms.ChoiceField(
        choices=[*Subscription.Mode.choices, ("off", _("Stop following"))], required=True
    )
