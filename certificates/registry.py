"""The kinds of credential the office issues, each answering the same questions.

A kind (course certificate, hours statement, licence card, and later ones) is a subclass of
``CredentialKind`` registered with ``register`` by the app that owns what it certifies, in
that app's ``AppConfig.ready()``: ``accreditation`` registers course certificates and hours
statements, ``field`` licence cards. The certificates app asks the registry and never looks
at a kind itself, so there is no ``if kind == ...`` outside a kind's own module.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certificates.pdf import Line, dual_date


@dataclass(frozen=True)
class Standing:
    """What a kind says of a certificate beyond its own dates and revocation: a licence card
    is not in force while its licence is suspended or has lapsed."""

    status: str  # one of certificates.selectors.Status
    date: datetime.date | None = None


@dataclass(frozen=True)
class Wording:
    """How the public verification page speaks of a kind (a certificate, a licence): whole
    sentences, since a noun cannot be swapped into a translated sentence. ``%(date)s`` is
    the date of the event, written in both calendars."""

    title: str
    label: str
    holder: str
    valid: str
    superseded: str
    revoked: str
    expired: str
    invalid: str


def certificate_wording() -> Wording:
    return Wording(
        title=_("Verify a certificate"),
        label=_("Certificate"),
        holder=_("Holder"),
        valid=_("The office issued this certificate and it is in force."),
        superseded=_(
            "The office replaced this certificate with a newer one on %(date)s. "
            "Rely on the newer one."
        ),
        revoked=_("The office revoked this certificate on %(date)s. It is no longer valid."),
        expired=_("This certificate expired on %(date)s."),
        invalid=_(
            "The office's records for this code do not match its signature. Do not rely on "
            "this certificate; contact the office."
        ),
    )


def licence_wording() -> Wording:
    return Wording(
        title=_("Verify a licence"),
        label=_("Licence"),
        holder=pgettext("the person a licence is issued to", "Holder"),
        valid=_("The office issued this licence and it is in force."),
        superseded=_(
            "The office replaced this licence with a newer one on %(date)s. Rely on the newer one."
        ),
        revoked=_("The office revoked this licence on %(date)s. It is no longer valid."),
        expired=_("This licence expired on %(date)s."),
        invalid=_(
            "The office's records for this code do not match its signature. Do not rely on "
            "this licence; contact the office."
        ),
    )


class CredentialKind:
    """One kind of credential. ``kind`` is the value stored in ``Certificate.kind``."""

    kind: str = ""

    def wording(self) -> Wording:
        """How the verification page names this kind, in the active language."""
        return certificate_wording()

    def subject(self, certificate, language: str) -> str:
        """What the certificate is about, in a few words, in the active language."""
        raise NotImplementedError

    def lines(self, certificate, language: str, line: Callable[..., Line]) -> list[Line]:
        """The body of the PDF column in ``language`` (under the office's name and the
        heading), made with ``line(text, size, bold=False, color=INK)``."""
        raise NotImplementedError

    def public_facts(self, certificate, language: str, *, status_date=None) -> dict:
        """What the public verification page and its JSON may show beyond the common facts:
        never more personal data than needed. ``status_date`` is the date of the kind's own
        standing (when a licence lapsed), when there is one."""
        return {}

    def standing(self, certificate) -> Standing | None:
        """None when the certificate is in force as far as this kind is concerned."""
        return None


_kinds: dict[str, CredentialKind] = {}


def register(kind_class: type[CredentialKind]) -> type[CredentialKind]:
    """Register a kind (usable as a class decorator). Registering a kind twice replaces it,
    so a reloaded module does not fail."""
    _kinds[kind_class.kind] = kind_class()
    return kind_class


def kind_of(certificate) -> CredentialKind:
    try:
        return _kinds[certificate.kind]
    except KeyError:
        raise LookupError(f"No credential kind {certificate.kind!r} is registered.") from None


# Helpers the kinds share --------------------------------------------------------------------


def holder_names(user) -> dict:
    """The holder's names as a certificate keeps them (both scripts)."""
    return {"name_ar": user.name_ar, "name_latin": user.get_full_name()}


def date_in(value: str, language: str) -> str:
    """An ISO date from a payload, written in both calendars."""
    return dual_date(datetime.date.fromisoformat(value[:10]), language)


def valid_until(certificate, language: str) -> str:
    until = dual_date(timezone.localdate(certificate.expires_at), language)
    return _("Valid until %(date)s") % {"date": until}
