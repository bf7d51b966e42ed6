"""Load the reference data shipped with the package into the database (idempotent).

Classifications (HS, ISIC, municipalities) follow the package files; bodies and stall causes are
only added when missing, since administrators may edit them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources

from django.db import transaction

from ihya import vocabularies
from ihya.diagnosis.models import Cause
from ihya.reference.models import Body, HsProduct, IsicActivity, Municipality


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("ihya").joinpath(f"data/reference/{name}").read_text("utf-8-sig")
    yield from csv.DictReader(text.splitlines())


def _sync(model, rows: list[dict], *, fields: list[str], update: bool) -> int:
    existing = {obj.code: obj for obj in model.objects.all()}
    new, changed = [], []
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            new.append(model(**row))
        elif update and any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=500)
    return len(new) + len(changed)


def _link_parents(model, parents: dict[str, str]) -> None:
    ids = dict(model.objects.values_list("code", "id"))
    changed = []
    for obj in model.objects.only("id", "code", "parent_id"):
        parent_id = ids.get(parents.get(obj.code, ""))
        if obj.parent_id != parent_id:
            obj.parent_id = parent_id
            changed.append(obj)
    if changed:
        model.objects.bulk_update(changed, ["parent"], batch_size=1000)


@transaction.atomic
def reference_sync() -> dict[str, int]:
    """Create or update the reference tables; returns how many rows each step touched."""
    counts: dict[str, int] = {}
    counts["bodies"] = _sync(
        Body,
        [
            {k: r[k] for k in ("code", "kind", "abbreviation", "name_en", "name_ar")}
            for r in _rows("bodies.csv")
        ],
        fields=["kind", "abbreviation", "name_en", "name_ar"],
        update=False,
    )
    counts["municipalities"] = _sync(
        Municipality,
        [
            {
                **{k: r[k] for k in ("code", "name_en", "name_ar", "district_en", "district_ar")},
                "latitude": float(r["latitude"]),
                "longitude": float(r["longitude"]),
                "aliases": r["aliases"],
            }
            for r in _rows("municipalities.csv")
        ],
        fields=[
            "name_en",
            "name_ar",
            "district_en",
            "district_ar",
            "latitude",
            "longitude",
            "aliases",
        ],
        update=True,
    )
    isic = list(_rows("isic_rev4.csv"))
    counts["isic"] = _sync(
        IsicActivity,
        [{k: r[k] for k in ("code", "level", "name_en", "name_ar")} for r in isic],
        fields=["level", "name_en", "name_ar"],
        update=True,
    )
    _link_parents(IsicActivity, {r["code"]: r["parent"] for r in isic})

    try:
        arabic = {r["code"]: r["name_ar"] for r in _rows("hs_names_ar.csv")}
    except FileNotFoundError:
        arabic = {}
    hs = [r for r in _rows("hs_harmonized_system.csv") if r["level"] in {"2", "4", "6"}]
    counts["hs"] = _sync(
        HsProduct,
        [
            {
                "code": r["hscode"],
                "level": int(r["level"]),
                "section": r["section"],
                "name_en": r["description"],
                "name_ar": arabic.get(r["hscode"], ""),
            }
            for r in hs
        ],
        fields=["level", "section", "name_en", "name_ar"],
        update=True,
    )
    _link_parents(HsProduct, {r["hscode"]: r["parent"] for r in hs})

    counts["causes"] = _sync(
        Cause,
        [
            {
                "code": t.code,
                "group": t.group,
                "label_en": t.label_en,
                "label_ar": t.label_ar,
                "order": t.order,
            }
            for t in vocabularies.terms("cause")
        ],
        fields=["group", "label_en", "label_ar", "order"],
        update=False,
    )
    return counts
