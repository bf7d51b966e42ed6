"""schemathesis with a personal token of the administrator (every right: the changes are
reached) and of the viewer (the refusals): no request causes a server error, and every
documented response conforms to the OpenAPI document. Bounded: a few examples per operation."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ihya.wsgi import application

# the priority list's and the KPI report's PDFs take seconds per example: tests/web's fuzz (an
# analyst's token) and tests/reports cover them
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).exclude(
    path_regex=r"^/api/v1/reports/(priority|kpi)$"
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose handler would close
    the test's database connection (as in tests/web/test_api_fuzz.py)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["admin", "viewer"])
def token(request, small_demo, actors):
    from ihya.accounts.services import token_create

    return token_create(user=actors[request.param], name="fuzz")


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_no_server_error_and_responses_conform(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
