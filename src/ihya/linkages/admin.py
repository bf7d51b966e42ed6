from django.contrib import admin

from ihya.linkages.models import IoTable, SectorConcordance


class ConcordanceInline(admin.TabularInline):
    model = SectorConcordance
    extra = 1
    raw_id_fields = ["sector"]


@admin.register(IoTable)
class IoTableAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "synthetic", "sectors_count", "unit", "created_at"]
    readonly_fields = ["sha256", "source", "folder", "summary", "versions", "sectors_count"]
    inlines = [ConcordanceInline]
