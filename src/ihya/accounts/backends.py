"""Django's ModelBackend, with the user's profile loaded with the user and the permission sets
cached between requests.

Every page checks permissions, and Django's backend reads them with two queries per request.
Here the sets are cached under a key made of the user id, ``is_active``, ``is_superuser`` and the
profile's ``permissions_version``, which signals (accounts.signals) move in the database whenever
a membership, a group's permissions or a direct permission changes — so a change made by any
process (admin page, CLI, another server worker) takes effect on the next request everywhere.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

TIMEOUT = 3600


class RoleBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("profile").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def _get_permissions(self, user_obj, obj, from_name):
        profile = getattr(user_obj, "profile", None) if user_obj.is_authenticated else None
        if obj is not None or profile is None or not user_obj.is_active:
            return super()._get_permissions(user_obj, obj, from_name)
        attr = f"_{from_name}_perm_cache"
        if hasattr(user_obj, attr):
            return getattr(user_obj, attr)
        key = (
            f"perms:{user_obj.pk}:{from_name}:{int(user_obj.is_superuser)}:"
            f"{profile.permissions_version}"
        )
        perms = cache.get(key)
        if perms is None:
            perms = super()._get_permissions(user_obj, obj, from_name)
            cache.set(key, perms, TIMEOUT)
        setattr(user_obj, attr, perms)
        return perms
