"""Bulk writes of validated import tables, inside the caller's transaction.

Each writer upserts by the entity's natural key (``factory_id``; factory + HS code; …), so a
re-import updates rather than duplicates. Rows arrive already validated and resolved to codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ihya.audit.services import Change
from ihya.bulk import upsert
from ihya.diagnosis.models import Cause, Diagnosis, DiagnosisCause, Requirement, RevivalScheme
from ihya.reference.models import Body, HsProduct, IsicActivity, Municipality
from ihya.registry.models import ExportRecord, Factory, FactoryInput, FactoryProduct, StatusChange

BATCH = 1000
STOPPED = {"stalled", "closed"}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class Codes:
    """Database ids of the codes the rows refer to, loaded once per import."""

    municipality: dict[str, int] = field(default_factory=dict)
    isic: dict[str, int] = field(default_factory=dict)
    hs: dict[str, int] = field(default_factory=dict)
    body: dict[str, int] = field(default_factory=dict)
    cause: dict[str, int] = field(default_factory=dict)
    factory: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)  # for the audit log

    @classmethod
    def load(cls) -> Codes:
        return cls(
            municipality=dict(Municipality.objects.values_list("code", "id")),
            isic=dict(IsicActivity.objects.values_list("code", "id")),
            hs=dict(HsProduct.objects.values_list("code", "id")),
            body=dict(Body.objects.values_list("code", "id")),
            cause=dict(Cause.objects.values_list("code", "id")),
        )

    def refresh_factories(self) -> None:
        self.factory = dict(Factory.objects.values_list("external_id", "id"))


FACTORY_FIELDS = {
    # model field: (import column, converter)
    "name_ar": ("name_ar", lambda v: v or ""),
    "name_en": ("name_en", lambda v: v or ""),
    "industrial_zone": ("industrial_zone", lambda v: v or ""),
    "latitude": ("latitude", lambda v: None if v is None else float(v)),
    "longitude": ("longitude", lambda v: None if v is None else float(v)),
    "ownership": ("ownership", lambda v: v),
    "status": ("status", lambda v: v),
    "stalled_since": ("stalled_since", lambda v: v),
    "established_year": ("established_year", lambda v: v),
    "employees_now": ("employees_now", lambda v: v),
    "employees_before": ("employees_before", lambda v: v),
    "design_capacity": ("design_capacity", lambda v: v),
    "capacity_unit": ("capacity_unit", lambda v: v or ""),
    "utilisation_pct": ("utilisation_pct", lambda v: v),
    "notes": ("notes", lambda v: v or ""),
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a is not None and b is not None and Decimal(a) == Decimal(b)) or a is b is None
    return a == b


def write_factories(rows: list[dict[str, Any]], codes: Codes, *, source: str) -> Counts:
    counts = Counts()
    compared = [*FACTORY_FIELDS, "municipality_id", "activity_id"]
    existing = {
        v["external_id"]: v
        for v in Factory.objects.values("id", "external_id", "version", *compared)
    }
    now = timezone.now()
    upserts: list[dict[str, Any]] = []
    history: list[tuple[str, str, str, dt.date | None]] = []
    for row in rows:
        values = {f: conv(row[col]) for f, (col, conv) in FACTORY_FIELDS.items()}
        values["municipality_id"] = codes.municipality[row["municipality"]]
        values["activity_id"] = codes.isic[row["isic"]]
        old = existing.get(row["factory_id"])
        if old is not None and all(_same(old[f], values[f]) for f in compared):
            counts.unchanged += 1
            continue
        if old is None:
            counts.created += 1
            history.append((row["factory_id"], "", values["status"], _effective(values)))
            # the created values are the import's row: the summary entry names the file
            codes.changes.append(Change("create", "registry.factory", row["factory_id"]))
        else:
            counts.updated += 1
            if old["status"] != values["status"]:
                history.append(
                    (row["factory_id"], old["status"], values["status"], _effective(values))
                )
            changed = [f for f in compared if not _same(old[f], values[f])]
            codes.changes.append(
                Change(
                    "update",
                    "registry.factory",
                    row["factory_id"],
                    {f: old[f] for f in changed},
                    {f: values[f] for f in changed},
                )
            )
        values.update(
            external_id=row["factory_id"],
            version=1 if old is None else old["version"] + 1,
            created_at=now,
            updated_at=now,
        )
        upserts.append(values)
    upsert(Factory, upserts, unique=["external_id"], update=[*compared, "version", "updated_at"])
    codes.refresh_factories()
    upsert(
        StatusChange,
        [
            {
                "factory_id": codes.factory[ext],
                "status_from": before,
                "status_to": after,
                "effective_on": effective,
                "recorded_at": now,
                "source": source,
            }
            for ext, before, after, effective in history
        ],
    )
    return counts


def _effective(values: dict[str, Any]) -> dt.date | None:
    return values["stalled_since"] if values["status"] in STOPPED else None


IDENTITY_SKIPPED = ("factory_id", "diagnosis_id", "external_id")  # already the entry's object id
NOT_COMPARED = ("created_at", "updated_at")


def _upsert(
    model,
    rows: list[dict[str, Any]],
    key: list[str],
    update: list[str],
    *,
    audit: tuple[Codes, list[dict[str, Any]], str] | None = None,
    also_changed: dict[tuple, tuple[dict, dict]] | None = None,
) -> Counts:
    """Upsert ``rows`` on the natural ``key``: new rows are created, rows with a changed value
    updated, identical rows left alone (a re-import of the same file changes nothing and logs
    nothing). ``audit`` gives the context, the source rows (as imported) and the column naming
    the audited record; an update is logged with the changed fields before and after, and the
    row's identity (its product, cause, mode…). ``also_changed`` maps keys of rows that changed
    outside the compared columns (a requirement's factories) to those changes (before, after)."""
    compared = [f for f in update if f not in NOT_COMPARED]
    also_changed = also_changed or {}
    existing = {tuple(v[k] for k in key): v for v in model.objects.values(*key, *compared)}
    counts = Counts()
    entity = f"{model._meta.app_label}.{model._meta.model_name}"
    written = []
    for index, row in enumerate(rows):
        ident = tuple(row[k] for k in key)
        old = existing.get(ident)
        changed = [] if old is None else [f for f in compared if not _same(old[f], row[f])]
        if old is not None and not changed and ident not in also_changed:
            counts.unchanged += 1
            continue
        written.append(row)
        if old is None:
            counts.created += 1
        else:
            counts.updated += 1
        if audit is not None:
            codes, source, column = audit
            object_id = str(source[index][column])
            if old is None:  # the created values are the import's row: the summary names the file
                codes.changes.append(Change("create", entity, object_id))
                continue
            identity = {k: row[k] for k in key if k not in IDENTITY_SKIPPED}
            extra_before, extra_after = also_changed.get(ident, ({}, {}))
            codes.changes.append(
                Change(
                    "update",
                    entity,
                    object_id,
                    {**{f: old[f] for f in changed}, **extra_before},
                    {**identity, **{f: row[f] for f in changed}, **extra_after},
                )
            )
    upsert(model, written, unique=key, update=update)
    return counts


def write_products(rows: list[dict[str, Any]], codes: Codes) -> Counts:
    objects = [
        {
            "factory_id": codes.factory[r["factory_id"]],
            "product_id": codes.hs[r["hs_code"]],
            "capacity": r["capacity"],
            "unit": r["unit"] or "",
            "unit_value_lyd": r["unit_value_lyd"],
            "is_main": bool(r["is_main"]),
        }
        for r in rows
    ]
    return _upsert(
        FactoryProduct,
        objects,
        ["factory_id", "product_id"],
        ["capacity", "unit", "unit_value_lyd", "is_main"],
        audit=(codes, rows, "factory_id"),
    )


def write_inputs(rows: list[dict[str, Any]], codes: Codes) -> Counts:
    objects = [
        {
            "factory_id": codes.factory[r["factory_id"]],
            "name": r["input"],
            "product_id": codes.hs[r["hs_code"]] if r["hs_code"] else None,
            "annual_quantity": r["annual_quantity"],
            "unit": r["unit"] or "",
            "local_share_pct": r["local_share_pct"],
        }
        for r in rows
    ]
    return _upsert(
        FactoryInput,
        objects,
        ["factory_id", "name"],
        ["product_id", "annual_quantity", "unit", "local_share_pct"],
        audit=(codes, rows, "factory_id"),
    )


def write_exports(rows: list[dict[str, Any]], codes: Codes) -> Counts:
    objects = [
        {
            "factory_id": codes.factory[r["factory_id"]],
            "year": r["year"],
            "product_id": codes.hs[r["hs_code"]],
            "market": r["market"],
            "value_usd": r["value_usd"],
            "quantity": r["quantity"],
        }
        for r in rows
    ]
    return _upsert(
        ExportRecord,
        objects,
        ["factory_id", "year", "product_id", "market"],
        ["value_usd", "quantity"],
        audit=(codes, rows, "factory_id"),
    )


def _diagnosis_key(row: dict[str, Any], codes: Codes) -> tuple:
    return (codes.factory[row["factory_id"]], codes.body.get(row["body"]), row["assessed_on"])


def write_diagnoses(rows: list[dict[str, Any]], codes: Codes) -> Counts:
    """One diagnosis per factory, body and date; its causes upserted on (diagnosis, cause)."""
    factory_ids = {codes.factory[r["factory_id"]] for r in rows}
    diagnoses = {
        (d.factory_id, d.body_id, d.assessed_on): d.pk
        for d in Diagnosis.objects.filter(factory_id__in=factory_ids)
    }
    new = {}
    for r in rows:
        key = _diagnosis_key(r, codes)
        if key not in diagnoses and key not in new:
            new[key] = Diagnosis(factory_id=key[0], body_id=key[1], assessed_on=key[2])
    Diagnosis.objects.bulk_create(list(new.values()), batch_size=BATCH)
    diagnoses.update({key: d.pk for key, d in new.items()})
    objects = [
        {
            "diagnosis_id": diagnoses[_diagnosis_key(r, codes)],
            "cause_id": codes.cause[r["cause"]],
            "severity": int(r["severity"]),
            "note": r["notes"] or "",
        }
        for r in rows
    ]
    return _upsert(
        DiagnosisCause,
        objects,
        ["diagnosis_id", "cause_id"],
        ["severity", "note"],
        audit=(codes, rows, "factory_id"),
    )


def write_requirements(rows: list[dict[str, Any]], codes: Codes) -> Counts:
    """Requirements upserted on their id; each one's factories replaced by the file's list."""
    now = timezone.now()
    objects = [
        {
            "external_id": r["requirement_id"],
            "type": r["type"],
            "description_ar": r["description_ar"] or "",
            "description_en": r["description_en"] or "",
            "cost_lyd": r["cost_lyd"],
            "fx_share_pct": r["fx_share_pct"] if r["fx_share_pct"] is not None else Decimal(0),
            "lead_time_months": r["lead_time_months"],
            "responsible_body_id": codes.body[r["responsible_body"]],
            "status": r["status"] or "identified",
            "created_at": now,
            "updated_at": now,
        }
        for r in rows
    ]
    links = Requirement.factories.through
    linked: dict[str, set[str]] = {}
    for external_id, factory_id in links.objects.values_list(
        "requirement__external_id", "factory__external_id"
    ):
        linked.setdefault(external_id, set()).add(factory_id)
    wanted = {r["requirement_id"]: set(r["factory_ids"] or ()) for r in rows}
    relinked = {
        (ext,): ({"factories": sorted(linked[ext])}, {"factories": sorted(ids)})
        for ext, ids in wanted.items()
        if ext in linked and linked[ext] != ids
    }
    counts = _upsert(
        Requirement,
        objects,
        ["external_id"],
        [
            "type",
            "description_ar",
            "description_en",
            "cost_lyd",
            "fx_share_pct",
            "lead_time_months",
            "responsible_body_id",
            "status",
            "updated_at",
        ],
        audit=(codes, rows, "requirement_id"),
        also_changed=relinked,
    )
    changed = [ext for ext, ids in wanted.items() if linked.get(ext, set()) != ids]
    if changed:
        ids = dict(Requirement.objects.values_list("external_id", "id"))
        stale = [ids[ext] for ext in changed]
        for start in range(0, len(stale), BATCH):
            links.objects.filter(requirement_id__in=stale[start : start + BATCH]).delete()
        upsert(
            links,
            [
                {"requirement_id": ids[ext], "factory_id": codes.factory[factory]}
                for ext in changed
                for factory in sorted(wanted[ext])
            ],
        )
    return counts


def write_schemes(rows: list[dict[str, Any]], codes: Codes) -> Counts:
    objects = [
        {
            "factory_id": codes.factory[r["factory_id"]],
            "mode": r["mode"],
            "partner": r["partner"] or "",
            "notes": r["notes"] or "",
            "is_preferred": bool(r["is_preferred"]),
        }
        for r in rows
    ]
    return _upsert(
        RevivalScheme,
        objects,
        ["factory_id", "mode"],
        ["partner", "notes", "is_preferred"],
        audit=(codes, rows, "factory_id"),
    )


WRITERS = {
    "products": write_products,
    "inputs": write_inputs,
    "exports": write_exports,
    "diagnoses": write_diagnoses,
    "requirements": write_requirements,
    "schemes": write_schemes,
}
