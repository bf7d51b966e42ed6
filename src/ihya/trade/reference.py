"""Published complexity (Atlas of Economic Complexity) and the value chains, from package data."""

from __future__ import annotations

import csv
import gettext
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
from django.utils.translation import get_language


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("ihya.data").joinpath(name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


@cache
def published_pci() -> tuple[int, dict[str, float]]:
    """The Atlas's latest published PCI per HS92 4-digit code: (year, {code: pci})."""
    rows = _rows("complexity/atlas_product_complexity_rankings_hs92_1995_2021.csv")
    year = max(int(k.split()[-1]) for k in rows[0] if k.startswith("PCI "))
    out = {}
    for r in rows:
        value = r.get(f"PCI {year}", "")
        if value not in ("", "NA"):
            out[r["HS 1992 Code"].zfill(4)] = float(value)
    return year, out


@cache
def published_eci() -> tuple[int, dict[str, tuple[float, int]]]:
    """The Atlas's latest published ECI and rank per country name: (year, {name: (eci, rank)})."""
    rows = _rows("complexity/atlas_country_complexity_rankings_1995_2021.csv")
    year = max(int(k.split()[-1]) for k in rows[0] if k.startswith("ECI Rank "))
    eci_cols = [k for k in rows[0] if k.startswith("ECI ") and not k.startswith("ECI Rank")]
    out = {}
    for r in rows:
        rank = r.get(f"ECI Rank {year}", "")
        value = r.get(f"ECI {year}") or (r.get(eci_cols[-1]) if eci_cols else "")
        if rank and value:
            out[r["Country"]] = (float(value), int(rank))
    return year, out


def published_eci_for(alpha3: str) -> tuple[int, float, int] | None:
    year, table = published_eci()
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return None
    for name in (
        country.name,
        getattr(country, "common_name", None),
        getattr(country, "official_name", None),
    ):
        if name and name in table:
            return (year, *table[name])
    return None


@dataclass(frozen=True)
class ChainStep:
    chain: str
    step: int
    hs: str
    name_en: str
    name_ar: str

    @property
    def name(self) -> str:
        return self.name_ar if (get_language() or "ar").startswith("ar") else self.name_en


@cache
def value_chains() -> dict[str, tuple[ChainStep, ...]]:
    chains: dict[str, list[ChainStep]] = {}
    for r in _rows("value_chains.csv"):
        chains.setdefault(r["chain"], []).append(
            ChainStep(r["chain"], int(r["step"]), r["hs"], r["name_en"], r["name_ar"])
        )
    return {k: tuple(sorted(v, key=lambda s: s.step)) for k, v in chains.items()}


def chains_with(code: str) -> list[tuple[ChainStep, ...]]:
    """Every chain holding this HS code (6 digits, or a 4-digit heading)."""
    found = []
    for steps in value_chains().values():
        if any(s.hs == code or s.hs[: len(code)] == code or code[:6] == s.hs for s in steps):
            found.append(steps)
    return found


@cache
def _arabic_countries():
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"], fallback=True)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if (get_language() or "ar").startswith("ar"):
        return _arabic_countries().gettext(country.name)
    return name


@cache
def _sections() -> dict[str, tuple[str, str]]:
    english = {r["section"]: r["name"] for r in _rows("reference/hs_sections.csv")}
    arabic = {r["code"]: r["name_ar"] for r in _rows("reference/hs_names_ar.csv")}
    return {k: (v[:1].upper() + v[1:], arabic.get(k, v)) for k, v in english.items()}


def section_name(section: str) -> str:
    en, ar = _sections().get(section, (section, section))
    return ar if (get_language() or "ar").startswith("ar") else en
