from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from courses.models import CourseFile, course_files_folder
from lms.admin_forms import ManaraAdminModelForm


class HandoutUploadForm(ManaraAdminModelForm):
    """Upload a course file: a known, harmless type and a bounded size; stored privately."""

    class Meta:
        model = CourseFile
        fields = ["file", "name", "description"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        if extension not in settings.MANARA_HANDOUT_EXTENSIONS:
            raise forms.ValidationError(
                _("“%(name)s” is not a file type handouts may have. Allowed: %(allowed)s.")
                % {"name": upload.name, "allowed": ", ".join(settings.MANARA_HANDOUT_EXTENSIONS)}
            )
        if upload.size > settings.MANARA_HANDOUT_MAX_BYTES:
            raise forms.ValidationError(
                _("“%(name)s” is %(size)s; handouts may be at most %(limit)s.")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MANARA_HANDOUT_MAX_BYTES),
                }
            )
        return upload

    def save(self, commit=True):
        instance = super().save(commit=False)
        if instance.pk is None:
            instance.is_public = False
            instance.original_filename = instance.file.name
            instance.folder = course_files_folder()
        if commit:
            instance.save()
        return instance
