"""A hostile review of issue 14's surfaces: opportunities, the organisation pages, the
impact pages and the feedback form, attacked with odd input, other people's objects,
wrong methods and forged ids. Each rule: 404 outside one's reach, a clear message for bad
input with nothing half-saved, never a 500."""

import datetime

import pytest
from django.utils import timezone, translation

from field.models import Application, Deployment, Opportunity
from field.opportunities import application_create, opportunity_end
from lms.roles import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.field.opportunity_factories import (
    OpportunityFactory,
    published_opportunity,
    ready_volunteer,
    representative_of,
    unsaved_opportunity,
)

pytestmark = pytest.mark.django_db


def _form(role, **changes):
    form = {
        "title_ar": "إرشاد الحجاج",
        "title_en": "Guiding pilgrims",
        "category": role.category.pk,
        "role": role.pk,
        "service_point": "باب السلام",
        "section": "men",
        "starts_on": "2030-01-01",
        "ends_on": "2030-01-05",
        "places": "3",
        "shifts_text": "Fajr 03:00-09:00",
    }
    form.update(changes)
    return form


def test_dates_beyond_the_hijri_calendar_are_refused_not_a_500(client, office_staff):
    """The deployment's season is the Hijri year it starts in; outside the Umm al-Qura
    table (1924-2077) there is none, and publishing failed on the NOT NULL season."""
    client.force_login(office_staff)
    role = OpportunityFactory().role
    with translation.override("en"):
        response = client.post(
            "/en/organisation/opportunities/new/",
            _form(role, starts_on="2100-01-01", ends_on="2100-01-05"),
        )
    assert response.status_code == 200
    assert "1924" in response.content.decode()
    assert not Opportunity.objects.filter(title__en="Guiding pilgrims").exists()
    assert not Deployment.objects.exists()


def test_a_shift_name_longer_than_the_deployment_keeps_is_refused(client):
    """Shift names become the deployment's shift templates (100 characters) when the
    office approves: a longer one broke the approval (PostgreSQL) after the fact."""
    client.force_login(representative_of(OrganisationFactory()))
    role = OpportunityFactory().role
    with translation.override("en"):
        response = client.post(
            "/en/organisation/opportunities/new/",
            _form(role, shifts_text="F" * 101 + " 03:00-09:00"),
        )
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert not Opportunity.objects.filter(title__en="Guiding pilgrims").exists()


@pytest.mark.parametrize(
    "places", ["²", "٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣", "99999999999999999999", "-1", "0", "", "x"]
)
def test_odd_places_are_refused(client, places):
    client.force_login(representative_of(OrganisationFactory()))
    role = OpportunityFactory().role
    response = client.post("/en/organisation/opportunities/new/", _form(role, places=places))
    assert response.status_code == 200
    assert not Opportunity.objects.filter(title__en="Guiding pilgrims").exists()


def test_markup_in_titles_and_descriptions_is_shown_as_text(client, office_staff):
    evil = '<script>alert("x")</script>'
    opportunity = published_opportunity(
        office=office_staff, title={"ar": evil, "en": evil}, description={"ar": evil}
    )
    for url in ("/en/opportunities/", f"/en/opportunities/{opportunity.pk}/"):
        page = client.get(url).content.decode()
        assert evil not in page


def test_other_language_falls_back_to_arabic(client, office_staff):
    opportunity = published_opportunity(
        office=office_staff, title={"ar": "إرشاد"}, description={"ar": "وصف"}
    )
    page = client.get(f"/ur/opportunities/{opportunity.pk}/").content.decode()
    assert "إرشاد" in page and "وصف" in page


@pytest.mark.parametrize("ending", ["close", "cancel"])
def test_applying_after_it_ended_changes_nothing(client, office_staff, ending):
    opportunity = published_opportunity(office=office_staff)
    opportunity_end(actor=office_staff, opportunity=opportunity, cancel=ending == "cancel")
    client.force_login(ready_volunteer())
    response = client.post(f"/en/opportunities/{opportunity.pk}/apply/")
    assert response.status_code in (302, 404)
    assert not Application.objects.exists()


def test_withdrawing_twice_says_so(client, office_staff):
    opportunity = published_opportunity(office=office_staff)
    volunteer = ready_volunteer()
    application = application_create(volunteer=volunteer, opportunity=opportunity).application
    client.force_login(volunteer)
    url = f"/en/opportunities/applications/{application.pk}/withdraw/"
    assert client.post(url).status_code == 302
    with translation.override("en"):
        page = client.post(url, follow=True).content.decode()
    assert "changed" in page
    opportunity.refresh_from_db()
    assert opportunity.places_held == 0
    assert client.get(url).status_code == 405


def test_a_representative_cannot_decide_on_another_organisation_s_applicant(client):
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    office = UserFactory(roles=[Role.OFFICE_STAFF])
    opportunity = published_opportunity(office=office)
    Opportunity.objects.filter(pk=opportunity.pk).update(organisation=theirs)
    opportunity.refresh_from_db()
    application = application_create(volunteer=ready_volunteer(), opportunity=opportunity)
    client.force_login(representative_of(ours))
    url = f"/en/organisation/applications/{application.application.pk}/decide/"
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert (
        client.post("/en/organisation/applications/99999999999999999999/decide/").status_code == 404
    )
    assert Application.objects.get().status == "pending"


def test_office_staff_of_the_other_section_find_nothing(client):
    office_men = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")
    opportunity = published_opportunity(office=office_men)
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women"))
    assert client.get(f"/en/organisation/opportunities/{opportunity.pk}/").status_code == 404
    assert (
        client.post(f"/en/organisation/opportunities/{opportunity.pk}/cancel/").status_code == 404
    )


def test_a_representative_without_an_organisation_finds_nothing(client):
    client.force_login(UserFactory(roles=[Role.REPRESENTATIVE]))
    for url in (
        "/en/organisation/opportunities/",
        "/en/organisation/opportunities/new/",
        "/en/organisation/shifts/",
        "/en/organisation/impact/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "query",
    [
        "season=²",
        "season=٣",
        "season=99999999999999999999",
        "season=-1",
        "season=",
        "season=x",
        "export=csv&season=²",
        "export=xlsx",
        "export=%3D1",
        "organisation=²",
    ],
)
def test_the_impact_page_takes_odd_queries(client, query):
    assert client.get(f"/en/impact/?{query}").status_code == 200


@pytest.mark.parametrize("code", ["x", "²", "a" * 300, "AAAAAAAAAAAAAAAAAAAAAA"])
def test_forged_feedback_codes_are_not_found(client, code):
    assert client.get(f"/en/feedback/{code}/").status_code == 404
    assert client.post(f"/en/feedback/{code}/", {"rating": "5", "helped": "yes"}).status_code == 404


# The feedback form and the comments -------------------------------------------------------


@pytest.fixture
def feedback_code():
    import datetime

    from django.utils import timezone

    from field import feedback
    from tests.factories import DeploymentFactory

    today = timezone.localdate()
    deployment = DeploymentFactory(
        starts_on=today - datetime.timedelta(days=2), ends_on=today + datetime.timedelta(days=5)
    )
    return feedback.feedback_code_ensure(deployment=deployment).code


@pytest.mark.parametrize(
    "rating", ["²", "٣", "6", "0", "-1", "99999999999999999999", "", "x", "3.0"]
)
def test_odd_ratings_are_refused_and_nothing_saved(client, feedback_code, rating):
    from field.models import Feedback

    response = client.post(f"/en/feedback/{feedback_code}/", {"rating": rating, "helped": "yes"})
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_a_comment_with_markup_and_a_formula_stays_text(client, feedback_code):
    from field import feedback
    from field.models import Feedback

    evil = '=HYPERLINK("http://x")<script>alert(1)</script>'
    response = client.post(
        f"/en/feedback/{feedback_code}/", {"rating": "5", "helped": "yes", "comment": evil}
    )
    assert response.status_code == 302
    found = Feedback.objects.get()
    # Unread: not on the public pages.
    assert "HYPERLINK" not in client.get("/en/impact/").content.decode()
    from django.urls import reverse

    office = UserFactory(roles=[Role.OFFICE_STAFF], is_staff=True)
    client.force_login(office)
    queue = client.get(reverse("feedback_comments"))
    assert queue.status_code == 200 and "HYPERLINK" in queue.content.decode()
    assert "<script>alert(1)</script>" not in queue.content.decode()
    feedback.feedback_moderate(feedback=found, actor=office, publish=True)
    assert "<script>alert(1)</script>" not in client.get("/en/impact/").content.decode()


# The people served, reported by a representative -------------------------------------------


@pytest.fixture
def organisation_shift(office_staff):
    from tests.field.test_impact_views import served

    organisation = OrganisationFactory()
    return organisation, served(office=office_staff, organisation=organisation, people=12)


@pytest.mark.parametrize(
    "value", ["²", "99999999999999999999", "-1", "x", "1e3", "12.5", "٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣"]
)
def test_odd_people_served_are_refused_with_a_message(client, organisation_shift, value):
    organisation, shift = organisation_shift
    client.force_login(representative_of(organisation))
    url = f"/en/organisation/shifts/{shift.pk}/people-served/"
    response = client.post(url, {"beneficiaries": value, "p": "²"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    shift.refresh_from_db()
    assert shift.beneficiaries == 12


def test_the_people_served_page_takes_only_posts(client, organisation_shift):
    organisation, shift = organisation_shift
    client.force_login(representative_of(organisation))
    assert client.get(f"/en/organisation/shifts/{shift.pk}/people-served/").status_code == 404
    assert client.get("/en/organisation/shifts/?p=²").status_code == 200
    assert client.get("/en/organisation/shifts/?p=99999999999999999999").status_code == 200


# Decisions with bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [{"decision": "approve", "reason": "x" * 2001}, {"decision": "publish"}, {}]
)
def test_the_office_s_unreadable_decision_says_why(client, data):
    rep = representative_of()
    submitted = OpportunityFactory(organisation=rep.organisation, status="submitted")
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    with translation.override("en"):
        page = client.post(
            "/admin/field/opportunities/", {"opportunity": submitted.pk, **data}, follow=True
        )
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and not submitted.deployment_id


def test_a_reason_too_long_for_an_applicant_says_so(client, office_staff):
    opportunity = published_opportunity(office=office_staff)
    application = application_create(volunteer=ready_volunteer(), opportunity=opportunity)
    client.force_login(office_staff)
    url = f"/en/organisation/applications/{application.application.pk}/decide/"
    with translation.override("en"):
        page = client.post(url, {"decision": "decline", "reason": "x" * 2001}, follow=True)
    assert "2000" in " ".join(str(m) for m in page.context["messages"])
    assert Application.objects.get().status == "pending"


def test_a_declined_applicant_cannot_apply_again_to_undo_the_decision(client, office_staff):
    from field.opportunities import application_decide

    opportunity = published_opportunity(office=office_staff, auto_accept=False)
    volunteer = ready_volunteer()
    application = application_create(volunteer=volunteer, opportunity=opportunity).application
    application_decide(actor=office_staff, application=application, accept=False, reason="No")
    Opportunity.objects.filter(pk=opportunity.pk).update(auto_accept=True)
    client.force_login(volunteer)
    with translation.override("en"):
        page = client.post(f"/en/opportunities/{opportunity.pk}/apply/", follow=True)
    assert "was declined" in page.content.decode()
    assert list(Application.objects.values_list("status", flat=True)) == ["declined"]


def test_twenty_digit_ids_are_not_found_everywhere(client, office_staff):
    huge = "99999999999999999999"
    client.force_login(ready_volunteer())
    assert client.get(f"/en/opportunities/{huge}/").status_code == 404
    assert client.post(f"/en/opportunities/{huge}/apply/").status_code == 404
    assert client.post(f"/en/opportunities/applications/{huge}/withdraw/").status_code == 404
    client.force_login(office_staff)
    assert client.get(f"/en/organisation/opportunities/{huge}/").status_code == 404
    assert client.post(f"/en/organisation/opportunities/{huge}/cancel/").status_code == 404
    rep = representative_of()
    client.force_login(rep)
    assert client.post(f"/en/organisation/shifts/{huge}/people-served/").status_code == 404


def test_the_save_service_edits_only_its_managers_opportunities_as_they_stand_now():
    """Found by the review: ``opportunity_save`` trusted its callers to check the owner and
    saved a stale row over the office's decision."""
    from django.core.exceptions import PermissionDenied

    from field.opportunities import OpportunityRefused, opportunity_save

    theirs = representative_of()
    draft = opportunity_save(actor=theirs, opportunity=unsaved_opportunity())
    intruder = representative_of()
    with pytest.raises(PermissionDenied):
        opportunity_save(actor=intruder, opportunity=Opportunity.objects.get(pk=draft.pk))
    assert Opportunity.objects.get(pk=draft.pk).organisation_id == theirs.organisation_id

    stale = Opportunity.objects.get(pk=draft.pk)  # the representative's form, loaded
    Opportunity.objects.filter(pk=draft.pk).update(status="submitted")  # sent meanwhile
    stale.title = {"ar": "عنوان آخر"}
    with pytest.raises(OpportunityRefused):
        opportunity_save(actor=theirs, opportunity=stale)
    assert Opportunity.objects.get(pk=draft.pk).status == "submitted"


def test_a_code_replaced_while_the_form_was_open_is_not_found_not_a_500(client):
    from field import feedback
    from tests.factories import DeploymentFactory

    today = timezone.localdate()
    deployment = DeploymentFactory(
        starts_on=today - datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=3)
    )
    code = feedback.feedback_code_ensure(deployment=deployment).code
    assert client.get(f"/en/feedback/{code}/").status_code == 200
    office = UserFactory(roles=[Role.OFFICE_STAFF])
    feedback.feedback_code_issue(deployment=deployment, actor=office)
    response = client.post(f"/en/feedback/{code}/", {"rating": "5", "helped": "yes"})
    assert response.status_code == 404
    assert not deployment.feedback.exists()
