from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments import services
from assessments.h5p import PackageRejected, package_check
from assessments.models import H5PPackage
from lms.admin_forms import ManaraAdminModelForm


class H5PPackageUploadForm(ManaraAdminModelForm):
    """Upload an ``.h5p`` package: checked before anything is kept, stored through the
    ``package_create`` service. The title and language default to the package's own. Media
    from other hosts plays only if the trainer allows the hosts the package names."""

    package_file = forms.FileField(
        label=_("H5P package (.h5p)"),
        help_text=_("The package is checked before anything of it is kept."),
    )
    allow_media_hosts = forms.BooleanField(
        label=_("Allow media from other hosts"),
        required=False,
        help_text=_(
            "If the package plays video, audio or images from other servers (YouTube, "
            "Vimeo, another site), allow the servers it names. They are listed on the "
            "package after upload, where you can change this; YouTube and Vimeo play "
            "through their privacy-enhanced players."
        ),
    )

    class Meta:
        model = H5PPackage
        fields = ["title", "language"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.uploader = for_user
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the package's own title.")

    def clean_package_file(self):
        upload = self.cleaned_data.get("package_file")
        if upload is None:
            return upload
        try:
            package_check(upload, name=upload.name)
        except PackageRejected as rejected:
            raise forms.ValidationError(rejected.message) from None
        return upload

    def save(self, commit=True):
        self.instance = services.package_create(
            upload=self.cleaned_data["package_file"],
            uploaded_by=self.uploader,
            title=self.cleaned_data.get("title", ""),
            language=self.cleaned_data.get("language", ""),
            allow_media_hosts=bool(self.cleaned_data.get("allow_media_hosts")),
        )
        return self.instance


class H5PPackageEditForm(ManaraAdminModelForm):
    """A stored package keeps its files; its title, language and the media hosts it may
    play from (of those its content names) change."""

    media_hosts = forms.MultipleChoiceField(
        label=_("Media hosts allowed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = H5PPackage
        fields = ["title", "language"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        package = self.instance
        named = list(package.media_hosts_named or [])
        field = self.fields["media_hosts"]
        field.choices = [(host, host) for host in named]
        field.initial = [host for host in package.media_hosts or [] if host in named]
        help_text = _(
            "The servers this package's content plays video, audio or images from. Only "
            "those ticked are allowed; the activity plays without the others."
        )
        if not named:
            help_text = _("This package plays media only from its own files.")
        field.help_text = help_text
        notes = []
        if package.media_hosts_unconfirmed:
            notes.append(
                _("Not allowed yet, so not shown to learners: %(hosts)s.")
                % {"hosts": ", ".join(package.media_hosts_unconfirmed)}
            )
        if package.inert_files:
            notes.append(
                _(
                    "Left out of this package because browsers no longer run them "
                    "(Flash): %(files)s."
                )
                % {"files": ", ".join(package.inert_files[:10])}
            )
        if notes:
            field.help_text = format_html(
                "{}{}",
                help_text,
                format_html_join("", "<br><strong>{}</strong>", ((note,) for note in notes)),
            )

    def save(self, commit=True):
        package = super().save(commit=commit)
        if commit:
            services.package_media_hosts_set(
                package=package, hosts=self.cleaned_data.get("media_hosts") or []
            )
        return package


class TrueFalseQuestionForm(forms.Form):
    """A true/false question in one step: the statement and whether it is true. The two
    choices are written for the trainer, in the bank's language."""

    text = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("A sentence the learner judges true or false."),
    )
    answer = forms.TypedChoiceField(
        label=_("The statement is"),
        choices=(
            ("true", pgettext_lazy("the statement is", "True")),
            ("false", pgettext_lazy("the statement is", "False")),
        ),
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the statement is true or false.")},
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Shown with the feedback, if the quiz shows it."),
    )
