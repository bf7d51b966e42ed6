from django.contrib import admin

from ihya.audit.admin_support import AuditedAdmin
from ihya.diagnosis.models import Cause


@admin.register(Cause)
class CauseAdmin(AuditedAdmin, admin.ModelAdmin):
    """The stall-cause taxonomy is data the administrator may extend."""

    list_display = ["code", "group", "label_ar", "label_en", "order", "active"]
    list_filter = ["group", "active"]
