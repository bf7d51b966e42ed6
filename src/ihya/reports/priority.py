"""The priority list: the method and the weights (a table and a bar chart drawn on the server),
the candidate factories ranked (rank, name, score, stability) and, for the first ``top``, a short
"why this rank" — the criteria that carry its score — as a PDF and as its Excel twin. The ranking
is the one ``/priority/`` and ``ihya priority factories`` show (``priority.selectors``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from ihya.reports import bars, rendering
from ihya.reports.rendering import DECIMAL, NUMBER

TOP = 20  # factories explained by default
CARRY = 3  # criteria named as carrying a rank
PERCENT = "0.0%"
SCORE = "0.0000"


def stability_label(value: float) -> str:
    """The badge of ``/priority/`` in words."""
    if value >= 0.8:
        return _("stable")
    if value >= 0.5:
        return _("fairly stable")
    return _("sensitive to weights")


@dataclass
class Carry:
    name: str
    value: float | None
    missing: bool
    contribution: float
    share: float  # of the positive contributions of the factory's score

    @property
    def pct(self) -> float:
        return 100 * self.share


def _name(factory, arabic: bool) -> str:
    return (factory.name_ar or factory.name_en) if arabic else (factory.name_en or factory.name_ar)


def method_label(method: str) -> str:
    return {
        "wsm": _("Weighted sum (WSM)"),
        "topsis": _("TOPSIS: closeness to the ideal factory"),
        "promethee": _("PROMETHEE II: net outranking flow"),
    }.get(method, method)


def _why(ranking, row) -> list[Carry]:
    """The criteria carrying the factory's score: its largest contributions, each with its share
    of the positive ones (its value as recorded; ``missing`` when the worst observed stood in)."""
    from ihya.priority.selectors import explain

    e = explain(ranking, row.factory.external_id, moves=False)
    positive = sum(c for c in e.contributions if c > 0) or 1.0
    order = sorted(range(len(e.criteria)), key=lambda j: -e.contributions[j])
    return [
        Carry(
            e.criteria[j].name,
            e.values[j],
            e.imputed[j],
            e.contributions[j],
            e.contributions[j] / positive,
        )
        for j in order[:CARRY]
        if e.contributions[j] > 0
    ]


def priority_context(*, choice, lang: str, top: int = TOP, progress=None) -> dict:
    """Everything the priority list shows, in ``lang``; ``choice`` is
    ``priority.selectors.ranking_choice``'s (scenario, weights, method)."""
    from ihya.priority.selectors import factory_ranking

    report = progress or (lambda *a: None)
    arabic = lang == "ar"
    with translation.override(lang):
        report(_("Priority list"), 0, 3)
        ranking = factory_ranking(weights=choice.weights, method=choice.method)
        report(_("Priority list"), 1, 3)
        fm = ranking.matrix
        used = [fm.criteria[j] for j in ranking.used]
        total = sum(choice.weights[c.code] for c in used) or 1.0
        weights = [
            {
                "code": c.code,
                "name": c.name,
                "cost": c.cost,
                "unit": c.unit_label,
                "weight": choice.weights[c.code],
                "share": choice.weights[c.code] / total,
                "pct": 100 * choice.weights[c.code] / total,
            }
            for c in used
        ]
        weights.sort(key=lambda w: -w["weight"])
        chart = bars.horizontal(
            [w["share"] for w in weights],
            labels=[f"{100 * w['share']:.0f}%" for w in weights],
            rtl=arabic,
        )
        dropped = [c.name for c in fm.criteria if c.code in fm.dropped]
        rows = [
            {
                "rank": r.rank,
                "factory_id": r.factory.external_id,
                "name": _name(r.factory, arabic),
                "score": r.score,
                "stability": r.stability,
                "stability_label": stability_label(r.stability),
                "first": r.first,
                "missing": int(r.imputed.sum()),
            }
            for r in ranking.rows
        ]
        why = [
            {**rows[k], "carry": _why(ranking, r)}
            for k, r in enumerate(ranking.rows[: max(top, 0)])
        ]
        report(_("Priority list"), 2, 3)
        scenario = choice.scenario
        label = scenario.label if scenario else _("no saved scenario")
        dates = [f.updated_at.date() for f in fm.factories if f.updated_at]
        context = rendering.base_context(
            lang=lang,
            title=_("Priority list"),
            subtitle=_("Scenario %(scenario)s · %(method)s · %(count)s factories")
            % {"scenario": label, "method": choice.method.upper(), "count": len(rows)},
            data_date=max(dates) if dates else None,
        )
        context["method_label"] = method_label(choice.method)
    return {
        **context,
        "scenario_label": label,
        "method": choice.method,
        "weights": weights,
        "chart": chart,
        "dropped": dropped,
        "rows": rows,
        "why": why,
        "top": len(why),
        "window": ranking.window,
        "samples": ranking.samples,
        "sources": fm.sources,
    }


def priority_pdf(*, choice, lang: str, top: int = TOP, progress=None) -> bytes:
    context = priority_context(choice=choice, lang=lang, top=top, progress=progress)
    content = rendering.pdf("reports/priority.html", context, lang=lang)
    if progress:
        with translation.override(lang):
            progress(_("Priority list"), 3, 3)
    return content


def priority_xlsx(*, choice, lang: str, top: int = TOP, progress=None) -> bytes:
    """The list's twin: the weights, the ranking, and why the first ``top`` rank where they do."""
    c = priority_context(choice=choice, lang=lang, top=top, progress=progress)
    rtl = lang == "ar"
    book = rendering.workbook()
    with translation.override(lang):
        sheet = rendering.Sheet(
            book,
            _("weights"),
            [
                (_("criterion"), None),
                (_("direction"), None),
                (_("unit"), None),
                (_("weight"), "0.00"),
                (_("share of the weights"), PERCENT),
            ],
            rtl=rtl,
        )
        for w in c["weights"]:
            sheet.add(
                [
                    w["name"],
                    _("cost: smaller is better") if w["cost"] else _("benefit: larger is better"),
                    w["unit"],
                    w["weight"],
                    w["share"],
                ]
            )
        sheet.close([34, 24, 18, 10, 14])

        sheet = rendering.Sheet(
            book,
            _("ranking"),
            [
                (_("rank"), NUMBER),
                (_("factory id"), None),
                (_("factory"), None),
                (_("score"), SCORE),
                (_("stability"), PERCENT),
                (_("stability in words"), None),
                (_("first-rank acceptability"), PERCENT),
                (_("missing values"), NUMBER),
            ],
            rtl=rtl,
        )
        for r in c["rows"]:
            sheet.add(
                [
                    r["rank"],
                    r["factory_id"],
                    r["name"],
                    r["score"],
                    r["stability"],
                    r["stability_label"],
                    r["first"],
                    r["missing"],
                ]
            )
        sheet.close([8, 14, 40, 10, 10, 20, 14, 10])

        sheet = rendering.Sheet(
            book,
            _("why this rank"),
            [
                (_("rank"), NUMBER),
                (_("factory id"), None),
                (_("factory"), None),
                (_("criterion"), None),
                (_("value"), DECIMAL),
                (_("contribution"), SCORE),
                (_("share of the score"), PERCENT),
            ],
            rtl=rtl,
        )
        for r in c["why"]:
            for carry in r["carry"]:
                sheet.add(
                    [
                        r["rank"],
                        r["factory_id"],
                        r["name"],
                        carry.name,
                        carry.value,
                        carry.contribution,
                        carry.share,
                    ]
                )
        sheet.close([8, 14, 40, 34, 14, 12, 12])
    return rendering.workbook_bytes(book)
