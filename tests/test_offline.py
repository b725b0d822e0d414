"""The built site works from file:// in Chromium: no request to another host, no script error,
search finds pages, and the light/dark toggle switches the scheme."""
import pytest

from support import content_pages, file_url, until

pytestmark = pytest.mark.browser


def test_every_page_makes_no_outside_request_and_no_script_error(site_dir, page):
    pages = content_pages(site_dir)
    failures = []
    for rel in pages:
        page.requests_outside.clear()
        page.script_errors.clear()
        page.goto(file_url(site_dir, rel), wait_until="load")
        page.wait_for_timeout(50)
        if page.requests_outside or page.script_errors:
            failures.append((rel, page.requests_outside[:], page.script_errors[:]))
    assert failures == [], failures
    assert len(pages) >= 20


@pytest.mark.parametrize("start, query", [("index.html", "insulin"), ("es/index.html", "insulina")])
def test_search_works_from_file(site_dir, page, start, query):
    """Each language searches its own index (es/search/ for the Spanish pages)."""
    page.goto(file_url(site_dir, start))
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() > 0
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    assert all(("/es/" in h) == start.startswith("es/") for h in hrefs)
    assert page.requests_outside == []


def test_palette_follows_the_system_and_toggles(site_dir, page):
    page.emulate_media(color_scheme="dark")
    page.goto(file_url(site_dir, "index.html"))
    until(page, "document.body.dataset.mdColorScheme === 'slate'")
    seen = set()
    for _ in range(3):  # automatic -> light -> dark -> automatic
        page.locator("form[data-site-palette] label:visible").first.click()
        seen.add(page.get_attribute("body", "data-md-color-scheme"))
    assert seen == {"default", "slate"}


def test_styles_load_from_file(site_dir, page):
    page.goto(file_url(site_dir, "index.html"))
    # Material's stylesheet sets the header's position; without it the header is static.
    assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
