"""The portfolio in real Chromium: a demo scenario's result with its charts, then a new scenario
built in the form, solved by the worker with progress on the page, and compared."""

from tests.e2e.conftest import login, shot


def test_a_solved_scenario_shows_its_portfolio_and_charts(page, server):
    login(page, server, "viewer")
    page.click("#nav-portfolio")
    page.wait_for_load_state()
    assert page.locator("#scenario-list tbody tr").count() >= 2
    page.locator("#scenario-list a", has_text="Balanced (demo)").click()
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
    page.locator("#compare-form select[name=a]").select_option(label="Balanced (demo)")
    page.locator("#compare-form select[name=b]").select_option(label="نصف الميزانية")
    page.click("#compare-form button")
    page.wait_for_selector("#compare-table")
    assert page.locator("#compare-table tbody tr").count() > 0
    shot(page, "portfolio-compare-ar")
