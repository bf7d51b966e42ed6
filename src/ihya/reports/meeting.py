"""The committee's meeting pack and, once the meeting is held, its minutes: the meeting (number,
date, place, state), its agenda as ``meeting_agenda`` gives it (files at risk with their baseline
and forecast restart and the slip, decisions past their deadline with owner and days late,
approvals pending, tasks past their approved finish), the open and overdue decisions of the
register and, for a held meeting, the attendance, the minutes in Arabic and English and the
decisions taken at it — as a PDF and as its Excel twin."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from ihya import formats
from ihya.reports import rendering
from ihya.reports.rendering import DATE, NUMBER

LONG = 25  # rows of the agenda and register beyond which the pack opens with its contents


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _text(ar: str, en: str, arabic: bool) -> str:
    return (ar or en) if arabic else (en or ar)


def meeting_context(*, number: str, lang: str) -> dict:
    """Everything the pack shows, in ``lang`` (names, labels, the bodies' names)."""
    from ihya.followup.meetings import meeting_agenda, meeting_get
    from ihya.followup.selectors import decision_rows
    from ihya.reference.selectors import bodies

    arabic = lang == "ar"
    with translation.override(lang):
        meeting = meeting_get(number)
        items = meeting_agenda(meeting)
        body_names = {b.code: b.name for b in bodies()}
        at_risk = [
            {
                "factory_id": f["factory_id"],
                "name": f["name"]["ar" if arabic else "en"],
                "baseline": _date(f["baseline"]),
                "forecast": _date(f["forecast"]),
                "slip_days": f["slip_days"],
            }
            for f in items.get("at_risk", [])
        ]
        late_decisions = [
            {
                "number": d["number"],
                "text": _text(d["text_ar"], d["text_en"], arabic),
                "owner_body": body_names.get(d["owner_body"], d["owner_body"]),
                "owner_person": d["owner_person"],
                "deadline": _date(d["deadline"]),
                "days_late": d["days_late"],
            }
            for d in items.get("overdue_decisions", [])
        ]
        pending = [
            {
                "what": _("Revival of a factory") if p["kind"] == "case" else _("Executive plan"),
                "subject": (
                    f"{p['name']['ar' if arabic else 'en']} ({p['factory_id']})"
                    if p["kind"] == "case"
                    else _("%(name)s · version %(version)s")
                    % {"name": p["plan"], "version": p["version"]}
                ),
            }
            for p in items.get("pending_approvals", [])
        ]
        late_tasks = [
            {
                "key": t["key"],
                "name": _text(t["name_ar"], t["name_en"], arabic),
                "factory_id": t["factory_id"],
                "body": body_names.get(t["body"], t["body"] or "—"),
                "due": _date(t["due"]),
                "forecast": _date(t["forecast"]),
                "days_late": t["days_late"],
            }
            for t in items.get("overdue_tasks", [])
        ]
        statuses = {"open": _("open"), "overdue": _("overdue"), "done": _("done")}
        register = [
            {
                "number": r["d"].number,
                "text": _text(r["d"].text_ar, r["d"].text_en, arabic),
                "taken_on": r["d"].taken_on,
                "owner_body": str(r["d"].owner_body) if r["d"].owner_body else "",
                "owner_person": r["d"].owner_person,
                "deadline": r["d"].deadline,
                "status": statuses.get(r["status"], r["status"]),
                "overdue": r["overdue"],
            }
            for r in decision_rows(show="open")
        ]
        held = meeting.state == "held"
        taken = [
            {
                "number": d.number,
                "text": _text(d.text_ar, d.text_en, arabic),
                "owner_body": str(d.owner_body) if d.owner_body else "",
                "owner_person": d.owner_person,
                "deadline": d.deadline,
                "state": d.get_state_display(),
            }
            for d in meeting.decisions.select_related("owner_body").order_by("number")
        ]
        attendees = [
            u.get_full_name() or u.username for u in meeting.attendees.order_by("username")
        ]
        state = meeting.get_state_display()
        title = _("Meeting minutes") if held else _("Meeting pack")
        context = rendering.base_context(
            lang=lang,
            title=title,
            subtitle=_("Meeting %(number)s · %(date)s · %(state)s")
            % {"number": meeting.number, "date": formats.date(meeting.date, lang), "state": state},
            data_date=_date(items.get("as_of")) or meeting.date,
        )
    rows = len(at_risk) + len(late_decisions) + len(pending) + len(late_tasks) + len(register)
    return {
        **context,
        "meeting": meeting,
        "state": state,
        "held": held,
        "as_of": _date(items.get("as_of")),
        "at_risk": at_risk,
        "late_decisions": late_decisions,
        "pending": pending,
        "late_tasks": late_tasks,
        "register": register,
        "taken": taken,
        "attendees": attendees,
        "long": held or rows > LONG,
    }


def meeting_pdf(*, number: str, lang: str) -> bytes:
    context = meeting_context(number=number, lang=lang)
    return rendering.pdf("reports/meeting.html", context, lang=lang)


def meeting_xlsx(*, number: str, lang: str) -> bytes:
    """The pack as a workbook: the meeting (attendance and minutes too), then one sheet per part
    of the agenda, the register's open decisions and the decisions taken at the meeting."""
    c = meeting_context(number=number, lang=lang)
    m = c["meeting"]
    rtl = lang == "ar"
    book = rendering.workbook()
    with translation.override(lang):
        sheet = rendering.Sheet(
            book, _("meeting"), [(_("field"), None), (_("value"), None)], rtl=rtl
        )
        for label, value, fmt in (
            (_("meeting"), m.number, None),
            (_("date"), m.date, DATE),
            (_("place"), m.place, None),
            (_("state"), c["state"], None),
            (_("agenda as of"), c["as_of"], DATE),
            (_("files at risk"), len(c["at_risk"]), NUMBER),
            (_("decisions past their deadline"), len(c["late_decisions"]), NUMBER),
            (_("approvals pending"), len(c["pending"]), NUMBER),
            (_("tasks past their approved finish"), len(c["late_tasks"]), NUMBER),
            (_("attendees"), "، ".join(c["attendees"]) if rtl else ", ".join(c["attendees"]), None),
            (_("other attendees"), m.guests, None),
            (_("minutes (Arabic)"), m.minutes_ar, None),
            (_("minutes (English)"), m.minutes_en, None),
        ):
            sheet.add([label, value])
            if fmt and value is not None:
                sheet.ws.cell(row=sheet.rows + 1, column=2).number_format = fmt
        sheet.close([30, 80])

        sheet = rendering.Sheet(
            book,
            _("files at risk"),
            [
                (_("factory id"), None),
                (_("factory"), None),
                (_("restart in the approved plan"), DATE),
                (_("restart forecast"), DATE),
                (_("slip (days)"), NUMBER),
            ],
            rtl=rtl,
        )
        for f in c["at_risk"]:
            sheet.add([f["factory_id"], f["name"], f["baseline"], f["forecast"], f["slip_days"]])
        sheet.close([14, 40, 16, 16, 12])

        sheet = rendering.Sheet(
            book,
            _("late decisions"),
            [
                (_("decision"), None),
                (_("text"), None),
                (_("owner body"), None),
                (_("owner"), None),
                (_("deadline"), DATE),
                (_("days late"), NUMBER),
            ],
            rtl=rtl,
        )
        for d in c["late_decisions"]:
            sheet.add(
                [
                    d["number"],
                    d["text"],
                    d["owner_body"],
                    d["owner_person"],
                    d["deadline"],
                    d["days_late"],
                ]
            )
        sheet.close([12, 50, 30, 20, 14, 10])

        sheet = rendering.Sheet(
            book, _("approvals pending"), [(_("approval"), None), (_("subject"), None)], rtl=rtl
        )
        for p in c["pending"]:
            sheet.add([p["what"], p["subject"]])
        sheet.close([24, 50])

        sheet = rendering.Sheet(
            book,
            _("late tasks"),
            [
                (_("task"), None),
                (_("name"), None),
                (_("factory id"), None),
                (_("body"), None),
                (_("approved finish"), DATE),
                (_("forecast finish"), DATE),
                (_("days late"), NUMBER),
            ],
            rtl=rtl,
        )
        for t in c["late_tasks"]:
            sheet.add(
                [
                    t["key"],
                    t["name"],
                    t["factory_id"],
                    t["body"],
                    t["due"],
                    t["forecast"],
                    t["days_late"],
                ]
            )
        sheet.close([30, 44, 14, 30, 14, 14, 10])

        _decisions_sheet(book, _("open decisions"), c["register"], rtl=rtl, status=True)
        _decisions_sheet(book, _("decisions taken"), c["taken"], rtl=rtl, status=False)
    return rendering.workbook_bytes(book)


def _decisions_sheet(book, title: str, rows: list[dict], *, rtl: bool, status: bool) -> None:
    sheet = rendering.Sheet(
        book,
        title,
        [
            (_("decision"), None),
            (_("text"), None),
            (_("owner body"), None),
            (_("owner"), None),
            (_("deadline"), DATE),
            (_("state"), None),
        ],
        rtl=rtl,
    )
    for d in rows:
        sheet.add(
            [
                d["number"],
                d["text"],
                d["owner_body"],
                d["owner_person"],
                d["deadline"],
                d["status"] if status else d["state"],
            ]
        )
    sheet.close([12, 50, 30, 20, 14, 12])
