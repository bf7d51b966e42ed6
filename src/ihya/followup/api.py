"""Follow-up endpoints: case files (list with filters, read with the moves the caller may make
now, move through the workflow), production reports and committee decisions. Refusals are
problem+json: 403 for a role not allowed, 409 naming each unmet precondition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from ihya.api_support import require
from ihya.followup import selectors

router = Router(tags=["follow-up"])


class CaseOut(Schema):
    factory_id: str
    name_ar: str
    name_en: str
    state: str
    held_from: str = ""
    allowed: list[str] = []
    history: list[dict] = []
    baseline_restart: dt.date | None = None
    forecast_restart: dt.date | None = None
    slip_days: int | None = None
    at_risk: bool


class TransitionIn(Schema):
    to: str = Field(..., max_length=40)
    note: str = Field("", max_length=10_000)


class ProductionIn(Schema):
    date: dt.date
    quantity: Decimal | None = Field(None, max_digits=18, decimal_places=3)
    unit: str = Field("", max_length=40)
    utilisation_pct: Decimal | None = Field(None, max_digits=5, decimal_places=2)
    note: str = Field("", max_length=10_000)


class ProductionOut(Schema):
    id: int
    factory_id: str
    date: dt.date
    quantity: Decimal | None = None
    unit: str
    utilisation_pct: Decimal | None = None
    note: str


class DecisionIn(Schema):
    number: str = Field(..., max_length=40)
    taken_on: dt.date
    text_ar: str = Field("", max_length=10_000)
    text_en: str = Field("", max_length=10_000)
    factory_ids: list[str] = Field([], max_length=1000)
    approves: bool = False
    owner_body: str | None = Field(None, max_length=40)
    owner_person: str = Field("", max_length=150)
    deadline: dt.date | None = None


class DecisionOut(Schema):
    number: str
    taken_on: dt.date
    text_ar: str
    text_en: str
    factory_ids: list[str]
    approves: bool
    owner_body: str | None = None
    owner_person: str
    deadline: dt.date | None = None
    state: str


def _case_out(view) -> dict:
    return {k: getattr(view, k) for k in CaseOut.model_fields}


def _decision_out(d) -> dict:
    return {
        "number": d.number,
        "taken_on": d.taken_on,
        "text_ar": d.text_ar,
        "text_en": d.text_en,
        "factory_ids": sorted(f.external_id for f in d.factories.all()),
        "approves": d.approves,
        "owner_body": d.owner_body.code if d.owner_body_id else None,
        "owner_person": d.owner_person,
        "deadline": d.deadline,
        "state": d.state,
    }


@router.get("/cases", response=list[CaseOut])
def list_cases(
    request,
    state: str | None = None,
    at_risk: bool | None = None,
    body: str | None = None,
    municipality: str | None = None,
):
    """Opened case files; filters: state, at_risk, body (responsible for one of the factory's
    requirements), municipality (code)."""
    require(request, "followup.view_case")
    views = selectors.case_list(state=state, at_risk=at_risk, body=body, municipality=municipality)
    return [_case_out(v) for v in views]


@router.get("/cases/{factory_id}", response=CaseOut)
def get_case(request, factory_id: str):
    """A factory's case file: its state, the states the caller may move it to now, its
    history, the plan's baseline and forecast restart and whether it is at risk."""
    from ihya.registry.selectors import factory_by_id

    require(request, "followup.view_case")
    factory = factory_by_id(external_id=factory_id)
    return _case_out(selectors.case_view(factory, actor=request.user))


@router.post("/cases/{factory_id}/transitions", response=CaseOut)
def move_case(request, factory_id: str, payload: TransitionIn):
    """Move the file to ``to`` with a ``note``: 403 when the caller's role may not, 409 naming
    each unmet precondition (or a move the workflow does not have from the file's state)."""
    from ihya.followup.services import case_transition

    require(request, "followup.view_case")
    view = case_transition(
        actor=request.user, factory_id=factory_id, to=payload.to, note=payload.note
    )
    return _case_out(view)


@router.post("/cases/{factory_id}/production-reports", response={201: ProductionOut})
def add_production(request, factory_id: str, payload: ProductionIn):
    """A dated production report of the factory (the proof of its restart)."""
    from ihya.followup.services import production_report_add

    require(request, "followup.add_productionreport")
    report = production_report_add(actor=request.user, factory_id=factory_id, **payload.dict())
    return Status(
        201,
        {
            "id": report.pk,
            "factory_id": factory_id,
            "date": report.date,
            "quantity": report.quantity,
            "unit": report.unit,
            "utilisation_pct": report.utilisation_pct,
            "note": report.note,
        },
    )


@router.get("/decisions", response=list[DecisionOut])
def list_decisions(request):
    require(request, "followup.view_decision")
    return [_decision_out(d) for d in selectors.decision_list()]


@router.post("/decisions", response={201: DecisionOut})
def add_decision(request, payload: DecisionIn):
    """Record a committee decision: its number, date, text, files, owner and deadline;
    ``approves`` when it approves the revival of its files."""
    from ihya.followup.services import decision_record

    require(request, "followup.add_decision")
    decision = decision_record(actor=request.user, **payload.dict())
    return Status(201, _decision_out(decision))
