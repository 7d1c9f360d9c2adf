"""Opportunity pages: the public list (filters, constant queries), applying from the detail
page, volunteers' own applications, representatives limited to their organisation (another
organisation's is 404), the office's approvals in the admin, forged ids."""

import pytest
from django.utils import translation

from field.models import Application, Opportunity
from lms.roles import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.field.opportunity_factories import (
    OpportunityFactory,
    published_opportunity,
    ready_volunteer,
    representative_of,
)

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_costs_the_same_queries_for_3_or_30(
    client, office_staff, django_assert_num_queries
):
    for _ in range(3):
        published_opportunity(office=office_staff, languages=["ur"])
    OpportunityFactory(status="submitted")  # not public
    published_opportunity(office=office_staff, section="women", service_point="مسجد قباء")
    page = client.get("/en/opportunities/?section=women").content.decode()
    assert "مسجد قباء" in page and "باب السلام" not in page
    assert client.get("/en/opportunities/?language=ur").content.decode().count('class="card"') == 3
    client.get("/en/opportunities/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES) as few:
        client.get("/en/opportunities/")
    few = len(few.captured_queries)  # read now: the next request empties Django's query log
    for _ in range(27):
        published_opportunity(office=office_staff)
    client.get("/en/opportunities/")  # the shared caches warm, as in use
    with django_assert_num_queries(few):
        response = client.get("/en/opportunities/")
    assert response.content.decode().count('class="card"') == 20  # one page


QUERIES = 5  # count, page, skills of the page, the filter's categories and skills


def test_the_detail_is_public_and_a_draft_is_404(client, office_staff):
    opportunity = published_opportunity(office=office_staff)
    assert client.get(f"/en/opportunities/{opportunity.pk}/").status_code == 200
    draft = OpportunityFactory()
    assert client.get(f"/en/opportunities/{draft.pk}/").status_code == 404
    assert client.get("/en/opportunities/999999/").status_code == 404


def test_applying_from_the_page_twice_says_so_and_saves_one(client, office_staff):
    opportunity = published_opportunity(office=office_staff, places=1)
    volunteer = ready_volunteer()
    client.force_login(volunteer)
    url = f"/en/opportunities/{opportunity.pk}/apply/"
    with translation.override("en"):
        client.post(url)
        page = client.post(url, follow=True).content.decode()
    assert "already applied" in page and Application.objects.count() == 1
    other = ready_volunteer()
    client.force_login(other)
    page = client.post(url, follow=True).content.decode()
    assert "waiting list" in page
    assert Application.objects.get(volunteer=other).status == "waiting"
    mine = client.get("/en/opportunities/mine/").content.decode()
    assert "number 1" in mine
    assert client.get(url).status_code == 405  # applying is a POST


def test_withdrawing_someone_elses_application_is_404(client, office_staff):
    opportunity = published_opportunity(office=office_staff)
    volunteer = ready_volunteer()
    client.force_login(volunteer)
    client.post(f"/en/opportunities/{opportunity.pk}/apply/")
    application = Application.objects.get()
    client.force_login(ready_volunteer())
    assert (
        client.post(f"/en/opportunities/applications/{application.pk}/withdraw/").status_code == 404
    )
    client.force_login(volunteer)
    client.post(f"/en/opportunities/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_a_representative_publishes_for_their_organisation_only(client):
    organisation = OrganisationFactory()
    rep = representative_of(organisation)
    client.force_login(rep)
    role = OpportunityFactory().role
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
        "shifts_text": "الفجر 03:00-09:00\nNight 21:00-03:00",
    }
    response = client.post("/en/organisation/opportunities/new/", form)
    assert response.status_code == 302, response.content.decode()
    created = Opportunity.objects.get(title__en="Guiding pilgrims")
    assert created.organisation == organisation and created.status == "draft"
    assert created.shifts == [["الفجر", "03:00", "09:00"], ["Night", "21:00", "03:00"]]
    client.post(f"/en/organisation/opportunities/{created.pk}/submit/")
    created.refresh_from_db()
    assert created.status == "submitted"

    bad = client.post("/en/organisation/opportunities/new/", {**form, "shifts_text": "Fajr"})
    assert bad.status_code == 200 and "is not a shift" in bad.content.decode()

    # Another organisation's representative: 404 everywhere.
    client.force_login(representative_of(OrganisationFactory()))
    assert client.get(f"/en/organisation/opportunities/{created.pk}/").status_code == 404
    assert client.post(f"/en/organisation/opportunities/{created.pk}/cancel/").status_code == 404
    assert client.get(f"/en/organisation/opportunities/{created.pk}/edit/").status_code == 404


@pytest.mark.parametrize("role", [None, Role.VOLUNTEER, Role.TEAM_LEADER, Role.TRAINER])
def test_people_who_are_not_representatives_get_404(client, role, office_staff):
    opportunity = published_opportunity(office=office_staff)
    from field.opportunities import application_create

    application = application_create(volunteer=ready_volunteer(), opportunity=opportunity)
    if role:
        client.force_login(UserFactory(roles=[role]))
    expected = 302 if role is None else 404  # anonymous: to the sign-in page
    assert client.get("/en/organisation/opportunities/").status_code == expected
    assert client.get(f"/en/organisation/opportunities/{opportunity.pk}/").status_code == expected
    decide = f"/en/organisation/applications/{application.application.pk}/decide/"
    assert client.post(decide, {"decision": "decline"}).status_code == expected
    cancel = f"/en/organisation/opportunities/{opportunity.pk}/cancel/"
    assert client.post(cancel).status_code == expected
    assert Application.objects.get().status == "pending"
    assert Opportunity.objects.get().status == "published"


def test_a_representative_accepts_an_applicant_of_their_opportunity_only(client, office_staff):
    rep = representative_of()
    opportunity = OpportunityFactory(organisation=rep.organisation, status="submitted")
    from field.opportunities import application_create, opportunity_decide

    opportunity = opportunity_decide(actor=office_staff, opportunity=opportunity, approve=True)
    application = application_create(
        volunteer=ready_volunteer(), opportunity=opportunity
    ).application
    client.force_login(representative_of())
    url = f"/en/organisation/applications/{application.pk}/decide/"
    assert client.post(url, {"decision": "approve"}).status_code == 404
    client.force_login(rep)
    page = client.get(f"/en/organisation/opportunities/{opportunity.pk}/").content.decode()
    assert "Ready" in page
    assert client.post(url, {"decision": "approve"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted"


def test_the_office_approves_in_the_admin_within_its_section(client):
    rep = representative_of()
    men = OpportunityFactory(organisation=rep.organisation, status="submitted", section="men")
    women = OpportunityFactory(organisation=rep.organisation, status="submitted", section="women")
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")
    client.force_login(staff)
    page = client.get("/admin/field/opportunities/").content.decode()
    assert men.display_title in page and women.display_title not in page
    url = "/admin/field/opportunities/"
    # The other section's, or a forged id: not found (the admin's 404 becomes a redirect to
    # the language-prefixed address, which is not found either); nothing decided.
    client.post(url, {"opportunity": women.pk, "decision": "approve"})
    client.post(url, {"opportunity": "1 OR 1=1", "decision": "approve"})
    women.refresh_from_db()
    assert women.status == "submitted" and not women.deployment_id
    client.post(url, {"opportunity": men.pk, "decision": "decline", "reason": "Overlaps"})
    men.refresh_from_db()
    assert (men.status, men.decision_reason) == ("declined", "Overlaps")
    client.force_login(rep)
    assert client.get(url).status_code in (302, 403)


def test_a_closed_opportunity_stays_open_to_its_applicants_only(client, office_staff):
    from field.opportunities import application_create, opportunity_end

    opportunity = published_opportunity(office=office_staff)
    volunteer = ready_volunteer()
    application_create(volunteer=volunteer, opportunity=opportunity)
    opportunity_end(actor=office_staff, opportunity=opportunity, cancel=True)
    url = f"/en/opportunities/{opportunity.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(volunteer)
    with translation.override("en"):
        page = client.get(url).content.decode()
    assert "not taking applications" in page and "Cancelled" in page
    refused = client.post(f"{url}apply/")
    assert refused.status_code == 404 and Application.objects.count() == 1
