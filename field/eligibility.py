"""Whether volunteers may serve in a field role, requirement by requirement, and whether a
volunteer-work licence is in force (licences and field roles use each other: a role may need
a licence, and a licence rests on its level's requirements, checked as a role's).

``evaluate`` answers for a whole roster at once in two queries: the role's requirements, then
one row per volunteer that carries, beside what the role's conditions read (section, birth
date, languages), what each requirement asks of them, decided in the database: the day of
their newest completion of each required course or the day it expires (through the courses'
selectors), whether they acknowledged each required article's current version (the knowledge
base's) and their approved field hours (accreditation's). Each requirement is met, missing,
expired (with the date), or met but expiring before a given date (the end of a deployment); a
volunteer is eligible when nothing is missing or expired.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from accreditation.selectors import approved_field_hours_of, hours_text
from courses.selectors import NO_EXPIRY, latest_completion_day, latest_completion_expiry
from field.models import (
    FieldRole,
    Licence,
    LicenceEvent,
    LicenceLevel,
    LicencePolicy,
    RoleRequirement,
)
from knowledge_base.selectors import acknowledges_current_version
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


@dataclass(frozen=True)
class Finding:
    """One requirement's state for one volunteer. ``what`` names the requirement (a course,
    an article, a condition); ``date`` is when it expired or will expire. ``evaluate`` gives
    the volunteers of a roster who stand alike on a requirement the same finding, so it is
    frozen: change a copy (``dataclasses.replace``)."""

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
    queryset of ids. Two queries whatever the number of volunteers (and those of the
    licences' standing when the role asks for a licence). What every volunteer is checked
    against (the conditions' wording, each course's name and key) is worked out once, and
    each requirement's findings once per distinct fact (a day of completion, an expiry), not
    once per volunteer: volunteers who stand alike share the same findings."""
    on = on or timezone.localdate()
    requirements = list(role.requirements.select_related("course", "article").order_by("pk"))
    # A queryset of ids stays a subquery: a roster of 10,000 costs no 10,000 parameters.
    if not isinstance(volunteer_ids, QuerySet):
        volunteer_ids = list(volunteer_ids)
    columns = _Columns()
    conditions = _Conditions(role, on, columns)
    checks = [
        _GroupCheck(members, on, until, columns) for members in _requirement_groups(requirements)
    ]
    people = (
        User.objects.filter(pk__in=volunteer_ids)
        .annotate(**columns.annotations)
        .values_list(*columns.names)
    )
    licence_level = role.licence_level
    if licence_level:
        licensed = _licensed(licence_level, volunteer_ids, on)
        licence = _by_status("licence", licence_level)
    answers = {}
    for row in people:
        pk = row[0]
        findings = conditions.findings(row)
        if licence_level:
            findings.append(licence[pk in licensed])
        for check in checks:
            findings.extend(check.findings(row))
        answers[pk] = Eligibility(pk, findings)
    return answers


class _Columns:
    """The columns of the one row read per volunteer: the person's own fields that the role's
    conditions read, and one annotation per fact the requirements ask about (two
    requirements asking the same fact share its column)."""

    def __init__(self) -> None:
        self.names = ["pk"]
        self.annotations: dict[str, object] = {}
        self.facts: dict[tuple, str] = {}

    def field(self, name: str) -> int:
        """The index of the person's own field ``name`` in the row."""
        if name not in self.names:
            self.names.append(name)
        return self.names.index(name)

    def fact(self, fact: tuple, expression) -> int:
        """The index of the annotation answering ``fact`` (what it asks, about what)."""
        if fact not in self.facts:
            name = f"fact_{len(self.facts)}"
            self.facts[fact] = name
            self.annotations[name] = expression
            self.names.append(name)
        return self.names.index(self.facts[fact])


NO_HOURS = Decimal("0")


class _Conditions:
    """A role's conditions (section, age, languages, field hours), each finding worded once
    (one per status) and shared by the volunteers it describes."""

    def __init__(self, role: FieldRole, on: datetime.date, columns: _Columns) -> None:
        self.on = on
        self.section = role.section
        if self.section:
            self.section_at = columns.field("section")
            self.other_section = Finding("section", MISSING, needed=self.section)
        self.minimum_age = role.minimum_age
        if self.minimum_age:
            self.born_at = columns.field("date_of_birth")
            self.age = _by_status("age", str(role.minimum_age))
        self.languages = set(role.languages or [])
        if self.languages:
            self.spoken_at = columns.field("spoken_languages")
            self.spoken = _by_status("languages", ",".join(role.languages))
        self.minimum_hours = role.minimum_field_hours
        if self.minimum_hours:
            self.hours_at = columns.fact(("field_hours",), approved_field_hours_of())
            self.hours = _by_status("field_hours", hours_text(role.minimum_field_hours))

    def findings(self, row: tuple) -> list[Finding]:
        findings = []
        if self.section and row[self.section_at] != self.section:
            findings.append(self.other_section)
        if self.minimum_age:
            age = age_on(row[self.born_at], self.on)
            findings.append(self.age[age is not None and age >= self.minimum_age])
        if self.languages:
            findings.append(self.spoken[self.languages <= set(row[self.spoken_at] or [])])
        if self.minimum_hours:
            hours = row[self.hours_at]
            if hours is None:  # no approved field hours at all
                hours = NO_HOURS
            findings.append(self.hours[hours >= self.minimum_hours])
        return findings


def _by_status(kind: str, needed: str) -> dict[bool, Finding]:
    """A condition's two findings, by whether it is met."""
    return {True: Finding(kind, MET, needed=needed), False: Finding(kind, MISSING, needed=needed)}


class _GroupCheck:
    """One requirement, or a group of alternatives, checked for one volunteer after another.
    Each member reads one fact from the volunteer's row: for a course, the day of the newest
    completion (when the role sets its own validity) or the day it expires; for an article,
    whether its current version is acknowledged. Volunteers share facts (a cohort completes
    on the same days, most completions expire together), so the findings are worked out once
    per distinct combination of facts and shared by the volunteers who have it."""

    def __init__(self, members: list[RoleRequirement], on, until, columns: _Columns) -> None:
        self.on, self.until = on, until
        self.members = []
        at = []
        for requirement in members:
            if course := requirement.course:
                key = course.translation_key
                months = requirement.validity_months
                if months:
                    fact = columns.fact(("completed", key), latest_completion_day(course_key=key))
                else:
                    fact = columns.fact(("expires", key), latest_completion_expiry(course_key=key))
                self.members.append(("course", course.title, str(key), months))
            else:
                key = requirement.article.translation_key
                fact = columns.fact(
                    ("acknowledged", key), acknowledges_current_version(article_key=key)
                )
                self.members.append(("article", requirement.article.title, "", None))
            at.append(fact)
        # One fact (a value) for a single requirement, a tuple of them for alternatives.
        self.facts_of = itemgetter(*at)
        self.single = len(at) == 1
        self.answers: dict = {}  # facts: the findings

    def findings(self, row: tuple) -> tuple[Finding, ...]:
        facts = self.facts_of(row)
        if (answer := self.answers.get(facts)) is None:
            answer = self.answers[facts] = self._answer((facts,) if self.single else facts)
        return answer

    def _answer(self, facts: tuple) -> tuple[Finding, ...]:
        candidates = []
        for (kind, what, key, months), fact in zip(self.members, facts, strict=True):
            if kind == "article":
                status, date = (MET if fact else MISSING), None
            elif fact is None:
                status, date = MISSING, None
            else:
                date = self._expiry(fact, months)
                status = self._course_status(date)
            finding = Finding(kind, status, what, date, key=key)
            if status == MET:
                return (finding,)  # the first met alternative is the one reported
            candidates.append(finding)
        best = min(candidates, key=lambda finding: RANK[finding.status])
        # Alternatives: one met suffices; otherwise every alternative is reported.
        return (best,) if best.status in (MET, EXPIRING) else tuple(candidates)

    @staticmethod
    def _expiry(day: datetime.date, months: int | None) -> datetime.date | None:
        """When a completion stops counting: its day plus the requirement's validity, or the
        course's own expiry (``day`` is then the expiry's, or ``NO_EXPIRY``)."""
        if months:
            return day + relativedelta(months=months)
        return None if day == NO_EXPIRY else day

    def _course_status(self, expiry: datetime.date | None) -> str:
        if expiry is not None and expiry <= self.on:
            return EXPIRED
        if expiry is not None and self.until is not None and expiry <= self.until:
            return EXPIRING
        return MET


def _licensed(level: str, ids, on) -> set[int]:
    """The people among ``ids`` holding a licence of ``level`` in force on ``on``."""
    held = list(Licence.objects.filter(holder_id__in=ids, level=level))
    states = standings(held, on)
    return {item.holder_id for item in held if states[item.pk].in_force}


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
