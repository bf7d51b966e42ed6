"""Reads of stored input–output tables: sectors, flows, extraction, and a factory's impact."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings

from ihya.core.linkages.analysis import revival_impact
from ihya.generations import PerGeneration, fingerprint, once_per_request
from ihya.linkages.models import IoSector, IoTable, SectorConcordance

log = logging.getLogger(__name__)


def io_tables():
    """Every stored table, newest first."""
    return IoTable.objects.order_by("-id")


def io_table_latest() -> IoTable | None:
    return IoTable.objects.order_by("-id").first()


def io_table_get(*, table_id: int | None) -> IoTable | None:
    return io_table_latest() if table_id is None else IoTable.objects.filter(pk=table_id).first()


def io_sectors(*, table: IoTable):
    return IoSector.objects.filter(table=table).order_by("position")


def io_quadrant(*, table: IoTable) -> list[dict]:
    return [
        {
            "code": s.code,
            "name": s.name,
            "backward": s.backward_linkage,
            "forward": s.forward_linkage,
            "class": s.key_class,
            "output": s.output,
        }
        for s in io_sectors(table=table)
    ]


def io_flows(*, table: IoTable) -> dict:
    names = {s.code: s.name for s in io_sectors(table=table)}
    flows = table.summary.get("flows", [])
    used = sorted({f["source"] for f in flows} | {f["target"] for f in flows})
    return {"nodes": [{"code": c, "name": names.get(c, c)} for c in used], "links": flows}


def sector_for(*, table: IoTable, isic: str) -> IoSector | None:
    """The sector of an ISIC code: the longest concordance prefix that matches it."""
    return next(
        (
            sector
            for prefix, sector in _table_parts(table.pk)["concordance"]
            if isic.startswith(prefix)
        ),
        None,
    )


def _table_parts(table_id: int) -> dict:
    """A table's sectors by position and its concordance, longest prefix first: read once per
    :func:`linkages_generation` in each process (every factory's file shows its impact)."""
    return _PARTS.get(table_id)


def _read_table_parts(table_id: int) -> dict:
    rows = SectorConcordance.objects.filter(table_id=table_id).select_related("sector")
    return {
        "sectors": list(IoSector.objects.filter(table_id=table_id).order_by("position")),
        "concordance": [
            (row.isic_prefix, row.sector)
            for row in sorted(rows, key=lambda r: (-len(r.isic_prefix), r.id))
        ],
    }


@once_per_request
def linkages_generation() -> tuple:
    """The fingerprint of the tables' sectors and concordances (count, latest id) and of the
    latest audited change to them (the admin's edits)."""
    return fingerprint(
        [(IoTable, "id"), (IoSector, "id"), (SectorConcordance, "id")],
        ["linkages.iotable", "linkages.iosector", "linkages.sectorconcordance"],
    )


_PARTS = PerGeneration(_read_table_parts, linkages_generation, size=4)


@lru_cache(maxsize=8)
def _coefficients(folder: str, stamp: float):
    data = np.load(Path(folder) / "analysis.npz")
    e = data["e"]
    return data["A"], data["L"], data["v"], data["m"], (e if e.size else None)


def coefficients(table: IoTable):
    """A, L, v, m, e of a stored table, or None when its folder is gone (then no factory shows
    an impact, and the log says why)."""
    folder = Path(settings.IHYA_HOME) / table.folder  # an absolute folder (older loads) stays
    path = folder / "analysis.npz"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        log.warning("input–output table %s: %s is missing; load the table again", table.pk, path)
        return None
    return _coefficients(str(folder), stamp)


@dataclass
class FactoryImpact:
    table: IoTable
    sector: IoSector
    restored_output_lyd: float
    output_in_table_unit: float
    local_share: float | None
    output: float
    value_added: float
    jobs: float | None
    imports: float
    top: list[dict]


_SCALES = (
    (re.compile(r"billion|\bbn\b|\bbln\b|مليار"), 1e-9),
    (re.compile(r"million|\bmn\b|\bmln\b|\bm\b|\bmlyd\b|\bmld\b|مليون|ملايين"), 1e-6),
    (re.compile(r"thousand|\bk\b|\bklyd\b|\b000\b|ألف|آلاف"), 1e-3),
)


def unit_scale(unit: str) -> float:
    """Table units per LYD: a table in million LYD ("million LYD", "mn LYD", "MLYD", "مليون
    دينار") takes output / 10⁶."""
    text = unit.lower().replace("'", " ")
    for pattern, scale in _SCALES:
        if pattern.search(text):
            return scale
    return 1.0


def restored_output(factory) -> float:
    """The yearly output (LYD) a revival restores: each product's capacity × unit value, times
    the share of capacity now idle (all of it when utilisation is unknown and the factory is
    stalled or closed)."""
    value = sum(
        float(p.capacity) * float(p.unit_value_lyd)
        for p in factory.products.all()
        if p.capacity is not None and p.unit_value_lyd is not None
    )
    if factory.utilisation_pct is not None:
        idle = max(0.0, 1.0 - float(factory.utilisation_pct) / 100.0)
    else:
        idle = 1.0 if factory.status in ("stalled", "closed") else 0.5
    return value * idle


def local_input_share(factory) -> float | None:
    shares = [
        float(i.local_share_pct) for i in factory.inputs.all() if i.local_share_pct is not None
    ]
    return sum(shares) / len(shares) / 100.0 if shares else None


def factory_impact(*, factory, table: IoTable | None = None) -> FactoryImpact | None:
    """The revival impact of a factory on the latest table: its restored output as a final-demand
    shock in its sector (found through the ISIC concordance), with its own local-input share."""
    table = table or io_table_latest()
    if table is None:
        return None
    sector = sector_for(table=table, isic=factory.activity.code)
    if sector is None:
        return None
    stored = coefficients(table)
    if stored is None:
        return None
    A, L, v, m, e = stored
    lyd = restored_output(factory)
    output = lyd * unit_scale(table.unit)
    share = local_input_share(factory)
    impact = revival_impact(
        L, sector=sector.position, output=output, v=v, e=e, A=A, m=m, local_share=share
    )
    sectors = _table_parts(table.pk)["sectors"]
    order = np.argsort(-impact.output)[:5]
    top = [
        {
            "code": sectors[i].code,
            "name": sectors[i].name,
            "output": float(impact.output[i]),
            "jobs": float(impact.jobs[i]) if impact.jobs is not None else None,
        }
        for i in order
        if impact.output[i] > 0
    ]
    return FactoryImpact(
        table=table,
        sector=sector,
        restored_output_lyd=lyd,
        output_in_table_unit=output,
        local_share=share,
        output=float(impact.output.sum()),
        value_added=float(impact.value_added.sum()),
        jobs=float(impact.jobs.sum()) if impact.jobs is not None else None,
        imports=impact.imports,
        top=top,
    )
