"""Certificates the office issued (course certificates, hours statements, licence cards and
any other kind registered in ``certificates.registry``) and bulk issues.

The tables keep their names from when these models lived in ``accreditation``: no data moved
when the app was split out (see the migrations)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from certificates.storage import certificate_storage
from lms.models import Section, optional_organisation, optional_person


class Certificate(models.Model):
    """A certificate the office issued: what it certifies (``payload``), to whom, its
    unguessable code and the signature over both. Never edited after issue except to attach
    its rendered PDF and to revoke it; a certificate whose data no longer matches its
    signature fails verification."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course completion certificate")
        HOURS = "hours", _("Statement of volunteer hours")
        LICENCE = "licence", _("Volunteer-work licence")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    holder = models.ForeignKey(
        "lms.User", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    # What the certificate is for: one course certificate per completion (the enrolment).
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    language = models.CharField(_("language"), max_length=5)
    payload = models.JSONField(_("certified data"))
    signature = models.CharField(_("signature"), max_length=128)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = optional_person(_("issued by"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    batch = models.ForeignKey(
        "certificates.CertificateBatch",
        verbose_name=_("bulk issue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    # The rendered PDF, in the certificates' own private storage (never a file library), its
    # SHA-256 and a seal over both: a download serves only bytes that match.
    pdf_file = models.FileField(
        _("PDF"), storage=certificate_storage, max_length=200, blank=True, editable=False
    )
    pdf_sha256 = models.CharField(_("PDF digest (SHA-256)"), max_length=64, blank=True)
    pdf_seal = models.CharField(_("PDF seal"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = optional_person(_("revoked by"))
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    # Kinds with one current certificate per holder and season (statements of hours): the
    # Hijri year, or ALL_SEASONS; empty for the other kinds. Not signed: it repeats the
    # payload's season as a key the database can hold unique.
    season = models.PositiveSmallIntegerField(_("season (Hijri year)"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    # When the ledger changed after issue, so the figures certified are out of date and a
    # new certificate is due.
    needs_reissue_at = models.DateTimeField(_("figures corrected at"), null=True, blank=True)

    ALL_SEASONS = 0

    class Meta:
        ordering = ["-issued_at", "-pk"]
        db_table = "accreditation_certificate"
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="accreditation_one_certificate_per_source",
            ),
            # A bulk issue gives each volunteer one statement, even when retried.
            models.UniqueConstraint(
                fields=["batch", "holder"],
                condition=models.Q(batch__isnull=False),
                name="accreditation_one_certificate_per_batch_holder",
            ),
            # One current (not revoked) certificate per holder, kind and season: a new one
            # supersedes the old, also when two are issued at the same moment.
            models.UniqueConstraint(
                fields=["holder", "kind", "season"],
                condition=models.Q(season__isnull=False, revoked_at__isnull=True),
                name="certificates_one_current_per_season",
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "-issued_at"], name="accr_cert_holder_idx"),
            models.Index(
                fields=["batch"],
                condition=models.Q(rendered_at__isnull=True),
                name="accr_cert_unrendered_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CertificateBatch(models.Model):
    """Office staff's bulk issue of hours statements for a season and/or an organisation:
    who asked, when, for whom (``section``: the volunteers of the requester's section when
    they are limited to one, blank for the whole office), and how far rendering has come."""

    season = models.PositiveSmallIntegerField(_("season (Hijri year)"), null=True, blank=True)
    organisation = optional_organisation()
    section = models.CharField(_("section"), max_length=5, choices=Section.choices, blank=True)
    requested_by = models.ForeignKey(
        "lms.User", verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    total = models.PositiveIntegerField(_("certificates"), default=0)
    filled_at = models.DateTimeField(_("all issued at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        db_table = "accreditation_certificatebatch"
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")

    def __str__(self) -> str:
        return f"{self.season or ''} {self.organisation_id or ''}"
