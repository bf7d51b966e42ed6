"""Linkage endpoints: stored tables, their sectors, a factory's revival impact, and the analysis
of an uploaded template. Each checks the caller's permission, then calls a selector or service."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import File, Router, Schema, UploadedFile
from ninja.pagination import paginate

from ihya.api_support import Pagination, permission
from ihya.linkages import selectors, services
from ihya.uploads import uploaded

router = Router(tags=["linkages"])


class TableOut(Schema):
    id: int
    name: str
    synthetic: bool
    unit: str
    sha256: str
    sectors_count: int
    created_at: dt.datetime


class SectorOut(Schema):
    code: str
    name_en: str
    name_ar: str
    output: float
    value_added: float
    employment: float | None
    domestic_share: float
    output_multiplier: float
    va_multiplier: float
    employment_multiplier: float | None
    income_multiplier: float | None
    output_multiplier_type2: float | None
    employment_multiplier_type2: float | None
    backward_linkage: float
    forward_linkage: float
    backward_cv: float
    forward_cv: float
    key_class: str
    output_loss: float
    va_loss: float
    jobs_loss: float | None


class ImpactOut(Schema):
    table: int
    sector: str
    restored_output_lyd: float
    local_share: float | None
    output: float
    value_added: float
    jobs: float | None
    imports: float
    unit: str
    top: list[dict]


class AnalysisOut(Schema):
    sectors: list[dict]
    extraction: list[dict]


@router.get("/linkages/tables", response=list[TableOut])
@permission("linkages.view_iotable")
@paginate(Pagination)
def list_tables(request):
    return selectors.io_tables()


@router.get("/linkages/tables/{table_id}/sectors", response=list[SectorOut])
@permission("linkages.view_iotable")
@paginate(Pagination)
def list_sectors(request, table_id: int):
    """Multipliers, linkages, key-sector class and extraction losses of every sector."""
    table = selectors.io_table_get(table_id=table_id)
    if table is None:
        raise Http404(f"No input–output table {table_id}.")
    return selectors.io_sectors(table=table)


@router.get("/linkages/factories/{factory_id}", response=ImpactOut)
@permission("linkages.view_iotable", "registry.view_factory")
def factory_impact(request, factory_id: str):
    """The factory's restored output as a final-demand shock in its sector, on the latest table."""
    from ihya.registry.selectors import factory_by_id

    factory = factory_by_id(external_id=factory_id)  # NotFound: 404
    impact = selectors.factory_impact(factory=factory)
    if impact is None:
        raise Http404("No input–output table, or no sector for this factory's activity.")
    return ImpactOut(
        table=impact.table.pk,
        sector=impact.sector.code,
        restored_output_lyd=impact.restored_output_lyd,
        local_share=impact.local_share,
        output=impact.output,
        value_added=impact.value_added,
        jobs=impact.jobs,
        imports=impact.imports,
        unit=impact.table.unit,
        top=impact.top,
    )


@router.post("/linkages/analyse", response=AnalysisOut)
@permission("linkages.load_iotable")
def analyse(request, file: File[UploadedFile]):
    """Analyse an uploaded template (CSV or XLSX): the rows of sectors.csv and extraction.csv of
    ``ihya linkages analyse``. An invalid table gives 422 with every problem."""
    with uploaded(file, suffixes=(".csv", ".txt", ".tsv", ".xlsx", ".xls")) as path:
        return AnalysisOut(**services.linkages_analyse_rows(path=path))
