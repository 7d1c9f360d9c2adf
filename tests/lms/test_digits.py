"""Digits typed in Arabic-Indic, Persian or full-width script count as the same number, in
every form where digits are typed, and nowhere else."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accreditation.forms import AccreditCourseForm
from certificates.signing import normalise_code
from field.forms import ShiftForm
from field.models import ShiftTemplate
from lms.admin_forms import ManaraAdminModelForm, ManaraPageForm
from lms.digits import (
    ARABIC_INDIC,
    EXTENDED_ARABIC_INDIC,
    FULL_WIDTH,
    ascii_digits,
    is_number_shaped,
    typed_with_digits,
)
from lms.forms import ManaraForm, RegistrationForm
from lms.models import User
from tests.factories import valid_national_id

SCRIPTS = {"arabic-indic": ARABIC_INDIC, "persian": EXTENDED_ARABIC_INDIC, "full-width": FULL_WIDTH}


def in_script(ascii_number: str, script: str) -> str:
    return "".join(script[int(c)] if c.isdigit() else c for c in ascii_number)


@pytest.mark.parametrize("script", SCRIPTS.values(), ids=SCRIPTS.keys())
@given(number=st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_every_digit_string_reads_as_its_ascii_twin(script, number):
    assert ascii_digits(in_script(number, script)) == number


@given(
    parts=st.lists(
        st.tuples(st.sampled_from(list(SCRIPTS.values())), st.integers(0, 9)), min_size=1
    )
)
def test_digits_mixed_from_several_scripts_read_in_order(parts):
    typed = "".join(script[value] for script, value in parts)
    assert ascii_digits(typed) == "".join(str(value) for _script, value in parts)


@given(prose=st.text(alphabet=st.characters(exclude_categories=["Nd"])))
def test_text_without_digits_is_left_as_written(prose):
    assert ascii_digits(prose.replace("٫", "")) == prose.replace("٫", "")


def test_separators_typed_with_the_digits_follow_them():
    assert ascii_digits("٢٫٥") == "2.5"
    assert ascii_digits("＋９６６") == "+966"
    assert ascii_digits("０８：３０") == "08:30"


def test_number_shaped_means_foreign_digits_and_number_punctuation_only():
    assert is_number_shaped("٨٠")
    assert is_number_shaped("١٤٤٨/٠٩/٠١")
    assert not is_number_shaped("80")  # already ASCII: nothing to do
    assert not is_number_shaped("الدرس ٣")  # prose with a number in it


def test_fields_where_digits_are_typed_are_found_by_type_and_keyboard():
    assert typed_with_digits(forms.IntegerField())
    assert typed_with_digits(forms.DecimalField())
    assert typed_with_digits(forms.DateField())
    assert typed_with_digits(forms.TimeField())
    assert typed_with_digits(forms.CharField(widget=forms.TextInput(attrs={"type": "tel"})))
    assert typed_with_digits(
        forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    )
    assert not typed_with_digits(forms.CharField())
    assert not typed_with_digits(forms.CharField(widget=forms.PasswordInput()))


class CountsForm(ManaraForm):
    digit_fields = ("code",)

    count = forms.IntegerField()
    code = forms.CharField()
    note = forms.CharField()
    pin = forms.CharField(widget=forms.PasswordInput)


def test_a_manara_form_normalises_digit_fields_and_leaves_prose_and_passwords():
    form = CountsForm({"count": "١٢", "code": "AB-٣٤", "note": "الدرس ٣", "pin": "١٢٣"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"count": 12, "code": "AB-34", "note": "الدرس ٣", "pin": "١٢٣"}
    # Shown again, the form shows what it read.
    assert 'value="12"' in str(form["count"])


@pytest.mark.django_db
@pytest.mark.parametrize("script", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_registration_reads_identity_mobile_and_birth_date_in_any_script(script):
    with translation.override("en"):
        form = RegistrationForm(
            {
                "name_ar": "عائشة الأنصارية",
                "first_name": "Aisha",
                "last_name": "Al-Ansari",
                "email": "aisha@example.org",
                "mobile": in_script("055 123 4567", script),
                "id_type": "national_id",
                "id_number": in_script(valid_national_id(424242), script),
                "date_of_birth": in_script("2000-01-15", script),
                "section": "women",
                "preferred_language": "ar",
                "password1": "Madinah-serves-1448",
                "password2": "Madinah-serves-1448",
            }
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "+966551234567"
    assert form.cleaned_data["id_number"] == valid_national_id(424242)
    assert form.cleaned_data["date_of_birth"] == datetime.date(2000, 1, 15)


@pytest.mark.django_db
def test_registering_with_arabic_indic_digits_creates_the_account(client):
    with translation.override("ar"):
        url = reverse("register")
    response = client.post(
        url,
        {
            "name_ar": "زينب الأنصارية",
            "first_name": "Zainab",
            "last_name": "Al-Ansari",
            "email": "zainab@example.org",
            "mobile": "٠٥٥١٢٣٤٥٦٧",
            "id_type": "national_id",
            "id_number": in_script(valid_national_id(31415), ARABIC_INDIC),
            "date_of_birth": "٢٠٠١-٠٩-٠٩",
            "section": "women",
            "preferred_language": "ar",
            "password1": "Zainab-serves-1448",
            "password2": "Zainab-serves-1448",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="zainab@example.org")
    assert (user.mobile, user.id_number) == ("+966551234567", valid_national_id(31415))


@pytest.mark.django_db
def test_wrong_number_typed_in_arabic_indic_gets_the_message_for_its_fault():
    with translation.override("en"):
        form = RegistrationForm({"id_type": "national_id", "id_number": "١٢٣٤٥"})
        form.is_valid()
        assert form.errors["id_number"] == [
            "A Saudi national ID has 10 digits; this one has 5 digits."
        ]


@pytest.mark.django_db
def test_attendance_reads_shift_times_and_day_in_arabic_indic(volunteer):
    form = ShiftForm(
        {
            "volunteers": [str(volunteer.pk)],
            "day": "٢٠٢٦-١٢-٠١",
            "starts": "٢١:٣٠",
            "ends": "٠٣:٠٠",
        },
        volunteers=User.objects.all(),
        shifts=ShiftTemplate.objects.none(),
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 1)
    assert form.cleaned_data["starts"] == datetime.time(21, 30)
    assert form.cleaned_data["ends_at"] - form.cleaned_data["starts_at"] == datetime.timedelta(
        hours=5, minutes=30
    )


def test_accreditation_dialog_reads_hours_in_arabic_indic():
    form = AccreditCourseForm({"credit_hours": "١٢٫٥", "comment": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["credit_hours"] == Decimal("12.5")


@pytest.mark.django_db
def test_admin_forms_of_snippets_and_their_inline_panels_read_digits_in_any_script():
    from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList

    from field.models import FieldRole, LicencePolicy

    policy_form_class = (
        ObjectList([FieldPanel("validity_months")]).bind_to_model(LicencePolicy).get_form_class()
    )
    assert issubclass(policy_form_class, ManaraAdminModelForm)
    form = policy_form_class({"validity_months": "٢٤"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["validity_months"] == 24

    role_form_class = (
        ObjectList([FieldPanel("name_ar"), InlinePanel("requirements")])
        .bind_to_model(FieldRole)
        .get_form_class()
    )
    role_form = role_form_class(
        {
            "name_ar": "مرشد",
            "requirements-TOTAL_FORMS": "1",
            "requirements-INITIAL_FORMS": "0",
            "requirements-0-kind": "article",
            "requirements-0-validity_months": "١٢",
            "requirements-0-alternatives": "٢",
            "requirements-0-ORDER": "1",
        }
    )
    [requirement] = role_form.formsets["requirements"].forms
    requirement.is_valid()
    assert requirement.cleaned_data["validity_months"] == 12
    assert requirement.cleaned_data["alternatives"] == 2


def test_every_page_is_edited_with_the_digit_reading_page_form():
    from courses.models import CoursePage, LessonPage
    from knowledge_base.models import ArticlePage

    for model in (CoursePage, LessonPage, ArticlePage):
        assert issubclass(model.get_edit_handler().get_form_class(), ManaraPageForm), model


@pytest.mark.django_db
def test_number_fields_of_lesson_blocks_read_arabic_indic_and_text_blocks_stay():
    from courses.models import LessonPage

    form_class = LessonPage.get_edit_handler().get_form_class()
    data = {"body-count": "1", "body-0-value-pass_mark": "٨٠", "body-0-value-title": "الدرس ٣"}
    form = form_class(data, parent_page=None)

    assert form.data["body-0-value-pass_mark"] == "80"
    assert form.data["body-0-value-title"] == "الدرس ٣"


@pytest.mark.parametrize("script", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_certificate_codes_read_in_any_script(script):
    assert normalise_code(in_script("abcd2345efgh6723ijkl2345mnop6723", script)) == normalise_code(
        "abcd2345efgh6723ijkl2345mnop6723"
    )
