"""Registry endpoints. Each checks the caller's permission, then calls a selector or service."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from django.http import Http404
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from ihya.api_support import Pagination, require
from ihya.core.ingest.normalize import clean_text
from ihya.reference.models import IsicActivity, Municipality
from ihya.registry.models import Factory
from ihya.registry.schema import ENTITIES
from ihya.registry.selectors import SORTS, factory_by_id, factory_list
from ihya.registry.services import (
    StaleEdit,
    factory_create,
    factory_update,
    registry_import,
)

router = Router(tags=["registry"])


class FactoryOut(Schema):
    factory_id: str
    name_ar: str
    name_en: str
    municipality: str
    isic: str
    ownership: str
    status: str
    stalled_since: dt.date | None = None
    employees_now: int | None = None
    employees_before: int | None = None
    design_capacity: Decimal | None = None
    capacity_unit: str = ""
    utilisation_pct: Decimal | None = None
    version: int

    @staticmethod
    def from_factory(f: Factory) -> FactoryOut:
        return FactoryOut(
            factory_id=f.external_id,
            name_ar=f.name_ar,
            name_en=f.name_en,
            municipality=f.municipality.code,
            isic=f.activity.code,
            ownership=f.ownership,
            status=f.status,
            stalled_since=f.stalled_since,
            employees_now=f.employees_now,
            employees_before=f.employees_before,
            design_capacity=f.design_capacity,
            capacity_unit=f.capacity_unit,
            utilisation_pct=f.utilisation_pct,
            version=f.version,
        )


class FactoryIn(Schema):
    factory_id: str
    name_ar: str = ""
    name_en: str = ""
    municipality: str
    isic: str
    ownership: str
    status: str
    stalled_since: dt.date | None = None
    employees_now: int | None = None
    employees_before: int | None = None
    design_capacity: Decimal | None = None
    capacity_unit: str = ""
    utilisation_pct: Decimal | None = None


class FactoryPatch(Schema):
    version: int
    name_ar: str | None = None
    name_en: str | None = None
    status: str | None = None
    stalled_since: dt.date | None = None
    employees_now: int | None = None
    employees_before: int | None = None
    utilisation_pct: Decimal | None = None


class IssueOut(Schema):
    sheet: str
    row: int | None
    column: str | None
    value: str | None
    code: str
    level: str
    reason_ar: str
    reason_en: str


class ImportOut(Schema):
    ok: bool
    dry_run: bool
    rows_read: dict[str, int]
    written: dict[str, dict[str, int]]
    issues: list[IssueOut]


def _references(data: dict) -> dict:
    """Codes resolved to rows; text cleaned first as the importer cleans it (no NUL or other
    control characters: PostgreSQL refuses NUL)."""
    out = {k: (clean_text(v) or "") if isinstance(v, str) else v for k, v in data.items()}
    data = out
    if "municipality" in out:
        try:
            out["municipality"] = Municipality.objects.get(code=out["municipality"])
        except Municipality.DoesNotExist as exc:
            raise HttpError(422, f"unknown municipality {data['municipality']!r}") from exc
    if "isic" in out:
        try:
            out["activity"] = IsicActivity.objects.get(
                code=out.pop("isic"), level__in=["division", "class"]
            )
        except IsicActivity.DoesNotExist as exc:
            raise HttpError(422, f"unknown ISIC division or class {data['isic']!r}") from exc
    return out


@router.get("/factories", response=list[FactoryOut])
@paginate(Pagination)
def list_factories(
    request,
    status: str | None = None,
    municipality: str | None = None,
    isic: str | None = None,
    ownership: str | None = None,
    q: str | None = None,
    sort: str = "id",
):
    """Factories with the same filters as the list page (paginated with limit and offset)."""
    require(request, "registry.view_factory")
    if sort.lstrip("-") not in SORTS:
        raise HttpError(422, f"sort must be one of {', '.join(SORTS)} (with '-' for descending)")
    qs = factory_list(
        status=status,
        municipality=municipality,
        isic=isic,
        ownership=ownership,
        search=q,
        sort=sort,
    )
    return [FactoryOut.from_factory(f) for f in qs]


@router.get("/factories/{factory_id}", response=FactoryOut)
def get_factory(request, factory_id: str):
    require(request, "registry.view_factory")
    try:
        f = factory_by_id(external_id=factory_id)
    except Factory.DoesNotExist as exc:
        raise Http404(f"no factory {factory_id!r}") from exc
    return FactoryOut.from_factory(f)


@router.post("/factories", response={201: FactoryOut})
def create_factory(request, payload: FactoryIn):
    require(request, "registry.add_factory")
    data = _references(payload.dict())
    data["external_id"] = data.pop("factory_id")
    if not data["external_id"]:
        raise HttpError(422, "factory_id is required")
    if Factory.objects.filter(external_id=data["external_id"]).exists():
        raise HttpError(409, f"factory {data['external_id']!r} exists already")
    factory = factory_create(data=data, actor=request.user)
    return Status(201, FactoryOut.from_factory(factory))


@router.patch("/factories/{factory_id}", response=FactoryOut)
def update_factory(request, factory_id: str, payload: FactoryPatch):
    """Change some fields of a factory. ``version`` must be the version read: a stale version
    is refused with 409 Conflict, never overwriting somebody else's change."""
    require(request, "registry.change_factory")
    try:
        factory = factory_by_id(external_id=factory_id)
    except Factory.DoesNotExist as exc:
        raise Http404(f"no factory {factory_id!r}") from exc
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "version"}
    try:
        updated = factory_update(
            factory=factory, data=data, version=payload.version, actor=request.user
        )
    except StaleEdit as exc:
        raise HttpError(409, f"the factory is at version {exc.args[0]}; read it again") from exc
    return FactoryOut.from_factory(
        Factory.objects.select_related("municipality", "activity").get(pk=updated.pk)
    )


@router.post("/imports", response=ImportOut)
def import_file(
    request, file: File[UploadedFile], entity: Form[str] = "workbook", dry_run: Form[bool] = False
):
    """Import a CSV or XLSX file (all rows validated first; nothing written on any error)."""
    require(request, "registry.import_registry")
    if entity not in ("workbook", *ENTITIES):
        raise HttpError(422, "unknown entity")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(file.name or "upload.csv").name
        with path.open("wb") as fh:
            for chunk in file.chunks():
                fh.write(chunk)
        result = registry_import(
            paths=[path],
            entity=None if entity == "workbook" else entity,
            dry_run=dry_run,
            actor=request.user,
        )
    return ImportOut(
        ok=result.ok,
        dry_run=result.dry_run,
        rows_read=result.rows_read(),
        written=result.written,
        issues=[
            IssueOut(
                sheet=i.sheet,
                row=i.row,
                column=i.column,
                value=i.value,
                code=i.code,
                level=i.level,
                reason_ar=ar,
                reason_en=en,
            )
            for i, ar, en in result.messages()[:1000]
        ],
    )
