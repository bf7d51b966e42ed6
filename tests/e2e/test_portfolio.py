"""The portfolio in real Chromium: a demo scenario's result with its charts, then a new scenario
built in the form, solved by the worker with progress on the page, and compared."""

from tests.e2e.conftest import login, shot


def test_a_solved_scenario_shows_its_portfolio_and_charts(page, server):
    login(page, server, "viewer")
    page.click("#nav-portfolio")
    page.wait_for_load_state()
    assert page.locator("#scenario-list tbody tr").count() >= 2
    page.locator("#scenario-list a", has_text="متوازن (تجريبي)").click()
    page.wait_for_selector("#curve-chart[data-ready='1'] canvas", timeout=15000)
    # the charts folded in <details> are drawn when opened
    page.click("#spend-details > summary")
    page.wait_for_selector("#spend-chart[data-ready='1'] canvas", timeout=15000)
    page.click("#funded-details > summary")
    page.wait_for_selector("#selected-chart[data-ready='1'] canvas", timeout=15000)
    assert page.locator("#selected-chart canvas").bounding_box()["height"] > 100
    assert page.locator("#selected-table tbody tr").count() > 5
    assert page.locator("#left-out .left-out-group").count() > 0
    assert page.get_attribute("html", "dir") == "rtl"
    shot(page, "portfolio-ar")
    assert page.locator("#solve-button").count() == 0  # a viewer reads only
    page.click("#switch-language")
    page.wait_for_selector("#curve-chart[data-ready='1'] canvas", timeout=15000)
    assert "Chosen factories" in page.content()
    shot(page, "portfolio-en")
    page.click("#switch-language")
    page.wait_for_load_state()


def test_build_solve_and_compare_a_scenario(page, server):
    login(page, server, "ministry")
    page.goto(server + "/portfolio/")
    budgets = page.request.get(f"{server}/api/v1/portfolio/scenarios").json()[0]["budgets"]
    page.click("#new-scenario")
    page.fill("#id_name", "نصف الميزانية")
    page.fill("#id_budgets", "؛ ".join(f"{b / 2:.0f}" for b in budgets))
    page.fill("#id_w_jobs", "1")
    page.fill("#id_w_exports", "0")
    page.fill("#id_w_value_added", "0")
    page.click("#save-button")
    page.wait_for_load_state()
    page.wait_for_selector("#not-solved")
    page.click("#solve-button")
    # the worker solves in the background; the progress block polls and the page refreshes
    # onto the decision page (its details, the funded list among them, folded below)
    page.wait_for_selector("#decision-summary", timeout=60000)
    assert page.locator("#selected-table").count() == 1
    assert page.locator("#solve-status").count() == 1
    shot(page, "portfolio-new-ar")
    page.goto(server + "/portfolio/")
    page.locator("#compare-form select[name=a]").select_option(label="متوازن (تجريبي)")
    page.locator("#compare-form select[name=b]").select_option(label="نصف الميزانية")
    page.click("#compare-form button")
    page.wait_for_selector("#compare-table")
    assert page.locator("#compare-table tbody tr").count() > 0
    shot(page, "portfolio-compare-ar")


STALE_AR = "حفظ شخص آخر هذا السيناريو بعد أن فتحته"  # "Somebody saved this scenario after …"


def test_the_second_of_two_users_editing_a_scenario_is_refused(page, browser, server):
    """Two users open the same scenario's builder; the first saves, the second's save is
    refused on the form (what was typed kept) and the first one's budgets stand."""
    login(page, server, "ministry")
    page.goto(server + "/portfolio/new/")
    page.fill("#id_name", "سيناريو مشترك")
    page.fill("#id_budgets", "5000000; 5000000")
    page.click("#save-button")
    page.wait_for_selector("#not-solved")
    edit = page.url.rstrip("/") + "/edit/"
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(other, server, "authority")
    page.goto(edit)
    other.goto(edit)
    assert page.input_value("input[name=version]") == other.input_value("input[name=version]")
    page.fill("#id_budgets", "6000000; 6000000")
    page.click("#save-button")
    page.wait_for_selector("#not-solved")
    other.fill("#id_budgets", "9000000")
    other.click("#save-button")
    other.wait_for_selector("#form-errors")
    assert STALE_AR in other.inner_text("#form-errors")
    assert other.input_value("#id_budgets") == "9000000"  # what was typed, kept
    shot(other, "portfolio-stale-ar")
    scenarios = page.request.get(f"{server}/api/v1/portfolio/scenarios").json()
    [shared] = [s for s in scenarios if s["name"] == "سيناريو مشترك"]
    assert shared["budgets"] == [6e6, 6e6] and shared["version"] == 2
    other.context.close()
