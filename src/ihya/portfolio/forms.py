"""The scenario builder: budgets per year, weights, decisions, regional minimums."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ihya.core.ingest.normalize import ParseError, parse_decimal
from ihya.portfolio.selectors import (
    DEFAULT_WEIGHTS,
    VALUES,
    candidate_districts,
    candidates,
    district_labels,
)
from ihya.web.forms import ShowsServiceErrors

WEIGHT_LABELS = {
    "jobs": _("Jobs restored"),
    "exports": _("Untapped export potential"),
    "value_added": _("Value added with its multiplier"),
    "priority": _("Priority score"),
}


def _amounts(text: str, *, required: bool) -> list[float]:
    """ "50,000,000; 40 000 000" or Arabic-Indic digits -> floats, one per plan year."""
    parts = [p for p in text.replace("؛", ";").replace("\n", ";").split(";") if p.strip()]
    if required and not parts:
        raise forms.ValidationError(_("Give at least one yearly budget."))
    out = []
    for part in parts:
        try:
            value = parse_decimal(part)
        except ParseError:
            value = None
        if value is None:
            raise forms.ValidationError(
                _("“%(value)s” is not an amount.") % {"value": part.strip()}
            )
        out.append(float(value))
    return out


def _amount(value: float) -> str:
    """An amount as typed back into the form, exactly (no 5.23457e+07)."""
    return f"{value:.0f}" if float(value).is_integer() else repr(float(value))


class ScenarioForm(ShowsServiceErrors, forms.Form):
    """The builder's fields, parsed only (amounts as typed in Libya, percentages); every rule is
    ``services.portfolio_scenario_save``'s, whose problems land on these fields."""

    name = forms.CharField(label=_("Name"), max_length=120)
    budgets = forms.CharField(
        label=_("Yearly budgets (LYD)"),
        help_text=_(
            "One amount per plan year, separated by semicolons: 50000000; 40000000; 30000000"
        ),
    )
    fx_budgets = forms.CharField(
        label=_("Yearly foreign-currency budgets (LYD)"),
        required=False,
        help_text=_("Optional; the same years, for the foreign-currency part of the requirements."),
    )
    include = forms.ModelMultipleChoiceField(
        label=_("Must include"), queryset=candidates(), required=False
    )
    exclude = forms.ModelMultipleChoiceField(
        label=_("Must exclude"), queryset=candidates(), required=False
    )
    time_limit = forms.FloatField(label=_("Time limit (s)"), initial=30)
    gap = forms.FloatField(label=_("Relative gap"), initial=1e-4)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["include"].queryset = candidates()
        self.fields["exclude"].queryset = candidates()
        for name in VALUES:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=WEIGHT_LABELS[name], required=False, initial=DEFAULT_WEIGHTS.get(name, 0)
            )
        for name in VALUES:
            self.fields[f"t_{name}"] = forms.FloatField(label=WEIGHT_LABELS[name], required=False)
        self.regions = candidate_districts()
        labels = district_labels()
        for k, region in enumerate(self.regions):
            self.fields[f"region_{k}"] = forms.FloatField(
                label=labels.get(region, region), required=False
            )

    def clean_budgets(self):
        return _amounts(self.cleaned_data["budgets"], required=True)

    def clean_fx_budgets(self):
        return _amounts(self.cleaned_data.get("fx_budgets") or "", required=False)

    def service_data(self) -> dict:
        """The parsed values for ``portfolio_scenario_save``."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "budgets": data["budgets"],
            "fx_budgets": data["fx_budgets"],
            "weights": {name: data.get(f"w_{name}") or 0 for name in VALUES},
            "targets": {name: data.get(f"t_{name}") or 0 for name in VALUES},
            "region_minimums": {
                region: (data.get(f"region_{k}") or 0) / 100
                for k, region in enumerate(self.regions)
            },
            "include": [f.external_id for f in data.get("include") or ()],
            "exclude": [f.external_id for f in data.get("exclude") or ()],
            "time_limit": data["time_limit"],
            "gap": data["gap"],
            "version": data.get("version"),
        }

    @classmethod
    def initial_from(cls, scenario) -> dict:
        initial = {
            "name": scenario.name,
            "budgets": "; ".join(_amount(b) for b in scenario.budgets),
            "fx_budgets": "; ".join(_amount(b) for b in scenario.fx_budgets or ()),
            "include": list(scenario.include.all()),
            "exclude": list(scenario.exclude.all()),
            "time_limit": scenario.time_limit,
            "gap": scenario.gap,
            "version": scenario.version,
        }
        for name in VALUES:
            initial[f"w_{name}"] = scenario.weights.get(name, 0)
            if scenario.targets.get(name):
                initial[f"t_{name}"] = scenario.targets[name]
        for k, region in enumerate(candidate_districts()):
            share = scenario.region_minimums.get(region)
            if share:
                initial[f"region_{k}"] = round(100 * share, 3)
        return initial
