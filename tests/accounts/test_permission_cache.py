"""Permission sets are cached between requests, and any change of membership or of a group's
permissions takes effect on the very next request (the profile's version moves in the database)."""

import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db


def test_a_new_role_applies_on_the_next_request(small_demo, client_for, actors):
    client = client_for("viewer")
    assert client.get("/factories/new/").status_code == 403
    assert client.get("/factories/new/").status_code == 403  # now served from the cache
    actors["viewer"].groups.add(Group.objects.get(name="secretariat"))
    assert client.get("/factories/new/").status_code == 200
    actors["viewer"].groups.remove(Group.objects.get(name="secretariat"))
    assert client.get("/factories/new/").status_code == 403


def test_a_permission_taken_from_a_group_is_gone_for_its_members(small_demo, client_for):
    client = client_for("viewer")
    assert client.get("/factories/").status_code == 200
    view = Permission.objects.get(codename="view_factory", content_type__app_label="registry")
    Group.objects.get(name="viewer").permissions.remove(view)
    assert client.get("/factories/").status_code == 403
    Group.objects.get(name="viewer").permissions.add(view)
    assert client.get("/factories/").status_code == 200


def test_a_deactivated_user_is_logged_out(small_demo, client_for, actors):
    client = client_for("viewer")
    assert client.get("/factories/").status_code == 200
    actors["viewer"].is_active = False
    actors["viewer"].save()
    response = client.get("/factories/")
    assert response.status_code == 302 and "/login/" in response["Location"]
