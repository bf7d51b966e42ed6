"""The seeded synthetic demo registry: tests, docs, benchmarks and ``make demo`` share it.

Everything here is SYNTHETIC — plausible Libyan factories in real municipalities, modelled on the
country's real industries, but no record describes a real company. Ids start with ``DEMO-`` and
every factory's notes say so. Plain data out (rows in the import format), no database.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from typing import Any

from ihya.demo.catalogue import (
    Industry,
    industrial_zones,
    industries,
    requirement_templates,
    shared_assets,
)

# said in Arabic on Arabic pages (ihya.demo.names, data/demo/names_ar.csv)
SYNTHETIC_NOTE = "Synthetic demo data; not a real company"
STATUS_WEIGHTS = {"operating": 0.33, "partly_operating": 0.20, "stalled": 0.40, "closed": 0.07}
USD_PER_LYD = 1 / 4.85
PLACE_NAMES: dict[str, tuple[str, str]] = {}  # filled lazily by the service from the registry


def _scaled_counts(total: int) -> list[tuple[Industry, int]]:
    kinds = industries()
    base = sum(i.count for i in kinds)
    raw = [i.count * total / base for i in kinds]
    counts = [max(1, math.floor(r)) if total >= len(kinds) else math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: raw[k] - math.floor(raw[k]), reverse=True)
    k = 0
    while sum(counts) < total:
        counts[order[k % len(order)]] += 1
        k += 1
    while sum(counts) > total:
        biggest = max(range(len(counts)), key=lambda j: counts[j])
        counts[biggest] -= 1
    return list(zip(kinds, counts, strict=True))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in weighted], weights=[w for _, w in weighted])[0]


def _round(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


def generate(
    *,
    seed: int = 2026,
    factories: int = 400,
    places: dict[str, tuple[str, str]] | None = None,
    today: dt.date = dt.date(2026, 11, 1),
) -> dict[str, list[dict[str, Any]]]:
    """The demo registry as import tables (entity -> rows of column -> value).

    ``places`` maps municipality codes to (English, Arabic) names for factory names; without it
    the code is used. The same seed always gives the same rows.
    """
    rng = random.Random(seed)
    places = places or {}
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    stalled_by_place: dict[tuple[str, str], list[str]] = defaultdict(list)
    serial = 0
    name_count: dict[tuple[str, str], int] = defaultdict(int)
    for industry, count in _scaled_counts(factories):
        for _ in range(count):
            serial += 1
            fid = f"DEMO-{serial:04d}" if factories < 10_000 else f"DEMO-{serial:06d}"
            place = _pick(rng, industry.places)
            place_en, place_ar = places.get(place, (place, place))
            name_count[(industry.key, place)] += 1
            n = name_count[(industry.key, place)]
            suffix_en = f" No. {n}" if n > 1 else ""
            suffix_ar = f" رقم {n}" if n > 1 else ""
            status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            ownership = rng.choices(["public", "private", "mixed"], weights=industry.ownership)[0]
            before = _round(rng.uniform(*industry.employees), 5)
            share_now = {
                "operating": rng.uniform(0.8, 1.0),
                "partly_operating": rng.uniform(0.2, 0.6),
                "stalled": rng.uniform(0.0, 0.12),
                "closed": 0.0,
            }[status]
            now = int(before * share_now)
            stalled_since = None
            if status in ("stalled", "closed"):
                year = rng.choices(
                    [2011, 2012, 2014, 2015, 2016, 2019, 2020, 2022, 2024, 2025],
                    weights=[14, 4, 14, 8, 5, 10, 12, 6, 5, 4],
                )[0]
                stalled_since = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            elif status == "partly_operating" and rng.random() < 0.5:
                stalled_since = dt.date(rng.choice([2014, 2019, 2020, 2023]), rng.randint(1, 12), 1)
            capacity = _round(
                rng.uniform(*industry.capacity), 10 if industry.capacity[1] < 100_000 else 1000
            )
            utilisation = {
                "operating": rng.uniform(55, 92),
                "partly_operating": rng.uniform(8, 45),
                "stalled": 0.0,
                "closed": 0.0,
            }[status]
            zones = industrial_zones().get(place)
            tables["factories"].append(
                {
                    "factory_id": fid,
                    "name_ar": f"{industry.label_ar} {place_ar}{suffix_ar}",
                    "name_en": f"{place_en} {industry.label_en}{suffix_en}",
                    "municipality": place,
                    "isic": industry.isic,
                    "ownership": ownership,
                    "status": status,
                    "stalled_since": stalled_since.isoformat() if stalled_since else None,
                    "employees_now": now,
                    "employees_before": before,
                    "design_capacity": capacity,
                    "capacity_unit": industry.unit,
                    "utilisation_pct": round(utilisation, 1),
                    "industrial_zone": rng.choice(zones) if zones and rng.random() < 0.8 else None,
                    "established_year": rng.randint(1972, 2012),
                    "notes": SYNTHETIC_NOTE,
                }
            )
            _products(rng, tables, fid, industry, capacity)
            _inputs(rng, tables, fid, industry)
            _exports(
                rng, tables, fid, industry, capacity, utilisation, status, stalled_since, today
            )
            if status != "operating":
                causes = _diagnose(rng, tables, fid, industry, place, ownership, status, today)
                _requirements(rng, tables, fid, causes, serial)
                _schemes(rng, tables, fid, ownership, status, causes)
                for cause in causes:
                    stalled_by_place[(place, cause)].append(fid)
    _shared(tables, stalled_by_place)
    return dict(tables)


def _products(rng, tables, fid, industry: Industry, capacity: int) -> None:
    k = 1 if len(industry.products) == 1 else rng.randint(1, len(industry.products))
    chosen = industry.products[:k]
    shares = [rng.uniform(0.5, 1.0) for _ in chosen]
    total = sum(shares)
    for index, (hs, _en, _ar, unit, value) in enumerate(chosen):
        tables["products"].append(
            {
                "factory_id": fid,
                "hs_code": hs,
                "capacity": _round(capacity * shares[index] / total, 10),
                "unit": unit,
                "unit_value_lyd": round(value * rng.uniform(0.85, 1.15), 1),
                "is_main": "yes" if index == 0 else "no",
            }
        )


def _inputs(rng, tables, fid, industry: Industry) -> None:
    for name, hs, (low, high), unit in industry.inputs:
        if rng.random() < 0.15 and len(industry.inputs) > 1:
            continue
        tables["inputs"].append(
            {
                "factory_id": fid,
                "input": name,
                "hs_code": hs or None,
                "annual_quantity": None,
                "unit": unit,
                "local_share_pct": rng.randint(low, high),
            }
        )


def _exports(
    rng, tables, fid, industry, capacity, utilisation, status, stalled_since, today
) -> None:
    if not industry.markets or rng.random() > 0.75:
        return
    hs, _en, _ar, _unit, unit_value = industry.products[0]
    last = (
        today.year - 1
        if status in ("operating", "partly_operating")
        else (stalled_since.year - 1 if stalled_since else today.year - 1)
    )
    first = max(2008, last - rng.randint(2, 8))
    markets = rng.sample(industry.markets, k=min(len(industry.markets), rng.randint(1, 3)))
    running = max(utilisation, rng.uniform(40, 80)) / 100
    for year in range(first, last + 1):
        for market in markets:
            share = industry.export_share * rng.uniform(0.3, 1.0) / len(markets)
            value = capacity * running * share * unit_value * USD_PER_LYD
            if value < 10_000:
                continue
            tables["exports"].append(
                {
                    "factory_id": fid,
                    "year": year,
                    "hs_code": hs,
                    "market": market,
                    "value_usd": round(value, -2),
                    "quantity": None,
                }
            )


def _diagnose(rng, tables, fid, industry, place, ownership, status, today) -> list[str]:
    pool = list(industry.causes)
    extra = [
        "political_instability",
        "electricity",
        "fx_access",
        "working_capital",
        "crime_theft_disorder",
    ]
    if place in ("benghazi", "derna", "sirte", "ras-lanuf", "abu-kammash", "tawergha"):
        extra += ["physical_damage", "physical_damage"]
    if ownership == "public":
        extra += ["public_debts_owed", "management"]
    k = rng.randint(2, 5) if status != "partly_operating" else rng.randint(1, 3)
    causes: list[str] = []
    while len(causes) < k:
        source = pool if pool and rng.random() < 0.75 else extra
        cause = rng.choice(source)
        if cause not in causes:
            causes.append(cause)
    assessed = today - dt.timedelta(days=rng.randint(20, 700))
    body = (
        "export-authority"
        if "market_demand" in causes and rng.random() < 0.5
        else "ministry-industry"
    )
    for rank, cause in enumerate(causes):
        severity = max(1, min(4, 4 - rank + rng.choice([-1, 0, 0, 1])))
        tables["diagnoses"].append(
            {
                "factory_id": fid,
                "cause": cause,
                "severity": severity,
                "assessed_on": assessed.isoformat(),
                "body": body,
                "notes": None,
            }
        )
    return causes


def _requirements(rng, tables, fid, causes, serial) -> None:
    for index, cause in enumerate(causes):
        template = requirement_templates().get(cause)
        if template is None or (
            cause in ("electricity", "gas", "transport") and rng.random() < 0.5
        ):
            continue  # often met by a shared requirement instead
        status = rng.choices(["identified", "estimated", "approved"], weights=[3, 5, 1])[0]
        tables["requirements"].append(
            {
                "requirement_id": f"R-{serial:04d}-{index + 1}"
                if serial < 10_000
                else f"R-{serial:06d}-{index + 1}",
                "type": template.type,
                "description_ar": template.description_ar,
                "description_en": template.description_en,
                "cost_lyd": _round(rng.uniform(*template.cost), 1000),
                "fx_share_pct": rng.randint(*template.fx_share),
                "lead_time_months": rng.randint(*template.lead_time),
                "responsible_body": template.body,
                "status": status,
                "factory_ids": fid,
            }
        )


def _schemes(rng, tables, fid, ownership, status, causes) -> None:
    if status == "partly_operating" and rng.random() < 0.5:
        return
    modes = {
        "public": ["self_operation", "partnership", "lease"],
        "private": ["self_operation", "partnership"],
        "mixed": ["partnership", "self_operation", "lease"],
    }[ownership]
    if "public_debts_owed" in causes or "access_to_finance" in causes:
        modes = [*modes, "debt_recovery"]
    chosen = rng.sample(modes, k=min(len(modes), rng.randint(1, 2)))
    for index, mode in enumerate(chosen):
        tables["schemes"].append(
            {
                "factory_id": fid,
                "mode": mode,
                "partner": None,
                "is_preferred": "yes" if index == 0 else "no",
                "notes": None,
            }
        )


def _shared(tables, stalled_by_place) -> None:
    for asset in shared_assets():
        factories = sorted(set(stalled_by_place.get((asset.municipality, asset.cause), [])))
        if len(factories) < 2:
            continue
        template = requirement_templates()[asset.cause]
        body = {"transport": "ports-company"}.get(asset.cause, template.body)
        tables["requirements"].append(
            {
                "requirement_id": asset.requirement_id,
                "type": template.type,
                "description_ar": asset.description_ar,
                "description_en": asset.description_en,
                "cost_lyd": asset.cost_lyd,
                "fx_share_pct": 60,
                "lead_time_months": asset.lead_time_months,
                "responsible_body": body,
                "status": "estimated",
                "factory_ids": "; ".join(factories),
            }
        )
