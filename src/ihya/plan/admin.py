from django.contrib import admin

from ihya.audit.admin_support import AuditedAdmin
from ihya.plan.models import Holiday, Team


@admin.register(Team)
class TeamAdmin(AuditedAdmin, admin.ModelAdmin):
    """The bodies' teams and their capacities: the plans built afterwards use them."""

    list_display = ["code", "body", "name_ar", "name_en", "capacity"]
    list_editable = ["capacity"]
    list_filter = ["body", "code"]
    search_fields = ["code", "name_ar", "name_en", "body__code", "body__name_ar"]


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin, admin.ModelAdmin):
    """Libya's public holidays: no task of a plan built afterwards works on them."""

    list_display = ["date", "name_ar", "name_en", "estimated"]
    list_filter = ["estimated", "name_en"]
    date_hierarchy = "date"
    search_fields = ["name_ar", "name_en"]
