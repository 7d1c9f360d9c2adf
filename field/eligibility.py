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
                return _("%(what)s: expired on %(date)s") % {
                    "what": self.what,
                    "date": date,
                }
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
    queryset of ids. Six queries, whatever the number of volunteers; what every volunteer
    is checked against (the conditions' wording, each course's name and key, expiry dates)
    is worked out once, not once per volunteer."""
    on = on or timezone.localdate()
    requirements = list(role.requirements.select_related("course", "article").order_by("pk"))
    # A queryset of ids stays a subquery in every query below: a roster of 10,000 costs
    # no 10,000 parameters.
    if not isinstance(volunteer_ids, QuerySet):
        volunteer_ids = list(volunteer_ids)
    # Only the columns the role's conditions read (a date or a JSON list read for 10,000
    # people costs more than the query).
    wanted = {
        "section": bool(role.section),
        "date_of_birth": bool(role.minimum_age),
        "spoken_languages": bool(role.languages),
    }
    read = [name for name, needed in wanted.items() if needed]
    people = User.objects.filter(pk__in=volunteer_ids).values_list("pk", *read)
    column = {name: read.index(name) + 1 if name in read else None for name in wanted}
    section_at, born_at, spoken_at = column.values()
    evidence = _Evidence.gather(role, requirements, volunteer_ids, on)
    conditions = _Conditions(role, on)
    checks = [_GroupCheck(members, on, until) for members in _requirement_groups(requirements)]
    licence_level = role.licence_level
    hours, licensed = evidence.hours, evidence.licensed
    zero = Decimal("0")
    answers = {}
    for row in people:
        pk = row[0]
        findings = conditions.findings(
            row[section_at] if section_at else None,
            row[born_at] if born_at else None,
            row[spoken_at] if spoken_at else None,
            hours.get(pk, zero),
        )
        if licence_level:
            status = MET if pk in licensed else MISSING
            findings.append(Finding("licence", status, needed=licence_level))
        for check in checks:
            findings.extend(check.findings(pk, evidence))
        answers[pk] = Eligibility(pk, findings)
    return answers


class _Conditions:
    """A role's conditions (section, age, languages, field hours), worded once."""

    def __init__(self, role: FieldRole, on: datetime.date) -> None:
        self.section = role.section
        self.minimum_age = role.minimum_age
        self.on = on
        if self.minimum_age:
            self.age_needed = str(role.minimum_age)
        self.languages = set(role.languages or [])
        self.languages_needed = ",".join(role.languages or [])
        self.minimum_hours = role.minimum_field_hours
        if self.minimum_hours:
            self.hours_needed = hours_text(role.minimum_field_hours)

    def findings(self, section, born, spoken, field_hours: Decimal) -> list[Finding]:
        findings = []
        if self.section and section != self.section:
            findings.append(Finding("section", MISSING, needed=self.section))
        if self.minimum_age:
            age = age_on(born, self.on)
            status = MET if age is not None and age >= self.minimum_age else MISSING
            findings.append(Finding("age", status, needed=self.age_needed))
        if self.languages:
            status = MET if self.languages <= set(spoken or []) else MISSING
            findings.append(Finding("languages", status, needed=self.languages_needed))
        if self.minimum_hours:
            status = MET if field_hours >= self.minimum_hours else MISSING
            findings.append(Finding("field_hours", status, needed=self.hours_needed))
        return findings


class _GroupCheck:
    """One requirement, or a group of alternatives, checked for one volunteer after another:
    each course's name, key and validity, and the expiry of each completion date, are worked
    out once."""

    def __init__(self, members: list[RoleRequirement], on, until) -> None:
        self.on, self.until = on, until
        self.members = []
        for requirement in members:
            if requirement.course:
                self.members.append(
                    (
                        "course",
                        requirement,
                        requirement.course.translation_key,
                        requirement.course.title,
                        str(requirement.course.translation_key),
                    )
                )
            else:
                article = requirement.article
                self.members.append(
                    ("article", requirement, article.translation_key, article.title, "")
                )
        self.zone = timezone.get_current_timezone()
        self.expiries: dict = {}  # (months of validity, day of completion): expiry
        self.days: dict = {}  # moment: its day in the office's time zone

    def _expiry(self, requirement: RoleRequirement, completed_at, expires_at):
        """When a completion stops counting: its date plus the requirement's validity, or
        the course's own expiry; the date arithmetic done once per day of completion."""
        if requirement.validity_months:
            day = self._day(completed_at)
            memo = (requirement.validity_months, day)
            if memo not in self.expiries:
                self.expiries[memo] = day + relativedelta(months=requirement.validity_months)
            return self.expiries[memo]
        return self._day(expires_at) if expires_at else None

    def _day(self, moment: datetime.datetime) -> datetime.date:
        """``timezone.localdate``, remembered: completions of one cohort share moments (an
        expiry set for all at once), and the conversion costs more than the lookup."""
        if moment not in self.days:
            self.days[moment] = moment.astimezone(self.zone).date()
        return self.days[moment]

    def findings(self, person_id: int, evidence: "_Evidence") -> list[Finding]:
        candidates = []
        on, until = self.on, self.until
        for kind, requirement, key, what, key_text in self.members:
            if kind == "article":
                done = (person_id, key) in evidence.acknowledged
                finding = Finding("article", MET if done else MISSING, what)
            elif (completion := evidence.completions.get((person_id, key))) is None:
                finding = Finding("course", MISSING, what, key=key_text)
            else:
                expiry = self._expiry(requirement, *completion)
                if expiry is not None and expiry <= on:
                    finding = Finding("course", EXPIRED, what, expiry, key=key_text)
                elif expiry is not None and until is not None and expiry <= until:
                    finding = Finding("course", EXPIRING, what, expiry, key=key_text)
                else:
                    finding = Finding("course", MET, what, expiry, key=key_text)
            if finding.status == MET:
                return [finding]  # the first met alternative is the one reported
            candidates.append(finding)
        best = min(candidates, key=lambda finding: RANK[finding.status])
        # Alternatives: one met suffices; otherwise every alternative is reported.
        return [best] if best.status in (MET, EXPIRING) else candidates


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
