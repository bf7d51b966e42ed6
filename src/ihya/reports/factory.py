"""The factory profile: the registry's fields, the figures that matter to the committee (jobs
lost, what its requirements cost and what is still to fund), its diagnosis, its requirements with
cost, lead time and responsible body, its products and its case file (state, restart dates of the
approved plan against the forecast, history), its products' trade figures (RCA, PCI, density, the
markets with untapped potential) and its revival's linkages (output, value added, jobs in the
economy) — as a PDF and as its Excel twin."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ihya.reports import rendering
from ihya.reports.rendering import DATE, DECIMAL, MONEY, NUMBER


def factory_context(*, external_id: str, lang: str) -> dict:
    """Everything the profile shows, in ``lang`` (labels, names)."""
    from ihya.diagnosis.rules import cost_to_fund, is_open
    from ihya.followup.selectors import case_view
    from ihya.followup.workflow import states
    from ihya.linkages.selectors import factory_impact
    from ihya.registry.selectors import factory_file, factory_get
    from ihya.trade.selectors import factory_trade, trade_run_latest

    with translation.override(lang):
        factory = factory_get(external_id=external_id)
        file = factory_file(external_id=external_id)
        arabic = lang == "ar"
        name = (
            (factory.name_ar or factory.name_en) if arabic else (factory.name_en or factory.name_ar)
        )
        requirements = list(factory.requirements.all())
        to_fund = sum(float(cost_to_fund(r)) for r in requirements)
        total = sum(float(r.cost_lyd or 0) for r in requirements)
        case = case_view(factory)
        state = states().get(case.state)
        run = trade_run_latest()
        trade = factory_trade(factory=factory, run=run) if run else []
        impact = factory_impact(factory=factory)
        history = [
            dict(e, to=states()[e["to"]].name(lang) if e["to"] in states() else e["to"])
            for e in case.history
        ]
        context = rendering.base_context(
            lang=lang,
            title=_("Factory profile"),
            subtitle=f"{name} · {factory.external_id} · {file['municipality']}",
            data_date=factory.updated_at.date(),
        )
    return {
        **context,
        "name": name,
        "other_name": factory.name_en if arabic else factory.name_ar,
        "file": file,
        "requirements_total": total,
        "to_fund": to_fund,
        "open_requirements": sum(is_open(r) for r in requirements),
        "case": case,
        "case_state": state.name(lang) if state else case.state,
        "case_history": history[-12:],
        "trade_run": run,
        "trade": trade,
        "impact": impact,
    }


def factory_pdf(*, external_id: str, lang: str) -> bytes:
    context = factory_context(external_id=external_id, lang=lang)
    return rendering.pdf("reports/factory.html", context, lang=lang)


def factory_xlsx(*, external_id: str, lang: str) -> bytes:
    """The profile as a workbook: the fields (numbers as numbers), the requirements (costs in
    LYD), the diagnosis and the products."""
    c = factory_context(external_id=external_id, lang=lang)
    f = c["file"]
    rtl = lang == "ar"
    book = rendering.workbook()
    with translation.override(lang):
        sheet = rendering.Sheet(
            book, _("profile"), [(_("field"), None), (_("value"), None)], rtl=rtl
        )
        rows = [
            (_("factory"), c["name"], None),
            (_("other name"), c["other_name"], None),
            (_("factory id"), f["factory_id"], None),
            (_("municipality"), f["municipality"], None),
            (_("district"), f["district"], None),
            (_("industrial zone"), f["industrial_zone"], None),
            (_("activity (ISIC)"), f"{f['isic']} {f['activity']}", None),
            (_("ownership"), f["ownership"], None),
            (_("status"), f["status"], None),
            (_("stalled since"), f["stalled_since"], DATE),
            (_("employees before"), f["employees_before"], NUMBER),
            (_("employees now"), f["employees_now"], NUMBER),
            (_("jobs lost"), f["jobs_lost"], NUMBER),
            (_("design capacity"), f["design_capacity"], DECIMAL),
            (_("capacity unit"), f["capacity_unit"], None),
            (_("utilisation (%)"), f["utilisation_pct"], DECIMAL),
            (_("requirements' cost (LYD)"), c["requirements_total"], MONEY),
            (_("still to fund (LYD)"), c["to_fund"], MONEY),
            (_("case file"), c["case_state"], None),
            (_("restart in the approved plan"), c["case"].baseline_restart, DATE),
            (_("restart forecast"), c["case"].forecast_restart, DATE),
        ]
        for label, value, fmt in rows:
            sheet.add([label, value])
            if fmt and value is not None:
                sheet.ws.cell(row=sheet.rows + 1, column=2).number_format = fmt
        sheet.close([32, 48])

        sheet = rendering.Sheet(
            book,
            _("requirements"),
            [
                (_("requirement"), None),
                (_("type"), None),
                (_("description"), None),
                (_("cost (LYD)"), MONEY),
                (_("foreign currency (%)"), DECIMAL),
                (_("lead time (months)"), DECIMAL),
                (_("responsible body"), None),
                (_("status"), None),
                (_("shared with"), None),
            ],
            rtl=rtl,
        )
        for r in f["requirements"]:
            sheet.add(
                [
                    r["requirement_id"],
                    r["type"],
                    r["description"],
                    _number(r["cost_lyd"]),
                    _number(r["fx_share_pct"]),
                    _number(r["lead_time_months"]),
                    r["responsible_body"],
                    r["status"],
                    " ".join(r["shared_with"]),
                ]
            )
        sheet.close([16, 22, 40, 16, 12, 12, 30, 14, 20])

        sheet = rendering.Sheet(
            book,
            _("diagnosis"),
            [
                (_("assessed on"), DATE),
                (_("body"), None),
                (_("cause"), None),
                (_("severity"), NUMBER),
                (_("note"), None),
            ],
            rtl=rtl,
        )
        for d in f["diagnoses"]:
            for cause in d["causes"]:
                sheet.add(
                    [d["assessed_on"], d["body"], cause["cause"], cause["severity"], cause["note"]]
                )
        sheet.close([14, 30, 36, 10, 40])

        sheet = rendering.Sheet(
            book,
            _("products"),
            [
                (_("HS code"), None),
                (_("product"), None),
                (_("capacity"), DECIMAL),
                (_("unit"), None),
                (_("unit value (LYD)"), MONEY),
            ],
            rtl=rtl,
        )
        for p in f["products"]:
            sheet.add(
                [
                    p["hs"],
                    p["name"],
                    _number(p["capacity"]),
                    p["unit"],
                    _number(p["unit_value_lyd"]),
                ]
            )
        sheet.close([12, 40, 14, 10, 16])

        sheet = rendering.Sheet(
            book,
            _("trade"),
            [
                (_("HS code"), None),
                (_("product"), None),
                (_("RCA"), DECIMAL),
                (_("PCI (z-score across products)"), DECIMAL),
                (_("published PCI"), DECIMAL),
                (_("density"), DECIMAL),
                (_("world trade"), MONEY),
                (_("markets with untapped potential"), None),
            ],
            rtl=rtl,
        )
        for t in c["trade"]:
            m = t.metrics
            sheet.add(
                [
                    t.code,
                    t.name,
                    _number(m.rca) if m else None,
                    _number(t.pci_std),
                    _number(t.published_pci),
                    _number(m.density) if m else None,
                    _number(m.world_exports) if m else None,
                    " · ".join(str(k["name"]) for k in t.markets),
                ]
            )
        sheet.close([12, 36, 10, 10, 12, 10, 18, 40])
        impact = c["impact"]
        if impact is not None:
            sheet = rendering.Sheet(
                book, _("linkages"), [(_("field"), None), (_("value"), DECIMAL)], rtl=rtl
            )
            for label, value in (
                (_("sector"), f"{impact.sector.code} {impact.sector.name}"),
                (_("restored output (LYD)"), impact.restored_output_lyd),
                (_("output in the economy"), impact.output),
                (_("value added"), impact.value_added),
                (_("jobs"), impact.jobs),
                (_("imports"), impact.imports),
                (_("local share of inputs"), impact.local_share),
            ):
                sheet.add([label, _number(value) if not isinstance(value, str) else value])
            sheet.close([32, 40])
    return rendering.workbook_bytes(book)


def _number(value):
    """A Decimal from the database as a float: openpyxl writes both as numbers, but keep one type."""
    return float(value) if value is not None else None
