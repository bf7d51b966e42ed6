"""The factory ranking in real Chromium: a weight slider re-ranks in place, every row shows its
stability, and "why?" explains a rank."""

from urllib.parse import parse_qs, urlsplit

from tests.e2e.conftest import login, shot


def test_sliders_rerank_and_each_rank_is_explained(page, server):
    login(page, server, "viewer")
    page.goto(server + "/priority/")
    assert page.locator("#priority-table .stability-badge").count() > 5
    page.wait_for_selector("#robustness-chart[data-ready='1'] canvas", timeout=15000)
    shot(page, "priority-ar")
    names = page.locator("#weights-form input[type=range]").evaluate_all(
        "els => els.map(e => e.name)"
    )

    def top(only: str) -> str:
        query = "&".join(f"{n}={'1' if n == only else '0'}" for n in names)
        body = page.request.get(f"{server}/api/v1/priority/ranking?{query}").json()
        return body["factories"][0]["factory_id"]

    balanced_top = page.request.get(f"{server}/api/v1/priority/ranking").json()["factories"][0][
        "factory_id"
    ]
    # a single criterion whose leader differs from the balanced one, so a re-rank must show
    only = next(n for n in names if top(n) != balanced_top)
    expected = top(only)
    for slider in page.locator("#weights-form input[type=range]").all():
        slider.evaluate(
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
            "1" if slider.get_attribute("name") == only else "0",
        )
    # every slider's value in the address: the page swaps once per input, and under load the
    # last swaps can land after the first one already shows the leading criterion
    wanted = {n: "1" if n == only else "0" for n in names}
    page.wait_for_url(
        lambda url: (
            {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items() if k in wanted} == wanted
        ),
        timeout=15000,
    )
    page.wait_for_timeout(500)
    assert page.locator("html").get_attribute("dir") == "rtl"  # swapped in place, not reloaded
    assert expected in page.locator("#priority-table tbody tr").first.inner_text()
    second = page.locator("#priority-table tbody tr").nth(1)
    shown = second.locator("td").first.inner_text().strip()  # "2", or "1" when tied with the first
    second.locator("a", has_text="لماذا؟").click()
    page.wait_for_load_state()
    assert page.locator("#contributions tbody tr").count() == 1  # only the weighted criterion
    assert page.locator("#explained-rank").inner_text() == f"#{shown}"  # the rank the table showed
    shot(page, "priority-why-ar")
