"""Reads of the reference tables, including the lookups that resolve what people type."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from ihya import vocabularies
from ihya.core.ingest.lookup import Entry, Lookup
from ihya.core.ingest.normalize import ParseError, normalize_code
from ihya.diagnosis.models import Cause
from ihya.generations import PerGeneration, once_per_request
from ihya.reference.models import Body, HsProduct, IsicActivity, Municipality


def isic_code(value: object) -> str | None:
    """ISIC codes: a lone digit is a division that lost its zero; 3 digits stay a group."""
    return normalize_code(value, pad=(1,))


def isic_level(entry: Entry, text: str) -> None:
    if len(entry.code) not in (2, 4):
        raise ParseError("isic_level", value=text)


def _hs_level(entry: Entry, text: str) -> None:
    if len(entry.code) not in (4, 6):
        raise ParseError("hs_level", value=text)


@cache
def _country_entries() -> tuple[Entry, ...]:
    arabic = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["ar"], fallback=True
    )
    entries = []
    for c in pycountry.countries:
        names = {c.alpha_2, c.numeric, c.name, arabic.gettext(c.name)}
        for attr in ("official_name", "common_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr))
        entries.append(Entry(code=c.alpha_3, names=tuple(sorted(names)), label=c.name))
    return tuple(entries)


@once_per_request
def reference_generation() -> tuple:
    """The fingerprint of what the lookups read: the reference tables and the causes (count
    and latest id), and the latest audited change of any of them (the admin's edits)."""
    from ihya.generations import fingerprint

    models = (Municipality, IsicActivity, HsProduct, Body, Cause)
    return fingerprint(
        [(model, "id") for model in models],
        [f"{model._meta.app_label}.{model._meta.model_name}" for model in models],
    )


def import_lookups() -> dict[str, Lookup]:
    """One :class:`Lookup` per coded column type of the import schemas, built once per
    :func:`reference_generation` in each process (building them costs about 0.2 s: a form
    saved, a file checked, would pay it each time). Shared: read them, never change them."""
    return _LOOKUPS.get()


def _import_lookups() -> dict[str, Lookup]:
    lookups: dict[str, Lookup] = {
        "municipality": Lookup(
            "municipality",
            [
                Entry(
                    m.code,
                    (m.name_en, m.name_ar, *m.aliases.split("|")),
                    f"{m.name_en} / {m.name_ar}",
                )
                for m in Municipality.objects.all()
            ],
        ),
        "isic": Lookup(
            "isic",
            [
                Entry(code, (), name)
                for code, name in IsicActivity.objects.values_list("code", "name_en")
            ],
            normalize=isic_code,
            accept=isic_level,
        ),
        "hs": Lookup(
            "hs",
            [Entry(code) for code in HsProduct.objects.values_list("code", flat=True)],
            normalize=normalize_code,
            accept=_hs_level,
        ),
        "body": Lookup(
            "body",
            [
                Entry(b.code, (b.abbreviation, b.name_en, b.name_ar), f"{b.name_en} / {b.name_ar}")
                for b in Body.objects.all()
            ],
        ),
        "cause": Lookup(
            "cause",
            [
                Entry(c.code, (c.label_en, c.label_ar), f"{c.label_en} / {c.label_ar}")
                for c in Cause.objects.all()
            ],
        ),
        "country": Lookup("country", _country_entries()),
    }
    for name in vocabularies.names():
        if name == "cause":
            continue
        lookups[f"vocab:{name}"] = Lookup(
            f"vocab:{name}",
            [
                Entry(t.code, (t.label_en, t.label_ar, *t.aliases), t.code)
                for t in vocabularies.terms(name)
            ],
        )
    return lookups


def municipalities():
    """Every municipality, by English name (the list page's filter)."""
    return Municipality.objects.order_by("name_en")


def bodies():
    from ihya.reference.models import Body

    return Body.objects.order_by("code")


def body_code(body_id: int | None) -> str | None:
    """The code of the body ``body_id`` (None for none)."""
    if body_id is None:
        return None
    return Body.objects.filter(pk=body_id).values_list("code", flat=True).first()


def body_name(code: str | None) -> str:
    """The name of the body ``code`` in the active language (the code itself when unknown); the
    bodies are read once per :func:`reference_generation` in each process (a plan's task list
    names a body on each of its rows)."""
    if not code:
        return ""
    found = _BODIES.get().get(code)
    return found.name if found else code


def _bodies_by_code() -> dict[str, Body]:
    return {b.code: b for b in Body.objects.all()}


_LOOKUPS = PerGeneration(_import_lookups, reference_generation)
_BODIES = PerGeneration(_bodies_by_code, reference_generation)
