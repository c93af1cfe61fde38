"""The coding page served by Voila and driven in headless Chromium: a coder applies a code with the keyboard and it
is still there after reloading the page; another coder's codings never show (blind coding)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CODER = "browser.tester"  # a coder of its own: the shared demo server's data of other tests stays untouched


def open_page(page, server, **params):
    page.goto(server.url("coding.ipynb", **params))
    page.wait_for_selector(".aq-seg", state="visible", timeout=120_000)


def test_a_code_applied_in_the_browser_is_still_there_after_reload(page, demo_server):
    open_page(page, demo_server, coder=CODER, transcript=1)
    chips = page.locator('[data-ordinal="4"] .aq-chip:not(.aq-chip-sug)')
    assert chips.count() == 0  # blind: ana's and carlos's codings on this turn are not shown
    segment = page.get_by_label("Segmento", exact=True)
    values = segment.locator("option").evaluate_all("options => options.map(o => o.value)")
    segment.select_option(value=next(v for v in values if v.startswith("#4 ")))
    code = page.get_by_label("Código", exact=True)
    code.fill("Evaluación/Fortalezas")
    code.press("Tab")
    page.get_by_role("button", name="Aplicar", exact=True).press("Enter")  # keyboard, not a mouse click
    page.wait_for_selector('[data-ordinal="4"] .aq-chip:not(.aq-chip-sug):has-text("Evaluación/Fortalezas")',
                           timeout=60_000)
    assert "1 de" in page.locator(".aq-progress-label").inner_text()

    page.reload()
    page.wait_for_selector(".aq-seg", state="visible", timeout=120_000)
    chip = page.locator('[data-ordinal="4"] .aq-chip:not(.aq-chip-sug)', has_text="Evaluación/Fortalezas")
    chip.wait_for(timeout=60_000)
    assert chip.count() == 1
    assert "1 de" in page.locator(".aq-progress-label").inner_text()


def test_the_page_in_english_shows_pending_suggestions_highlighted(page, demo_server):
    open_page(page, demo_server, coder="browser.reader", transcript=1, lang="en")
    assert page.get_by_role("button", name="Apply", exact=True).is_visible()
    assert page.locator(".aq-chip-sug").count() > 0  # the demo's auto-coding suggestions
    assert page.locator(".aq-seg mark").count() > 0  # matched words highlighted
    assert "0 of" in page.locator(".aq-progress-label").inner_text()
