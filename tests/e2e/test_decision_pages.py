"""The portfolio result as a decision page in real Chromium: on a 1366 × 900 screen the summary
(what is funded, the cost per year against each budget, jobs, exports, value added, the greedy
baseline in one sentence) fits without scrolling, in Arabic and in English; the factories left
out come in one group per reason."""

from tests.e2e.conftest import ARTIFACTS, login, shot


def test_the_portfolio_summary_fits_one_screen_and_groups_the_left_out(page, server):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, server, "viewer")
    page.goto(server + "/portfolio/")
    page.locator("#scenario-list a", has_text="متوازن (تجريبي)").click()
    page.wait_for_selector("#decision-summary")
    heights = {}
    for lang in ("ar", "en"):
        assert page.get_attribute("html", "lang") == lang
        box = page.locator("#decision-summary").bounding_box()
        heights[lang] = box["y"] + box["height"]
        assert box["height"] > 100 and heights[lang] <= 900, (lang, box)
        assert page.locator("#spend-table tbody tr").count() >= 1
        assert page.locator("#greedy-sentence").inner_text().strip()
        # the details are folded below the summary
        for folded in ("#solver-details", "#funded-details", "#spend-details"):
            assert page.locator(folded).get_attribute("open") is None
        # one group per reason, each with its count and its factories' names
        groups = page.locator("#left-out .left-out-group")
        reasons = [groups.nth(k).get_attribute("data-reason") for k in range(groups.count())]
        assert reasons and len(reasons) == len(set(reasons)), reasons
        for k in range(groups.count()):
            group = groups.nth(k)
            names = group.locator("a").count()
            count = group.locator(".left-out-count").inner_text().strip()
            assert names > 0
            if lang == "en" or count.isascii():
                assert int(count.replace(",", "")) == names
        shot(page, f"portfolio-decision-{lang}")  # the whole page
        page.screenshot(path=str(ARTIFACTS / f"portfolio-decision-screen-{lang}.png"))
        if lang == "ar":
            page.click("#switch-language")
            page.wait_for_selector("#decision-summary")
    print("summary bottom at 1366x900:", heights)
    page.click("#switch-language")
    page.wait_for_load_state()
