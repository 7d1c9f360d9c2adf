from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from lms.forms import ManaraForm


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CertificateFilterForm(ManaraForm):
    """The filters of the office's certificates list (and of its export)."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Certificate.Kind.choices]
    )
    pdf = forms.ChoiceField(
        label=_("PDF"),
        required=False,
        choices=[("", _("Any")), ("failed", _("Not made (rendering failed)"))],
    )
