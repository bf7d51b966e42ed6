"""The portfolio scenario: a one-page summary (what is funded, its cost per year against the
budget as a bar chart drawn on the server, jobs, exports, value added, the solver's status in
words, what the greedy baseline would have done), then the funded factories and requirements
(a shared requirement once, with the factories it unlocks) and the factories left out grouped by
reason; optionally the comparison with a second scenario (what each funds, the differences) —
as a PDF and as its Excel twin. It reads the scenario's stored result
(``PortfolioScenario.outcome``), the one ``/portfolio/`` shows."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ihya.portfolio.messages import REASONS, reason_group
from ihya.reports import bars, rendering, svg
from ihya.reports.rendering import DATE, MONEY, NUMBER


def status_label(status: str | None) -> str:
    """The solver's status in words (the scenario page's)."""
    return {
        None: _("not solved yet"),
        "optimal": _("Optimal"),
        "gap_reached": _("Optimal within the gap"),
        "time_limit": _("Time limit reached: the best portfolio found so far"),
        "interrupted": _("Interrupted: the best portfolio found so far"),
        "infeasible": _("Infeasible: no portfolio meets every constraint"),
        "error": _("The solver failed"),
    }.get(status, status or "")


def _greedy_sentence(result, cheapest: bool, lang: str) -> str:
    from ihya import formats

    s = result.summary
    if s.greedy_objective is None or s.objective is None:
        return _("No greedy baseline was computed for this scenario.")
    greedy, best = s.greedy_objective, s.objective
    if cheapest:
        return _(
            "Taking the factories one by one by value per unit of cost (the greedy baseline) "
            "would have cost %(greedy)s LYD, against %(best)s LYD for this portfolio."
        ) % {
            "greedy": formats.number(greedy, lang, places=0),
            "best": formats.number(best, lang, places=0),
        }
    pct = 100 * (best - greedy) / abs(greedy) if greedy else 0.0
    return _(
        "Taking the factories one by one by value per unit of cost (the greedy baseline) would "
        "have reached %(greedy)s of the objective, against %(best)s here (%(pct)s %% more)."
    ) % {
        "greedy": formats.number(greedy, lang, places=4),
        "best": formats.number(best, lang, places=4),
        "pct": formats.number(pct, lang, places=1),
    }


def _unit(years: list[dict]) -> float:
    """Millions of LYD on the chart, billions once an amount passes ten billion."""
    top = max([v for y in years for v in (y["spend"], y["budget"]) if v], default=0.0)
    return 1e9 if top >= 1e10 else 1e6


def scenario_summary(scenario, lang: str) -> dict:
    """One scenario's result as the report shows it, in ``lang`` (the active language)."""
    from ihya.portfolio.messages import reason_text

    result = scenario.outcome
    cheapest = bool(scenario.targets)
    out = {
        "scenario": scenario,
        "name": scenario.name,
        "status": result.status if result else None,
        "status_label": status_label(result.status if result else None),
        "cheapest": cheapest,
        "has_portfolio": bool(result and result.has_portfolio),
        "explanation": [e.get(lang, "") for e in (result.explanation if result else ())],
        "solved_at": scenario.solved_at,
    }
    if not out["has_portfolio"]:
        return out
    why = result.why_out or {}
    spend = [float(x) for x in result.spend or ()]
    budgets = [None if b in (None, "") else float(b) for b in result.budgets]
    years = []
    for k, year in enumerate(result.years):
        budget = budgets[k] if k < len(budgets) else None
        amount = spend[k] if k < len(spend) else 0.0
        years.append({"year": year, "spend": amount, "budget": budget})
    selected = [
        {
            "factory_id": r.factory_id,
            "name": r.name(lang),
            "district": r.district(lang),
            "jobs": r.jobs,
            "exports": r.exports,
            "value_added": r.value_added,
            "cost": r.cost or 0.0,
            "requirements": len(r.requirements or ()),
        }
        for r in result.selected
    ]
    names = {r.factory_id: r.name(lang) for r in (*result.selected, *(result.left_out or ()))}
    funded = [
        {
            "requirement_id": f.requirement_id,
            "description": f.description(lang),
            "cost": f.cost,
            "unlocks": [names.get(i, i) for i in f.unlocks],
            "shared": f.shared,
        }
        for f in result.funded or ()
    ]
    groups: dict[str, list] = {}
    for r in result.left_out or ():
        reason = why.get(r.factory_id) or {}
        groups.setdefault(reason.get("code") or "", []).append(
            {
                "factory_id": r.factory_id,
                "name": r.name(lang),
                "district": r.district(lang),
                "jobs": r.jobs,
                "why": reason_text(reason, lang),
            }
        )
    order = {code: k for k, code in enumerate(REASONS)}
    left_out = [
        {"code": code, "title": reason_group(code), "rows": rows}
        for code, rows in sorted(groups.items(), key=lambda g: order.get(g[0], len(order)))
    ]
    totals = result.totals or {}
    return {
        **out,
        "years": years,
        "cost": sum(spend),
        "budget": sum(b for b in budgets if b is not None) if any(budgets) else None,
        "selected": selected,
        "funded": funded,
        "shared": sum(f["shared"] for f in funded),
        "left_out": left_out,
        "left_out_count": sum(len(g["rows"]) for g in left_out),
        "candidates": result.candidates,
        "jobs": totals.get("jobs", 0.0),
        "exports": totals.get("exports", 0.0),
        "value_added": totals.get("value_added", 0.0),
        "greedy": _greedy_sentence(result, cheapest, lang),
        "chart": bars.columns(
            [(str(y["year"]), y["spend"], y["budget"]) for y in years],
            rtl=lang == "ar",
            unit=_unit(years),
        ),
        "unit": _("amounts in billions of LYD")
        if _unit(years) == 1e9
        else _("amounts in millions of LYD"),
    }


def _comparison(a: dict, b: dict, lang: str) -> dict:
    from ihya.portfolio.messages import reason_text
    from ihya.portfolio.selectors import comparison

    if not (a["has_portfolio"] and b["has_portfolio"]):
        return {"rows": [], "possible": False}
    rows = [
        {
            "factory_id": row["factory"].factory_id,
            "name": row["factory"].name(lang),
            "in_a": row["in_a"],
            "in_b": row["in_b"],
            "why": reason_text(row["why"], lang),
        }
        for row in comparison(a["scenario"].outcome, b["scenario"].outcome)
    ]
    both = len(
        set(r["factory_id"] for r in a["selected"]) & {r["factory_id"] for r in b["selected"]}
    )
    figures = [
        (_("Factories funded"), len(a["selected"]), len(b["selected"]), False),
        (_("Requirements funded"), len(a["funded"]), len(b["funded"]), False),
        (_("Cost"), a["cost"], b["cost"], True),
        (_("Jobs restored"), a["jobs"], b["jobs"], False),
        (_("Untapped export potential"), a["exports"], b["exports"], False),
        (_("Value added"), a["value_added"], b["value_added"], True),
    ]
    return {
        "possible": True,
        "rows": rows,
        "both": both,
        "only_a": sum(r["in_a"] for r in rows),
        "only_b": sum(r["in_b"] for r in rows),
        "figures": [
            {"label": label, "a": x, "b": y, "diff": y - x, "money": money}
            for label, x, y, money in figures
        ],
    }


def portfolio_context(*, scenario, other=None, lang: str, progress=None) -> dict:
    """Everything the report shows, in ``lang``; ``other``: a second scenario to compare."""
    report = progress or (lambda *a: None)
    with translation.override(lang):
        report(_("Portfolio report"), 0, 3)
        main = scenario_summary(scenario, lang)
        second = scenario_summary(other, lang) if other is not None else None
        report(_("Portfolio report"), 1, 3)
        subtitle = _("Scenario %(name)s · %(status)s") % {
            "name": scenario.name,
            "status": main["status_label"],
        }
        if second is not None:
            subtitle += " · " + _("compared with %(name)s") % {"name": other.name}
        solved = scenario.solved_at or scenario.updated_at
        context = rendering.base_context(
            lang=lang,
            title=_("Portfolio scenario"),
            subtitle=subtitle,
            data_date=solved.date() if solved else None,
        )
        context["legend"] = [
            (svg.swatch(svg.BLUE), _("spend in the year")),
            (bars.outline(), _("budget of the year")),
        ]
        context["compare"] = _comparison(main, second, lang) if second is not None else None
        report(_("Portfolio report"), 2, 3)
    return {**context, "main": main, "other": second}


def portfolio_pdf(*, scenario, other=None, lang: str, progress=None) -> bytes:
    context = portfolio_context(scenario=scenario, other=other, lang=lang, progress=progress)
    content = rendering.pdf("reports/portfolio.html", context, lang=lang)
    if progress:
        with translation.override(lang):
            progress(_("Portfolio report"), 3, 3)
    return content


def portfolio_xlsx(*, scenario, other=None, lang: str, progress=None) -> bytes:
    """The report's twin: summary, spend per year, funded factories, funded requirements, the
    factories left out with their reason and, with a second scenario, the comparison."""
    c = portfolio_context(scenario=scenario, other=other, lang=lang, progress=progress)
    m = c["main"]
    rtl = lang == "ar"
    book = rendering.workbook()
    with translation.override(lang):
        sheet = rendering.Sheet(
            book, _("summary"), [(_("field"), None), (_("value"), None)], rtl=rtl
        )
        rows = [
            (_("scenario"), m["name"], None),
            (_("solver's status"), m["status_label"], None),
            (_("solved on"), m["solved_at"].date() if m["solved_at"] else None, DATE),
        ]
        if m["has_portfolio"]:
            rows += [
                (_("factories funded"), len(m["selected"]), NUMBER),
                (_("candidates"), m["candidates"], NUMBER),
                (_("requirements funded"), len(m["funded"]), NUMBER),
                (_("shared requirements"), m["shared"], NUMBER),
                (_("cost (LYD)"), m["cost"], MONEY),
                (_("budget (LYD)"), m["budget"], MONEY),
                (_("jobs restored"), m["jobs"], NUMBER),
                (_("untapped export potential"), m["exports"], NUMBER),
                (_("value added (LYD)"), m["value_added"], MONEY),
                (_("greedy baseline"), m["greedy"], None),
            ]
        for line in m["explanation"]:
            rows.append((_("why infeasible"), line, None))
        for label, value, fmt in rows:
            sheet.add([label, value])
            if fmt and value is not None:
                sheet.ws.cell(row=sheet.rows + 1, column=2).number_format = fmt
        sheet.close([30, 60])
        if m["has_portfolio"]:
            _portfolio_sheets(book, m, rtl)
        if c["compare"] and c["compare"]["possible"]:
            _comparison_sheet(book, c, rtl)
    return rendering.workbook_bytes(book)


def _portfolio_sheets(book, m: dict, rtl: bool) -> None:
    sheet = rendering.Sheet(
        book,
        _("spend per year"),
        [(_("year"), NUMBER), (_("spend (LYD)"), MONEY), (_("budget (LYD)"), MONEY)],
        rtl=rtl,
    )
    for y in m["years"]:
        sheet.add([y["year"], y["spend"], y["budget"]])
    sheet.close([10, 18, 18])

    sheet = rendering.Sheet(
        book,
        _("funded factories"),
        [
            (_("factory id"), None),
            (_("factory"), None),
            (_("district"), None),
            (_("jobs"), NUMBER),
            (_("untapped export potential"), NUMBER),
            (_("value added (LYD)"), MONEY),
            (_("requirements"), NUMBER),
            (_("cost (LYD)"), MONEY),
        ],
        rtl=rtl,
    )
    for r in m["selected"]:
        sheet.add(
            [
                r["factory_id"],
                r["name"],
                r["district"],
                r["jobs"],
                r["exports"],
                r["value_added"],
                r["requirements"],
                r["cost"],
            ]
        )
    sheet.close([14, 40, 18, 10, 18, 18, 12, 18])

    sheet = rendering.Sheet(
        book,
        _("funded requirements"),
        [
            (_("requirement"), None),
            (_("description"), None),
            (_("cost (LYD)"), MONEY),
            (_("factories it unlocks"), NUMBER),
            (_("unlocks"), None),
        ],
        rtl=rtl,
    )
    for f in m["funded"]:
        sheet.add(
            [
                f["requirement_id"],
                f["description"],
                f["cost"],
                len(f["unlocks"]),
                rendering_list(f["unlocks"]),
            ]
        )
    sheet.close([16, 44, 18, 12, 50])

    sheet = rendering.Sheet(
        book,
        _("left out"),
        [
            (_("factory id"), None),
            (_("factory"), None),
            (_("district"), None),
            (_("reason"), None),
            (_("why"), None),
        ],
        rtl=rtl,
    )
    for group in m["left_out"]:
        for r in group["rows"]:
            sheet.add([r["factory_id"], r["name"], r["district"], group["title"], r["why"]])
    sheet.close([14, 40, 18, 30, 70])


def _comparison_sheet(book, c: dict, rtl: bool) -> None:
    a, b = c["main"]["name"], c["other"]["name"]
    sheet = rendering.Sheet(
        book,
        _("comparison"),
        [(_("figure"), None), (a, NUMBER), (b, NUMBER), (_("difference"), NUMBER)],
        rtl=rtl,
    )
    for f in c["compare"]["figures"]:
        sheet.add([f["label"], f["a"], f["b"], f["diff"]])
        if f["money"]:
            for column in (2, 3, 4):
                sheet.ws.cell(row=sheet.rows + 1, column=column).number_format = MONEY
    sheet.close([30, 20, 20, 20])

    sheet = rendering.Sheet(
        book,
        _("differences"),
        [(_("factory id"), None), (_("factory"), None), (a, None), (b, None), (_("why"), None)],
        rtl=rtl,
    )
    for r in c["compare"]["rows"]:
        sheet.add(
            [
                r["factory_id"],
                r["name"],
                _("funded") if r["in_a"] else "—",
                _("funded") if r["in_b"] else "—",
                r["why"],
            ]
        )
    sheet.close([14, 40, 14, 14, 70])


def rendering_list(values: list[str]) -> str:
    from ihya import formats

    return formats.list_separator(translation.get_language() or "ar").join(values)
