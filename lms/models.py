"""People: volunteers and staff, the partner organisations they come from, and their teams."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.i18n import reads_arabic_script
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

    def __str__(self) -> str:
        return self.display_name or self.email

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
