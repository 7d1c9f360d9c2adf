"""Forms for accounts. They validate input and hand clean data to ``lms.services``."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.admin_forms import ManaraAdminModelForm
from lms.digits import AsciiDigitsMixin
from lms.i18n import SPOKEN_LANGUAGES
from lms.models import IdentityType, Organisation, ProfileChangeRequest, Section, User, age_on
from lms.roles import section_of
from lms.tasks import email_send
from lms.validators import (
    MOBILE_EXAMPLES,
    normalise_mobile,
    validate_identity_number,
    validate_mobile,
)


class ManaraForm(AsciiDigitsMixin, forms.Form):
    """The base of Manara's forms: digits typed in any script validate as ASCII digits."""


class ManaraModelForm(AsciiDigitsMixin, forms.ModelForm):
    """The base of Manara's model forms, with digits read as :class:`ManaraForm` does."""


def language_choices() -> list[tuple[str, str]]:
    return [
        (code, translation.get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES
    ]


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The email address or password is not right. Both are case-sensitive."),
        "inactive": _("This account is disabled. Contact the office."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # Shown again only after a failed sign-in: the error summary takes the focus.
            self.fields["username"].widget.attrs.pop("autofocus", None)


class RegistrationForm(ManaraForm):
    # A passport number mixes letters and digits: its digits are normalised all the same.
    digit_fields = ("id_number",)

    name_ar = forms.CharField(
        label=_("Full name in Arabic script"),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "rtl", "autocomplete": "name"}),
    )
    first_name = forms.CharField(
        label=_("First name in Latin script"),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Family name in Latin script"),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        validators=[validate_mobile],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=lazy(
            lambda: gettext("For example %(local)s or %(international)s.") % MOBILE_EXAMPLES, str
        )(),
    )
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdentityType.choices)
    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (Gregorian)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("None, I volunteer on my own"),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = language_choices()
        self.fields["preferred_language"].initial = translation.get_language()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An account with this email address already exists. Sign in, or reset your "
                    "password if you have forgotten it."
                ),
                code="duplicate_email",
            )
        return email

    def clean_mobile(self) -> str:
        return normalise_mobile(self.cleaned_data["mobile"])

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born >= today:
            raise ValidationError(_("The date of birth must be in the past."), code="future_birth")
        minimum = settings.MANARA_MINIMUM_REGISTRATION_AGE
        age = age_on(born, today)
        if age < minimum:
            raise ValidationError(
                _("Volunteers must be at least %(age)d years old to register.") % {"age": minimum},
                code="under_age",
            )
        if age > 100:
            raise ValidationError(_("Check the year of the date of birth."), code="implausible_age")
        return born

    def clean(self):
        cleaned = super().clean()
        id_type, id_number = cleaned.get("id_type"), cleaned.get("id_number")
        if id_type and id_number:
            id_number = id_number.strip().upper().replace(" ", "")
            try:
                validate_identity_number(id_type, id_number)
            except ValidationError as error:
                self.add_error("id_number", error)
            else:
                cleaned["id_number"] = id_number
                if User.objects.filter(id_type=id_type, id_number=id_number).exists():
                    self.add_error(
                        "id_number",
                        ValidationError(
                            _(
                                "An account with this identity number already exists. Contact "
                                "the office if you think this is a mistake."
                            ),
                            code="duplicate_identity",
                        ),
                    )
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                ValidationError(_("The two passwords are not the same."), code="password_mismatch"),
            )
        elif password1:
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(ManaraModelForm):
    """What a volunteer may change alone; identity, birth date and section go through the office."""

    class Meta:
        model = User
        fields = [
            "name_ar",
            "first_name",
            "last_name",
            "mobile",
            "preferred_language",
            "spoken_languages",
        ]
        labels = {
            "name_ar": _("Full name in Arabic script"),
            "first_name": _("First name in Latin script"),
            "last_name": _("Family name in Latin script"),
        }
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl"}),
            "first_name": forms.TextInput(attrs={"dir": "ltr"}),
            "last_name": forms.TextInput(attrs={"dir": "ltr"}),
            "mobile": forms.TextInput(attrs={"type": "tel"}),
        }

    preferred_language = forms.ChoiceField(label=_("Preferred language"))
    spoken_languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Field roles such as translators ask for these."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = language_choices()
        self.fields["mobile"].validators.append(validate_mobile)
        for name in ("name_ar", "first_name", "last_name", "mobile"):
            self.fields[name].required = True

    def clean_mobile(self) -> str:
        return normalise_mobile(self.cleaned_data["mobile"])


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset email through Celery, written in the account holder's language."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        email_send.delay(subject=subject, body=body, to=[to_email], from_email=from_email)


class SectionScopedForm(ManaraAdminModelForm):
    """An admin form whose ``section`` offers only the section of a person limited to one:
    they neither create an object for the other section nor move one there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = section_of(self.for_user) if self.for_user is not None else ""
        field = self.fields.get("section")
        if limit and field is not None:
            field.choices = [(value, label) for value, label in field.choices if value == limit]
            field.initial = limit


class ProfileChangeRequestForm(ManaraForm):
    """A volunteer asks the office to change their section, organisation, date of birth or
    identity: only the value for the chosen change is needed."""

    digit_fields = ("id_number",)

    field = forms.ChoiceField(
        label=_("What should the office change?"), choices=ProfileChangeRequest.Field.choices
    )
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("None, I volunteer on my own"),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (Gregorian)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    id_type = forms.ChoiceField(
        label=_("Identity document"), choices=IdentityType.choices, required=False
    )
    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note for the office"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        field = cleaned.get("field")
        if field == ProfileChangeRequest.Field.SECTION:
            if not cleaned.get("section"):
                self.add_error("section", _("Choose the section."))
            cleaned["proposed"] = {"section": cleaned.get("section")}
        elif field == ProfileChangeRequest.Field.ORGANISATION:
            organisation = cleaned.get("organisation")
            cleaned["proposed"] = {"organisation": organisation.pk if organisation else None}
        elif field == ProfileChangeRequest.Field.DATE_OF_BIRTH:
            born = cleaned.get("date_of_birth")
            if not born:
                self.add_error("date_of_birth", _("Give the date of birth."))
            elif born >= timezone.localdate():
                self.add_error("date_of_birth", _("The date of birth must be in the past."))
            cleaned["proposed"] = {"date_of_birth": born.isoformat() if born else None}
        elif field == ProfileChangeRequest.Field.IDENTITY:
            id_type = cleaned.get("id_type")
            id_number = (cleaned.get("id_number") or "").strip().upper().replace(" ", "")
            if not id_type or not id_number:
                self.add_error("id_number", _("Give the identity document and its number."))
            else:
                try:
                    validate_identity_number(id_type, id_number)
                except ValidationError as error:
                    self.add_error("id_number", error)
            cleaned["proposed"] = {"id_type": id_type, "id_number": id_number}
        return cleaned


class PhotoForm(ManaraForm):
    """A volunteer's photo for their licence card. ``cleaned_data["photo"]`` is the photo as
    it will be stored (``lms.photos.PreparedPhoto``), judged by its content."""

    photo = forms.FileField(
        label=_("Photo"),
        help_text=_(
            "A recent photo of your face, looking at the camera, on a plain background: JPEG "
            "or PNG. It is cropped to a portrait and checked by the office before it prints."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def clean_photo(self):
        from lms.photos import photo_prepare

        return photo_prepare(self.cleaned_data["photo"])
