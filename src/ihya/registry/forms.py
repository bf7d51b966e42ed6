"""Forms of the registry pages. Validation messages come from Django's catalogs and ours."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ihya.reference.models import IsicActivity
from ihya.registry.editing import FACTORY_EDIT_FIELDS
from ihya.registry.models import Factory
from ihya.registry.schema import specs
from ihya.web.forms import ShowsServiceErrors


class FactoryForm(ShowsServiceErrors, forms.Form):
    """The factory's fields as the model declares them (labels, widgets, choices), parsed only:
    every rule is the service's (``registry.editing``), whose problems land on these fields."""

    FIELD_OF = {"factory_id": "external_id", "isic": "activity"}  # import column -> form field

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, factory: Factory | None = None, **kwargs):
        if factory is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **model_to_dict(factory, fields=["external_id", *FACTORY_EDIT_FIELDS]),
                "version": factory.version,
            }
        super().__init__(*args, **kwargs)
        model_fields = fields_for_model(
            Factory,
            fields=["external_id", *FACTORY_EDIT_FIELDS],
            widgets={
                "stalled_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                "notes": forms.Textarea(attrs={"rows": 3}),
            },
        )
        for name, field in model_fields.items():
            field.required = False  # what is required is the service's rule, named by its code
            self.fields[name] = field
        self.fields["activity"].queryset = IsicActivity.objects.filter(
            level__in=["division", "class"]
        ).order_by("code")
        self.fields["activity"].label = _("Economic activity")  # the acronym ISIC is the list's
        if factory is not None:
            self.fields["external_id"].disabled = True
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.order_fields(["external_id", *FACTORY_EDIT_FIELDS])

    def service_data(self) -> dict:
        """The parsed values for ``factory_create`` / ``factory_update``."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def _entity_choices() -> list[tuple[str, str]]:
    """What a file may hold, labelled from the import definitions in the page's language."""
    language = get_language() or "ar"
    return [
        ("workbook", _("Workbook: every sheet")),
        *((spec.name, spec.label(language)) for spec in specs().values()),
    ]


class ImportForm(forms.Form):
    entity = forms.ChoiceField(label=_("The file holds"), choices=_entity_choices)
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)
