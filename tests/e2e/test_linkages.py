"""The linkages page in real Chromium: the quadrant chart mirrors in Arabic, the flow network
draws, and a factory's page shows its revival impact."""

from tests.e2e.conftest import login, shot


def _ready(page, selector):
    page.wait_for_selector(f"{selector}[data-ready='1'] canvas", timeout=15000)


def _inverse(page):
    return page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('quadrant-chart'))"
        ".getOption().xAxis[0].inverse"
    )


def test_linkage_charts_and_the_revival_impact(page, server):
    login(page, server, "viewer")
    page.goto(server + "/linkages/")
    _ready(page, "#quadrant-chart")
    _ready(page, "#flows-chart")
    assert _inverse(page) is True  # backward linkage grows to the left in Arabic
    assert page.locator("#sectors-table tbody tr").count() == 28
    shot(page, "linkages-ar")
    page.click("#switch-language")
    page.wait_for_load_state()
    _ready(page, "#quadrant-chart")
    assert _inverse(page) is False
    shot(page, "linkages-en")
    page.goto(server + "/factories/DEMO-0001/")
    assert page.locator("#factory-impact #impact-jobs").is_visible()
    shot(page, "factory-impact-en")
