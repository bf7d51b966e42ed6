"""The pages as people use them: language and direction, login security, forms, import."""

import pytest
from django.test import Client
from django.urls import reverse

from ihya.registry.models import Factory
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_arabic_is_the_default_and_english_one_click_away(demo, client_for):
    client = client_for("viewer")
    page = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="ar" dir="rtl"' in page and "bootstrap.rtl.min.css" in page
    assert "سجل المنشآت الصناعية" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en" dir="ltr"' in page and "bootstrap.min.css" in page
    assert "Industrial registry" in page


def test_assets_are_served_locally(client_for, actors):
    page = client_for("viewer").get(reverse("dashboard")).content.decode()
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert Client().get("/static/vendor/htmx/htmx.min.js").status_code == 200


def test_login_sets_a_safe_session_cookie_and_security_headers(actors):
    client = Client()
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(reverse("dashboard"))
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"


def test_forms_need_the_csrf_token(actors):
    client = Client(enforce_csrf_checks=True)
    client.force_login(actors["ministry"])
    response = client.post(reverse("registry:factory_create"), {"external_id": "X"})
    assert response.status_code == 403


LOCKED_AR = "الحساب مغلق: محاولات تسجيل دخول كثيرة جدًا. الرجاء معاودة المحاولة في وقت لاحق."


def test_repeated_failed_logins_lock_the_account(actors):
    client = Client()
    tries = [
        client.post(reverse("login"), {"username": "viewer", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert tries == [200, 200, 200, 200, 429]  # the form again four times, then locked
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    # locked out even with the right password: 429 with the reason in Arabic, and no session
    assert response.status_code == 429
    assert response.content.decode() == LOCKED_AR
    assert "_auth_user_id" not in client.session


def test_list_filters_sorts_and_paginates(demo, client_for):
    client = client_for("viewer")
    page = client.get(reverse("registry:factory_list"), {"status": "stalled", "sort": "-jobs_lost"})
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert len(rows) == 50 and all(f.status == "stalled" for f in rows)
    lost = [f.lost_jobs for f in rows]
    assert lost == sorted(lost, reverse=True)
    partial = client.get(
        reverse("registry:factory_list"), {"q": "DEMO-000"}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in partial.content and b"factory-table" in partial.content


def test_the_list_is_kept_through_a_notes_edit_and_follows_a_change_it_shows(demo, client_for):
    from ihya.accounts.actors import Actor
    from ihya.registry.editing import factory_update

    client = client_for("viewer")
    url, params = reverse("registry:factory_list"), {"q": "DEMO-0001"}
    assert "page" in client.get(url, params).context  # drawn
    factory = Factory.objects.get(external_id="DEMO-0001")
    noted = factory_update(
        actor=Actor.cli(), factory_id="DEMO-0001", data={"notes": "called"}, version=factory.version
    )
    assert "page" not in client.get(url, params).context  # kept: the list shows no notes
    factory_update(
        actor=Actor.cli(),
        factory_id="DEMO-0001",
        data={"employees_now": 4321},
        version=noted.version,
    )
    again = client.get(url, params)
    assert [f.employees_now for f in again.context["page"].object_list] == [4321]


def test_create_and_edit_a_factory_with_optimistic_locking(demo, client_for):
    client = client_for("ministry")
    data = {
        "external_id": "NEW-1",
        "name_ar": "مصنع جديد",
        "name_en": "",
        "municipality": 1,
        "activity": _activity("2394"),
        "ownership": "public",
        "status": "stalled",
        "stalled_since": "2020-01-01",
        "employees_now": "0",
        "employees_before": "120",
    }
    data["municipality"] = _municipality("misrata")
    response = client.post(reverse("registry:factory_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    factory = Factory.objects.get(external_id="NEW-1")
    edit = reverse("registry:factory_edit", kwargs={"external_id": "NEW-1"})
    form = dict(data, version=factory.version, employees_now="10")
    assert client.post(edit, form).status_code == 302
    assert Factory.objects.get(external_id="NEW-1").employees_now == 10
    # a second user saves from the same (now stale) version: refused, nothing overwritten
    stale = dict(form, employees_now="99")
    response = client_for("secretary").post(edit, stale)
    assert response.status_code == 200
    assert (
        "Somebody saved" in response.content.decode() or "حفظ شخص آخر" in response.content.decode()
    )
    assert Factory.objects.get(external_id="NEW-1").employees_now == 10
    history = client.get(reverse("registry:factory_detail", kwargs={"external_id": "NEW-1"}))
    page = history.content.decode()
    # a person's reading: the field's name in the page's language, before and after
    assert "العاملون حالياً: <bdi>0</bdi> ← <bdi>10</bdi>" in page
    assert "employees_now" not in page


def test_validation_messages_are_in_the_users_language(demo, client_for):
    client = client_for("ministry")
    response = client.post(reverse("registry:factory_create"), {"external_id": ""})
    form = response.context["form"]
    # the service's rules (those of the factories import), on their fields, in Arabic
    for field in ("external_id", "municipality", "activity", "ownership", "status"):
        assert form.errors[field] == ["القيمة مطلوبة."]
    assert "القيمة مطلوبة." in response.content.decode()
    nameless = {
        "external_id": "NEW-2",
        "municipality": _municipality("misrata"),
        "activity": _activity("2394"),
        "ownership": "public",
        "status": "operating",
    }
    response = client.post(reverse("registry:factory_create"), nameless)
    assert response.context["form"].errors == {"name_ar": ["اكتب اسماً بالعربية أو بالإنجليزية."]}


def test_a_bad_upload_shows_the_error_table_and_writes_nothing(demo, client_for, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Factory.objects.count()
    body = (
        b"factory_id,name_en,municipality,isic,ownership,status\n"
        b"Z1,Mill,Misratta,1061,private,stalled\n"
    )
    upload = SimpleUploadedFile("bad.csv", body, content_type="text/csv")
    response = client_for("secretary").post(
        reverse("registry:import"), {"entity": "factories", "file": upload}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/factories/import/")
    assert 'id="issue-table"' in page and "Misratta" in page and "مصراتة" in page
    assert Factory.objects.count() == before


def test_export_downloads_the_registry(demo, client_for):
    response = client_for("secretary").get(reverse("registry:export", kwargs={"fmt": "xlsx"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def _activity(code):
    from ihya.reference.models import IsicActivity

    return IsicActivity.objects.get(code=code).pk


def _municipality(code):
    from ihya.reference.models import Municipality

    return Municipality.objects.get(code=code).pk


def test_an_import_runs_as_a_background_job_that_only_its_owner_sees(demo, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ihya.registry.models import ImportJob

    body = b"factory_id,name_en,municipality,isic,ownership,status\nJ1,Mill,Misrata,1061,private,stalled\n"
    upload = SimpleUploadedFile("good.csv", body, content_type="text/csv")
    client = client_for("ministry")
    response = client.post(reverse("registry:import"), {"entity": "factories", "file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("registry:import_job", kwargs={"pk": job.pk})
    assert (
        job.state == "done"
        and job.result["ok"]
        and job.result["written"]["factories"]["created"] == 1
    )
    assert Factory.objects.filter(external_id="J1").exists()
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-ok"' in page and "hx-trigger" not in page
    # what was written, per sheet in the page's language; the file's name kept as typed
    assert (
        '<div class="import-written" data-entity="factories"><strong>المنشآت</strong> · '
        "صفوف جديدة: 1، صفوف معدَّلة: 0، صفوف دون تغيير: 0</div>"
    ) in page
    assert '<bdi dir="ltr" translate="no">good.csv</bdi>' in page
    assert client_for("secretary").get(response["Location"]).status_code == 404


def test_a_running_import_says_what_it_does_in_the_page_language():
    from django.utils import translation

    from ihya.registry.models import ImportJob

    # the worker records its stage as the command line shows it, in English
    cases = {
        "factories": ("فحص المنشآت", "Checking Factories"),
        "writing products": ("كتابة المنتجات", "Writing Products"),
        "writing the audit log": ("كتابة سجل التدقيق", "Writing the audit log"),
        "": ("جارٍ الاستيراد…", "Importing…"),
    }
    for stage, (arabic, english) in cases.items():
        job = ImportJob(stage=stage)
        with translation.override("ar"):
            assert job.stage_text == arabic
        with translation.override("en"):
            assert job.stage_text == english


def test_a_user_may_show_numbers_in_arabic_indic_digits(demo, client_for):
    client = client_for("viewer")
    assert client.post(reverse("preferences"), {"digits": "arab"}).status_code == 302
    page = client.get(reverse("dashboard")).content.decode()
    assert "٤٠٠" in page  # 400 factories
    client.post(reverse("preferences"), {"digits": "latn"})
    assert ">400<" in client.get(reverse("dashboard")).content.decode()
