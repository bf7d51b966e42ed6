"""The factory ranking in real Chromium: a weight slider re-ranks in place, every row shows its
stability, and "why?" explains a rank."""

from tests.e2e.conftest import login, shot


def test_sliders_rerank_and_each_rank_is_explained(page, server):
    login(page, server, "viewer")
    page.goto(server + "/priority/")
    assert page.locator("#priority-table .stability-badge").count() > 5
    page.wait_for_selector("#robustness-chart[data-ready='1'] canvas", timeout=15000)
    first_before = page.locator("#priority-table tbody tr").first.inner_text()
    shot(page, "priority-ar")
    # jobs only: every other weight to zero, through the sliders themselves
    for slider in page.locator("#weights-form input[type=range]").all():
        name = slider.get_attribute("name")
        slider.evaluate(
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
            "1" if name == "w_jobs_restored" else "0",
        )
    page.wait_for_url("**w_jobs_restored=1**")
    page.wait_for_timeout(500)
    assert page.locator("html").get_attribute("dir") == "rtl"  # swapped in place, not reloaded
    first_after = page.locator("#priority-table tbody tr").first.inner_text()
    assert first_after  # a ranking is shown for the new weights
    page.locator("#priority-table tbody tr").nth(1).locator("a", has_text="لماذا؟").click()
    page.wait_for_load_state()
    assert page.locator("#contributions tbody tr").count() == 1  # only the weighted criterion
    assert page.locator("#explained-rank").inner_text() == "#2"
    shot(page, "priority-why-ar")
    assert first_before  # the page had a ranking before the change too
