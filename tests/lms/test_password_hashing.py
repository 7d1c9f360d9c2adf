"""Passwords are stored with Argon2id at OWASP's baseline, and older hashes are upgraded.

The test settings hash with MD5 for speed, so these tests name the project's hashers."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher, make_password
from django.test import RequestFactory, override_settings

from lms.hashers import Argon2idPasswordHasher
from tests.factories import UserFactory

PROJECT_HASHERS = [
    "lms.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def test_the_project_settings_put_argon2id_first():
    from lms.settings import base

    assert base.PASSWORD_HASHERS == PROJECT_HASHERS


@override_settings(PASSWORD_HASHERS=PROJECT_HASHERS)
def test_a_new_password_is_argon2id_with_owasp_parameters():
    encoded = make_password("a long enough password")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), Argon2idPasswordHasher)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PROJECT_HASHERS)
def test_a_pbkdf2_password_still_signs_in_and_is_rewritten_as_argon2id():
    user = UserFactory()
    user.password = PBKDF2PasswordHasher().encode("an older password", "somesaltvalue1234")
    user.save(update_fields=["password"])

    assert (
        authenticate(
            RequestFactory().post("/"), username=user.get_username(), password="a wrong password"
        )
        is None
    )
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # a failed attempt changes nothing

    assert (
        authenticate(
            RequestFactory().post("/"), username=user.get_username(), password="an older password"
        )
        == user
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("an older password")


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PROJECT_HASHERS)
def test_an_argon2_hash_with_other_parameters_is_rewritten():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = UserFactory()
    user.password = Argon2PasswordHasher().encode("django's defaults", "somesaltvalue1234")
    user.save(update_fields=["password"])
    assert (
        authenticate(
            RequestFactory().post("/"), username=user.get_username(), password="django's defaults"
        )
        == user
    )
    user.refresh_from_db()
    assert "$m=19456,t=2,p=1$" in user.password
