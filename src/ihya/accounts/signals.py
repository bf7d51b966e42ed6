"""Move ``Profile.permissions_version`` whenever a user's permissions may have changed."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete

from ihya.accounts.models import Profile

ACTIONS = {"post_add", "post_remove", "post_clear"}


def _bump(**filters) -> None:
    Profile.objects.filter(**filters).update(permissions_version=F("permissions_version") + 1)


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ACTIONS and action != "pre_clear":
        return
    if reverse:  # group.user_set changed: instance is a Group
        if action == "pre_clear":
            _bump(user__groups=instance)
        elif pk_set:
            _bump(user_id__in=pk_set)
    elif action != "pre_clear":
        _bump(user=instance)


def user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ACTIONS:
        return
    if reverse:  # permission.user_set changed
        _bump(user_id__in=pk_set) if pk_set else _bump()
    else:
        _bump(user=instance)


def group_permissions_changed(sender, instance, action, reverse, **kwargs):
    if action not in ACTIONS:
        return
    if reverse:  # permission.group_set changed: every member of those groups
        _bump()
    else:
        _bump(user__groups=instance)


def everything_changed(sender, **kwargs):
    _bump()


def connect() -> None:
    m2m_changed.connect(user_groups_changed, sender=User.groups.through, dispatch_uid="ihya-ug")
    m2m_changed.connect(
        user_permissions_changed, sender=User.user_permissions.through, dispatch_uid="ihya-up"
    )
    m2m_changed.connect(
        group_permissions_changed, sender=Group.permissions.through, dispatch_uid="ihya-gp"
    )
    post_delete.connect(everything_changed, sender=Group, dispatch_uid="ihya-gd")
    post_delete.connect(everything_changed, sender=Permission, dispatch_uid="ihya-pd")
