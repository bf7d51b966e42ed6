"""Forms of the registry pages. Validation messages come from Django's catalogs and ours."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ihya.reference.models import IsicActivity
from ihya.registry.models import Factory
from ihya.registry.schema import specs
from ihya.registry.services import FACTORY_EDIT_FIELDS


class FactoryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Factory
        fields = ["external_id", *FACTORY_EDIT_FIELDS]
        widgets = {
            "stalled_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].required = self.fields["name_en"].required = False  # one of them
        self.fields["activity"].queryset = IsicActivity.objects.filter(
            level__in=["division", "class"]
        ).order_by("code")
        if self.instance.pk:
            self.fields["external_id"].disabled = True
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        if not data.get("name_ar") and not data.get("name_en"):
            self.add_error("name_ar", _("Give an Arabic or an English name."))
        return data


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
