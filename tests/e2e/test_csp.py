"""The Content-Security-Policy in real Chromium: an injected inline script is refused (and the
refusal is what the `page` fixture listens for on every other browser test), while the page's
own scripts — moved out of the templates into static files — still work."""

from tests.e2e.conftest import PASSWORD, login


def test_an_injected_inline_script_is_refused(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto(server + "/login/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected === undefined")
    assert any("Content Security Policy" in m for m in messages), messages
    # the login form itself works under the policy
    page.fill("#id_username", "ministry")
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(server + "/")
    context.close()


def test_the_save_form_follows_the_sliders(page, server):
    login(page, server, "ministry")
    page.goto(server + "/priority/")
    slider = page.locator("#weights-form input[type=range]").first
    name = slider.get_attribute("name")
    slider.evaluate(
        "el => { el.value = '0.35'; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    assert page.locator(f"#save-scenario [name='{name}']").input_value() == "0.35"
