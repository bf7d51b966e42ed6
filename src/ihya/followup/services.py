"""Follow-up use cases: moving a case file through the workflow (the caller's role and the
move's preconditions checked, the history and the audit log written in one transaction),
recording a production report and a committee decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.errors import Conflict, Forbidden, Invalid, Problem
from ihya.followup import workflow
from ihya.followup.selectors import CaseView, case_of, case_view, role_may


def _factory(factory_id: str):
    from ihya.registry.selectors import factory_by_id

    return factory_by_id(external_id=factory_id)  # NotFound: 404


def case_transition(
    *, actor, factory_id: str, to: str, note: str = "", view: bool = True
) -> CaseView | None:
    """Move the factory's case file to ``to``. ``Invalid`` (422) for an unknown state,
    ``Forbidden`` (403) when the caller's role may not make this move, ``Conflict`` (409) when
    the move does not leave the file's state or a precondition is unmet (each named, in Arabic
    and English). Opens the file on its first move. Returns the file as its caller sees it now
    (``view=False``: nothing, for a batch of moves)."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import Case, CaseEvent
    from ihya.followup.rules import unmet

    actor = Actor.of(actor)
    actor.require("followup.view_case")
    names = workflow.states()
    if to not in names:
        raise Invalid(
            Problem.of(
                "to",
                "unknown_state",
                _("“%(state)s” is not a state of a case file (%(states)s)."),
                state=to,
                states=", ".join(names),
            )
        )
    factory = _factory(factory_id)
    with transaction.atomic():
        if factory.pk:
            Case.objects.select_for_update().filter(factory=factory).first()  # serialise moves
        case = case_of(factory)
        move = workflow.transition(case.state, to)
        if move is None:
            raise Conflict(
                Problem.of(
                    "to",
                    "no_transition",
                    _("A file in the state “%(source)s” cannot move to “%(target)s”."),
                    source=_state_name(case.state),
                    target=_state_name(to),
                )
            )
        if not role_may(actor, move):
            raise Forbidden(
                Problem.of(
                    "to",
                    "role_not_allowed",
                    _("Your role may not make this move (%(move)s)."),
                    move=_Named(move),
                )
            )
        missing = unmet(case, move.preconditions, note=note, target=to)
        if missing:
            raise Conflict(*(Problem.of("to", code, reason) for code, reason in missing))
        source = case.state
        case.held_from = source if to == "on_hold" else ""
        case.state = to
        case.save()
        CaseEvent.objects.create(
            case=case, state_from=source, state_to=to, note=note, actor_name=actor.name
        )
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "update",
                    "followup.case",
                    factory.external_id,
                    {"state": source},
                    {"state": to},
                    note=note[:200],
                )
            ],
        )
    if not view:
        return None
    factory.refresh_from_db()
    return case_view(factory, actor=actor)


class _Named:
    """A name in the language active when the message is rendered (Problem.of renders each
    message in Arabic and in English)."""

    def __init__(self, named):
        self.named = named

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.named.name(get_language() or "ar")


def _state_name(code: str):
    state = workflow.states().get(code)
    return _Named(state) if state else code


def production_report_add(
    *,
    actor,
    factory_id: str,
    date: dt.date,
    quantity: Decimal | float | None = None,
    unit: str = "",
    utilisation_pct: Decimal | float | None = None,
    note: str = "",
):
    """Record what a factory produced on a date (the proof of its restart). Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import ProductionReport

    actor = Actor.of(actor)
    actor.require("followup.add_productionreport")
    factory = _factory(factory_id)
    problems = []
    if date > dt.date.today():
        problems.append(Problem.of("date", "future_date", _("The report's date is in the future.")))
    if quantity is not None and Decimal(str(quantity)) < 0:
        problems.append(Problem.of("quantity", "negative", _("The quantity is negative.")))
    if utilisation_pct is not None and not 0 <= Decimal(str(utilisation_pct)) <= 100:
        problems.append(
            Problem.of("utilisation_pct", "percent", _("The utilisation is between 0 and 100."))
        )
    if problems:
        raise Invalid(*problems)
    with transaction.atomic():
        report = ProductionReport.objects.create(
            factory=factory,
            date=date,
            quantity=quantity,
            unit=unit,
            utilisation_pct=utilisation_pct,
            note=note,
            created_by=actor.user,
        )
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "create",
                    "followup.productionreport",
                    f"{factory.external_id}/{report.pk}",
                    None,
                    {"date": date.isoformat(), "quantity": str(quantity or ""), "unit": unit},
                )
            ],
        )
    return report


def decision_record(
    *,
    actor,
    number: str,
    taken_on: dt.date,
    text_ar: str = "",
    text_en: str = "",
    factory_ids: list[str] = (),
    approves: bool = False,
    owner_body: str | None = None,
    owner_person: str = "",
    deadline: dt.date | None = None,
    meeting: str | None = None,
):
    """Record a decision of the committee (the secretariat records, the committee decides):
    its text, the files it concerns, its owner and deadline. Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import Decision
    from ihya.reference.models import Body

    actor = Actor.of(actor)
    actor.require("followup.add_decision")
    problems = []
    if not (text_ar or text_en).strip():
        problems.append(Problem.of("text_ar", "text_required", _("Write the decision's text.")))
    if not number.strip():
        problems.append(Problem.of("number", "number_required", _("Give the decision a number.")))
    elif Decision.objects.filter(number=number).exists():
        problems.append(
            Problem.of("number", "duplicate", _("Decision %(number)s exists."), number=number)
        )
    body = None
    if owner_body:
        body = Body.objects.filter(code=owner_body).first()
        if body is None:
            problems.append(
                Problem.of("owner_body", "unknown_body", _("No body %(code)s."), code=owner_body)
            )
    held_at = None
    if meeting:
        from ihya.followup.models import Meeting

        held_at = Meeting.objects.filter(number=meeting).first()
        if held_at is None:
            problems.append(
                Problem.of("meeting", "unknown_meeting", _("No meeting %(n)s."), n=meeting)
            )
    if deadline is not None and deadline < taken_on:
        problems.append(
            Problem.of("deadline", "deadline_before", _("The deadline is before the decision."))
        )
    if problems:
        raise Invalid(*problems)
    factories = [_factory(f) for f in factory_ids]
    with transaction.atomic():
        decision = Decision.objects.create(
            number=number,
            taken_on=taken_on,
            text_ar=text_ar,
            text_en=text_en,
            approves=approves,
            owner_body=body,
            owner_person=owner_person,
            deadline=deadline,
            meeting=held_at,
            created_by=actor.user,
        )
        decision.factories.set(factories)
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "create",
                    "followup.decision",
                    number,
                    None,
                    {
                        "text": text_ar or text_en,
                        "factories": sorted(factory_ids),
                        "approves": approves,
                        "deadline": deadline.isoformat() if deadline else None,
                    },
                )
            ],
        )
    return decision


def decision_update(
    *,
    actor,
    number: str,
    state: str,
    done_on: dt.date | None = None,
    expected_state: str | None = None,
):
    """Follow a decision up: done (on a date, today by default), cancelled, or open again.
    ``expected_state``: the state the caller saw — a ``Conflict`` (409, code ``stale``) when
    somebody changed it meanwhile, never overwriting their change. Audited."""
    from ihya.accounts.actors import Actor
    from ihya.audit.services import Change, audit_record
    from ihya.followup.models import Decision
    from ihya.followup.selectors import decision_list

    actor = Actor.of(actor)
    actor.require("followup.change_decision")
    decision = decision_list().filter(number=number).first()
    if decision is None:
        from ihya.errors import NotFound

        raise NotFound(Problem.of(None, "not_found", _("No decision %(n)s."), n=number))
    if state not in Decision.State.values:
        raise Invalid(
            Problem.of(
                "state",
                "bad_state",
                _("The state is one of %(codes)s."),
                codes=", ".join(Decision.State.values),
            )
        )
    done_on = (done_on or dt.date.today()) if state == "done" else None
    if done_on and done_on > dt.date.today():
        raise Invalid(Problem.of("done_on", "future_date", _("The date is in the future.")))
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if expected_state is not None and decision.state != expected_state:
            raise Conflict(
                Problem.of(
                    "state",
                    "stale",
                    _(
                        "Somebody changed this decision meanwhile (it is now %(state)s). "
                        "Reload the page, then decide again."
                    ),
                    state=decision.get_state_display(),
                )
            )
        before = {"state": decision.state, "done_on": str(decision.done_on or "")}
        decision.state, decision.done_on = state, done_on
        decision.save(update_fields=["state", "done_on"])
        audit_record(
            actor=actor,
            changes=[
                Change(
                    "update",
                    "followup.decision",
                    number,
                    before,
                    {"state": state, "done_on": str(done_on or "")},
                )
            ],
        )
    return decision
