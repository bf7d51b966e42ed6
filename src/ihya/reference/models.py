"""Reference data: institutions (bodies), municipalities, ISIC Rev.4 activities, HS products."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ihya.vocabularies import choices


class BilingualName(models.Model):
    """Abstract: a record named in Arabic and English; ``name`` follows the active language."""

    name_ar = models.CharField(_("Arabic name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        arabic = (get_language() or "ar").startswith("ar")
        return (self.name_ar or self.name_en) if arabic else (self.name_en or self.name_ar)

    def __str__(self) -> str:
        return self.name


class Body(BilingualName):
    """A public body: the ministry, the export authority, the electricity company…"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=choices("body_kind"))
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["code"]


class Municipality(BilingualName):
    """A municipality (baladiya) of the home country, with its district and coordinates."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    district_ar = models.CharField(_("district (Arabic)"), max_length=120)
    district_en = models.CharField(_("district (English)"), max_length=120)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    aliases = models.TextField(_("other spellings"), blank=True, help_text="'|'-separated")

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_en"]


class IsicActivity(BilingualName):
    """An ISIC Rev.4 section, division, group or class."""

    class Level(models.TextChoices):
        SECTION = "section", _("section")
        DIVISION = "division", _("division")
        GROUP = "group", _("group")
        CLASS = "class", _("class")

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("ISIC activity")
        verbose_name_plural = _("ISIC activities")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def division_code(self) -> str:
        return self.code[:2] if self.level != self.Level.SECTION else ""


class HsProduct(models.Model):
    """A Harmonized System chapter (2 digits), heading (4) or subheading (6)."""

    code = models.CharField(_("HS code"), max_length=6, unique=True)
    level = models.PositiveSmallIntegerField(_("digits"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    section = models.CharField(_("HS section"), max_length=5)
    name_en = models.TextField(_("English description"))
    name_ar = models.TextField(_("Arabic description"), blank=True)

    class Meta:
        verbose_name = _("HS product")
        verbose_name_plural = _("HS products")
        ordering = ["code"]

    @property
    def name(self) -> str:
        arabic = (get_language() or "ar").startswith("ar")
        return (self.name_ar or self.name_en) if arabic else self.name_en

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
