"""403 before body validation: a caller whose role may not make a change is refused before the
API reads what it sent, so a refused caller learns nothing about the body's rules (and a wrong
body never hides a refusal behind a 422). Each operation declares its permissions
(``ihya.api_support.permission``); the authentication checks them."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

# changes the viewer (read-only role) may make: its own notifications, a report it may read
VIEWER_MAY = {"read_notifications", "start_report_job"}


def _operations():
    import ihya

    ihya.setup()
    from ihya.api import api

    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield method, re.sub(r"\{[^}]+\}", "X-1", path), op["operationId"]


def test_every_change_declares_its_permission():
    from ihya.api import api

    undeclared = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if not set(operation.methods) & {"POST", "PATCH", "PUT", "DELETE"}:
                    continue
                if operation.view_func.__name__ in VIEWER_MAY:
                    continue
                decorated = getattr(operation, "_run_decorators", [])
                if not decorated:
                    undeclared.append(operation.view_func.__name__)
    assert undeclared == []


@pytest.mark.parametrize("client_kind", ["token", "session"])
def test_a_refused_role_gets_403_whatever_it_sends(small_demo, api_for, client_for, client_kind):
    viewer = api_for("viewer") if client_kind == "token" else client_for("viewer")
    checked = 0
    for method, path, operation_id in _operations():
        if method == "get" or operation_id.rsplit("_api_", 1)[-1] in VIEWER_MAY:
            continue
        send = getattr(viewer, method)
        for body in ("{not json", '{"bogus": [1, 2, 3]}'):
            response = send(path, data=body, content_type="application/json")
            assert response.status_code == 403, (method, path, body, response.status_code)
            assert response["Content-Type"] == "application/problem+json"
        checked += 1
    assert checked >= 20


def test_the_allowed_role_still_gets_the_validation_error(small_demo, api_for):
    ministry = api_for("ministry")
    response = ministry.post(
        "/api/v1/factories", data='{"bogus": 1}', content_type="application/json"
    )
    assert response.status_code == 422
    response = ministry.post("/api/v1/decisions", data="{not json", content_type="application/json")
    assert response.status_code in (403, 422)  # the analyst may not record decisions at all


def test_a_refused_reader_gets_403_before_its_query_is_read(small_demo, api_for, actors):
    from django.contrib.auth.models import Permission

    viewer = actors["viewer"]
    # a reader without the registry's view permission: a bad limit is not read first
    group = viewer.groups.first()
    group.permissions.remove(Permission.objects.get(codename="view_factory"))
    from ihya.accounts.models import Profile

    Profile.objects.filter(user=viewer).update(permissions_version=999)
    response = api_for("viewer").get("/api/v1/factories?limit=not-a-number")
    assert response.status_code == 403
