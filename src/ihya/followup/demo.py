"""The demo's living programme: a year of follow-up on the demo's approved plan, so a newcomer
sees the follow-up working at once — progress on the plan's steps (most on time, some late, a
few blocked) and its re-forecast (files at risk), case files in every state of the workflow,
each moved through the real workflow with its proofs (diagnoses, a committee decision approving
the revivals, production reports, export records), three past committee meetings with minutes
and decisions (one overdue), the next meeting planned, and quarterly KPI actuals. SYNTHETIC:
every number is drawn from a seeded generator."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ihya.demo import names

DAY = dt.timedelta(days=1)


@dataclass
class LivingProgramme:
    updates: int = 0
    forecast: object = None  # the plan's re-forecast version
    states: dict[str, int] = field(default_factory=dict)
    meetings: int = 0
    decisions: int = 0
    kpis: int = 0


def demo_progress(plan, today: dt.date, rng: random.Random) -> list[dict]:
    """Actuals for the steps of ``plan`` up to ``today``: each starts once its predecessors are
    done (a few days late at most); most finish on time or nearly, one in ten far later, and
    what is not finished by ``today`` is in progress — a few of those blocked."""
    steps = {t.key: t for t in plan.tasks.filter(kind="step").order_by("start_day", "id")}
    done: dict[str, dt.date] = {}
    rows = []
    for t in steps.values():
        if t.start_date is None or t.start_date >= today:
            continue
        preds = [p for p in t.predecessors if p in steps]
        if any(p not in done for p in preds):
            continue
        start = max([t.start_date + rng.randint(0, 4) * DAY] + [done[p] + DAY for p in preds])
        if start >= today:
            continue
        length = (t.finish_date - t.start_date).days
        draw = rng.random()
        slip = 0 if draw < 0.6 else rng.randint(1, 10) if draw < 0.9 else rng.randint(30, 90)
        finish = start + (length + slip) * DAY
        row = {"task_id": t.key, "actual_start": start, "actual_finish": None, "percent": None}
        if finish < today:
            done[t.key] = finish
            row.update(actual_finish=finish, percent=100.0, status="done")
        else:
            elapsed = (today - start).days / max(1, length + slip)
            row["percent"] = float(min(95, max(5, round(elapsed * 100 / 5) * 5)))
            blocked = slip >= 30 and rng.random() < 0.5
            row["status"] = "blocked" if blocked else "in_progress"
            if blocked:
                row["note"] = "بانتظار اعتماد النقد الأجنبي"
        rows.append(row)
    return rows


def followup_demo_load(*, actor=None, seed: int = 2026, time_limit: float = 20.0):
    """Add the living programme to the demo (its plan approved and started a year ago: see
    ``plan_demo_load(start=…)``). Replaces an earlier one: the demo's case files, decisions,
    meetings, task updates and KPI actuals are removed first."""
    from ihya.followup.progress import followed_plan

    baseline, _latest = followed_plan()
    if baseline is None:
        return None
    rng = random.Random(seed)
    today = dt.date.today()
    result = LivingProgramme()
    _clear()
    rows = demo_progress(baseline, today, rng)
    result.forecast = _record_progress(actor, baseline, rows, today, time_limit)
    result.updates = len(rows)
    meetings = _meetings(actor, baseline.start_date, today)
    result.meetings = len(meetings)
    result.states = _cases(actor, baseline, rows, meetings, today, rng)
    _decisions(actor, meetings, baseline, today)
    from ihya.followup.models import Decision

    result.decisions = Decision.objects.count()
    result.kpis = _kpis(actor, baseline, today, rng)
    return result


def _clear() -> None:
    from ihya.followup.models import Case, Decision, Meeting, ProductionReport, TaskUpdate
    from ihya.kpi.models import KpiActual

    with transaction.atomic():
        Case.objects.all().delete()
        Decision.objects.all().delete()
        Meeting.objects.all().delete()
        ProductionReport.objects.all().delete()
        TaskUpdate.objects.all().delete()
        KpiActual.objects.all().delete()


def _record_progress(actor, baseline, rows, today, time_limit):
    from ihya.followup.models import TaskUpdate
    from ihya.followup.progress import progress_reforecast

    factories = dict(baseline.tasks.values_list("key", "factory_id"))
    TaskUpdate.objects.bulk_create(
        TaskUpdate(
            plan_name=baseline.name,
            task_key=r["task_id"],
            factory_id=factories.get(r["task_id"], ""),
            status=r["status"],
            percent=r["percent"],
            actual_start=r["actual_start"],
            actual_finish=r["actual_finish"],
            note=r.get("note", ""),
            source="demo",
            actor_name="demo",
        )
        for r in rows
    )
    from django.utils import timezone

    for u in TaskUpdate.objects.filter(source="demo"):  # reported when it happened
        day = u.actual_finish or u.actual_start
        at = timezone.make_aware(dt.datetime.combine(min(day + DAY, today), dt.time(14, 0)))
        TaskUpdate.objects.filter(pk=u.pk).update(at=at)
    return progress_reforecast(actor=actor, as_of=today, time_limit=time_limit).plan


MEETINGS = (  # number, days after the plan's start, place
    ("LC-2026-01", -7, "وزارة الصناعة، طرابلس"),
    ("LC-2026-02", 120, "هيئة تنمية الصادرات، طرابلس"),
    ("LC-2026-03", 240, "وزارة الصناعة، طرابلس"),
)
MINUTES = (
    (
        "اعتمدت اللجنة قائمة المصانع ذات الأولوية وخطة إعادة تشغيلها، وكلّفت الأمانة بفتح ملفات "
        "المتابعة.",
        "The committee approved the priority factories and their revival plan and asked the "
        "secretariat to open their case files.",
    ),
    (
        "راجعت اللجنة تقدم العطاءات والاعتمادات المستندية، وطلبت من المصرف المركزي تسريع فتح "
        "الاعتمادات.",
        "The committee reviewed the tenders and letters of credit and asked the Central Bank to "
        "speed up the letters of credit.",
    ),
    (
        "ناقشت اللجنة الملفات المعرضة للخطر والمهام المتأخرة، وكلّفت الشركة العامة للكهرباء "
        "بإنجاز توصيلات الطاقة المتأخرة.",
        "The committee discussed the files at risk and the late tasks, and asked the electricity "
        "company to complete the late power connections.",
    ),
)


def _meetings(actor, start: dt.date, today: dt.date) -> list:
    from django.contrib.auth import get_user_model

    from ihya.followup.meetings import meeting_plan, meeting_record

    present = list(
        get_user_model()
        .objects.filter(profile__role__in=["secretariat", "committee_member"])
        .values_list("username", flat=True)
    )
    out = []
    for (number, offset, place), (ar, en) in zip(MEETINGS, MINUTES, strict=True):
        date = min(start + offset * DAY, today)
        meeting_plan(actor=actor, number=number, date=date, place=place)
        out.append(
            meeting_record(
                actor=actor,
                number=number,
                attendees=present,
                guests="ممثلو الجهات المعنية",
                minutes_ar=ar,
                minutes_en=en,
                held=True,
            )
        )
    meeting_plan(
        actor=actor, number="LC-2026-04", date=today + 10 * DAY, place="وزارة الصناعة، طرابلس"
    )
    return out


def _cases(actor, baseline, rows, meetings, today, rng) -> dict[str, int]:
    """Case files in every state, each moved through the workflow with its proofs."""
    from ihya.errors import ServiceError
    from ihya.followup.services import case_transition, decision_record, production_report_add
    from ihya.portfolio.selectors import scenario_named
    from ihya.registry.models import Factory

    planned = list(
        baseline.tasks.filter(kind="restart")
        .order_by("finish_day", "id")
        .values_list("factory_id", "finish_date")
    )
    finished = {r["task_id"]: r["actual_finish"] for r in rows if r["actual_finish"]}
    steps_of: dict[str, list[str]] = {}
    for key, fid in baseline.tasks.filter(kind="step").values_list("key", "requirement_id"):
        steps_of.setdefault(fid, []).append(key)
    planned_ids = [f for f, _ in planned]
    keep_registered = set(planned_ids[-3:])  # files not opened yet: no decision, no proof
    decision_record(
        actor=actor,
        number="LC-2026-01-1",
        taken_on=meetings[0].date,
        text_ar="اعتماد إحياء المصانع ذات الأولوية وفق المحفظة المتوازنة.",
        text_en="The revival of the priority factories of the balanced portfolio is approved.",
        factory_ids=[f for f in planned_ids if f not in keep_registered],
        approves=True,
        owner_body="ministry-industry",
        owner_person="الأمانة الفنية",
        deadline=meetings[0].date + 30 * DAY,
        meeting=meetings[0].number,
    )
    from ihya.followup.services import decision_update

    decision_update(
        actor=actor, number="LC-2026-01-1", state="done", done_on=meetings[0].date + 20 * DAY
    )
    moves: dict[str, list[str]] = {}

    def walk(fid: str, *states: str, note: str = "") -> None:
        """Move the file along ``states``; a move whose proof is missing (a requirement with no
        cost, say) leaves it where it got to."""
        moves[fid] = []
        for state in states:
            try:
                case_transition(actor=actor, factory_id=fid, to=state, note=note, view=False)
            except ServiceError:
                return
            moves[fid].append(state)

    states: dict[str, int] = {}
    for fid, _restart in planned:
        if fid in keep_registered:
            continue
        factory = Factory.objects.get(external_id=fid)
        keys = [k for r in factory.requirements.values_list("external_id", flat=True)
                for k in steps_of.get(r, [])]  # fmt: skip
        ends = [finished.get(k) for k in keys]
        path = ["diagnosed", "assessed", "prioritised", "approved", "in_revival"]
        if keys and all(ends):
            day = min(today, max(ends) + rng.randint(3, 20) * DAY)
            production_report_add(
                actor=actor, factory_id=fid, date=day, quantity=rng.randint(50, 5000),
                unit="طن", utilisation_pct=rng.randint(25, 70), note="أول إنتاج بعد التوقف",
            )  # fmt: skip
            path.append("restarted")
            if rng.random() < 0.5:
                _export(factory, today.year, rng)
                path.append("exporting")
        elif rng.random() < 0.08:
            path = path[:4]  # approved, the plan's steps not started yet
        walk(fid, *path)
    others = list(
        Factory.objects.exclude(external_id__in=planned_ids)
        .filter(diagnoses__isnull=False)
        .distinct()
        .order_by("external_id")
        .values_list("external_id", flat=True)
    )
    chosen_elsewhere = set()
    for name in (names.JOBS_FIRST, names.EXPORTS_FIRST):
        scenario = scenario_named(name)
        if scenario is not None and scenario.outcome is not None:
            chosen_elsewhere |= set(scenario.outcome.selected_ids or ())
    for n, fid in enumerate(others[:60]):
        if fid in chosen_elsewhere and n % 3 == 0:
            walk(fid, "diagnosed", "assessed", "prioritised")
        elif n % 10 == 1:
            walk(fid, "diagnosed", "assessed", "on_hold", note="بانتظار تسوية ملكية الأرض")
        elif n % 10 == 2:
            walk(fid, "diagnosed", "rejected", note="المعدات متقادمة ولا جدوى من إصلاحها")
        elif n % 10 == 3:
            walk(fid, "diagnosed", "rejected", "closed", note="أُغلق الملف بعد الرفض")
        elif n % 10 in (4, 5):
            walk(fid, "diagnosed")
        else:
            walk(fid, "diagnosed", "assessed")
    _backdate(moves, baseline.start_date, today, rng)
    from ihya.followup.models import Case

    for state in Case.objects.values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    return states


def _export(factory, year: int, rng: random.Random) -> None:
    from ihya.registry.models import ExportRecord

    product = factory.products.select_related("product").first()
    hs = product.product if product else None
    if hs is None:
        from ihya.reference.models import HsProduct

        hs = HsProduct.objects.order_by("code").first()
    ExportRecord.objects.update_or_create(
        factory=factory,
        year=year,
        product=hs,
        market=rng.choice(["TUN", "EGY", "DZA", "NER", "TCD", "ITA"]),
        defaults={"value_usd": Decimal(rng.randint(50, 900) * 1000)},
    )


def _backdate(moves, start: dt.date, today: dt.date, rng: random.Random) -> None:
    """Spread the demo's moves over the year past (they were all made now)."""
    from django.utils import timezone

    from ihya.followup.models import CaseEvent

    span = max(1, (today - start).days)
    for fid in moves:
        events = list(CaseEvent.objects.filter(case__factory__external_id=fid).order_by("id"))
        day = start - rng.randint(20, 60) * DAY
        for n, event in enumerate(events):
            day = min(today, day + rng.randint(1, max(2, span // (len(events) + 1))) * DAY)
            if n == len(events) - 1 and event.state_to in ("restarted", "exporting"):
                day = today - rng.randint(0, 10) * DAY
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
            CaseEvent.objects.filter(pk=event.pk).update(at=at)


def _decisions(actor, meetings, baseline, today) -> int:
    from ihya.followup.services import decision_record, decision_update

    second, third = meetings[1], meetings[2]
    decision_record(
        actor=actor, number="LC-2026-02-1", taken_on=second.date, meeting=second.number,
        text_ar="يفتح المصرف المركزي الاعتمادات المستندية لمعدات المصانع ذات الأولوية.",
        text_en="The Central Bank opens the letters of credit for the priority factories' "
        "equipment.",
        owner_body="central-bank", owner_person="إدارة الاعتمادات",
        deadline=second.date + 45 * DAY,
    )  # fmt: skip
    decision_update(
        actor=actor, number="LC-2026-02-1", state="done", done_on=min(today, second.date + 40 * DAY)
    )
    decision_record(
        actor=actor,
        number="LC-2026-03-1",
        taken_on=third.date,
        meeting=third.number,
        text_ar="تنجز الشركة العامة للكهرباء توصيلات الطاقة المتأخرة للمصانع المعرضة للخطر.",
        text_en="The electricity company completes the late power connections of the files at "
        "risk.",
        owner_body="electricity-company",
        owner_person="مدير التوصيلات",
        deadline=min(today - 5 * DAY, third.date + 60 * DAY),
    )  # fmt: skip  (open past its deadline: overdue)
    decision_record(
        actor=actor, number="LC-2026-03-2", taken_on=third.date, meeting=third.number,
        text_ar="تعدّ وزارة الصناعة تقريرًا عن احتياجات التدريب في المصانع المعاد تشغيلها.",
        text_en="The Ministry of Industry reports on the training needs of the restarted "
        "factories.",
        owner_body="ministry-industry", owner_person="إدارة التدريب",
        deadline=today + 30 * DAY,
    )  # fmt: skip


def _kpis(actor, baseline, today, rng) -> int:
    """Quarterly actuals of the quarters past: each target met more or less (70–105 %)."""
    from ihya.core.kpi import INDICATORS, plan_targets
    from ihya.kpi.services import kpi_record

    targets = plan_targets(baseline.start_date, baseline.targets)
    n = 0
    for indicator in INDICATORS:
        for period, target in sorted(targets.get(indicator, {}).items()):
            if period.ends >= today:
                continue
            value = round(target * rng.uniform(0.70, 1.05), 0 if indicator != "spending" else 2)
            kpi_record(actor=actor, period=period, indicator=indicator, value=Decimal(str(value)))
            n += 1
    return n
