from django.contrib import admin

from ihya.audit.admin_support import AuditedAdmin
from ihya.portfolio.models import PortfolioScenario


@admin.register(PortfolioScenario)
class PortfolioScenarioAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "state", "solved_at", "created_by")
    readonly_fields = ("state", "stage", "done", "total", "result", "solved_at")
    filter_horizontal = ("include", "exclude")
