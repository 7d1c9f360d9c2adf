"""The credentials accreditation issues: course certificates and statements of hours.

Registered with the certificates app's registry when the app is ready (``apps.py``)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates import registry
from certificates.models import Certificate
from certificates.signing import holder_name, title_in
from lms.i18n import text_direction
from lms.numbers import format_hours, format_number, plural_count


@registry.register
class CourseCertificate(registry.CredentialKind):
    """One completion of an accredited (or not) course, with the hours credited for it."""

    kind = Certificate.Kind.COURSE

    def subject(self, certificate, language):
        return title_in(certificate.payload["course"]["titles"], language)

    def lines(self, certificate, language, line):
        payload = certificate.payload
        completed_on = registry.date_in(payload["completed_on"], language)
        lines = [
            line(_("This certifies that"), 13),
            line(holder_name(payload, language), 22, bold=True),
            line(_("has completed the training course"), 13),
            line(title_in(payload["course"]["titles"], language), 18, bold=True),
            line(_("on %(date)s") % {"date": completed_on}, 13),
        ]
        if payload.get("hours"):
            hours = ngettext(
                "accredited by the office for %(hours)s volunteer hour",
                "accredited by the office for %(hours)s volunteer hours",
                plural_count(payload["hours"]),
            )
            lines.append(line(hours % {"hours": format_number(payload["hours"])}, 13))
        if certificate.expires_at:
            lines.append(line(registry.valid_until(certificate, language), 11))
        return lines

    def public_facts(self, certificate, language, *, status_date=None):
        payload = certificate.payload
        titles = payload["course"]["titles"]
        return {
            "course": titles.get(language) or titles.get("ar") or "",
            "hours": payload.get("hours"),
            "completed_on": payload["completed_on"],
        }


@registry.register
class HoursStatement(registry.CredentialKind):
    """A volunteer's approved hours, for one season or all, by category."""

    kind = Certificate.Kind.HOURS

    def subject(self, certificate, language):
        if season := certificate.payload.get("season"):
            return _("%(season)s AH") % {"season": season}
        return _("All seasons")

    def lines(self, certificate, language, line):
        payload = certificate.payload
        served = ngettext(
            "served %(hours)s accredited volunteer hour",
            "served %(hours)s accredited volunteer hours",
            plural_count(payload["total_hours"]),
        )
        lines = [
            line(_("This certifies that"), 13),
            line(holder_name(payload, language), 22, bold=True),
            line(served % {"hours": format_number(payload["total_hours"])}, 16, bold=True),
        ]
        if payload.get("season"):
            season = _("in the season of %(season)s AH")
            lines.append(line(season % {"season": payload["season"]}, 13))
        arabic_names = text_direction(language) == "rtl"
        for row in payload.get("categories", [])[:6]:
            name = row["name_ar"] if arabic_names else row["name_en"]
            category = _("%(category)s: %(hours)s")
            hours = format_hours(row["hours"])
            lines.append(line(category % {"category": name, "hours": hours}, 11))
        if courses := payload.get("courses", []):
            lines.append(line(_("Courses completed: %(count)s") % {"count": len(courses)}, 11))
        if field := payload.get("field", []):
            served_in = _("Field assignments served: %(count)s")
            lines.append(line(served_in % {"count": len(field)}, 11))
        return lines

    def public_facts(self, certificate, language, *, status_date=None):
        return {
            "hours": certificate.payload.get("total_hours"),
            "season": certificate.payload.get("season"),
        }
