"""People: volunteers and staff, the partner organisations they come from, and their teams."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.i18n import reads_arabic_script
from lms.search import fold
from lms.storage import photo_storage
from lms.validators import mask_identity_number


class Section(models.TextChoices):
    """The office works in a men's and a women's section, each with its own deputies."""

    MEN = "men", _("Men's section")
    WOMEN = "women", _("Women's section")


class IdentityType(models.TextChoices):
    NATIONAL_ID = "national_id", _("Saudi national ID")
    IQAMA = "iqama", _("Residence permit (iqama)")
    PASSPORT = "passport", _("Passport")


class Organisation(models.Model):
    """A partner entity that fields volunteers: a university, Health Affairs, the Red
    Crescent, Civil Defence, the scouts and so on."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        HEALTH = "health", _("Health")
        RED_CRESCENT = "red_crescent", _("Red Crescent")
        EDUCATION = "education", _("Education")
        GOVERNMENT = "government", _("Government agency")
        CIVIL_DEFENCE = "civil_defence", _("Civil defence")
        SCOUTS = "scouts", _("Scouts")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Arabic name for Arabic and Urdu readers, the English one for everyone else."""
        return self.name_ar if reads_arabic_script() else self.name_en


class Skill(models.Model):
    """An expertise the office records about volunteers (first aid, sign language, crowd
    management, driving, a language...): a vocabulary the office maintains, so that a search
    for first-aiders finds all of them whatever each wrote."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_ar if reads_arabic_script() else self.name_en


def age_on(born: datetime.date | None, day: datetime.date) -> int | None:
    """Full years from ``born`` to ``day``; None when the birth date is unknown."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """Anyone with an account. Signs in with an email address. ``first_name`` and
    ``last_name`` hold the name in Latin script; ``name_ar`` the full name in Arabic script."""

    # An account is saved at every sign-in (its last_login), and Wagtail's reference index
    # would then index the account's own references again, four queries each time, for a
    # "usage" listing no screen needs (who belongs to an organisation is the people list's).
    wagtail_reference_index_ignore = True

    username = None
    email = models.EmailField(_("email address"), unique=True)
    name_ar = models.CharField(_("full name in Arabic script"), max_length=150, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=16, blank=True)
    id_type = models.CharField(
        _("identity document"), max_length=12, choices=IdentityType.choices, blank=True
    )
    id_number = models.CharField(_("identity document number"), max_length=20, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    section = models.CharField(_("section"), max_length=5, choices=Section.choices, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=5, default="ar")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    spoken_languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), related_name="people", blank=True
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=150, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact's phone"), max_length=16, blank=True
    )
    consent_given_on = models.DateField(
        _("consent to keep personal data given on"), null=True, blank=True
    )
    # The names (both scripts), email and mobile folded (lms.search.fold), kept on save: the
    # office's search finds a name typed without diacritics with one indexed column, never
    # by folding a million rows per query. Bulk writers set it with ``search_text_of``.
    search_text = models.CharField(_("search text"), max_length=600, blank=True, editable=False)
    # Office staff may be limited to one section; blank means the whole office.
    staff_section = models.CharField(
        _("office section"), max_length=5, choices=Section.choices, blank=True
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="lms_user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~models.Q(id_number=""),
                name="lms_user_identity_unique",
            ),
        ]
        # The office's volunteer list: alphabetical by the folded names, for the whole
        # office and for a section.
        indexes = [
            models.Index(fields=["search_text"], name="lms_user_search_text_idx"),
            models.Index(fields=["section", "search_text"], name="lms_user_search_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        self.search_text = search_text_of(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & SEARCHED_FIELDS:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name in the script of the reader's language, falling back to the other."""
        latin = self.get_full_name()
        if reads_arabic_script():
            return self.name_ar or latin
        return latin or self.name_ar

    @property
    def masked_id_number(self) -> str:
        return mask_identity_number(self.id_number)

    def age_on(self, day: datetime.date | None = None) -> int | None:
        return age_on(self.date_of_birth, day or timezone.localdate())


SEARCHED_FIELDS = {"name_ar", "first_name", "last_name", "email", "mobile", "id_number"}


def search_text_of(person) -> str:
    """What the office's search looks in: both names, the email and the mobile folded, and
    the identity number's last four digits (the masked ID shows them)."""
    parts = [person.name_ar, person.first_name, person.last_name, person.email, person.mobile]
    if person.id_number:
        parts.append(person.id_number[-4:])
    return fold(" ".join(part for part in parts if part))[:600]


class Team(models.Model):
    """A team of volunteers from one organisation and one section, with its leaders."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="teams",
    )
    name = models.CharField(_("name"), max_length=200)
    section = models.CharField(_("section"), max_length=5, choices=Section.choices)
    leaders = models.ManyToManyField(
        User, verbose_name=_("leaders"), related_name="led_teams", blank=True
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), related_name="teams", blank=True
    )

    class Meta:
        ordering = ["organisation__name_en", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="lms_team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


# Fields the other apps use for who did something and for which organisation.


def optional_person(verbose_name) -> models.ForeignKey:
    """Who did something (created, decided, issued, revoked), kept even if they leave."""
    return models.ForeignKey(
        "lms.User",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


def optional_organisation() -> models.ForeignKey:
    return models.ForeignKey(
        "lms.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class TranslationRequest(models.Model):
    """A reader's request for a page in their language: the page was shown to them in the
    language it is written in. One request per person, page family and language (repeats
    are the same request); trainers and the office read them in the admin."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The page as the reader saw it, in the language it is written in."),
    )
    # The page's translation family: a request stands for every language version.
    translation_key = models.UUIDField(editable=False)
    language = models.CharField(_("language asked for"), max_length=8, choices=settings.LANGUAGES)
    user = models.ForeignKey(
        User, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("translation request")
        verbose_name_plural = _("translation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "translation_key", "language"],
                name="lms_translation_request_once",
            )
        ]
        indexes = [
            models.Index(fields=["language", "-requested_at"], name="lms_translation_req_lang_idx")
        ]

    def __str__(self) -> str:
        return f"{self.page} → {self.get_language_display()}"


class ProfileChangeRequest(models.Model):
    """A volunteer's request to change what only the office may change (section,
    organisation, date of birth, identity). The office accepts it (the change is made as a
    correction, audited) or declines it with a reason."""

    class Field(models.TextChoices):
        SECTION = "section", _("Section")
        ORGANISATION = "organisation", _("Organisation")
        DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
        IDENTITY = "identity", _("Identity document")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the office")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        User, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="change_requests"
    )
    field = models.CharField(_("what to change"), max_length=20, choices=Field.choices)
    # The value asked for, as the correction service takes it (ids, ISO dates, codes).
    proposed = models.JSONField(_("asked for"), default=dict)
    note = models.TextField(_("note from the volunteer"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_by = optional_person(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        indexes = [models.Index(fields=["status", "-requested_at"], name="lms_change_req_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_field_display()}"

    @property
    def proposed_display(self) -> str:
        """What is asked for, as a reader says it: the section's and the identity
        document's names, the organisation's name, the date; an identity number masked
        (the office reads it in full only through the audited unmasking, once accepted)."""
        proposed = self.proposed or {}
        if self.field == self.Field.SECTION:
            section = proposed.get("section") or ""
            return str(Section(section).label) if section in Section.values else section
        if self.field == self.Field.ORGANISATION:
            organisation = Organisation.objects.filter(pk=proposed.get("organisation")).first()
            return str(organisation) if organisation else "—"
        if self.field == self.Field.DATE_OF_BIRTH:
            return proposed.get("date_of_birth") or "—"
        id_type = proposed.get("id_type") or ""
        label = IdentityType(id_type).label if id_type in IdentityType.values else id_type
        return f"{label} {mask_identity_number(proposed.get('id_number') or '')}".strip()


class VolunteerPhoto(models.Model):
    """A photo a volunteer uploaded for their licence card. Stored normalised (a JPEG of
    bounded size, without EXIF) in the photos' private storage, served only after a
    permission check. It appears on a card only once the office approves it; a pending or
    rejected photo never prints. A volunteer has at most one photo waiting at a time; a new
    upload replaces it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the office")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        User, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), storage=photo_storage, max_length=200, editable=False)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    decided_by = optional_person(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("volunteer photo")
        verbose_name_plural = _("volunteer photos")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="lms_one_pending_photo_per_user",
            )
        ]
        indexes = [
            models.Index(fields=["status", "uploaded_at"], name="lms_photo_queue_idx"),
            models.Index(fields=["user", "status", "-decided_at"], name="lms_photo_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"
