"""Uploads are bounded (IHYA_UPLOAD_MAX_MB) and workbooks checked before any reader opens them:
a zip bomb or an oversized file is refused early, quickly, with a clear message, in every path
(API import, the page import that runs in the background, the other file inputs)."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ihya.registry.models import ImportJob
from tests.zipbomb import zip_bomb

pytestmark = pytest.mark.django_db
API = "/api/v1"
CSV_HEAD = b"factory_id,name_en,municipality,isic,ownership,status\n"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = zip_bomb(tmp_path_factory.mktemp("bomb") / "registry.xlsx", gib=2, lie=True)
    return path.read_bytes()


def _bounded(call):
    """Run ``call``: under 64 MB of Python allocations at the peak, and under 10 s of this
    process's CPU — a guard against a pathological slowdown only (the check stops at its 300 MB
    limit in about 0.6 s here; that it stopped at a limit is asserted by the callers), not a
    timing: the wall clock of a busy machine is no measure."""
    tracemalloc.start()
    started = time.process_time()
    try:
        result = call()
    finally:
        elapsed = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 10, elapsed
    assert peak < 64 * 1024 * 1024, peak
    return result


def test_a_zip_bomb_is_refused_by_the_api_import(small_demo, api_for, bomb):
    client = api_for("secretary")
    upload = SimpleUploadedFile("registry.xlsx", bomb)
    response = _bounded(lambda: client.post(f"{API}/imports", {"file": upload}))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    [issue] = response.json()["issues"]
    assert issue["code"] == "workbook_too_large" and issue["field"] == "file"
    assert issue["reason_en"].startswith("The workbook expands to too much data")
    assert issue["reason_ar"] and issue["reason_ar"] != issue["reason_en"]


def test_a_zip_bomb_is_refused_by_the_page_import_before_the_job(small_demo, client_for, bomb):
    client = client_for("secretary")
    upload = SimpleUploadedFile("registry.xlsx", bomb)
    form = {"entity": "workbook", "file": upload}
    response = _bounded(lambda: client.post(reverse("registry:import"), form))
    assert response.status_code == 200  # the form again, with the reason on the file field
    assert "المصنف يتمدد إلى بيانات أكثر مما تمكن قراءته بأمان" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_is_refused_by_the_other_file_inputs(actors, client_for, api_for, bomb):
    for route in ("/linkages/analyse",):
        r = api_for("ministry").post(f"{API}{route}", {"file": SimpleUploadedFile("t.xlsx", bomb)})
        assert r.status_code == 413, (route, r.status_code)
    client = client_for("secretary")
    client.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("kpi.xlsx", bomb)
    page = client.post(reverse("kpi:import"), {"file": upload}, follow=True).content.decode()
    assert "The workbook expands to too much data" in page


def test_an_oversized_csv_is_refused_with_the_limit(small_demo, api_for, client_for, settings):
    settings.UPLOAD_MAX_MB = 1
    body = CSV_HEAD + b"X1,Mill,Misrata,1061,private,stalled\n" * 40_000  # 1.5 MB
    r = api_for("secretary").post(f"{API}/imports", {"file": SimpleUploadedFile("f.csv", body)})
    assert r.status_code == 413 and r["Content-Type"] == "application/problem+json"
    [issue] = r.json()["issues"]
    assert issue["code"] == "too_large" and issue["reason_en"] == "The file is larger than 1 MB."
    client = client_for("secretary")
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("registry:import"),
        {"entity": "factories", "file": SimpleUploadedFile("f.csv", body)},
    )
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_body_announced_too_large_is_refused_before_it_is_read(actors, client_for, settings):
    settings.UPLOAD_MAX_MB = 1
    api = Client()
    r = api.generic("POST", f"{API}/imports", b"", CONTENT_LENGTH=str(150 * 1024 * 1024))
    assert r.status_code == 413 and r["Content-Type"] == "application/problem+json"
    client = client_for("secretary")
    client.cookies["django_language"] = "en"
    r = client.generic("POST", reverse("registry:import"), b"", CONTENT_LENGTH=str(150 << 20))
    assert r.status_code == 413 and "The file is larger than 1 MB." in r.content.decode()
