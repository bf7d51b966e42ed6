"""The synthetic demo's templates, kept as data in ``ihya/data/demo/`` (Arabic and English) and
read here: the Libyan industries (where such plants stand, what they make and use, how big they
are, what typically stopped them, where they sell), the requirement each stall cause calls for,
the shared assets (substations, gas branches, port berths), the industrial zones, and the
sectors of the Libya-like input–output table. Plausible orders of magnitude, not data about any
real company or official statistics (see ``data/demo/SOURCE.md``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "demo"

# (hs code, English, Arabic, unit, unit value in LYD)
Product = tuple[str, str, str, str, float]
# (name, hs code or "", local share range in %, unit)
Input = tuple[str, str, tuple[int, int], str]


@dataclass(frozen=True)
class Industry:
    key: str
    label_en: str
    label_ar: str
    isic: str
    places: tuple[tuple[str, int], ...]  # municipality code, weight
    count: int  # how many plants of this kind in a 400-factory registry
    ownership: tuple[int, int, int]  # weights of public, private, mixed
    employees: tuple[int, int]
    capacity: tuple[int, int]
    unit: str
    products: tuple[Product, ...]
    inputs: tuple[Input, ...]
    causes: tuple[str, ...]  # typical stall causes, most typical first
    markets: tuple[str, ...] = ()  # export markets (ISO alpha-3); empty: not exported
    export_share: float = 0.0  # share of output exported when running


@dataclass(frozen=True)
class RequirementTemplate:
    """What a stall cause calls for: type, responsible body, description, cost (LYD), its
    foreign-currency share (%) and lead time (months), each as a range."""

    type: str
    body: str
    description_en: str
    description_ar: str
    cost: tuple[int, int]
    fx_share: tuple[int, int]
    lead_time: tuple[int, int]


@dataclass(frozen=True)
class SharedAsset:
    """One asset serving the stalled factories of a place that need it."""

    requirement_id: str
    municipality: str
    cause: str
    description_en: str
    description_ar: str
    cost_lyd: int
    lead_time_months: int


@dataclass(frozen=True)
class Sector:
    code: str
    en: str
    ar: str
    isic: tuple[str, ...]  # ISIC Rev.4 code prefixes that map to the sector
    final: tuple[float, float, float, float]  # households, government, investment, exports
    inputs: dict[str, float]  # domestic input coefficients by supplier, in the file's order
    imported: float  # imported inputs per unit of output
    jobs: float  # jobs per million LYD of output
    wages: float  # compensation share of value added


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@cache
def industries() -> tuple[Industry, ...]:
    products: dict[str, list[Product]] = {}
    for r in _rows("industry_products.csv"):
        products.setdefault(r["industry"], []).append(
            (r["hs"], r["name_en"], r["name_ar"], r["unit"], float(r["unit_value_lyd"]))
        )
    inputs: dict[str, list[Input]] = {}
    for r in _rows("industry_inputs.csv"):
        share = (int(r["local_share_min"]), int(r["local_share_max"]))
        inputs.setdefault(r["industry"], []).append((r["input"], r["hs"], share, r["unit"]))
    return tuple(
        Industry(
            key=r["key"],
            label_en=r["name_en"],
            label_ar=r["name_ar"],
            isic=r["isic"],
            places=tuple(
                (place, int(weight))
                for place, _, weight in (p.partition(":") for p in _words(r["places"]))
            ),
            count=int(r["count"]),
            ownership=(int(r["public"]), int(r["private"]), int(r["mixed"])),
            employees=(int(r["employees_min"]), int(r["employees_max"])),
            capacity=(int(r["capacity_min"]), int(r["capacity_max"])),
            unit=r["unit"],
            products=tuple(products.get(r["key"], ())),
            inputs=tuple(inputs.get(r["key"], ())),
            causes=_words(r["causes"]),
            markets=_words(r["markets"]),
            export_share=float(r["export_share"]),
        )
        for r in _rows("industries.csv")
    )


@cache
def requirement_templates() -> dict[str, RequirementTemplate]:
    """Stall cause → the requirement it calls for."""
    return {
        r["cause"]: RequirementTemplate(
            r["type"],
            r["body"],
            r["description_en"],
            r["description_ar"],
            (int(r["cost_min"]), int(r["cost_max"])),
            (int(r["fx_share_min"]), int(r["fx_share_max"])),
            (int(r["lead_time_min"]), int(r["lead_time_max"])),
        )
        for r in _rows("requirement_templates.csv")
    }


@cache
def shared_assets() -> tuple[SharedAsset, ...]:
    return tuple(
        SharedAsset(
            r["requirement_id"],
            r["municipality"],
            r["cause"],
            r["description_en"],
            r["description_ar"],
            int(r["cost_lyd"]),
            int(r["lead_time_months"]),
        )
        for r in _rows("shared_requirements.csv")
    )


@cache
def industrial_zones() -> dict[str, tuple[str, ...]]:
    """Municipality → its industrial zones, in the file's order."""
    zones: dict[str, list[str]] = {}
    for r in _rows("industrial_zones.csv"):
        zones.setdefault(r["municipality"], []).append(r["zone"])
    return {k: tuple(v) for k, v in zones.items()}


@cache
def io_sectors() -> tuple[Sector, ...]:
    """The 28 sectors of the Libya-like input–output table."""
    inputs: dict[str, dict[str, float]] = {}
    for r in _rows("io_inputs.csv"):
        inputs.setdefault(r["sector"], {})[r["supplier"]] = float(r["coefficient"])
    return tuple(
        Sector(
            code=r["code"],
            en=r["name_en"],
            ar=r["name_ar"],
            isic=_words(r["isic"]),
            final=tuple(float(r[k]) for k in ("households", "government", "investment", "exports")),
            inputs=inputs.get(r["code"], {}),
            imported=float(r["imported"]),
            jobs=float(r["jobs"]),
            wages=float(r["wages"]),
        )
        for r in _rows("io_sectors.csv")
    )
