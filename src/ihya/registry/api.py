"""Registry endpoints. Each checks the caller's permission, then calls a selector or service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from ihya.api_support import Pagination, permission
from ihya.registry.schema import ENTITIES
from ihya.registry.selectors import SORTS, factory_by_id, factory_list
from ihya.registry.services import (
    factory_create,
    factory_update,
    registry_import,
)
from ihya.uploads import uploaded

if TYPE_CHECKING:  # types only: this interface reads through selectors
    from ihya.registry.models import Factory

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

    # read from the factory itself, so that a page of a query set is all that is built
    @staticmethod
    def resolve_factory_id(factory: Factory) -> str:
        return factory.external_id

    @staticmethod
    def resolve_municipality(factory: Factory) -> str:
        return factory.municipality.code

    @staticmethod
    def resolve_isic(factory: Factory) -> str:
        return factory.activity.code


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


@router.get("/factories", response=list[FactoryOut])
@permission("registry.view_factory")
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
    if sort.lstrip("-") not in SORTS:
        raise HttpError(422, f"sort must be one of {', '.join(SORTS)} (with '-' for descending)")
    return factory_list(  # a query set: the pagination reads only its page
        status=status,
        municipality=municipality,
        isic=isic,
        ownership=ownership,
        search=q,
        sort=sort,
    )


@router.get("/factories/{factory_id}", response=FactoryOut)
@permission("registry.view_factory")
def get_factory(request, factory_id: str):
    return factory_by_id(external_id=factory_id)


@router.post("/factories", response={201: FactoryOut})
@permission("registry.add_factory")
def create_factory(request, payload: FactoryIn):
    """Create a factory. Its values obey the rules of the factories import (problems under
    ``issues``, 422); an id in use is refused with 409."""
    factory = factory_create(actor=request.user, data=payload.dict())
    return Status(201, factory)


@router.patch("/factories/{factory_id}", response=FactoryOut)
@permission("registry.change_factory")
def update_factory(request, factory_id: str, payload: FactoryPatch):
    """Change some fields of a factory. ``version`` must be the version read: a stale version
    is refused with 409 Conflict, never overwriting somebody else's change."""
    data = payload.dict(exclude_unset=True)
    factory = factory_update(
        actor=request.user, factory_id=factory_id, data=data, version=data.pop("version")
    )
    return factory


@router.post("/imports", response=ImportOut)
@permission("registry.import_registry")
def import_file(
    request, file: File[UploadedFile], entity: Form[str] = "workbook", dry_run: Form[bool] = False
):
    """Import a CSV or XLSX file (all rows validated first; nothing written on any error)."""
    if entity not in ("workbook", *ENTITIES):
        raise HttpError(422, "unknown entity")
    with uploaded(file) as path:
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
