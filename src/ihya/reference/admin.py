from django.contrib import admin

from ihya.audit.admin_support import AuditedAdmin
from ihya.reference.models import Body, HsProduct, IsicActivity, Municipality


@admin.register(Body)
class BodyAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["code", "abbreviation", "name_ar", "name_en", "kind"]
    search_fields = ["code", "name_ar", "name_en", "abbreviation"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "district_ar", "district_en"]
    search_fields = ["code", "name_ar", "name_en", "aliases"]


@admin.register(IsicActivity)
class IsicActivityAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["code", "level", "name_ar", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(HsProduct)
class HsProductAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["code", "level", "name_ar", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_ar", "name_en"]
