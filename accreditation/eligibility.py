"""Whether volunteers may serve in a field role, requirement by requirement.

``evaluate`` answers for a whole roster at once in a fixed number of queries: the role's
requirements, the volunteers, their completions of the required courses, their
acknowledgements of the required articles (through the knowledge base's selector) and their
approved field hours. Each requirement is met, missing, expired (with the date), or met but
expiring before a given date (the end of a deployment); a volunteer is eligible when nothing
is missing or expired.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accreditation.models import FieldRole, HoursEntry, RoleRequirement
from accreditation.selectors import hours_text
from lms.dates import format_dual
from lms.i18n import SPOKEN_LANGUAGES
from lms.models import Section, User, age_on

MET, MISSING, EXPIRED, EXPIRING = "met", "missing", "expired", "expiring"
BLOCKING = {MISSING, EXPIRED}


@dataclass
class Finding:
    """One requirement's state for one volunteer. ``what`` names the requirement (a course,
    an article, a condition); ``date`` is when it expired or will expire."""

    kind: str  # course, article, section, age, languages, field_hours
    status: str
    what: str = ""
    date: datetime.date | None = None
    needed: str = ""  # what the role asks, for conditions (an age, hours, languages)

    def message(self, language: str | None = None) -> str:
        """The finding as a sentence in ``language`` (the active one by default)."""
        with translation.override(language or translation.get_language()):
            date = format_dual(self.date) if self.date else ""
            if self.status == EXPIRED:
                return _("%(what)s: expired on %(date)s") % {"what": self.what, "date": date}
            if self.status == EXPIRING:
                return _("%(what)s: expires on %(date)s, before the deployment ends") % {
                    "what": self.what,
                    "date": date,
                }
            if self.status == MET:
                return _("%(what)s: met") % {"what": self.what}
            return {
                "course": _("%(what)s: not completed"),
                "article": _("%(what)s: not acknowledged"),
                "section": _("Serves in the %(needed)s only"),
                "age": _("Minimum age %(needed)s"),
                "languages": _("Must speak: %(needed)s"),
                "field_hours": _("At least %(needed)s approved field hours"),
                "licence": _("A volunteer-work licence in force: %(needed)s"),
            }[self.kind] % {"what": self.what, "needed": self.needed_text()}

    def needed_text(self) -> str:
        if self.kind == "section":
            return str(Section(self.needed).label)
        if self.kind == "licence":
            from accreditation.models import LicenceLevel

            return str(LicenceLevel(self.needed).label)
        if self.kind == "languages":
            names = dict(SPOKEN_LANGUAGES)
            separator = pgettext("list separator", ", ")
            return separator.join(str(names[c]) for c in self.needed.split(",") if c in names)
        return self.needed

    def as_dict(self) -> dict:
        date = self.date.isoformat() if self.date else None
        return {
            "kind": self.kind,
            "status": self.status,
            "what": self.what,
            "date": date,
            "needed": self.needed,
        }


@dataclass
class Eligibility:
    volunteer_id: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not any(f.status in BLOCKING for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status != MET]


def _completion_expiry(requirement: RoleRequirement, completed_at, expires_at):
    if requirement.validity_months:
        return timezone.localdate(completed_at) + relativedelta(months=requirement.validity_months)
    return timezone.localdate(expires_at) if expires_at else None


def _course_finding(requirement, completion, on, until) -> Finding:
    what = requirement.course.title if requirement.course else ""
    if completion is None:
        return Finding("course", MISSING, what)
    expiry = _completion_expiry(requirement, *completion)
    if expiry is not None and expiry <= on:
        return Finding("course", EXPIRED, what, expiry)
    if expiry is not None and until is not None and expiry <= until:
        return Finding("course", EXPIRING, what, expiry)
    return Finding("course", MET, what, expiry)


RANK = {MET: 0, EXPIRING: 1, EXPIRED: 2, MISSING: 3}


def evaluate(
    *,
    role: FieldRole,
    volunteer_ids,
    on: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[int, Eligibility]:
    """The eligibility of each volunteer for ``role`` on the day ``on`` (today by default),
    with requirements that expire by ``until`` flagged. ``volunteer_ids`` may be a list or a
    queryset of ids. Six queries, whatever the number of volunteers."""
    from courses.models import CourseCompletion
    from knowledge_base.selectors import acknowledged_article_keys

    on = on or timezone.localdate()
    requirements = list(role.requirements.select_related("course", "article").order_by("pk"))
    # A queryset of ids stays a subquery in every query below: a roster of 10,000 costs
    # no 10,000 parameters.
    if not isinstance(volunteer_ids, QuerySet):
        volunteer_ids = list(volunteer_ids)
    people = list(
        User.objects.filter(pk__in=volunteer_ids).values_list(
            "pk", "section", "date_of_birth", "spoken_languages", named=True
        )
    )
    ids = volunteer_ids
    course_keys = {r.course.translation_key for r in requirements if r.course}
    latest: dict[tuple, tuple] = {}
    if course_keys:
        rows = (
            CourseCompletion.objects.filter(user_id__in=ids, course_key__in=course_keys)
            .order_by("user_id", "course_key", "completed_at")
            .values_list("user_id", "course_key", "completed_at", "expires_at")
        )
        for user_id, key, completed_at, expires_at in rows:
            latest[(user_id, key)] = (completed_at, expires_at)  # the newest wins
    article_keys = {r.article.translation_key for r in requirements if r.article}
    acknowledged = (
        acknowledged_article_keys(user_ids=ids, article_keys=article_keys)
        if article_keys
        else set()
    )
    hours: dict[int, Decimal] = {}
    if role.minimum_field_hours:
        hours = dict(
            HoursEntry.objects.filter(
                volunteer_id__in=ids,
                kind=HoursEntry.Kind.FIELD,
                status=HoursEntry.Status.APPROVED,
            )
            .values("volunteer_id")
            .annotate(total=Sum("hours"))
            .values_list("volunteer_id", "total")
        )

    licensed: set[int] = set()
    if role.licence_level:
        from accreditation.licences import standings
        from accreditation.models import Licence

        held = list(Licence.objects.filter(holder_id__in=ids, level=role.licence_level))
        states = standings(held, on)
        licensed = {item.holder_id for item in held if states[item.pk].in_force}

    groups: dict[object, list[RoleRequirement]] = defaultdict(list)
    for requirement in requirements:
        groups[requirement.alternatives or ("alone", requirement.pk)].append(requirement)

    answers = {}
    for person in people:
        findings = _conditions(role, person, on, hours.get(person.pk, Decimal("0")))
        if role.licence_level:
            status = MET if person.pk in licensed else MISSING
            findings.append(Finding("licence", status, needed=role.licence_level))
        for members in groups.values():
            candidates = []
            for requirement in members:
                if requirement.course:
                    key = (person.pk, requirement.course.translation_key)
                    candidates.append(_course_finding(requirement, latest.get(key), on, until))
                else:
                    done = (person.pk, requirement.article.translation_key) in acknowledged
                    candidates.append(
                        Finding("article", MET if done else MISSING, requirement.article.title)
                    )
            best = min(candidates, key=lambda finding: RANK[finding.status])
            # Alternatives: one met suffices; otherwise every alternative is reported.
            findings.extend([best] if best.status in (MET, EXPIRING) else candidates)
        answers[person.pk] = Eligibility(person.pk, findings)
    return answers


def _conditions(role: FieldRole, person, on, field_hours: Decimal) -> list[Finding]:
    findings = []
    if role.section and person.section != role.section:
        findings.append(Finding("section", MISSING, needed=role.section))
    if role.minimum_age:
        age = age_on(person.date_of_birth, on)
        status = MET if age is not None and age >= role.minimum_age else MISSING
        findings.append(Finding("age", status, needed=str(role.minimum_age)))
    if role.languages:
        spoken = set(person.spoken_languages or [])
        status = MET if set(role.languages) <= spoken else MISSING
        findings.append(Finding("languages", status, needed=",".join(role.languages)))
    if role.minimum_field_hours:
        status = MET if field_hours >= role.minimum_field_hours else MISSING
        needed = hours_text(role.minimum_field_hours)
        findings.append(Finding("field_hours", status, needed=needed))
    return findings
