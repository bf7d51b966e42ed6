"""The acronyms and terms the pages use, each with its name and a one-line explanation in the
page's language: the glossary page lists them, ``{% term "PCI" %}`` shows one as an
abbreviation whose title is its explanation, linked to its entry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    key: str  # as the pages write it: "PCI", "density"
    name: str | Promise
    explanation: str | Promise

    @property
    def acronym(self) -> bool:
        return self.key == self.key.upper()

    @property
    def label(self) -> str:
        """What a page shows: the acronym itself, or the term's name in the page's language."""
        return self.key if self.acronym else str(self.name)

    @property
    def anchor(self) -> str:
        return "term-" + "".join(c if c.isalnum() else "-" for c in self.key.lower())


TERMS = (
    Term(
        "ECI",
        _("Economic Complexity Index"),
        _("How diverse and sophisticated a country's exports are compared with other countries."),
    ),
    Term(
        "PCI",
        _("Product Complexity Index"),
        _("How much know-how a product needs, judged by the countries that export it."),
    ),
    Term(
        "RCA",
        _("Revealed comparative advantage"),
        _(
            "A product's share in a country's exports over its share in world trade; 1 or more is an advantage."
        ),
    ),
    Term(
        "COI",
        _("Complexity outlook index"),
        _("How many complex products lie near what a country already exports."),
    ),
    Term(
        "COG",
        _("Complexity outlook gain"),
        _("How much nearer complex products would come if the country started exporting this one."),
    ),
    Term(
        "density",
        _("Density"),
        _(
            "The share of a product's neighbours the country already exports with advantage (0 to 1)."
        ),
    ),
    Term(
        "distance",
        _("Distance"),
        _("1 − density: how far a product is from what the country already exports."),
    ),
    Term(
        "untapped",
        _("Untapped potential"),
        _("Export potential minus actual exports, where positive; not extra exports in total."),
    ),
    Term(
        "BACI",
        _("BACI (CEPII)"),
        _("CEPII's reconciled world trade data by exporter, importer and HS product."),
    ),
    Term("HS", _("Harmonized System"), _("The World Customs Organization's product codes.")),
    Term(
        "SITC",
        _("Standard International Trade Classification"),
        _("The United Nations' older product classification for trade statistics."),
    ),
    Term(
        "ISIC",
        _("International Standard Industrial Classification"),
        _(
            "The United Nations' classification of economic activities, used for factories' sectors."
        ),
    ),
    Term("LYD", _("Libyan dinar"), _("Libya's currency (د.ل.), divided into 1,000 dirhams.")),
    Term(
        "KPI",
        _("Key performance indicator"),
        _("A figure the plan sets a target for each quarter."),
    ),
    Term(
        "WSM",
        _("Weighted sum model"),
        _("Ranks by the weighted sum of the criteria, each scaled to 0 to 1."),
    ),
    Term(
        "TOPSIS",
        _("TOPSIS"),
        _("Ranks by closeness to the ideal factory and distance from the worst one."),
    ),
    Term(
        "PROMETHEE",
        _("PROMETHEE II"),
        _("Ranks by how much each factory is preferred to the others, criterion by criterion."),
    ),
    Term(
        "AHP",
        _("Analytic hierarchy process"),
        _("Weights from pairwise comparisons of the criteria, with a consistency check."),
    ),
    Term(
        "lambda_max",
        _("Principal eigenvalue (λmax)"),
        _(
            "The largest eigenvalue of the pairwise table; it equals the number of criteria when every judgement agrees with the others."
        ),
    ),
    Term(
        "CI",
        _("Consistency index"),
        _("(λmax − n) ÷ (n − 1) for n criteria: 0 when the pairwise judgements agree."),
    ),
    Term(
        "CR",
        _("Consistency ratio"),
        _(
            "The consistency index over that of random judgements; above 0.10 the judgements contradict each other."
        ),
    ),
    Term(
        "SHA-256",
        _("SHA-256 fingerprint"),
        _(
            "A file's fingerprint: any change to the file changes it, so it proves which file was used."
        ),
    ),
    Term(
        "API",
        _("Application programming interface"),
        _("The address where programs read and write Ihya's data with a personal token."),
    ),
    Term(
        "MILP",
        _("Mixed-integer linear programming"),
        _("The model that chooses the factories to fund within the budgets."),
    ),
    Term(
        "CP-SAT",
        _("CP-SAT solver"),
        _("Google OR-Tools' constraint solver that schedules the plan's tasks."),
    ),
)

BY_KEY = {t.key.lower(): t for t in TERMS}


def term_get(key: str) -> Term | None:
    return BY_KEY.get(str(key).lower())
