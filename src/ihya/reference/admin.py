from django.contrib import admin

from ihya.reference.models import Body, HsProduct, IsicActivity, Municipality


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["code", "abbreviation", "name_ar", "name_en", "kind"]
    search_fields = ["code", "name_ar", "name_en", "abbreviation"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "district_ar", "district_en"]
    search_fields = ["code", "name_ar", "name_en", "aliases"]


@admin.register(IsicActivity)
class IsicActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "name_ar", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(HsProduct)
class HsProductAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "name_ar", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_ar", "name_en"]
