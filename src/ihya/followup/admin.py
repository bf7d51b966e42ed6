from django.contrib import admin

from ihya.audit.admin_support import AuditedAdmin
from ihya.followup.models import Decision, ProductionReport


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin, admin.ModelAdmin):
    """The committee's decisions (recorded on the pages and by API; corrected here)."""

    list_display = ["number", "taken_on", "owner_body", "owner_person", "deadline", "state"]
    list_filter = ["state", "approves", "owner_body"]
    search_fields = ["number", "text_ar", "text_en", "owner_person"]
    raw_id_fields = ["factories", "owner_body"]


@admin.register(ProductionReport)
class ProductionReportAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["factory", "date", "quantity", "unit", "utilisation_pct"]
    search_fields = ["factory__external_id", "factory__name_ar", "factory__name_en"]
    raw_id_fields = ["factory"]
