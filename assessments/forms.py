from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from assessments import services
from assessments.h5p import PackageRejected, package_check
from assessments.models import H5PPackage


class H5PPackageUploadForm(WagtailAdminModelForm):
    """Upload an ``.h5p`` package: checked before anything is kept, stored through the
    ``package_create`` service. The title and language default to the package's own."""

    package_file = forms.FileField(
        label=_("H5P package (.h5p)"),
        help_text=_("The package is checked before anything of it is kept."),
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
        )
        return self.instance


class H5PPackageEditForm(WagtailAdminModelForm):
    """A stored package keeps its files; only its title and language change."""

    class Meta:
        model = H5PPackage
        fields = ["title", "language"]
