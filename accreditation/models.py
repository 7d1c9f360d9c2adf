"""Accreditation data. So far: the office's service categories and their value per hour."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.Model):
    """A kind of volunteer service in the office's classification, with the estimated value
    of one hour of it in Saudi riyals (used to report the value of volunteer work)."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    hourly_value_sar = models.DecimalField(
        _("estimated value per hour (SAR)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    value_is_assumption = models.BooleanField(
        _("value is an assumption"),
        default=False,
        help_text=_("Ticked when the office's published figures give no value for this category."),
    )
    value_source = models.CharField(_("source of the value"), max_length=300, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.name_ar if (get_language() or "ar")[:2] in {"ar", "ur"} else self.name_en
