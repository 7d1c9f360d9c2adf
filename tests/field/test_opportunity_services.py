"""Opportunities: publishing and approval, applying (ready or told what is missing), the
waiting list moving up, decisions by the organisation, notices by email."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation

from audit.models import AuditEvent
from courses.services import enrolment_create, lesson_complete
from field import opportunities as ops
from field.models import Application, Assignment, Opportunity
from lms.roles import Role
from tests.factories import FieldRoleFactory, OrganisationFactory, UserFactory
from tests.field.opportunity_factories import (
    OpportunityFactory,
    published_opportunity,
    ready_volunteer,
    representative_of,
    unsaved_opportunity,
)

pytestmark = pytest.mark.django_db

S = Application.Status


def apply(volunteer, opportunity, capture):
    with capture(execute=True):
        return ops.application_create(volunteer=volunteer, opportunity=opportunity)


def test_the_office_publishes_directly_with_a_deployment_and_its_shifts(office_staff):
    opportunity = OpportunityFactory(places=4, shifts=[["الفجر", "03:00", "09:00"]])
    ops.opportunity_save(actor=office_staff, opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED
    deployment = opportunity.deployment
    assert (deployment.capacity, deployment.section) == (4, opportunity.section)
    assert deployment.shift_templates.get().name == "الفجر"


def test_a_representative_submits_and_the_office_declines_then_approves(office_staff):
    organisation = OrganisationFactory()
    rep = representative_of(organisation)
    other = OrganisationFactory()
    opportunity = unsaved_opportunity(organisation=other)
    # Whatever organisation the form named, the representative's own is kept.
    ops.opportunity_save(actor=rep, opportunity=opportunity)
    assert opportunity.organisation == organisation
    assert opportunity.status == Opportunity.Status.DRAFT and opportunity.deployment is None
    ops.opportunity_submit(actor=rep, opportunity=opportunity)
    with pytest.raises(ops.OpportunityRefused):  # a decline needs a reason
        ops.opportunity_decide(actor=office_staff, opportunity=opportunity, approve=False)
    declined = ops.opportunity_decide(
        actor=office_staff, opportunity=opportunity, approve=False, reason="Dates overlap Eid"
    )
    assert declined.status == Opportunity.Status.DECLINED
    ops.opportunity_submit(actor=rep, opportunity=opportunity)
    approved = ops.opportunity_decide(actor=office_staff, opportunity=opportunity, approve=True)
    assert approved.status == Opportunity.Status.PUBLISHED and approved.deployment_id
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "reason"))
    assert actions == [
        ("field.opportunity_decline", "Dates overlap Eid"),
        ("field.opportunity_approve", ""),
    ]


def test_staff_of_the_other_section_and_strangers_cannot_decide(office_staff):
    rep = representative_of()
    opportunity = OpportunityFactory(organisation=rep.organisation, status="submitted")
    women_staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women")
    with pytest.raises(PermissionDenied):
        ops.opportunity_decide(actor=women_staff, opportunity=opportunity, approve=True)
    with pytest.raises(PermissionDenied):
        ops.opportunity_decide(actor=rep, opportunity=opportunity, approve=True)
    with pytest.raises(PermissionDenied):  # another organisation's representative
        ops.opportunity_submit(actor=representative_of(), opportunity=opportunity)


def test_a_volunteer_lacking_the_course_is_told_what_and_where(course, office_staff):
    role = FieldRoleFactory(requirements=[course.course])
    opportunity = published_opportunity(role=role, office=office_staff)
    volunteer = ready_volunteer()
    answer = ops.application_create(volunteer=volunteer, opportunity=opportunity)
    assert not answer.ready and answer.application is None
    assert not Application.objects.exists()
    (missing,) = answer.missing
    assert course.course.title in missing.message and missing.url == course.course.url


def test_a_ready_volunteer_is_accepted_automatically_and_told(
    course, office_staff, django_capture_on_commit_callbacks
):
    role = FieldRoleFactory(requirements=[course.course])
    opportunity = published_opportunity(role=role, auto_accept=True, office=office_staff)
    volunteer = ready_volunteer(preferred_language="en")
    enrolment_create(user=volunteer, course=course.course)
    for lesson in course.lessons:
        lesson_complete(user=volunteer, lesson=lesson)
    answer = apply(volunteer, opportunity, django_capture_on_commit_callbacks)
    assert answer.application.status == S.ACCEPTED
    assert Assignment.objects.get().deployment == opportunity.deployment
    assert mail.outbox[-1].subject.startswith("You are accepted")


def test_applying_twice_other_section_or_closed_is_refused(office_staff):
    opportunity = published_opportunity(office=office_staff)
    volunteer = ready_volunteer()
    ops.application_create(volunteer=volunteer, opportunity=opportunity)
    with translation.override("en"), pytest.raises(ops.OpportunityRefused, match="already"):
        ops.application_create(volunteer=volunteer, opportunity=opportunity)
    assert Application.objects.count() == 1
    with translation.override("en"), pytest.raises(ops.OpportunityRefused, match="section"):
        ops.application_create(volunteer=ready_volunteer(section="women"), opportunity=opportunity)
    ops.opportunity_end(actor=office_staff, opportunity=opportunity, cancel=False)
    opportunity.refresh_from_db()
    with translation.override("en"), pytest.raises(ops.OpportunityRefused, match="not taking"):
        ops.application_create(volunteer=ready_volunteer(), opportunity=opportunity)


def test_the_waiting_list_moves_up_in_order_when_someone_withdraws(
    office_staff, django_capture_on_commit_callbacks
):
    opportunity = published_opportunity(places=2, auto_accept=True, office=office_staff)
    people = [ready_volunteer(preferred_language="en") for _ in range(4)]
    answers = [apply(p, opportunity, django_capture_on_commit_callbacks) for p in people]
    assert [a.application.status for a in answers] == [S.ACCEPTED, S.ACCEPTED, S.WAITING, S.WAITING]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ops.application_withdraw(volunteer=people[0], application=answers[0].application)
    statuses = dict(Application.objects.values_list("volunteer_id", "status"))
    assert statuses[people[2].pk] == S.ACCEPTED and statuses[people[3].pk] == S.WAITING
    assert not Assignment.objects.filter(volunteer=people[0]).exists()
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    opportunity.refresh_from_db()
    assert opportunity.places_held == 2


def test_the_organisation_accepts_and_declines_and_a_decline_moves_the_queue(
    django_capture_on_commit_callbacks,
):
    rep = representative_of()
    office = UserFactory(roles=[Role.OFFICE_STAFF])
    opportunity = OpportunityFactory(organisation=rep.organisation, places=1, status="submitted")
    ops.opportunity_decide(actor=office, opportunity=opportunity, approve=True)
    first, second = ready_volunteer(), ready_volunteer(preferred_language="en")
    a = apply(first, opportunity, django_capture_on_commit_callbacks).application
    b = apply(second, opportunity, django_capture_on_commit_callbacks).application
    assert (a.status, b.status) == (S.PENDING, S.WAITING)
    with pytest.raises(PermissionDenied):  # another organisation
        ops.application_decide(actor=representative_of(), application=a, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        ops.application_decide(actor=rep, application=a, accept=False, reason="Too far")
    b.refresh_from_db()
    assert b.status == S.PENDING  # moved up, waits for the organisation
    assert mail.outbox[-1].to == [second.email]
    assert mail.outbox[-1].subject.startswith("You moved up")
    ops.application_decide(actor=rep, application=b, accept=True)
    b.refresh_from_db()
    opportunity.refresh_from_db()
    assert b.status == S.ACCEPTED and b.assignment.deployment == opportunity.deployment
    assert AuditEvent.objects.filter(action="field.application_accept").count() == 1


def test_cancelling_tells_everyone_and_empties_the_roster(
    office_staff, django_capture_on_commit_callbacks
):
    opportunity = published_opportunity(places=1, auto_accept=True, office=office_staff)
    people = [ready_volunteer() for _ in range(2)]
    for person in people:
        apply(person, opportunity, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ops.opportunity_end(actor=office_staff, opportunity=opportunity, cancel=True)
    assert set(Application.objects.values_list("status", flat=True)) == {S.CANCELLED}
    assert not Assignment.objects.exists()
    assert len(mail.outbox) == 2


def test_languages_needed_are_checked(office_staff):
    opportunity = published_opportunity(languages=["ur"], office=office_staff)
    answer = ops.application_create(volunteer=ready_volunteer(), opportunity=opportunity)
    assert not answer.ready and answer.missing[0].url.endswith("/accounts/profile/edit/")
    speaker = ready_volunteer(spoken_languages=["ar", "ur"])
    assert ops.application_create(volunteer=speaker, opportunity=opportunity).application
