import re

import pytest
from django.core import mail

from lms.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_by_email_in_any_case_lands_in_the_preferred_language(client):
    UserFactory(email="noura@example.org", preferred_language="tr")
    response = client.post(
        "/ar/accounts/login/", {"username": "Noura@Example.ORG", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tr/"
    assert response.cookies["manara_language"].value == "tr"


def test_sign_in_keeps_a_safe_next_address(client, volunteer):
    response = client.post(
        "/en/accounts/login/",
        {"username": volunteer.email, "password": PASSWORD, "next": "/en/accounts/profile/"},
    )
    assert response["Location"] == "/en/accounts/profile/"


def test_wrong_password_gets_a_translated_message(client, volunteer):
    response = client.post("/ur/accounts/login/", {"username": volunteer.email, "password": "x"})
    assert response.status_code == 200
    [message] = response.context["form"].non_field_errors()
    assert re.search("[\u0600-\u06ff]", message)


def test_sign_out_is_a_post(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/en/accounts/logout/").status_code == 405
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mail_goes_through_celery_in_the_holders_language(client):
    user = UserFactory(preferred_language="ar", name_ar="هدى")
    response = client.post("/en/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "هدى" in message.body
    link = re.search(r"http://testserver(/ar/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "A-new-Madinah-1448", "new_password2": "A-new-Madinah-1448"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("A-new-Madinah-1448")


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_shows_identity_masked(client, volunteer):
    client.force_login(volunteer)
    page = client.get("/en/accounts/profile/").content.decode()
    assert volunteer.id_number not in page
    assert volunteer.masked_id_number in page
    assert volunteer.email in page


def test_profile_page_query_count_is_pinned(client, volunteer, django_assert_max_num_queries):
    client.force_login(volunteer)
    with django_assert_max_num_queries(6):
        client.get("/en/accounts/profile/")


def test_profile_edit_saves_and_switches_language(client, volunteer):
    client.force_login(volunteer)
    response = client.post(
        "/ar/accounts/profile/edit/",
        {
            "name_ar": "أحمد المدني",
            "first_name": "Ahmad",
            "last_name": "Al-Madani",
            "mobile": "0559876543",
            "preferred_language": "ms",
        },
    )
    assert response["Location"] == "/ms/accounts/profile/"
    volunteer.refresh_from_db()
    assert volunteer.name_ar == "أحمد المدني"
    assert volunteer.mobile == "+966559876543"
    assert volunteer.preferred_language == "ms"


def test_profile_edit_refuses_bad_input_and_changes_nothing(client, volunteer):
    client.force_login(volunteer)
    response = client.post(
        "/en/accounts/profile/edit/",
        {
            "name_ar": "",
            "first_name": "A",
            "last_name": "B",
            "mobile": "abc",
            "preferred_language": "xx",
            "id_number": "2000000000",
            "section": "women",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name_ar", "mobile", "preferred_language"}
    fresh = User.objects.get(pk=volunteer.pk)
    assert (fresh.first_name, fresh.section, fresh.id_number) == (
        volunteer.first_name,
        volunteer.section,
        volunteer.id_number,
    )


def test_password_change(client, volunteer):
    client.force_login(volunteer)
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Madinah-1448",
            "new_password2": "Another-Madinah-1448",
        },
    )
    assert response["Location"] == "/en/accounts/profile/"
    volunteer.refresh_from_db()
    assert volunteer.check_password("Another-Madinah-1448")


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [("volunteer", False), ("team_leader", False), ("trainer", True), ("office_staff", True)],
)
def test_wagtail_admin_is_for_trainers_and_office_staff(request, client, fixture, allowed):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get("/admin/")
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_home_links_to_the_admin_only_for_those_who_may_open_it(client, volunteer, trainer):
    client.force_login(volunteer)
    assert 'href="/admin/"' not in client.get("/en/").content.decode()
    client.force_login(trainer)
    assert 'href="/admin/"' in client.get("/en/").content.decode()


def test_signing_in_costs_a_pinned_number_of_queries_and_no_reference_indexing(
    client, volunteer, django_assert_max_num_queries
):
    """An account is saved at every sign-in (its last_login); Wagtail's reference index, which
    would index its references again each time, leaves accounts out (``User``'s
    ``wagtail_reference_index_ignore``)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    assert not ReferenceIndex.model_is_indexable(User)
    client.get("/ar/accounts/login/")
    with django_assert_max_num_queries(17):
        response = client.post(
            "/ar/accounts/login/", {"username": volunteer.email, "password": PASSWORD}
        )
    assert response.status_code == 302
    accounts = ContentType.objects.get_for_model(User)
    assert not ReferenceIndex.objects.filter(base_content_type=accounts).exists()
