"""Partner organisations' keys to the API.

The table keeps its name from when the model lived in ``accreditation`` (no data moved)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.models import optional_person


class ApiToken(models.Model):
    """A partner organisation's key to the API. Only a SHA-256 digest of the token is kept;
    the token itself is shown once, when it is made (``manage.py create_api_token``)."""

    organisation = models.ForeignKey(
        "lms.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_by = optional_person(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        db_table = "accreditation_apitoken"
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.name}"
