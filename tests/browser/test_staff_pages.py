"""Staff pages in a real browser: search, examples, language, 404, keyboard use, phone width, page weight."""

from __future__ import annotations

import re
from typing import Any, Callable

import pytest

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

IDEA_NB = "Vi vil at 9. trinn skal besøke en skole i Italia og jobbe med klima"
HEADING_EN = "Find funding for your project idea"
HEADING_NB = "Finn tilskudd til prosjektideen din"


def focused(page: Any) -> dict[str, str]:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: (e.textContent || '').trim(),
                type: e.getAttribute('type') || ''}; }""")


def tab_until(page: Any, wanted: Callable[[dict[str, str]], bool], limit: int = 30) -> dict[str, str]:
    """Press Tab until the focused element satisfies ``wanted``; fail after ``limit`` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        if wanted(current):
            return current
        seen.append(current)
    raise AssertionError(f"focus never reached the element; visited {seen}")


def test_search_by_keyboard_shows_ranked_results_with_reasons_and_opens_a_scheme(page: Any,
                                                                                 live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.locator("#q").fill(IDEA_NB)
    page.locator("#q").press("Tab")  # to the filters summary
    page.keyboard.press("Tab")  # to the submit button
    assert focused(page)["type"] == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))

    assert page.locator("#q").input_value() == IDEA_NB  # the idea stays in the box
    results = page.locator(".result-list > li.result")
    assert results.count() >= 3
    scores = [int(re.search(r"(\d+)/100", text).group(1)) for text in page.locator(".result .score").all_text_contents()]  # weak ones sit in a closed <details>
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    first = results.first
    assert first.locator(".why li").count() >= 1  # each result says why it may fit
    assert first.locator(".facts dt").count() >= 3  # deadline, who may apply, official page
    name = first.locator("h3 a").inner_text()
    assert re.search(r"erasmus|etwinning|nordplus", first.locator("h3 a").get_attribute("href"))

    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"/schemes/[a-z0-9-]+$"))
    assert page.locator("h1").inner_text() == name
    assert page.title().startswith(name)


def test_scheme_page_counts_partners_in_proper_english(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/schemes/erasmus-school-short-term-mobility?lang=en")
    items = page.locator("main li").all_inner_texts()
    assert "At least 1 organisation" in items and "From at least 1 country" in items


def test_clicking_an_example_idea_runs_that_search(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    example = page.locator(".examples li a").nth(1)
    text = example.inner_text()
    example.click()
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("#q").input_value() == text
    assert page.locator(".result-list > li.result").count() >= 1
    assert page.locator(".examples").count() == 0  # examples give way to results


def test_switching_language_keeps_the_search_and_sets_html_lang(page: Any, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/search?q=skoleutveksling+i+Italia")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.locator("h1").inner_text() == HEADING_NB
    hits_nb = page.locator(".result h3 a").all_inner_texts()

    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == HEADING_EN
    assert page.locator("#q").input_value() == "skoleutveksling i Italia"
    assert len(page.locator(".result h3 a").all_inner_texts()) == len(hits_nb)

    page.goto(live_server.url + "/schemes")  # the choice is remembered in a cookie
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Norsk (bokmål)").click()
    page.wait_for_url(re.compile(r"lang=nb"))
    assert page.locator("html").get_attribute("lang") == "nb"
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.locator("h1").inner_text() == HEADING_NB


def test_unknown_page_shows_the_404_page_with_a_way_back(page: Any, live_server: LiveServer) -> None:
    response = page.goto(live_server.url + "/finnes-ikke")
    assert response.status == 404
    assert "404" in page.locator("h1").inner_text()
    page.locator("main a[href='/']").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("#q").count() == 1

    response = page.goto(live_server.url + "/schemes/no-such-scheme?lang=en")
    assert response.status == 404 and "Page not found" in page.locator("h1").inner_text()


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/schemes")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["cls"], first
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown on screen while focused
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")  # the next stop is inside main, past the header links
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")


def test_the_search_form_works_without_a_mouse(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    tab_until(page, lambda el: el["id"] == "q")
    page.keyboard.type("Kulturskolen vil sende unge instruktører til Malawi")
    summary = tab_until(page, lambda el: el["tag"] == "summary")
    page.keyboard.press("Enter")  # opens the filters
    assert page.locator("details.filters").get_attribute("open") is not None, summary
    tab_until(page, lambda el: el["id"] == "applicant")
    page.keyboard.press("ArrowDown")  # first real choice in the list
    chosen = page.locator("#applicant").input_value()
    assert chosen != ""
    tab_until(page, lambda el: el["type"] == "submit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert f"applicant={chosen}" in page.url
    assert page.locator("#results-heading").is_visible()
    # The focus ring is visible: a real outline, not the browser default hidden by CSS.
    page.locator(".result h3 a, .no-results a").first.focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
PHONE_PAGES = ["/", f"/search?q={IDEA_NB}", "/schemes", "/schemes/erasmus-school-short-term-mobility",
               "/schemes/horizon-2020",  # a very long official URL
               "/admin/login", "/finnes-ikke", f"/search?lang=en&q={IDEA_NB}"]


def horizontal_overflow(page: Any, base_url: str, paths: list[str]) -> dict[str, Any]:
    """Pages wider than the viewport, with the first elements that stick out."""
    too_wide = {}
    for path in paths:
        page.goto(base_url + path)
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(-3).map(e => e.tagName + '.' + e.className)""")
            too_wide[path] = (sizes, wide)
    return too_wide


def test_phone_width_has_no_horizontal_scrolling(new_context: Callable[..., Any], live_server: LiveServer) -> None:
    page = new_context(**PHONE).new_page()
    assert horizontal_overflow(page, live_server.url, PHONE_PAGES) == {}


WEIGHT_PAGES = ["/", f"/search?q={IDEA_NB}", "/schemes", "/schemes/nordplus-junior", "/admin/login", "/finnes-ikke"]
MAX_ASSET_BYTES = 100 * 1024


def test_pages_load_little_css_and_js_and_nothing_from_elsewhere(new_context: Callable[..., Any],
                                                                  live_server: LiveServer) -> None:
    requested: list[str] = []
    for path in WEIGHT_PAGES:
        # A new context per page: an empty cache, as on a first visit.
        page = new_context().new_page()
        responses: list[Any] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("response", lambda response: responses.append(response))
        page.goto(live_server.url + path, wait_until="load")
        assets = {r.url: len(r.body()) for r in responses if r.request.resource_type in ("stylesheet", "script")}
        assert any(url.endswith("/static/style.css") for url in assets), f"{path}: the stylesheet was not loaded"
        total = sum(assets.values())
        assert total <= MAX_ASSET_BYTES, f"{path}: {total} bytes of CSS+JS: {assets}"
        page.context.close()
    assert requested and all(url.startswith(live_server.url + "/") for url in requested), requested


def test_results_and_scheme_pages_print_on_a4_without_forms(page: Any, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/search?q=elevutveksling+med+en+skole+i+Italia")
    page.emulate_media(media="print")
    assert page.locator(".result").first.is_visible()
    for selector in (".search-form", ".alert-signup", ".send-idea", ".site-header nav", ".result-tools"):
        locator = page.locator(selector)
        assert locator.count() == 0 or not locator.first.is_visible(), selector
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.goto(f"{live_server.url}/schemes/nordplus-junior")
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible() and not page.locator(".site-header nav").is_visible()
