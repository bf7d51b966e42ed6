from django.contrib import admin

from ihya.audit.admin_support import AuditedAdmin
from ihya.kpi.models import KpiActual


@admin.register(KpiActual)
class KpiActualAdmin(AuditedAdmin, admin.ModelAdmin):
    """Actuals (entered on the KPI page, by API or imported; corrected here)."""

    list_display = ["period", "indicator", "body", "municipality", "value"]
    list_filter = ["indicator", "period"]
    raw_id_fields = ["body", "municipality"]
