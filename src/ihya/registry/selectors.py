"""Reads of the registry: lists with filters, one factory's file, the summary counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Greatest, Substr
from django.utils.translation import gettext_lazy as _

from ihya.core.ingest.normalize import clean_text
from ihya.errors import NotFound, Problem
from ihya.generations import content_digest, once_per_request
from ihya.reference.models import IsicActivity, Municipality
from ihya.registry.models import Factory, ImportJob

JOBS_LOST = Greatest(Coalesce(F("employees_before") - F("employees_now"), 0), 0)

SORTS = {
    "id": "external_id",
    "name": "name_en",
    "municipality": "municipality__name_en",
    "status": "status",
    "employees": "employees_now",
    "jobs_lost": "lost_jobs",
    "stalled_since": "stalled_since",
}


def factory_list(
    *,
    status: str | None = None,
    municipality: str | None = None,
    isic: str | None = None,
    ownership: str | None = None,
    search: str | None = None,
    sort: str = "id",
) -> QuerySet[Factory]:
    """Factories filtered by status, municipality code, ISIC prefix, ownership and free text;
    ``sort`` is a key of SORTS, prefixed by "-" for descending order."""
    status, municipality, isic, ownership, search = (
        clean_text(v) for v in (status, municipality, isic, ownership, search)
    )
    qs = Factory.objects.select_related("municipality", "activity").annotate(lost_jobs=JOBS_LOST)
    if status:
        qs = qs.filter(status=status)
    if municipality:
        qs = qs.filter(municipality__code=municipality)
    if isic:
        qs = qs.filter(activity__code__startswith=isic)
    if ownership:
        qs = qs.filter(ownership=ownership)
    if search:
        qs = qs.filter(
            Q(external_id__icontains=search)
            | Q(name_ar__icontains=search)
            | Q(name_en__icontains=search)
        )
    descending = sort.startswith("-")
    field = SORTS.get(sort.lstrip("-"))
    if field is None:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    order = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return qs.order_by(order, "external_id")


@once_per_request
def registry_generation() -> tuple[int, str]:
    """(number of factories, latest ``updated_at``): moves on every create, edit, import or
    delete. One indexed query, in SQL directly — it runs on every list request."""
    table = connection.ops.quote_name(Factory._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(updated_at) FROM {table}")
        count, latest = cursor.fetchone()
    return int(count), str(latest)


# What the list shows, filters, searches and sorts by: an edit of another column (the notes, a
# contact) leaves the rendered lists kept.
LIST_COLUMNS = (
    "id",
    "external_id",
    "name_ar",
    "name_en",
    "status",
    "employees_before",
    "employees_now",
    "municipality_id",
    "activity_id",
    "ownership",
    "stalled_since",
)


@once_per_request
def factory_list_generation() -> str:
    """A digest of every factory's ``LIST_COLUMNS``: moves with a change the list would show."""
    return content_digest(Factory, LIST_COLUMNS)


def factory_not_found(external_id: str) -> NotFound:
    return NotFound(
        Problem.of(None, "not_found", _("No factory “%(id)s”."), id=clean_text(external_id) or "")
    )


def factory_by_id(*, external_id: str) -> Factory:
    """One factory by the committee's id, with its municipality and activity (raises NotFound).
    Ids typed into URLs are cleaned first: PostgreSQL refuses NUL."""
    found = (
        Factory.objects.select_related("municipality", "activity")
        .filter(external_id=clean_text(external_id) or "")
        .first()
    )
    if found is None:
        raise factory_not_found(external_id)
    return found


def factory_get(*, external_id: str) -> Factory:
    """One factory with everything its file shows (raises NotFound); each list read with what
    it names in the same query (a product with its HS entry, a requirement with its body)."""
    from django.db.models import Prefetch

    from ihya.diagnosis.models import Diagnosis, DiagnosisCause, Requirement
    from ihya.registry.models import ExportRecord, FactoryInput, FactoryProduct

    causes = DiagnosisCause.objects.select_related("cause")
    found = (
        Factory.objects.select_related("municipality", "activity", "activity__parent")
        .prefetch_related(
            Prefetch("products", FactoryProduct.objects.select_related("product")),
            Prefetch("inputs", FactoryInput.objects.select_related("product")),
            Prefetch("exports", ExportRecord.objects.select_related("product")),
            Prefetch(
                "diagnoses",
                Diagnosis.objects.select_related("body").prefetch_related(
                    Prefetch("causes", causes)
                ),
            ),
            Prefetch(
                "requirements",
                Requirement.objects.select_related("responsible_body").prefetch_related(
                    "factories"
                ),
            ),
            "schemes",
            "status_history",
        )
        .filter(external_id=clean_text(external_id) or "")
        .first()
    )
    if found is None:
        raise factory_not_found(external_id)
    return found


@dataclass(frozen=True)
class Summary:
    factories: int
    by_status: dict[str, int]
    by_division: list[tuple[str, str, int]]  # code, name, factories
    by_municipality: list[tuple[str, str, int]]
    jobs_now: int
    jobs_before: int
    jobs_lost: int


def registry_summary(*, top: int = 10) -> Summary:
    """Counts by status, ISIC division and municipality, and jobs lost while stalled."""
    qs = Factory.objects.all()
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    divisions = list(
        qs.annotate(division=Substr("activity__code", 1, 2))
        .values_list("division")
        .annotate(n=Count("id"))
        .order_by("-n", "division")[:top]
    )
    names = {
        a.code: a.name for a in IsicActivity.objects.filter(code__in=[d for d, _ in divisions])
    }
    by_division = [(code, names.get(code, code), n) for code, n in divisions]
    places = list(
        qs.values_list("municipality__code")
        .annotate(n=Count("id"))
        .order_by("-n", "municipality__code")[:top]
    )
    towns = {m.code: m.name for m in Municipality.objects.filter(code__in=[c for c, _ in places])}
    by_municipality = [(code, towns.get(code, code), n) for code, n in places]
    totals = qs.aggregate(
        now=Sum("employees_now"),
        before=Sum("employees_before"),
        lost=Sum(JOBS_LOST),
    )
    return Summary(
        factories=qs.count(),
        by_status=by_status,
        by_division=by_division,
        by_municipality=by_municipality,
        jobs_now=totals["now"] or 0,
        jobs_before=totals["before"] or 0,
        jobs_lost=totals["lost"] or 0,
    )


def factory_file(*, external_id: str) -> dict:
    """A factory's whole file as plain data (labels in the active language)."""
    from ihya import vocabularies

    f = factory_get(external_id=external_id)
    label = vocabularies.label
    return {
        "factory_id": f.external_id,
        "name_ar": f.name_ar,
        "name_en": f.name_en,
        "municipality": f.municipality.name,
        "district": f.municipality.district_ar if _arabic() else f.municipality.district_en,
        "coordinates": [
            f.latitude if f.latitude is not None else f.municipality.latitude,
            f.longitude if f.longitude is not None else f.municipality.longitude,
        ],
        "industrial_zone": f.industrial_zone,
        "isic": f.activity.code,
        "activity": f.activity.name,
        "ownership": label("ownership", f.ownership),
        "status": label("factory_status", f.status),
        "stalled_since": f.stalled_since,
        "employees_now": f.employees_now,
        "employees_before": f.employees_before,
        "jobs_lost": f.jobs_lost,
        "design_capacity": f.design_capacity,
        "capacity_unit": f.capacity_unit,
        "utilisation_pct": f.utilisation_pct,
        "products": [
            {
                "hs": p.product.code,
                "name": p.product.name,
                "capacity": p.capacity,
                "unit": p.unit,
                "unit_value_lyd": p.unit_value_lyd,
                "main": p.is_main,
            }
            for p in f.products.all()
        ],
        "inputs": [
            {
                "input": i.name,
                "hs": i.product.code if i.product else None,
                "annual_quantity": i.annual_quantity,
                "unit": i.unit,
                "local_share_pct": i.local_share_pct,
            }
            for i in f.inputs.all()
        ],
        "exports": [
            {"year": e.year, "hs": e.product.code, "market": e.market, "value_usd": e.value_usd}
            for e in sorted(f.exports.all(), key=lambda e: (e.year, e.product.code, e.market))
        ],
        "diagnoses": [
            {
                "assessed_on": d.assessed_on,
                "body": d.body.name if d.body else None,
                "causes": [
                    {
                        "cause": str(c.cause),
                        "code": c.cause.code,
                        "severity": c.severity,
                        "severity_label": label("severity", str(c.severity)),
                        "note": c.note,
                    }
                    for c in sorted(d.causes.all(), key=lambda c: (-c.severity, c.cause.order))
                ],
            }
            for d in f.diagnoses.all()
        ],
        "requirements": [
            {
                "requirement_id": r.external_id,
                "type": label("requirement_type", r.type),
                "description": r.description,
                "cost_lyd": r.cost_lyd,
                "fx_share_pct": r.fx_share_pct,
                "lead_time_months": r.lead_time_months,
                "responsible_body": r.responsible_body.name,
                "status": label("requirement_status", r.status),
                "shared_with": sorted(x.external_id for x in r.factories.all() if x.pk != f.pk),
            }
            for r in f.requirements.all()
        ],
        "schemes": [
            {
                "mode": label("scheme_mode", s.mode),
                "partner": s.partner,
                "preferred": s.is_preferred,
                "notes": s.notes,
            }
            for s in f.schemes.all()
        ],
        "history": [
            {
                "from": label("factory_status", h.status_from) if h.status_from else None,
                "to": label("factory_status", h.status_to),
                "effective_on": h.effective_on,
                "recorded_at": h.recorded_at,
                "source": h.source,
            }
            for h in f.status_history.all()
        ],
    }


def _arabic() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "ar").startswith("ar")


def import_job_get(*, pk: int, user) -> ImportJob | None:
    """A background import as its owner (or an administrator) sees it; None for anyone else."""
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or (job.user_id != user.pk and not user.is_superuser):
        return None
    return job
