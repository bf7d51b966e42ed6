"""Users, profiles and API tokens in the admin, audited. A user's permissions come from one
place, the role of the profile (its group is kept in step on save), and a revoked token stays
revoked: the admin can revoke tokens, never restore or move them."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ihya.accounts.models import ApiToken, Profile
from ihya.accounts.services import token_revoke
from ihya.audit.admin_support import AuditedAdmin, admin_record
from ihya.audit.services import Change


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    inlines = [ProfileInline]
    # the role (profile) decides the groups; direct permissions would bypass it
    fieldsets = [
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        profile = Profile.objects.filter(user=user).first()
        if profile is not None and profile.role:
            group = Group.objects.filter(name=profile.role).first()
            if group is not None and list(user.groups.all()) != [group]:
                user.groups.set([group])

    def log_change(self, request, obj, message):
        # the password form saves outside save_model: record that the password changed
        if isinstance(message, list) and any(
            "password" in m.get("changed", {}).get("fields", []) for m in message
        ):
            admin_record(
                request,
                [Change("update", "auth.user", str(obj.pk), None, {"password": "(changed)"})],
            )
        return super().log_change(request, obj, message)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked"]
    readonly_fields = ["user", "revoked", "prefix", "created_at", "last_used_at", "expires_at"]
    fields = ["user", "name", "revoked", "prefix", "created_at", "last_used_at", "expires_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):  # tokens are created by `ihya users token`
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        with transaction.atomic():
            for token in queryset.select_related("user"):
                token_revoke(user=token.user, token_id=token.pk, actor=request.user)
