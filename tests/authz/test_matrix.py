"""Every URL pattern the project serves, requested by every role and by an anonymous visitor.

The project's own patterns are listed by name with the status each role must get; a new
pattern fails ``test_every_pattern_has_a_rule`` until it is added here. The Wagtail admin's
patterns follow one rule: nobody but trainers and office staff gets past its sign-in.
"""

import pytest
from django.test import Client

from tests.authz.urls import all_url_cases

ROLES = ("anonymous", "volunteer", "team_leader", "trainer", "office_staff")
LOGIN = "login"  # a redirect to the site's sign-in page
ADMIN_LOGIN = "admin-login"  # a redirect to the Wagtail admin's sign-in page
HOME = "home"  # a redirect to the home page (already signed in)
SIGNED_IN = ("volunteer", "team_leader", "trainer", "office_staff")


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in_only():
    return {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 200)}


def forum_members(status, office_staff=None):
    """Forums: anonymous visitors sign in, plain volunteers get 404, members ``status``."""
    rule = {"anonymous": LOGIN, "volunteer": 404}
    rule.update(dict.fromkeys(("team_leader", "trainer", "office_staff"), status))
    if office_staff is not None:
        rule["office_staff"] = office_staff
    return rule


def visitors_only():
    return {"anonymous": 200, **dict.fromkeys(SIGNED_IN, HOME)}


PROJECT_RULES = {
    "home": everyone(200),
    "register": visitors_only(),
    "login": visitors_only(),
    "logout": everyone(405),  # POST only
    "profile": signed_in_only(),
    "profile_edit": signed_in_only(),
    "profile_change_request": signed_in_only(),
    "profile_photo": signed_in_only(),
    # A photo or licence card is its holder's (and their section's office's): the samples
    # are nobody's, so to every signed-in person they do not exist.
    "photo_file": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "my_licences": signed_in_only(),
    "licence_card": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "password_change": signed_in_only(),
    "password_reset": everyone(200),
    "password_reset_done": everyone(200),
    "password_reset_confirm": everyone(200),  # a forged token shows "link expired"
    "password_reset_complete": everyone(200),
    "set_language": everyone(405),  # POST only
    # POST only; anonymous visitors are first sent to sign in.
    "translation_request": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "learning_dashboard": signed_in_only(),
    # POST only; anonymous visitors are first sent to sign in.
    "course_enrol": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "course_enrol_team": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "lesson_complete": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "lesson_handout": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},  # no such lesson
    # H5P: the player and files answer to a signed token, not a session; the sample is forged.
    "h5p_player": everyone(404),
    "h5p_file": everyone(404),
    "h5p_library": everyone(404),
    "h5p_asset": everyone(404),
    # The probes (lms.health) answer anyone, signed in or not.
    "healthz": everyone(200),
    "readyz": everyone(200),
    "h5p_xapi": everyone(405),  # POST only
    "h5p_state": everyone(405),  # POST only
    "quiz_start": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},  # POST only
    "quiz_attempt": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},  # not theirs
    "assessment_my_results": signed_in_only(),
    # Reports: trainers and office staff only; the sample quiz has no attempts (404).
    "assessment_reports": {
        "anonymous": LOGIN,
        "volunteer": 404,
        "team_leader": 404,
        "trainer": 200,
        "office_staff": 200,
    },
    "assessment_report": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "assessment_report_csv": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "my_hours": signed_in_only(),
    "statement_request": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    # Nobody holds the sample code: to every signed-in person the certificate does not exist.
    "certificate_download": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "verify": everyone(200),  # public; an unknown code is an answer, not an error
    "verify_json": everyone(200),
    # Beneficiaries' feedback, public: an unknown code is "not found"; thanks for anyone.
    "feedback_form": everyone(404),
    "feedback_thanks": everyone(200),
    # The partner API answers with a token, not a session: to people it is "unauthorised".
    "api_openapi": everyone(200),
    "api_volunteer_hours": everyone(401),
    "api_eligibility": everyone(401),
    "api_attendance": everyone(405),  # POST only
    # Office staff and team leaders only; to anyone else the pages do not exist.
    "deployments": {
        "anonymous": LOGIN,
        "volunteer": 404,
        "trainer": 404,
        "team_leader": 200,
        "office_staff": 200,
    },
    "deployment_roster": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},  # no such one
    # The season's impact is public; an organisation's own pages are for its
    # representatives (and, for its figures, office staff once an organisation has some):
    # to anyone else they do not exist. Reporting people served is a POST on a shift.
    "impact": everyone(200),
    "organisation_impact": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "organisation_shifts": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "organisation_beneficiaries": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    # Opportunities: the list is public, a sample id is no published one; applying,
    # withdrawing and deciding are POSTs; the organisation's pages are for representatives
    # and office staff only (404 to everyone else).
    "opportunities": everyone(200),
    "opportunity_detail": everyone(404),
    "my_applications": signed_in_only(),
    "opportunity_apply": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "application_withdraw": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "managed_opportunities": {
        "anonymous": LOGIN,
        **dict.fromkeys(("volunteer", "team_leader", "trainer"), 404),
        "office_staff": 200,
    },
    "managed_opportunity_new": {
        "anonymous": LOGIN,
        **dict.fromkeys(("volunteer", "team_leader", "trainer"), 404),
        "office_staff": 200,
    },
    "managed_opportunity": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "managed_opportunity_edit": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 404)},
    "managed_opportunity_action": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "application_decide": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},
    "attendance_create": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},  # POST only
    "attendance_withdraw": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},  # POST only
    # Section deputies and office staff; nobody else has attendance to decide.
    "attendance_approvals": {
        "anonymous": LOGIN,
        "volunteer": 404,
        "trainer": 404,
        "team_leader": 404,
        "office_staff": 200,
    },
    "forum_index": forum_members(200),
    "forum_search": forum_members(200),
    "forum_reports": forum_members(403, office_staff=200),
    "forum_report_handle": forum_members(403, office_staff=405),  # POST only
    "forum_subscription": forum_members(405),  # POST only
    "forum_board": forum_members(404),  # no such board
    "forum_topic_create": forum_members(404),
    "forum_topic": forum_members(404),  # no such topic
    "forum_topic_unread": forum_members(404),
    "forum_reply": forum_members(404),
    "forum_topic_moderate": forum_members(403, office_staff=405),
    "forum_topic_move": forum_members(403, office_staff=405),
    "forum_post_edit": forum_members(404),
    "forum_post_report": forum_members(405),
    "forum_post_hide": forum_members(403, office_staff=405),
    "forum_post_unhide": forum_members(403, office_staff=405),
    "forum_attachment": forum_members(404),
    "kb_home": everyone(404),  # no knowledge base published in the test database
    "kb_search": everyone(200),
    "kb_pending": signed_in_only(),
    "kb_acknowledge": {"anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, 405)},  # POST only
    "wagtail_serve": everyone(404),  # no page at the sample path
    "wagtailcore_login": everyone(200),
    "wagtailcore_authenticate_with_password": everyone(404),
    "wagtaildocs_serve": everyone(404),
    # Unknown restriction: the 404 becomes a redirect to the language-prefixed address.
    "wagtaildocs_authenticate_with_password": everyone(302),
}

# Admin pages anyone may open: sign-in, password reset, and static helpers.
ADMIN_PUBLIC = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}
# Wagtail's admin sign-out answers GET too; it is the one request allowed to end the session.
ADMIN_LOGOUT = "wagtailadmin_logout"
ADMIN_ALLOWED = {"trainer", "office_staff"}
# Wagtail's deliberate error page, there to test error reporting.
ADMIN_DELIBERATE_ERRORS = {"wagtailadmin_error_test"}

CASES = all_url_cases()


def is_admin(case) -> bool:
    return case.route.startswith("admin/")


def outcome(response) -> object:
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith("/admin/login/"):
        return ADMIN_LOGIN
    if "/accounts/login/" in location:
        return LOGIN
    if location.rstrip("/").count("/") == 1:  # "/ar/"
        return HOME
    return 302


def test_every_pattern_has_a_rule():
    project = {case.name for case in CASES if not is_admin(case)}
    assert project == set(PROJECT_RULES), "add new URL patterns to PROJECT_RULES"
    assert len([case for case in CASES if is_admin(case)]) > 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says(role, role_users):
    client = Client(raise_request_exception=False)
    if role_users[role] is not None:
        client.force_login(role_users[role])
    wrong = []
    for case in CASES:
        got = outcome(client.get(case.path))
        if role_users[role] is not None and "_auth_user_id" not in client.session:
            if case.name != ADMIN_LOGOUT:
                wrong.append((case.path, "still signed in", "signed out"))
            client.force_login(role_users[role])
        if not is_admin(case):
            expected = PROJECT_RULES[case.name][role]
            if got != expected:
                wrong.append((case.path, expected, got))
        elif case.name in ADMIN_PUBLIC:
            if got == 500:
                wrong.append((case.path, "public", got))
        elif role not in ADMIN_ALLOWED:
            if got != ADMIN_LOGIN:
                wrong.append((case.path, ADMIN_LOGIN, got))
        elif case.name not in ADMIN_DELIBERATE_ERRORS and (
            got == 500
            or (got == ADMIN_LOGIN and not case.has_parameters and case.name == "wagtailadmin_home")
        ):
            wrong.append((case.path, "admin page", got))
    assert not wrong, "\n".join(map(str, wrong))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["trainer", "office_staff"])
def test_admin_roles_reach_the_admin_home(role, role_users):
    client = Client()
    client.force_login(role_users[role])
    assert client.get("/admin/").status_code == 200
