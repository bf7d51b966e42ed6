"""Trade pages in real Chromium: the charts draw offline, the bar chart's value axis runs
right-to-left in Arabic, the product space highlights the home country's products."""

from tests.e2e.conftest import login, shot


def _canvas_ready(page, selector):
    page.wait_for_selector(f"{selector}[data-ready='1'] canvas", timeout=15000)
    box = page.locator(f"{selector} canvas").first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200


def test_trade_overview_draws_its_charts_in_both_directions(page, server):
    login(page, server, "viewer")
    page.goto(server + "/trade/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("#synthetic-badge").is_visible()
    _canvas_ready(page, "#basket-chart")
    _canvas_ready(page, "#markets-chart")
    # the market names sit on the right of the bar chart in Arabic: the chart is mirrored
    mirrored = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('markets-chart'))"
        ".getOption().xAxis[0].inverse"
    )
    assert mirrored is True
    shot(page, "trade-ar")
    page.click("#switch-language")
    page.wait_for_load_state()
    _canvas_ready(page, "#markets-chart")
    assert (
        page.evaluate(
            "() => echarts.getInstanceByDom(document.getElementById('markets-chart'))"
            ".getOption().xAxis[0].inverse"
        )
        is False
    )
    shot(page, "trade-en")
    page.goto(server + "/trade/product-space/")
    _canvas_ready(page, "#space-chart")
    nodes = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('space-chart'))"
        ".getOption().series[0].data.filter(n => n.category === 0).length"
    )
    assert nodes >= 5  # Libya's products with comparative advantage are drawn
    shot(page, "product-space-en")
    page.goto(server + "/factories/DEMO-0001/")
    assert page.locator("#factory-trade").is_visible()
    shot(page, "factory-trade-en")
