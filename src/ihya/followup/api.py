"""Follow-up endpoints: case files (list with filters, read with the moves the caller may make
now, move through the workflow), production reports and committee decisions. Refusals are
problem+json: 403 for a role not allowed, 409 naming each unmet precondition."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from ihya.api_support import permission
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
    meeting: str | None = Field(None, max_length=40)


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
    done_on: dt.date | None = None
    meeting: str | None = None


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
        "done_on": d.done_on,
        "meeting": d.meeting.number if d.meeting_id else None,
    }


@router.get("/cases", response=list[CaseOut])
@permission("followup.view_case")
def list_cases(
    request,
    state: str | None = None,
    at_risk: bool | None = None,
    body: str | None = None,
    municipality: str | None = None,
):
    """Opened case files; filters: state, at_risk, body (responsible for one of the factory's
    requirements), municipality (code)."""
    views = selectors.case_list(state=state, at_risk=at_risk, body=body, municipality=municipality)
    return [_case_out(v) for v in views]


@router.get("/cases/{factory_id}", response=CaseOut)
@permission("followup.view_case")
def get_case(request, factory_id: str):
    """A factory's case file: its state, the states the caller may move it to now, its
    history, the plan's baseline and forecast restart and whether it is at risk."""
    from ihya.registry.selectors import factory_by_id

    factory = factory_by_id(external_id=factory_id)
    return _case_out(selectors.case_view(factory, actor=request.user))


@router.post("/cases/{factory_id}/transitions", response=CaseOut)
@permission("followup.move_case", "followup.view_case")
def move_case(request, factory_id: str, payload: TransitionIn):
    """Move the file to ``to`` with a ``note``: 403 when the caller's role may not, 409 naming
    each unmet precondition (or a move the workflow does not have from the file's state)."""
    from ihya.followup.services import case_transition

    view = case_transition(
        actor=request.user, factory_id=factory_id, to=payload.to, note=payload.note
    )
    return _case_out(view)


@router.post("/cases/{factory_id}/production-reports", response={201: ProductionOut})
@permission("followup.add_productionreport")
def add_production(request, factory_id: str, payload: ProductionIn):
    """A dated production report of the factory (the proof of its restart)."""
    from ihya.followup.services import production_report_add

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
@permission("followup.view_decision")
def list_decisions(request):
    return [_decision_out(d) for d in selectors.decision_list()]


@router.post("/decisions", response={201: DecisionOut})
@permission("followup.add_decision")
def add_decision(request, payload: DecisionIn):
    """Record a committee decision: its number, date, text, files, owner and deadline;
    ``approves`` when it approves the revival of its files."""
    from ihya.followup.services import decision_record

    decision = decision_record(actor=request.user, **payload.dict())
    return Status(201, _decision_out(decision))


class DecisionStateIn(Schema):
    state: str = Field(..., max_length=10)
    done_on: dt.date | None = None
    # the state the caller saw: 409 when somebody changed it meanwhile
    expected_state: str | None = Field(None, max_length=10)


@router.post("/decisions/{path:number}/state", response=DecisionOut)
@permission("followup.change_decision")
def set_decision_state(request, number: str, payload: DecisionStateIn):
    """Follow a decision up: ``done`` (on ``done_on``, today by default), ``cancelled``, or
    ``open`` again."""
    from ihya.followup.services import decision_update

    decision = decision_update(actor=request.user, number=number, **payload.dict())
    return _decision_out(decision)


# -- progress --------------------------------------------------------------------------------


class TaskOut(Schema):
    key: str
    name_ar: str
    name_en: str
    factory_id: str
    requirement_id: str
    body: str
    status: str
    percent: float | None = None
    due: dt.date | None = None
    forecast_start: dt.date | None = None
    forecast_finish: dt.date | None = None
    overdue_days: int
    note: str = ""


class TaskUpdateIn(Schema):
    task_key: str = Field(..., max_length=200)
    status: str = Field(..., max_length=12)
    percent: float | None = None
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    note: str = Field("", max_length=10_000)


class TaskUpdateOut(Schema):
    id: int
    task_key: str
    status: str
    percent: float | None = None
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    note: str
    by: str


class ReforecastIn(Schema):
    as_of: dt.date | None = None
    time_limit: float = Field(30.0, gt=0, le=600)


class ReforecastOut(Schema):
    plan: str
    version: int
    tasks_with_actuals: int
    turned_at_risk: list[str]
    moved: dict[str, list[dt.date | None]]


class EvidenceOut(Schema):
    id: int
    factory_id: str
    name: str
    content_type: str
    size: int
    sha256: str
    url: str


def _task_out(r) -> dict:
    t, u = r.task, r.update
    return {
        "key": t.key,
        "name_ar": t.name_ar,
        "name_en": t.name_en,
        "factory_id": t.factory_id,
        "requirement_id": t.requirement_id,
        "body": t.body,
        "status": r.status,
        "percent": u.percent if u else t.percent,
        "due": r.due,
        "forecast_start": t.start_date,
        "forecast_finish": t.finish_date,
        "overdue_days": r.overdue_days,
        "note": u.note if u else "",
    }


@router.get("/tasks", response=list[TaskOut])
@permission("followup.view_taskupdate")
def list_tasks(
    request, factory_id: str | None = None, body: str | None = None, overdue: bool = False
):
    """The steps of the plan followed (its latest version), with their latest update and how
    many days each is past its approved finish."""
    from ihya.followup.progress import task_rows

    rows = task_rows(factory_id=factory_id, body=body, overdue_only=overdue)
    return [_task_out(r) for r in rows]


@router.post("/task-updates", response={201: TaskUpdateOut})
@permission("followup.add_taskupdate")
def add_task_update(request, payload: TaskUpdateIn):
    """Progress on a task: status (not_started, in_progress, blocked, done), percent, actual
    dates, note. Feeds the next re-forecast."""
    from ihya.followup.progress import task_update

    u = task_update(actor=request.user, source="api", **payload.dict())
    return Status(
        201,
        {
            "id": u.pk,
            "task_key": u.task_key,
            "status": u.status,
            "percent": u.percent,
            "actual_start": u.actual_start,
            "actual_finish": u.actual_finish,
            "note": u.note,
            "by": u.actor_name,
        },
    )


@router.post("/progress/reforecast", response=ReforecastOut)
@permission("plan.build_plan")
def reforecast(request, payload: ReforecastIn):
    """Re-forecast the plan followed from the latest update of each task: a new version; the
    restarts that moved and the files that turned at risk."""
    from ihya.followup.progress import progress_reforecast

    result = progress_reforecast(actor=request.user, **payload.dict())
    return {
        "plan": result.plan.name,
        "version": result.plan.version,
        "tasks_with_actuals": result.updated,
        "turned_at_risk": result.turned_at_risk,
        "moved": {k: list(v) for k, v in result.moved.items()},
    }


def _evidence_out(e) -> dict:
    from django.urls import reverse

    return {
        "id": e.pk,
        "factory_id": e.factory.external_id,
        "name": e.name,
        "content_type": e.content_type,
        "size": e.size,
        "sha256": e.sha256,
        "url": reverse("followup:evidence", args=[e.pk]),
    }


@router.post("/cases/{factory_id}/evidence", response={201: EvidenceOut})
@permission("followup.add_evidence")
def add_evidence(
    request,
    factory_id: str,
    file: File[UploadedFile],
    note: Form[str] = "",
    task_key: Form[str] = "",
):
    """Attach a document (PDF, PNG, JPEG, XLSX; at most IHYA_ATTACHMENT_MAX_MB) to the file."""
    from django.conf import settings

    from ihya.errors import Invalid, Problem
    from ihya.followup.progress import evidence_add

    if file.size > settings.ATTACHMENT_MAX_MB * 1024 * 1024:
        raise Invalid(
            Problem.of(
                "file", "too_large", _("The file is larger than %(mb)s MB."),
                mb=settings.ATTACHMENT_MAX_MB,
            )
        )  # fmt: skip
    e = evidence_add(
        actor=request.user,
        factory_id=factory_id,
        name=file.name or "file",
        data=file.read(),
        note=note,
        task_key=task_key,
    )
    return Status(201, _evidence_out(e))


@router.get("/cases/{factory_id}/evidence", response=list[EvidenceOut])
@permission("followup.view_evidence")
def list_evidence(request, factory_id: str):
    from ihya.followup.progress import evidence_list

    return [_evidence_out(e) for e in evidence_list(factory_id=factory_id)]


# -- committee meetings ----------------------------------------------------------------------


class MeetingIn(Schema):
    number: str = Field(..., max_length=40)
    date: dt.date
    place: str = Field("", max_length=200)


class MeetingRecordIn(Schema):
    attendees: list[str] | None = Field(None, max_length=200)
    guests: str | None = Field(None, max_length=10_000)
    minutes_ar: str | None = Field(None, max_length=100_000)
    minutes_en: str | None = Field(None, max_length=100_000)
    held: bool = False
    # the meeting's version the caller read: 409 (code ``stale``) when somebody saved it since;
    # omitted: saved without the check
    version: int | None = None


class MeetingOut(Schema):
    number: str
    date: dt.date
    place: str
    state: str
    attendees: list[str]
    guests: str
    minutes_ar: str
    minutes_en: str
    decisions: list[str]
    agenda: dict
    version: int  # bumped by every save that changes the record; send it back to record it


def _meeting_out(m) -> dict:
    from ihya.followup.meetings import meeting_agenda

    return {
        "number": m.number,
        "date": m.date,
        "place": m.place,
        "state": m.state,
        "attendees": sorted(u.username for u in m.attendees.all()),
        "guests": m.guests,
        "minutes_ar": m.minutes_ar,
        "minutes_en": m.minutes_en,
        "decisions": sorted(d.number for d in m.decisions.all()),
        "agenda": meeting_agenda(m),
        "version": m.version,
    }


@router.get("/agenda")
@permission("followup.view_meeting")
def get_agenda(request, as_of: dt.date | None = None):
    """What the committee must look at: tasks past their approved finish, files at risk,
    approvals pending, decisions past their deadline."""
    from ihya.followup.meetings import agenda

    return agenda(as_of)


@router.get("/meetings", response=list[MeetingOut])
@permission("followup.view_meeting")
def list_meetings(request):
    from ihya.followup.meetings import meeting_list

    return [_meeting_out(m) for m in meeting_list()]


@router.post("/meetings", response={201: MeetingOut})
@permission("followup.add_meeting")
def plan_meeting(request, payload: MeetingIn):
    from ihya.followup.meetings import meeting_plan

    return Status(201, _meeting_out(meeting_plan(actor=request.user, **payload.dict())))


# (before the meeting's own path: a number may hold a slash, as in 3/2026)
@router.post("/meetings/{path:number}/record", response=MeetingOut)
@permission("followup.change_meeting")
def record_meeting(request, number: str, payload: MeetingRecordIn):
    """Attendance (usernames), other attendees, minutes; ``held`` closes the meeting and keeps
    its agenda. ``version``: the meeting's version read — a 409 (code ``stale``) when somebody
    saved the record since, nothing overwritten; without it the save is not checked."""
    from ihya.followup.meetings import meeting_record

    return _meeting_out(meeting_record(actor=request.user, number=number, **payload.dict()))


@router.get("/meetings/{path:number}", response=MeetingOut)
@permission("followup.view_meeting")
def get_meeting(request, number: str):
    """A meeting with its agenda (live until held, then as it was), attendance, minutes and
    the decisions taken at it."""
    from ihya.followup.meetings import meeting_get

    return _meeting_out(meeting_get(number))
