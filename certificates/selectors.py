"""Reads of certificates for their screens: verification, a holder's certificates, a code,
the office's list and dashboard."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.permissions import batches_visible_to, certificates_visible_to
from certificates.registry import kind_of
from certificates.signing import normalise_code, signature_holds


class Status(models.TextChoices):
    """What the verification page says of a code."""

    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")
    OUTDATED = "outdated", _("Outdated")
    SUSPENDED = "suspended", _("Suspended")
    LAPSED = "lapsed", _("Lapsed")
    INVALID = "invalid", _("Not valid")
    UNKNOWN = "unknown", _("Unknown code")


@dataclass
class Verification:
    status: Status
    certificate: Certificate | None = None
    date: object = None  # when a licence lapsed, when known

    @property
    def found(self) -> bool:
        return self.status != Status.UNKNOWN


def by_code(code: str, *, related=()) -> Certificate | None:
    """The certificate with this code as someone typed or scanned it, or None."""
    normalised = normalise_code(code)
    if normalised is None:
        return None
    return Certificate.objects.select_related(*related).filter(code=normalised).first()


def verification(code: str) -> Verification:
    """What the public verification page says of a code. A malformed code and an unknown one
    give the same answer; a record that no longer matches its signature is "invalid"."""
    certificate = by_code(code, related=["holder", "superseded_by"])
    if certificate is None:
        return Verification(Status.UNKNOWN)
    if not signature_holds(certificate):
        return Verification(Status.INVALID, certificate)
    if certificate.superseded_by is not None:
        return Verification(Status.SUPERSEDED, certificate)
    if certificate.revoked_at is not None:
        return Verification(Status.REVOKED, certificate)
    if certificate.expires_at is not None and certificate.expires_at <= timezone.now():
        return Verification(Status.EXPIRED, certificate)
    standing = kind_of(certificate).standing(certificate)
    if standing is not None:
        return Verification(Status(standing.status), certificate, standing.date)
    if certificate.needs_reissue_at is not None:
        # Issued as it says, but what it certifies has since changed: say so, with when.
        return Verification(Status.OUTDATED, certificate, certificate.needs_reissue_at)
    return Verification(Status.VALID, certificate)


def held_by(user, *, limit: int = 100) -> list[Certificate]:
    """A person's certificates, newest first (their "hours and certificates" screen)."""
    found = Certificate.objects.filter(holder=user).select_related("superseded_by")
    return list(found.order_by("-issued_at")[:limit])


def for_office_list(user):
    """The office's certificates list: those of ``user``'s section, newest first."""
    return (
        certificates_visible_to(user)
        .select_related("holder", "superseded_by")
        .order_by("-issued_at", "-pk")
    )


def latest_of(*, holder, kind: str, limit: int = 5) -> list[Certificate]:
    """A holder's newest certificates of one kind that are not revoked."""
    found = Certificate.objects.filter(holder=holder, kind=kind, revoked_at__isnull=True)
    return list(found.order_by("-issued_at", "-pk")[:limit])


def current_of(*, holder, kind: str, season: int) -> Certificate | None:
    """The holder's current (not revoked) certificate of a kind for a season, if any."""
    found = Certificate.objects.filter(
        holder=holder, kind=kind, season=season, revoked_at__isnull=True
    )
    return found.first()


def batch_holder_ids(batch) -> set[int]:
    return set(batch.certificates.values_list("holder_id", flat=True))


def recent_batches(*, user, limit: int = 20) -> list:
    """The latest bulk issues ``user`` may follow."""
    found = batches_visible_to(user).select_related("organisation", "requested_by")
    return list(found[:limit])


# The office's dashboard and the lists it opens -------------------------------------------

# Rendering retries with back-off for about half an hour (``tasks.certificate_render``); a
# certificate still without its PDF an hour after issue is one whose rendering failed.
PDF_RENDER_GRACE = datetime.timedelta(hours=1)


def pdf_failed(certificates):
    """Of ``certificates``, those in force whose PDF was never made: issued more than
    ``PDF_RENDER_GRACE`` ago and still not rendered."""
    return certificates.filter(
        rendered_at__isnull=True,
        revoked_at__isnull=True,
        issued_at__lt=timezone.now() - PDF_RENDER_GRACE,
    )


def pdf_failed_count(user) -> int:
    """How many certificates of ``user``'s section have no PDF after the grace time. One
    query."""
    return pdf_failed(certificates_visible_to(user)).count()


def running(batches):
    """Of ``batches``, the bulk issues not done yet: certificates still being issued, or
    issued but not all rendered (as ``certificate_batch_progress`` says "done")."""
    unrendered = Certificate.objects.filter(batch=models.OuterRef("pk"), rendered_at__isnull=True)
    return batches.filter(models.Q(filled_at__isnull=True) | models.Exists(unrendered))


def running_batches_count(user) -> int:
    """How many bulk issues ``user`` may follow are still running. One query."""
    return running(batches_visible_to(user)).count()


def batches_for_office_list(user, *, only_running: bool = False, limit: int = 20) -> list:
    """The bulk issues of the office's bulk-issue screen: the latest, or every one running."""
    found = batches_visible_to(user)
    if only_running:
        found = running(found)
    found = found.select_related("organisation", "requested_by")
    return list(found if only_running else found[:limit])


def office_list_filtered(user, *, kind: str = "", pdf: str = ""):
    """The office's certificates list narrowed by its filters: a kind, and "failed" for the
    certificates whose PDF was never made."""
    found = for_office_list(user)
    if kind in Certificate.Kind.values:
        found = found.filter(kind=kind)
    if pdf == "failed":
        found = pdf_failed(found)
    return found


def newest_by_source(*, kind: str, source_ids) -> dict[int, Certificate]:
    """For each source, its newest certificate of ``kind`` that is not revoked (a licence
    card's QR code leads to it). One query."""
    found = (
        Certificate.objects.filter(kind=kind, source_id__in=source_ids, revoked_at__isnull=True)
        .order_by("-issued_at", "-pk")
        .only("pk", "code", "source_id", "issued_at")
    )
    newest: dict[int, Certificate] = {}
    for certificate in found:
        newest.setdefault(certificate.source_id, certificate)
    return newest
