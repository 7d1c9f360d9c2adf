"""Licence cards: the credential of a volunteer-work licence, issued and renewed by the
office. A card is in force only while its licence is (see ``field.licences``)."""

from django.utils.translation import gettext as _

from certificates import registry
from certificates.models import Certificate
from certificates.signing import holder_name
from field.eligibility import licence_of_card, standing
from field.models import LicenceLevel


@registry.register
class LicenceCard(registry.CredentialKind):
    kind = Certificate.Kind.LICENCE

    def wording(self):
        return registry.licence_wording()

    def subject(self, certificate, language):
        return str(LicenceLevel(certificate.payload["level"]).label)

    def lines(self, certificate, language, line):
        payload = certificate.payload
        level = LicenceLevel(payload["level"]).label
        until = registry.date_in(payload["expires_on"], language)
        return [
            line(_("This licence is held by"), 13),
            line(holder_name(payload, language), 22, bold=True),
            line(_("Level: %(level)s") % {"level": level}, 18, bold=True),
            line(_("Valid until %(date)s") % {"date": until}, 13),
            line(
                _(
                    "It is in force only while the requirements it rests on are met; "
                    "check it by its code."
                ),
                11,
            ),
        ]

    def public_facts(self, certificate, language, *, status_date=None):
        return {
            "level": certificate.payload.get("level"),
            "lapsed_on": status_date.isoformat() if status_date else None,
        }

    def standing(self, certificate):
        licence = licence_of_card(certificate)
        if licence is None:
            return None
        now = standing(licence)
        return None if now.in_force else registry.Standing(now.status, now.date)
