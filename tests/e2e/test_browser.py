"""In real Chromium: log in, switch language, edit, upload a bad file, be refused; screenshots
of the main pages in Arabic and English are saved under test-artifacts/screenshots/."""

from pathlib import Path

from tests.e2e.conftest import login, shot


def test_arabic_layout_runs_right_to_left_and_english_left_to_right(page, server):
    login(page, server, "viewer")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    width = page.viewport_size["width"]
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > width / 2  # the navigation starts on the right in Arabic
    shot(page, "dashboard-ar")
    page.click("#switch-language")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "ltr"
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] < width / 2
    shot(page, "dashboard-en")
    page.goto(server + "/factories/?status=stalled")
    shot(page, "factories-en")
    page.click("#switch-language")
    page.wait_for_load_state()
    shot(page, "factories-ar")
    page.goto(server + "/factories/DEMO-0001/")
    shot(page, "factory-ar")


def test_filtering_updates_the_table_in_place(page, server):
    login(page, server, "viewer")
    page.goto(server + "/factories/")
    page.select_option("select[name=status]", "closed")
    page.wait_for_url("**status=closed**")
    statuses = page.locator("#factory-table tbody .badge").all_inner_texts()
    assert statuses and set(statuses) == {"مغلقة"}


def test_create_and_edit_a_factory(page, server):
    login(page, server, "ministry")
    page.goto(server + "/factories/new/")
    page.fill("#id_external_id", "E2E-1")
    page.fill("#id_name_ar", "مصنع الاختبار")
    page.select_option("#id_municipality", label="مصراتة")
    page.select_option(
        "#id_activity",
        value=page.locator("#id_activity option", has_text="2394").first.get_attribute("value"),
    )
    page.select_option("#id_ownership", "public")
    page.select_option("#id_status", "stalled")
    page.click("#save")
    page.wait_for_url("**/factories/E2E-1/")
    assert page.inner_text("#factory-name") == "مصنع الاختبار"
    page.click("#edit-factory")
    page.fill("#id_employees_now", "17")
    shot(page, "factory-form-ar")
    page.click("#save")
    page.wait_for_url("**/factories/E2E-1/")
    assert "17" in page.inner_text("body")


def test_a_bad_upload_shows_the_error_table(page, server, tmp_path):
    login(page, server, "ministry")
    bad = Path(tmp_path) / "bad.csv"
    bad.write_text(
        "factory_id,name_en,municipality,isic,ownership,status\n"
        "B1,Mill,Atlantis,1061,private,stalled\n",
        encoding="utf-8",
    )
    page.goto(server + "/factories/import/")
    page.select_option("#id_entity", "factories")
    page.set_input_files("#id_file", str(bad))
    page.click("#upload")
    page.wait_for_selector("#issue-table")
    assert "Atlantis" in page.inner_text("#issue-table")
    assert page.is_visible("#import-failed")
    shot(page, "import-errors-ar")


def test_an_action_the_role_may_not_do_is_refused(page, server):
    login(page, server, "viewer")
    page.goto(server + "/factories/")
    assert page.locator("#new-factory").count() == 0
    response = page.goto(server + "/factories/new/")
    assert response.status == 403
