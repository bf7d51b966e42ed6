from django.contrib import admin

from ihya.audit.admin_support import AuditedAdmin
from ihya.linkages.models import IoSector, IoTable, SectorConcordance


class ConcordanceInline(admin.TabularInline):
    model = SectorConcordance
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # only the sectors of the table being edited (the model refuses any other)
        if db_field.name == "sector":
            table_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = IoSector.objects.filter(table_id=table_id).order_by("position")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(IoTable)
class IoTableAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["id", "name", "synthetic", "sectors_count", "unit", "created_at"]
    readonly_fields = ["sha256", "source", "folder", "summary", "versions", "sectors_count"]
    inlines = [ConcordanceInline]

    def has_add_permission(self, request):  # tables are loaded by `ihya linkages load`
        return False
