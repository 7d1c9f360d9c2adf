"""Whether volunteers may serve in a field role, requirement by requirement, and whether a
volunteer-work licence is in force (licences and field roles use each other: a role may need
a licence, and a licence rests on its level's requirements, checked as a role's).

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
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from accreditation.selectors import approved_field_hours, hours_text
from courses.selectors import latest_completions
from field.models import (
    FieldRole,
    Licence,
    LicenceEvent,
    LicenceLevel,
    LicencePolicy,
    RoleRequirement,
)
from knowledge_base.selectors import acknowledged_article_keys
from lms.dates import format_dual
from lms.i18n import SPOKEN_LANGUAGES
from lms.models import Section, User, age_on
from lms.numbers import format_number, plural_count


class FindingStatus(models.TextChoices):
    """Where one requirement stands for one volunteer."""

    MET = "met", gettext_lazy("Met")
    MISSING = "missing", gettext_lazy("Missing")
    EXPIRED = "expired", gettext_lazy("Expired")
    EXPIRING = "expiring", gettext_lazy("Expiring")


MET, MISSING, EXPIRED, EXPIRING = FindingStatus
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
    key: str = field(default="", compare=False)  # a course's translation key, to name it

    def label(self, language: str | None = None) -> str:
        """What the finding is about, in ``language``: the course or article, or the
        condition's name, so that every finding, met or not, says what it checked."""
        if self.what:
            return self.what
        with translation.override(language or translation.get_language()):
            return str(
                {
                    "section": _("Section"),
                    "age": _("Minimum age"),
                    "languages": _("Languages spoken"),
                    "field_hours": _("Approved field hours"),
                    "licence": _("Volunteer-work licence"),
                }.get(self.kind, self.kind)
            )

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
                return _("%(what)s: met") % {"what": self.label(language)}
            return {
                "course": _("%(what)s: not completed"),
                "article": _("%(what)s: not acknowledged"),
                "section": _("Serves in the %(needed)s only"),
                "age": _("Minimum age %(needed)s"),
                "languages": _("Must speak: %(needed)s"),
                "field_hours": ngettext(
                    "At least %(needed)s approved field hour",
                    "At least %(needed)s approved field hours",
                    plural_count(self.needed),
                ),
                "licence": _("A volunteer-work licence in force: %(needed)s"),
            }[self.kind] % {"what": self.what, "needed": self.needed_text()}

    def needed_text(self) -> str:
        if self.kind == "section":
            return str(Section(self.needed).label)
        if self.kind == "licence":
            return str(LicenceLevel(self.needed).label)
        if self.kind == "languages":
            names = dict(SPOKEN_LANGUAGES)
            separator = pgettext("list separator", ", ")
            return separator.join(str(names[c]) for c in self.needed.split(",") if c in names)
        if self.kind == "field_hours":
            return format_number(self.needed)
        return self.needed

    @property
    def blocking(self) -> bool:
        """A requirement missing or expired stops the volunteer from serving."""
        return self.status in BLOCKING

    def as_dict(self) -> dict:
        date = self.date.isoformat() if self.date else None
        return {
            "kind": self.kind,
            "status": str(self.status),
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
    key = str(requirement.course.translation_key) if requirement.course else ""
    if completion is None:
        return Finding("course", MISSING, what, key=key)
    expiry = _completion_expiry(requirement, *completion)
    if expiry is not None and expiry <= on:
        return Finding("course", EXPIRED, what, expiry, key=key)
    if expiry is not None and until is not None and expiry <= until:
        return Finding("course", EXPIRING, what, expiry, key=key)
    return Finding("course", MET, what, expiry, key=key)


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
    evidence = _Evidence.gather(role, requirements, volunteer_ids, on)
    groups = _requirement_groups(requirements)
    answers = {}
    for person in people:
        findings = _conditions(role, person, on, evidence.hours.get(person.pk, Decimal("0")))
        if role.licence_level:
            status = MET if person.pk in evidence.licensed else MISSING
            findings.append(Finding("licence", status, needed=role.licence_level))
        for members in groups:
            findings.extend(_group_findings(members, person.pk, evidence, on, until))
        answers[person.pk] = Eligibility(person.pk, findings)
    return answers


@dataclass
class _Evidence:
    """What the volunteers have done that a role's requirements ask about."""

    completions: dict = field(default_factory=dict)  # (person, course key): (done, expires)
    acknowledged: set = field(default_factory=set)  # (person, article key)
    hours: dict = field(default_factory=dict)  # person: approved field hours
    licensed: set = field(default_factory=set)  # people holding the role's licence in force

    @classmethod
    def gather(cls, role, requirements, ids, on) -> "_Evidence":
        evidence = cls()
        if course_keys := {r.course.translation_key for r in requirements if r.course}:
            evidence.completions = latest_completions(user_ids=ids, course_keys=course_keys)
        if article_keys := {r.article.translation_key for r in requirements if r.article}:
            evidence.acknowledged = acknowledged_article_keys(
                user_ids=ids, article_keys=article_keys
            )
        if role.minimum_field_hours:
            evidence.hours = approved_field_hours(volunteer_ids=ids)
        if role.licence_level:
            held = list(Licence.objects.filter(holder_id__in=ids, level=role.licence_level))
            states = standings(held, on)
            evidence.licensed = {item.holder_id for item in held if states[item.pk].in_force}
        return evidence


def _requirement_groups(requirements) -> list[list[RoleRequirement]]:
    """Requirements with the same alternatives number form one group; the others stand alone."""
    groups: dict[object, list[RoleRequirement]] = defaultdict(list)
    for requirement in requirements:
        groups[requirement.alternatives or ("alone", requirement.pk)].append(requirement)
    return list(groups.values())


def _group_findings(members, person_id, evidence: _Evidence, on, until) -> list[Finding]:
    candidates = []
    for requirement in members:
        if requirement.course:
            key = (person_id, requirement.course.translation_key)
            completion = evidence.completions.get(key)
            candidates.append(_course_finding(requirement, completion, on, until))
        else:
            done = (person_id, requirement.article.translation_key) in evidence.acknowledged
            candidates.append(
                Finding("article", MET if done else MISSING, requirement.article.title)
            )
    best = min(candidates, key=lambda finding: RANK[finding.status])
    # Alternatives: one met suffices; otherwise every alternative is reported.
    return [best] if best.status in (MET, EXPIRING) else candidates


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


# Licences: in force while active, unexpired, and what they rest on still holds ----------


class StandingStatus(models.TextChoices):
    """Whether a licence is in force, and if not, why."""

    VALID = "valid", gettext_lazy("In force")
    EXPIRED = "expired", gettext_lazy("Expired")
    SUSPENDED = "suspended", gettext_lazy("Suspended")
    REVOKED = "revoked", gettext_lazy("Revoked")
    LAPSED = "lapsed", gettext_lazy("Lapsed")


VALID, EXPIRED_STATUS, SUSPENDED, REVOKED, LAPSED = StandingStatus


@dataclass
class Standing:
    status: str
    date: datetime.date | None = None  # when it expired or lapsed, when known
    findings: list[Finding] = field(default_factory=list)
    # A team licence: the members (and leaders) whose own licence is not in force.
    blocking: list[str] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return self.status == VALID

    @property
    def label(self) -> str:
        return str(StandingStatus(self.status).label)


def requirements_of(level: str, person_ids, on) -> dict:
    policy = LicencePolicy.objects.select_related("requirements").filter(level=level).first()
    if policy is None:
        return dict.fromkeys(person_ids)
    return evaluate(role=policy.requirements, volunteer_ids=list(person_ids), on=on)


def standing(licence: Licence, on: datetime.date | None = None) -> Standing:
    on = on or timezone.localdate()
    if licence.status == Licence.Status.REVOKED:
        return Standing(REVOKED)
    if licence.status == Licence.Status.SUSPENDED:
        return Standing(SUSPENDED)
    if licence.expires_on < on:
        return Standing(EXPIRED_STATUS, licence.expires_on)
    if licence.holder_id:
        answer = requirements_of(licence.level, [licence.holder_id], on)[licence.holder_id]
        if answer is not None and not answer.eligible:
            expired = [f.date for f in answer.findings if f.status == EXPIRED and f.date]
            return Standing(LAPSED, min(expired) if expired else None, answer.problems)
        return Standing(VALID)
    return team_standing(licence, on)


def team_standing(licence: Licence, on) -> Standing:
    team = licence.team
    leaders = list(team.leaders.values_list("pk", flat=True))
    members = list(team.members.values_list("pk", flat=True))
    held = {
        (item.holder_id, item.level): item
        for item in Licence.objects.filter(holder_id__in=leaders + members)
    }

    def in_force(person_id, level) -> bool:
        item = held.get((person_id, level))
        return item is not None and standing(item, on).in_force

    blocking = []
    if not any(in_force(pk, LicenceLevel.TEAM_LEADER) for pk in leaders):
        blocking += leaders or []
    blocking += [pk for pk in members if not in_force(pk, LicenceLevel.PRACTITIONER)]
    if blocking or not leaders:
        names = User.objects.filter(pk__in=blocking).order_by("pk")
        return Standing(LAPSED, blocking=[person.display_name for person in names])
    return Standing(VALID)


def licence_of_card(certificate) -> Licence | None:
    event = LicenceEvent.objects.select_related("licence").filter(pk=certificate.source_id).first()
    return event.licence if event else None


def standings(licences, on: datetime.date | None = None) -> dict[int, Standing]:
    """The standing of many licences: the requirements of each level are checked for all
    its holders at once (a few queries per level, not per licence). Team licences, few,
    are checked one by one."""
    on = on or timezone.localdate()
    answers: dict[int, Standing] = {}
    by_level: dict[str, list[Licence]] = {}
    for licence in licences:
        if licence.status != Licence.Status.ACTIVE or licence.expires_on < on:
            answers[licence.pk] = standing(licence, on)  # no query: decided by its own fields
        elif licence.holder_id:
            by_level.setdefault(licence.level, []).append(licence)
        else:
            answers[licence.pk] = team_standing(licence, on)
    for level, items in by_level.items():
        checks = requirements_of(level, [item.holder_id for item in items], on)
        for item in items:
            answer = checks.get(item.holder_id)
            if answer is None or answer.eligible:
                answers[item.pk] = Standing(VALID)
            else:
                expired = [f.date for f in answer.findings if f.status == EXPIRED and f.date]
                answers[item.pk] = Standing(
                    LAPSED, min(expired) if expired else None, answer.problems
                )
    return answers
