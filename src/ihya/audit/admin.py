from django.contrib import admin

from ihya.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (the database refuses changes anyway)."""

    list_display = ["id", "at", "actor_name", "action", "entity", "object_id"]
    list_filter = ["action", "entity"]
    search_fields = ["object_id", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
