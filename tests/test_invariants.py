"""A property-based attacker: one Hypothesis state machine plays random sequences of real
actions by every role of both sections, through the services and actions (and, where cheap,
the real views with ``django.test.Client``), and after every step checks the rules that must
hold (DESIGN.md, "Rules that must hold"):

1. no lesson or course completes without every required assessment of the lesson's whole
   translation family passed in that run;
2. approved hours in the ledger = accredited completions' credit + approved attendance -
   reversals, per volunteer, and the report totals match the ledger;
3. at most one current statement of hours per person and season, and a current statement's
   figures match the ledger unless it is marked for re-issue;
4. a staff member limited to a section never changes an object of the other section;
5. every decision has its audit event, counted from what the step changed.

A refused action (PermissionDenied, ValidationError, AttendanceRefused, LessonGateClosed and
the like) must leave nothing changed; an action repeated at once (the same request, the same
idempotency key) has the effect of one.

Run longer with ``pytest tests/test_invariants.py --hypothesis-profile=deep -p no:xdist``.
"""

import datetime
import json
import sys
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from accreditation.actions import AccreditCourse, BulkIssueStatements, ReverseHoursEntry
from accreditation.models import CourseAccreditation, HoursEntry, HoursTotal
from accreditation.selectors import hours_statement
from accreditation.services import certificate_batch_fill, hours_statement_request
from assessments import quizzes
from assessments.activity import activity_token
from assessments.models import (
    ActivityResult,
    H5PPackage,
    QuizAnswer,
    QuizAttempt,
    XAPIStatement,
)
from assessments.quizzes import AttemptRefused
from assessments.services import (
    COMPLETING_VERBS,
    Activity,
    StatementRefused,
    statement_record,
)
from audit.decisions import Decision
from audit.models import AuditEvent
from certificates.actions import RevokeCertificate
from certificates.models import Certificate, CertificateBatch
from courses import services as courses
from courses.models import CourseCompletion, Enrolment, LessonProgress
from field.actions import (
    ConfirmAttendance,
    DecideAttendance,
    ReturnAttendance,
    WithdrawAttendance,
)
from field.licences import ChangeLicence, IssueLicence
from field.models import (
    LIVE_ATTENDANCE,
    Assignment,
    Attendance,
    Deployment,
    FieldRole,
    Licence,
    LicenceEvent,
    LicencePolicy,
)
from field.services import (
    AttendanceRefused,
    _office_now,
    attendance_record,
    deployment_assign,
    office_clock,
)
from lms.dates import hijri_season
from lms.models import Section
from lms.roles import Role
from partner_api.services import token_create
from tests.assessments.quiz_fixtures import make_bank
from tests.factories import (
    OrganisationFactory,
    RoleRequirementFactory,
    ServiceCategoryFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MEN, WOMEN = Section.MEN.value, Section.WOMEN.value
VOLUNTEERS = ["v_m1", "v_m2", "v_w1", "v_w2"]
ACTORS = [*VOLUNTEERS, "trainer", "l_m", "l_w", "d_m", "d_w", "o_m", "o_w", "o_all"]
STAFF = ["o_m", "o_w", "o_all"]
LESSONS = ["ar1", "ar2", "ur1", "ur2"]  # lesson 1 of each language carries the gate
REASONS = ["", "   ", "Checked against the sign-in sheet"]


def mostly(*names):
    """Anyone, but most often those whose job the action is (or nothing would get done)."""
    return st.one_of(st.sampled_from(names), st.sampled_from(ACTORS))


OFFICE = mostly(*STAFF)

QUIZ = {
    "draw": 0,
    "pass_mark": 100,
    "max_attempts": 0,
    "cooldown_minutes": 0,
    "time_limit_minutes": 0,
    "feedback": "full",
    "required": True,
}
H5P_PASS_MARK = 80

# Bounded by default, also under Hypothesis's own "ci" profile (loaded when CI is set; its
# 100 examples of 50 steps took six minutes of CI); ``--hypothesis-profile=deep``
# (tests/conftest.py) for long runs.
BOUNDED = {
    "max_examples": 25,
    "stateful_step_count": 30,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}


def machine_settings() -> settings:
    """The bounded run on top of the current profile (so CI stays derandomised), or the deep
    profile when asked for (``--hypothesis-profile=deep``)."""
    current = settings.get_profile(settings.get_current_profile_name())
    if settings.get_current_profile_name() == "deep":
        return current
    return settings(current, **BOUNDED)


# The world: a translated course, two sections of people, deployments, a partner -------------


@dataclass
class World:
    people: dict
    course: object
    lessons: dict  # "ar1", "ar2", "ur1", "ur2"
    quiz_block: object  # the Arabic lesson's quiz block (a StreamChild)
    h5p_block: object  # the Urdu lesson's H5P block
    package: H5PPackage
    deployments: dict  # section -> Deployment
    teams: dict  # section -> Team
    partner: object
    token: str


def _translate(page, locale, *, body=None):
    translated = page.copy_for_translation(locale, copy_parents=True)
    if body is not None:
        translated.body = body
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def world(make_course, locales) -> World:
    cache.clear()
    partner = OrganisationFactory()
    people = {
        "trainer": UserFactory(roles=[Role.TRAINER, Role.VOLUNTEER], section=MEN),
        "l_m": UserFactory(roles=[Role.TEAM_LEADER, Role.VOLUNTEER], section=MEN),
        "l_w": UserFactory(roles=[Role.TEAM_LEADER, Role.VOLUNTEER], section=WOMEN),
        "d_m": UserFactory(roles=[Role.SECTION_DEPUTY], section=MEN, staff_section=MEN),
        "d_w": UserFactory(roles=[Role.SECTION_DEPUTY], section=WOMEN, staff_section=WOMEN),
        "o_m": UserFactory(roles=[Role.OFFICE_STAFF], section=MEN, staff_section=MEN),
        "o_w": UserFactory(roles=[Role.OFFICE_STAFF], section=WOMEN, staff_section=WOMEN),
        "o_all": UserFactory(roles=[Role.OFFICE_STAFF], section=MEN, staff_section=""),
    }
    for name in VOLUNTEERS:
        section = MEN if "_m" in name else WOMEN
        people[name] = UserFactory(section=section, organisation=partner)
    teams = {
        section: TeamFactory(
            section=section,
            organisation=partner,
            leaders=[people[f"l_{section[0]}"]],
            members=[people[f"v_{section[0]}1"], people[f"v_{section[0]}2"]],
        )
        for section in (MEN, WOMEN)
    }

    bank = make_bank()
    package = H5PPackage.objects.create(title="Recovery position", main_library="H5P.X")
    tree = make_course(lessons=2, validity_months=12, owner=people["trainer"])
    arabic1 = tree.lessons[0]
    arabic1.body = [("text", "<p>أجب عن الأسئلة.</p>"), ("quiz", {**QUIZ, "bank": bank})]
    arabic1.save_revision().publish()
    arabic1.refresh_from_db()
    urdu_h5p = {"package": package, "required": True, "pass_mark": H5P_PASS_MARK, "policy": "best"}
    _translate(tree.course, locales["ur"])
    # The Urdu lesson lacks the Arabic quiz and carries an H5P activity of its own: the
    # family's gate is both.
    urdu1 = _translate(arabic1, locales["ur"], body=[("text", "<p>سبق</p>"), ("h5p", urdu_h5p)])
    urdu2 = _translate(tree.lessons[1], locales["ur"])

    category = ServiceCategoryFactory(slug="field-service")
    role = FieldRole.objects.create(name_ar="مرشد", name_en="Guide", category=category)
    RoleRequirementFactory(role=role, page=tree.course)  # assignment checks: the course
    anyone = FieldRole.objects.create(name_ar="أي أحد", name_en="Anyone", category=category)
    LicencePolicy.objects.create(level="practitioner", requirements=anyone)
    LicencePolicy.objects.create(level="team_leader", requirements=role)
    today = _office_now().date()
    deployments = {
        section: Deployment.objects.create(
            role=role,
            service_point=f"point-{section}",
            section=section,
            capacity=3,
            starts_on=today - datetime.timedelta(days=6),
            ends_on=today + datetime.timedelta(days=3),
        )
        for section in (MEN, WOMEN)
    }
    return World(
        people=people,
        course=tree.course,
        lessons={"ar1": arabic1, "ar2": tree.lessons[1], "ur1": urdu1, "ur2": urdu2},
        quiz_block=next(b for b in arabic1.body if b.block_type == "quiz"),
        h5p_block=next(b for b in urdu1.body if b.block_type == "h5p"),
        package=package,
        deployments=deployments,
        teams=teams,
        partner=partner,
        token=token_create(organisation=partner, name="invariants"),
    )


# Snapshots: what a step changed, and in which section ----------------------------------------

# model -> (fields that may change, paths to the row's section; none: no section)
TRACKED = {
    Enrolment: (
        ["user_id", "completed_at", "expires_at", "run_started_at", "progress_percent"],
        (),
    ),
    LessonProgress: (["enrolment_id", "lesson_key", "completed_at"], ()),
    CourseCompletion: (["enrolment_id", "completed_at", "expires_at"], ()),
    QuizAttempt: (["user_id", "submitted_at", "passed", "score"], ()),
    QuizAnswer: (["attempt_id"], ()),
    XAPIStatement: (["user_id", "statement_id"], ()),
    ActivityResult: (["user_id", "passed", "passed_at", "attempts"], ()),
    CourseAccreditation: (["credit_hours"], ()),
    Assignment: (["deployment_id", "volunteer_id", "override_reason"], ("deployment__section",)),
    Attendance: (
        ["status", "hours", "day", "partner_id", "confirmed_by_id", "decided_by_id"],
        ("assignment__deployment__section",),
    ),
    HoursEntry: (["volunteer_id", "hours", "status", "reverses_id"], ("section",)),
    HoursTotal: (["hours", "entries", "value_sar"], ("section",)),
    Certificate: (
        ["kind", "holder_id", "revoked_at", "superseded_by_id", "needs_reissue_at"],
        ("holder__section",),
    ),
    CertificateBatch: (["section", "total", "filled_at"], ("section",)),
    Licence: (["status", "expires_on"], ("holder__section", "team__section")),
    LicenceEvent: (
        ["licence_id", "action"],
        ("licence__holder__section", "licence__team__section"),
    ),
    AuditEvent: (["action"], ()),
}


def snapshot() -> dict:
    """Every tracked row: model -> {pk: (fields..., sections...)}."""
    found = {}
    for model, (fields, sections) in TRACKED.items():
        found[model] = {
            row[0]: row[1:]
            for row in model.objects.order_by("pk").values_list("pk", *fields, *sections)
        }
    return found


def changes(before: dict, after: dict):
    """(model, pk, old row or None, new row or None) of every row that changed."""
    for model, rows in after.items():
        old_rows = before[model]
        for pk in old_rows.keys() | rows.keys():
            if old_rows.get(pk) != rows.get(pk):
                yield model, pk, old_rows.get(pk), rows.get(pk)


def field_of(model, row, name):
    fields, _sections = TRACKED[model]
    return row[fields.index(name)] if row is not None else None


def sections_of(model, row) -> set[str]:
    fields, sections = TRACKED[model]
    return {value for value in row[len(fields) : len(fields) + len(sections)] if value}


# What the audit trail must show for what changed -------------------------------------------

LICENCE_DECISIONS = {
    LicenceEvent.Action.ISSUE: Decision.LICENCE_ISSUE,
    LicenceEvent.Action.RENEW: Decision.LICENCE_RENEW,
    LicenceEvent.Action.SUSPEND: Decision.LICENCE_SUSPEND,
    LicenceEvent.Action.REINSTATE: Decision.LICENCE_REINSTATE,
    LicenceEvent.Action.REVOKE: Decision.LICENCE_REVOKE,
}
ATTENDANCE_DECISIONS = {
    Attendance.Status.CONFIRMED: Decision.ATTENDANCE_CONFIRM,
    Attendance.Status.APPROVED: Decision.ATTENDANCE_APPROVE,
    Attendance.Status.REJECTED: Decision.ATTENDANCE_REJECT,
    Attendance.Status.RETURNED: Decision.ATTENDANCE_RETURN,
    Attendance.Status.WITHDRAWN: Decision.ATTENDANCE_WITHDRAW,
}


def decisions_in(before: dict, after: dict) -> Counter:
    """The decisions a step took, read from what it changed: Counter of (code, object)."""
    expected = Counter()
    for model, pk, old, new in changes(before, after):
        if model is CourseAccreditation and old is None:
            expected[(Decision.COURSE_ACCREDIT, ("courseaccreditation", pk))] += 1
        elif model is HoursEntry and old is None and field_of(model, new, "reverses_id"):
            reversed_pk = field_of(model, new, "reverses_id")
            expected[(Decision.HOURS_REVERSE, ("hoursentry", reversed_pk))] += 1
        elif model is CertificateBatch and old is None:
            expected[(Decision.STATEMENTS_BULK_ISSUE, ("certificatebatch", pk))] += 1
        elif model is Certificate and old is not None:
            was_revoked = field_of(model, old, "revoked_at") is not None
            revoked = field_of(model, new, "revoked_at") is not None
            if was_revoked or not revoked:
                continue
            if field_of(model, new, "superseded_by_id") is not None:
                expected[(Decision.CERTIFICATE_SUPERSEDE, ("certificate", pk))] += 1
            elif field_of(model, new, "kind") != Certificate.Kind.LICENCE:
                # A licence's cards go with the licence's own revocation.
                expected[(Decision.CERTIFICATE_REVOKE, ("certificate", pk))] += 1
        elif model is Attendance and old is None:
            partner = field_of(model, new, "partner_id")
            code = Decision.API_ATTENDANCE_SUBMIT if partner else Decision.ATTENDANCE_RECORD
            expected[(code, ("attendance", pk))] += 1
        elif model is Attendance:
            status = field_of(model, new, "status")
            if status != field_of(model, old, "status") and status in ATTENDANCE_DECISIONS:
                expected[(ATTENDANCE_DECISIONS[status], ("attendance", pk))] += 1
        elif model is Assignment and old is None and field_of(model, new, "override_reason"):
            expected[(Decision.ASSIGNMENT_OVERRIDE, ("assignment", pk))] += 1
        elif model is LicenceEvent and old is None:
            action = LICENCE_DECISIONS[field_of(model, new, "action")]
            expected[(action, ("licence", field_of(model, new, "licence_id")))] += 1
    return expected


def events_since(last_pk: int) -> Counter:
    found = Counter()
    for action, model, object_id in AuditEvent.objects.filter(pk__gt=last_pk).values_list(
        "action", "object_type__model", "object_id"
    ):
        found[(action, (model, int(object_id) if object_id else None))] += 1
    return found


# The machine ----------------------------------------------------------------------------------

REFUSALS = (
    PermissionDenied,  # LessonGateClosed included
    ValidationError,
    AttendanceRefused,
    AttemptRefused,
    StatementRefused,
    courses.EnrolmentRefused,
    courses.NotEnrolled,
)


class Refused(Exception):
    pass


# How each rule ended over a run (printed with ``-s``): a machine whose actions are all
# refused tests nothing.
OUTCOMES: Counter = Counter()


class InvariantMachine(RuleBasedStateMachine):
    world: World  # set before a run

    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint of the test's transaction, rolled back at the end.
        self._example = transaction.atomic()
        self._example.__enter__()
        cache.clear()
        self.actor = None
        self.before = snapshot()
        self.last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.last_event = self.last_event or 0
        self.refusals = Counter()

    def teardown(self):
        transaction.set_rollback(True)
        self._example.__exit__(None, None, None)

    @initialize(assigned=st.lists(st.sampled_from(VOLUNTEERS), unique=True))
    def some_already_serve(self, assigned):
        """Some volunteers are on their section's roster from the start, assigned by the
        whole office's staff despite the checks (they have not taken the course yet)."""
        staff = self.person("o_all")
        self.begin(staff)
        for name in assigned:
            person = self.person(name)
            deployment_assign(
                deployment=self.world.deployments[person.section],
                volunteers=[person],
                actor=staff,
                override_reason="Needed at the gate this week",
            )

    # helpers

    def person(self, name):
        return self.world.people[name]

    def begin(self, actor=None):
        """A new step: what it changes is measured from here."""
        self.rule_name = sys._getframe(1).f_code.co_name
        self.actor = actor
        self.before = snapshot()
        self.last_event = (
            AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )

    def attempt(self, action, *refusals):
        """Run ``action``; a refusal must leave nothing changed."""
        before = snapshot()
        try:
            done = action()
            OUTCOMES[(self.rule_name, "done")] += 1
            return done
        except (*REFUSALS, *refusals) as refusal:
            after = snapshot()
            changed = [(m.__name__, pk, o, n) for m, pk, o, n in changes(before, after)]
            assert not changed, f"{type(refusal).__name__} ({refusal}) left changes: {changed}"
            OUTCOMES[(self.rule_name, "refused")] += 1
            return Refused()

    def pick(self, queryset, index):
        rows = list(queryset.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    # actions of volunteers

    @rule(volunteer=st.sampled_from(VOLUNTEERS), by_view=st.booleans(), twice=st.booleans())
    def enrol(self, volunteer, by_view, twice):
        user = self.person(volunteer)
        self.begin(user)
        course = self.world.course
        for _ in range(2 if twice else 1):
            if by_view:
                with translation.override("ar"):
                    url = reverse("course_enrol", args=[course.pk])
                response = self.client_for(user).post(url)
                assert response.status_code == 302
            else:
                self.attempt(lambda: courses.enrolment_create(user=user, course=course))
        assert Enrolment.objects.filter(user=user, course_key=course.translation_key).count() <= 1

    @rule(volunteer=st.sampled_from(VOLUNTEERS))
    def completion_expires(self, volunteer):
        """The clock runs past a completion's validity (a refresher is then due)."""
        user = self.person(volunteer)
        self.begin(None)
        past = timezone.now() - datetime.timedelta(days=1)
        Enrolment.objects.filter(user=user, completed_at__isnull=False).update(expires_at=past)
        CourseCompletion.objects.filter(user=user).update(expires_at=past)

    @rule(
        volunteer=st.sampled_from(VOLUNTEERS),
        lesson=st.sampled_from(LESSONS),
        by_view=st.booleans(),
        twice=st.booleans(),
    )
    def complete_lesson(self, volunteer, lesson, by_view, twice):
        user = self.person(volunteer)
        page = self.world.lessons[lesson]
        self.begin(user)
        completions = CourseCompletion.objects.filter(user=user).count()
        enrolment = Enrolment.objects.filter(user=user).first()
        if enrolment is not None and not by_view:
            self.attempt(lambda: courses.lesson_open(enrolment=enrolment, lesson=page))
        for _ in range(2 if twice else 1):
            if by_view:
                language = "ar" if lesson.startswith("ar") else "ur"
                with translation.override(language):
                    url = reverse("lesson_complete", args=[page.pk])
                response = self.client_for(user).post(url)
                assert response.status_code == 302, response.status_code
            else:
                self.attempt(lambda: courses.lesson_complete(user=user, lesson=page))
        assert CourseCompletion.objects.filter(user=user).count() <= completions + 1

    @rule(
        volunteer=st.sampled_from(VOLUNTEERS),
        answers=st.sampled_from(["right", "wrong", "half", "garbage", "none"]),
        twice=st.booleans(),
    )
    def take_quiz(self, volunteer, answers, twice):
        user = self.person(volunteer)
        lesson, block = self.world.lessons["ar1"], self.world.quiz_block
        self.begin(user)
        attempt = self.attempt(
            lambda: quizzes.attempt_start(
                user=user, lesson=lesson, block_id=block.id, quiz=block.value
            )
        )
        if isinstance(attempt, Refused):
            return
        given = {}
        for index, entry in enumerate(attempt.layout):
            from assessments.models import Choice

            choices = Choice.objects.filter(pk__in=entry["choices"])
            right = [str(c.pk) for c in choices if c.is_correct]
            wrong = [str(c.pk) for c in choices if not c.is_correct][:1]
            if answers == "right" or (answers == "half" and index == 0):
                given[str(entry["question"])] = right
            elif answers in ("wrong", "half"):
                given[str(entry["question"])] = wrong
            elif answers == "garbage":
                given[str(entry["question"])] = ["x", "-1", "99999999"]
        for _ in range(2 if twice else 1):
            self.attempt(
                lambda: quizzes.attempt_submit(user=user, attempt_id=attempt.pk, answers=given)
            )

    @rule(
        volunteer=st.sampled_from(VOLUNTEERS),
        kind=st.sampled_from(
            [
                "pass",
                "fail",
                "success_false",
                "scoreless",
                "child",
                "other_verb",
                "impossible",
                "scaled_mismatch",
                "no_id",
                "not_object",
                "someone_elses",
            ]
        ),
        raw=st.integers(0, 5),
        by_view=st.booleans(),
        twice=st.booleans(),
        statement_id=st.uuids(),
    )
    def report_h5p(self, volunteer, kind, raw, by_view, twice, statement_id):
        user = self.person(volunteer)
        lesson, block = self.world.lessons["ur1"], self.world.h5p_block
        self.begin(user)
        owner = self.person("v_w1" if volunteer != "v_w1" else "v_m1")
        opened_by = owner if kind == "someone_elses" else user
        verb = "http://adlnet.gov/expapi/verbs/" + (
            "interacted" if kind == "other_verb" else "answered"
        )
        object_id = "https://example.org/h5p/1"
        result = {"score": {"raw": raw, "max": 5, "min": 0}}
        if kind == "pass":
            result = {"score": {"raw": max(raw, 4), "max": 5}, "success": True}
        elif kind == "fail":
            result = {"score": {"raw": min(raw, 3), "max": 5}, "success": False}
        elif kind == "success_false":
            result = {"score": {"raw": 5, "max": 5}, "success": False}
        elif kind == "scoreless":
            result = {"completion": True, "success": True}
        elif kind == "impossible":
            result = {"score": {"raw": 7, "max": 5}}
        elif kind == "scaled_mismatch":
            result = {"score": {"raw": raw, "max": 5, "scaled": 1 - raw / 5 + 0.5}}
        statement = {
            "id": str(statement_id),
            "verb": {"id": verb},
            "object": {"id": object_id + ("?subContentId=1" if kind == "child" else "")},
            "result": result,
        }
        if kind == "no_id":
            del statement["id"]
        if kind == "not_object":
            statement = ["not", "an", "object"]
        stored = XAPIStatement.objects.count()
        for _ in range(2 if twice else 1):
            if by_view:
                token = activity_token(
                    user=opened_by,
                    lesson=lesson,
                    block_id=block.id,
                    package=self.world.package,
                    value=dict(block.value),
                )
                with translation.override("ur"):
                    url = reverse("h5p_xapi")
                response = self.client_for(user).post(
                    url,
                    data=json.dumps({"activity": token, "statement": statement}),
                    content_type="application/json",
                )
                assert response.status_code in (200, 400, 403), response.status_code
            else:
                activity = Activity(
                    user_id=opened_by.pk,
                    lesson_id=lesson.pk,
                    lesson_key=lesson.translation_key,
                    block_id=block.id,
                    package_id=self.world.package.pk,
                    policy="best",
                    pass_mark=H5P_PASS_MARK,
                )
                self.attempt(
                    lambda a=activity: statement_record(user=user, activity=a, statement=statement),
                    IntegrityError,
                )
        assert XAPIStatement.objects.count() <= stored + 1  # a repeat is stored once

    @rule(volunteer=st.sampled_from(VOLUNTEERS), all_seasons=st.booleans(), twice=st.booleans())
    def request_statement(self, volunteer, all_seasons, twice):
        user = self.person(volunteer)
        self.begin(user)
        season = None if all_seasons else hijri_season(_office_now().date())
        first = self.attempt(lambda: hours_statement_request(volunteer=user, season=season))
        if twice and not isinstance(first, Refused):
            again = hours_statement_request(volunteer=user, season=season)
            assert again.pk == first.pk, "a repeated request gave a second statement"

    # actions of the office

    @rule(actor=OFFICE, hours=st.sampled_from(["0", "0.25", "1", "2.5", "5"]))
    def accredit(self, actor, hours):
        user = self.person(actor)
        self.begin(user)
        action = AccreditCourse(
            course=self.world.course, user=user, credit_hours=Decimal(hours), comment="Reviewed"
        )
        self.attempt(action.execute)

    @rule(actor=OFFICE, index=st.integers(0, 30), reason=st.sampled_from(REASONS))
    def reverse_entry(self, actor, index, reason):
        user = self.person(actor)
        self.begin(user)
        entry = self.pick(HoursEntry.objects.all(), index)
        if entry is None:
            return
        self.attempt(ReverseHoursEntry(entry=entry, user=user, reason=reason).execute)

    @rule(
        actor=OFFICE,
        this_season=st.booleans(),
        of_partner=st.booleans(),
        twice=st.booleans(),
    )
    def bulk_issue(self, actor, this_season, of_partner, twice):
        user = self.person(actor)
        self.begin(user)
        action = BulkIssueStatements(
            user=user,
            season=hijri_season(_office_now().date()) if this_season else None,
            organisation=self.world.partner if of_partner else None,
        )
        batch = self.attempt(action.execute)
        if isinstance(batch, Refused):
            return
        # What the Celery task does once the batch commits; a retry must issue nobody twice.
        issued = certificate_batch_fill(batch_id=batch.pk)
        if twice:
            certificate_batch_fill(batch_id=batch.pk)
        assert batch.certificates.count() == issued

    @rule(actor=OFFICE, index=st.integers(0, 30), reason=st.sampled_from(REASONS))
    def revoke(self, actor, index, reason):
        user = self.person(actor)
        self.begin(user)
        certificate = self.pick(Certificate.objects.all(), index)
        if certificate is None:
            return
        self.attempt(RevokeCertificate(certificate=certificate, user=user, reason=reason).execute)

    # field service

    @rule(
        actor=mostly(*STAFF, "l_m", "l_w"),
        volunteer=st.sampled_from(VOLUNTEERS),
        section=st.sampled_from([MEN, WOMEN]),
        with_team=st.booleans(),
        reason=st.sampled_from(REASONS),
    )
    def assign(self, actor, volunteer, section, with_team, reason):
        user = self.person(actor)
        self.begin(user)
        self.attempt(
            lambda: deployment_assign(
                deployment=self.world.deployments[section],
                volunteers=[self.person(volunteer)],
                actor=user,
                team=self.world.teams[section] if with_team else None,
                override_reason=reason,
            )
        )

    @rule(
        actor=st.one_of(
            st.sampled_from(["l_m", "l_w", "o_m", "o_w", "partner"]), st.sampled_from(ACTORS)
        ),
        volunteers=st.lists(st.sampled_from(VOLUNTEERS), min_size=1, max_size=3),
        section=st.sampled_from([MEN, WOMEN]),
        day=st.one_of(st.integers(-5, -1), st.integers(-8, 2)),
        shift=st.one_of(
            st.none(), st.tuples(st.integers(0, 23), st.integers(-60, 18 * 60))
        ),  # None: hours without times; else (start hour, length in minutes: may cross
        # midnight, be negative, zero or longer than 16 hours)
        hours=st.sampled_from(["0", "4", "8", "12", "17"]),
        twice=st.booleans(),
    )
    def record_attendance(self, actor, volunteers, section, day, shift, hours, twice):
        on = _office_now().date() + datetime.timedelta(days=day)
        starts_at = ends_at = None
        if shift is not None:
            start, length = shift
            starts_at = datetime.datetime.combine(on, datetime.time(start), office_clock())
            ends_at = starts_at + datetime.timedelta(minutes=length)
        deployment = self.world.deployments[section]
        people = [self.person(volunteer) for volunteer in volunteers]
        if actor == "partner":
            self.begin(None)
            body = {"deployment": deployment.pk, "volunteer": people[0].pk, "day": on.isoformat()}
            if shift is not None:
                local = [timezone.localtime(m, office_clock()) for m in (starts_at, ends_at)]
                body.update(
                    check_in=local[0].time().isoformat(), check_out=local[1].time().isoformat()
                )
            else:
                body["hours"] = hours
            key = str(uuid.uuid4())
            answers = []
            for _ in range(2 if twice else 1):
                response = Client().post(
                    "/api/v1/attendance/",
                    data=json.dumps(body),
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {self.world.token}", "Idempotency-Key": key},
                )
                assert response.status_code in (200, 201, 400, 403, 404, 422), response.content
                answers.append(response)
            if twice and answers[0].status_code == 201:
                assert answers[1].status_code == 200
                assert answers[1].json()["id"] == answers[0].json()["id"]
            assert Attendance.objects.filter(idempotency_key=key).count() <= 1
            return
        user = self.person(actor)
        self.begin(user)
        for _ in range(2 if twice else 1):
            self.attempt(
                lambda: attendance_record(
                    deployment=deployment,
                    volunteers=people,
                    day=on,
                    actor=user,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    hours=Decimal(hours) if shift is None else None,
                )
            )

    @rule(actor=mostly("l_m", "l_w", "d_m", "d_w"), index=st.integers(0, 30))
    def withdraw_or_send_back(self, actor, index):
        """A leader withdraws recorded attendance; a deputy sends it back with a reason."""
        user = self.person(actor)
        self.begin(user)
        attendance = self.pick(Attendance.objects.all(), index)
        if attendance is None:
            return
        if actor.startswith("d_"):
            action = ReturnAttendance(attendance=[attendance], user=user, reason="Wrong gate")
        else:
            action = WithdrawAttendance(attendance=attendance, user=user)
        self.attempt(action.execute)

    @rule(actor=mostly("d_m", "d_w"), index=st.integers(0, 30), twice=st.booleans())
    def confirm(self, actor, index, twice):
        user = self.person(actor)
        self.begin(user)
        attendance = self.pick(Attendance.objects.all(), index)
        if attendance is None:
            return
        for _ in range(2 if twice else 1):
            attendance.refresh_from_db()
            self.attempt(ConfirmAttendance(attendance=[attendance], user=user).execute)

    @rule(
        actor=OFFICE,
        indexes=st.lists(st.integers(0, 30), min_size=1, max_size=3, unique=True),
        approve=st.booleans(),
        reason=st.sampled_from(REASONS),
        twice=st.booleans(),
    )
    def decide(self, actor, indexes, approve, reason, twice):
        user = self.person(actor)
        self.begin(user)
        rows = list(Attendance.objects.order_by("pk"))
        if not rows:
            return
        chosen = list({rows[i % len(rows)].pk: rows[i % len(rows)] for i in indexes}.values())
        for _ in range(2 if twice else 1):
            for item in chosen:
                item.refresh_from_db()
            self.attempt(
                DecideAttendance(
                    attendance=chosen, user=user, approve=approve, reason=reason
                ).execute
            )

    @rule(
        actor=OFFICE,
        volunteer=st.sampled_from(VOLUNTEERS),
        level=st.sampled_from(["practitioner", "team_leader"]),
    )
    def issue_licence(self, actor, volunteer, level):
        user = self.person(actor)
        self.begin(user)
        action = IssueLicence(level=level, user=user, holder=self.person(volunteer))
        self.attempt(action.execute)

    @rule(
        actor=OFFICE,
        index=st.integers(0, 10),
        action=st.sampled_from(["renew", "suspend", "reinstate", "revoke"]),
        reason=st.sampled_from(REASONS),
    )
    def change_licence(self, actor, index, action, reason):
        user = self.person(actor)
        self.begin(user)
        licence = self.pick(Licence.objects.all(), index)
        if licence is None:
            return
        self.attempt(
            ChangeLicence(licence=licence, user=user, action=action, reason=reason).execute
        )

    # invariants

    @invariant()
    def completions_only_through_the_familys_gate(self):
        """1. A lesson of the family completes only when the Arabic quiz and the Urdu H5P
        activity were both passed in the enrolment's current run; a course only when every
        required lesson is complete."""
        gated_key = self.world.lessons["ar1"].translation_key
        quiz, h5p = self.world.quiz_block.id, self.world.h5p_block.id
        required = {page.translation_key for page in self.world.lessons.values()}
        for enrolment in Enrolment.objects.all():
            since = enrolment.run_started_at
            run = {"started_at__gte": since} if since else {}
            stored = {"stored_at__gte": since} if since else {}
            done = {
                progress.lesson_key: progress
                for progress in LessonProgress.objects.filter(
                    enrolment=enrolment, completed_at__isnull=False
                )
            }
            for progress in done.values():
                assert since is None or progress.completed_at >= since
            if gated_key in done:
                assert QuizAttempt.objects.filter(
                    user_id=enrolment.user_id,
                    lesson_key=gated_key,
                    block_id=quiz,
                    passed=True,
                    **run,
                ).exists(), "lesson completed without the Arabic quiz passed in this run"
                assert (
                    XAPIStatement.objects.filter(
                        user_id=enrolment.user_id,
                        lesson_key=gated_key,
                        block_id=h5p,
                        is_child=False,
                        verb__in=COMPLETING_VERBS,
                        scaled_score__gte=H5P_PASS_MARK / 100,
                        **stored,
                    )
                    .exclude(success=False)
                    .exists()
                ), "lesson completed without the Urdu H5P activity passed in this run"
            if enrolment.completed_at is not None:
                assert required <= set(done), "course completed with a required lesson open"

    @invariant()
    def ledger_matches_what_was_decided(self):
        """2. Per volunteer: approved ledger hours = accredited completions' credit + approved
        attendance - reversals; and the report totals are the ledger's sums."""
        accreditations = list(CourseAccreditation.objects.order_by("accredited_at", "pk"))
        for name in VOLUNTEERS:
            person = self.person(name)
            credit = Decimal(0)
            for completion in CourseCompletion.objects.filter(user=person):
                in_force = [
                    a
                    for a in accreditations
                    if a.course_key == completion.course_key
                    and a.accredited_at <= completion.completed_at
                ]
                credit += in_force[-1].credit_hours if in_force else 0
                credits = HoursEntry.objects.filter(
                    source=HoursEntry.Source.COURSE_COMPLETION,
                    source_id=completion.pk,
                    reverses__isnull=True,
                )
                assert credits.count() == (1 if in_force else 0), "a completion credited twice"
            field = Attendance.objects.filter(
                assignment__volunteer=person, status=Attendance.Status.APPROVED
            )
            served = field.aggregate(total=Sum("hours"))["total"] or 0
            for attendance in Attendance.objects.filter(assignment__volunteer=person):
                credited = HoursEntry.objects.filter(
                    source=HoursEntry.Source.FIELD_ATTENDANCE,
                    source_id=attendance.pk,
                    reverses__isnull=True,
                ).count()
                approved = attendance.status == Attendance.Status.APPROVED
                assert credited == int(approved), f"attendance {attendance.pk} credited {credited}"
            ledger = HoursEntry.objects.filter(volunteer=person, status=HoursEntry.Status.APPROVED)
            reversed_hours = (
                ledger.filter(reversed_by__isnull=False).aggregate(total=Sum("hours"))["total"] or 0
            )
            total = ledger.aggregate(total=Sum("hours"))["total"] or 0
            assert total == credit + served - reversed_hours, (name, total, credit, served)
        sums = {}
        for entry in HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED):
            key = (entry.season, entry.category_id, entry.organisation_id, entry.section)
            hours, count = sums.get(key, (Decimal(0), 0))
            sums[key] = (hours + entry.hours, count + 1)
        totals = {
            (t.season, t.category_id, t.organisation_id, t.section): (t.hours, t.entries)
            for t in HoursTotal.objects.all()
            if t.entries
        }
        assert totals == sums, "the report totals differ from the ledger"

    @invariant()
    def one_current_statement_with_the_ledgers_figures(self):
        """3. One current statement of hours per person and season; its figures are the
        ledger's, unless it is marked for re-issue."""
        current = Certificate.objects.filter(kind=Certificate.Kind.HOURS, revoked_at__isnull=True)
        seen = Counter(current.values_list("holder_id", "season"))
        assert all(n == 1 for n in seen.values()), f"two current statements: {seen}"
        for statement in current.select_related("holder"):
            if statement.needs_reissue_at is not None:
                continue
            season = statement.season or None
            figures = hours_statement(volunteer=statement.holder, season=season)
            payload = {key: statement.payload.get(key) for key in figures}
            assert payload == figures, "a current statement's figures differ from the ledger"

    @invariant()
    def no_overlapping_shifts_and_none_too_long(self):
        """6. No volunteer has two standing shifts that overlap, and every shift recorded lasts
        more than nothing and at most 16 hours."""
        shifts = (
            Attendance.objects.filter(starts_at__isnull=False, status__in=LIVE_ATTENDANCE)
            .order_by("assignment__volunteer_id", "starts_at")
            .values_list("assignment__volunteer_id", "starts_at", "ends_at")
        )
        previous = {}
        for volunteer_id, starts_at, ends_at in shifts:
            length = ends_at - starts_at
            assert datetime.timedelta(0) < length <= datetime.timedelta(hours=16), length
            if volunteer_id in previous:
                assert previous[volunteer_id] <= starts_at, f"overlapping shifts of {volunteer_id}"
            previous[volunteer_id] = max(ends_at, previous.get(volunteer_id, ends_at))

    @invariant()
    def nobody_changes_the_other_section(self):
        """4. What a staff member limited to a section changed is all of that section."""
        limit = getattr(self.actor, "staff_section", "") if self.actor else ""
        if not limit:
            return
        for model, pk, old, new in changes(self.before, snapshot()):
            if not TRACKED[model][1]:
                continue
            touched = sections_of(model, new or old)
            assert touched <= {limit}, (
                f"{self.actor} of the {limit} section changed {model.__name__} {pk} of {touched}"
            )

    @invariant()
    def every_decision_is_on_the_audit_trail(self):
        """5. Each decision the step took has its event, with its code and object."""
        expected = decisions_in(self.before, snapshot())
        written = events_since(self.last_event)
        missing = expected - written
        assert not missing, f"decisions without their audit event: {dict(missing)}"


def test_no_sequence_of_actions_breaks_the_rules(world):
    InvariantMachine.world = world
    OUTCOMES.clear()
    run_state_machine_as_test(InvariantMachine, settings=machine_settings())
    print(sorted(OUTCOMES.items()))
