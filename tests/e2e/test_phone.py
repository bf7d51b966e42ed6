"""Phones (390 × 844, an iPhone 12–15's CSS viewport): the navigation collapses behind a menu
button, and no page is wider than the screen — wide tables scroll inside their own box, never
the page. Screenshots of each page in both languages under test-artifacts/screenshots/phone-*."""

from tests.e2e.conftest import PASSWORD, shot

PAGES = [
    "/",
    "/factories/",
    "/factories/DEMO-0001/",
    "/trade/",
    "/trade/opportunities/",
    "/priority/",
    "/portfolio/",
    "/plans/",
    "/cases/",
    "/tasks/",
    "/decisions/",
    "/meetings/",
    "/kpis/",
    "/linkages/",
    "/notifications/",
    "/me/",
]


def test_every_page_fits_a_phone_in_both_languages(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(server + "/login/")
    page.fill("#id_username", "member")
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(server + "/")
    # the navigation collapsed: the menu button shows, the links wait behind it
    assert page.locator("#nav-toggle").is_visible()
    assert not page.locator("#nav-links").is_visible()
    assert page.locator("#main-nav").bounding_box()["height"] < 80
    page.click("#nav-toggle")
    page.locator("#nav-collapse.show:not(.collapsing)").wait_for()
    shot(page, "phone-ar-menu")
    too_wide = []
    for language in ("ar", "en"):
        for path in PAGES:
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 391:
                too_wide.append((language, path, width))
            shot(page, f"phone-{language}-{path.strip('/').replace('/', '-') or 'dashboard'}")
        if language == "ar":  # switch through the collapsed menu, as a phone user does
            page.click("#nav-toggle")
            page.locator("#nav-collapse.show:not(.collapsing)").wait_for()
            shot(page, "phone-ar-menu-me")
            with page.expect_navigation():
                page.locator("#switch-language").dispatch_event("click")
            assert page.get_attribute("html", "lang") == "en"
    context.close()
    assert too_wide == []
    assert violations == []
