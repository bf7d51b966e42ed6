"""Rows of each registry entity in the import format, so that an export imports back unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ihya.diagnosis.models import DiagnosisCause, Requirement, RevivalScheme
from ihya.registry.models import ExportRecord, Factory, FactoryInput, FactoryProduct


def _num(value: Decimal | None) -> Decimal | None:
    """A decimal without trailing zeros (12.500 -> 12.5), never in exponent form."""
    if value is None:
        return None
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def factories(language: str) -> Iterator[dict[str, Any]]:
    arabic = language.startswith("ar")
    rows = Factory.objects.select_related("municipality", "activity").order_by("external_id")
    for f in rows.iterator(chunk_size=2000):
        yield {
            "factory_id": f.external_id,
            "name_ar": f.name_ar or None,
            "name_en": f.name_en or None,
            "municipality": f.municipality.name_ar if arabic else f.municipality.name_en,
            "isic": f.activity.code,
            "ownership": f.ownership,
            "status": f.status,
            "stalled_since": f.stalled_since,
            "employees_now": f.employees_now,
            "employees_before": f.employees_before,
            "design_capacity": _num(f.design_capacity),
            "capacity_unit": f.capacity_unit or None,
            "utilisation_pct": _num(f.utilisation_pct),
            "industrial_zone": f.industrial_zone or None,
            "latitude": f.latitude,
            "longitude": f.longitude,
            "established_year": f.established_year,
            "notes": f.notes or None,
        }


def products(language: str) -> Iterator[dict[str, Any]]:
    rows = FactoryProduct.objects.select_related("factory", "product").order_by(
        "factory__external_id", "product__code"
    )
    for p in rows.iterator(chunk_size=2000):
        yield {
            "factory_id": p.factory.external_id,
            "hs_code": p.product.code,
            "capacity": _num(p.capacity),
            "unit": p.unit or None,
            "unit_value_lyd": _num(p.unit_value_lyd),
            "is_main": "yes" if p.is_main else "no",
        }


def inputs(language: str) -> Iterator[dict[str, Any]]:
    rows = FactoryInput.objects.select_related("factory", "product").order_by(
        "factory__external_id", "name"
    )
    for i in rows.iterator(chunk_size=2000):
        yield {
            "factory_id": i.factory.external_id,
            "input": i.name,
            "hs_code": i.product.code if i.product else None,
            "annual_quantity": _num(i.annual_quantity),
            "unit": i.unit or None,
            "local_share_pct": _num(i.local_share_pct),
        }


def exports(language: str) -> Iterator[dict[str, Any]]:
    rows = ExportRecord.objects.select_related("factory", "product").order_by(
        "factory__external_id", "year", "product__code", "market"
    )
    for e in rows.iterator(chunk_size=2000):
        yield {
            "factory_id": e.factory.external_id,
            "year": e.year,
            "hs_code": e.product.code,
            "market": e.market,
            "value_usd": _num(e.value_usd),
            "quantity": _num(e.quantity),
        }


def diagnoses(language: str) -> Iterator[dict[str, Any]]:
    rows = DiagnosisCause.objects.select_related(
        "diagnosis__factory", "diagnosis__body", "cause"
    ).order_by("diagnosis__factory__external_id", "diagnosis__assessed_on", "cause__order")
    for c in rows.iterator(chunk_size=2000):
        d = c.diagnosis
        yield {
            "factory_id": d.factory.external_id,
            "cause": c.cause.code,
            "severity": str(c.severity),
            "assessed_on": d.assessed_on,
            "body": d.body.code if d.body else None,
            "notes": c.note or None,
        }


def requirements(language: str) -> Iterator[dict[str, Any]]:
    rows = (
        Requirement.objects.select_related("responsible_body")
        .prefetch_related("factories")
        .order_by("external_id")
    )
    for r in rows.iterator(chunk_size=2000):
        yield {
            "requirement_id": r.external_id,
            "type": r.type,
            "description_ar": r.description_ar or None,
            "description_en": r.description_en or None,
            "cost_lyd": _num(r.cost_lyd),
            "fx_share_pct": _num(r.fx_share_pct),
            "lead_time_months": r.lead_time_months,
            "responsible_body": r.responsible_body.code,
            "status": r.status,
            "factory_ids": "; ".join(sorted(f.external_id for f in r.factories.all())),
        }


def schemes(language: str) -> Iterator[dict[str, Any]]:
    rows = RevivalScheme.objects.select_related("factory").order_by("factory__external_id", "mode")
    for s in rows.iterator(chunk_size=2000):
        yield {
            "factory_id": s.factory.external_id,
            "mode": s.mode,
            "partner": s.partner or None,
            "is_preferred": "yes" if s.is_preferred else "no",
            "notes": s.notes or None,
        }


READERS = {
    "factories": factories,
    "products": products,
    "inputs": inputs,
    "exports": exports,
    "diagnoses": diagnoses,
    "requirements": requirements,
    "schemes": schemes,
}
