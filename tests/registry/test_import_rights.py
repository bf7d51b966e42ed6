"""An import writes only what the importer's role may write: each entity needs its rights, and a
diagnosis is recorded by its own body (or an administrator). A refused row is reported like any
other problem and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ihya.diagnosis.models import DiagnosisCause

pytestmark = pytest.mark.django_db
API = "/api/v1"
DIAGNOSIS = (
    "factory_id,cause,severity,assessed_on,body\n{factory},electricity,4,2026-01-10,{body}\n"
)


def _post(client, factory, body, entity="diagnoses"):
    text = DIAGNOSIS.format(factory=factory, body=body).encode()
    return client.post(
        f"{API}/imports", {"entity": entity, "file": SimpleUploadedFile("d.csv", text)}
    )


def test_the_secretariat_cannot_import_a_diagnosis(small_demo, api_for):
    before = DiagnosisCause.objects.count()
    response = _post(api_for("secretary"), "DEMO-0001", "export-authority")
    result = response.json()
    assert response.status_code == 200 and result["ok"] is False  # was ok, created 1
    [issue] = result["issues"]
    assert issue["code"] == "forbidden_entity"
    assert issue["reason_en"] == "Your role may not import Diagnoses; nothing was written."
    assert issue["reason_ar"].startswith("دورك لا يسمح باستيراد")
    assert DiagnosisCause.objects.count() == before


def test_an_analyst_records_the_assessments_of_their_own_body_only(small_demo, api_for):
    before = DiagnosisCause.objects.count()
    ministry = api_for("ministry")  # a ministry analyst
    other = _post(ministry, "DEMO-0001", "export-authority").json()
    assert other["ok"] is False
    [issue] = other["issues"]
    assert (issue["row"], issue["column"], issue["value"], issue["code"]) == (
        2,
        "body",
        "export-authority",
        "other_body",
    )
    assert DiagnosisCause.objects.count() == before
    own = _post(ministry, "DEMO-0001", "ministry-industry").json()
    assert own["ok"] is True and own["written"]["diagnoses"]["created"] == 1
    assert _post(api_for("admin"), "DEMO-0002", "export-authority").json()["ok"] is True
