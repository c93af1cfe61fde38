"""The coding page served by Voila and driven in headless Chromium: a coder applies a code to a whole turn with the
keyboard and it is still there after reloading the page; another coder's codings never show (blind coding)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CODER = "browser.tester"  # a coder of its own: the shared demo server's data of other tests stays untouched


def open_page(page, server, **params):
    page.goto(server.url("coding.ipynb", **params))
    page.wait_for_selector("[data-testid=segment]", state="visible", timeout=120_000)


def test_a_code_applied_to_a_whole_turn_by_keyboard_is_still_there_after_reload(page, demo_server):
    open_page(page, demo_server, coder=CODER, transcript=1)
    chips = page.locator('[data-ordinal="4"] .aq-chip:not(.aq-chip-sug)')
    assert chips.count() == 0  # blind: ana's and carlos's codings on this turn are not shown
    turn = page.locator('[data-testid=segment][data-ordinal="4"]')
    turn.focus()
    page.keyboard.press("Enter")  # selects the turn: whole-turn coding
    assert "turno 4 completo" in page.locator("[data-testid=selection]").inner_text()
    page.fill("[data-testid=code-input]", "Evaluación/Fortalezas")
    page.locator("[data-testid=apply]").press("Enter")  # keyboard, not a mouse click
    page.wait_for_selector('[data-ordinal="4"] .aq-chip:not(.aq-chip-sug):has-text("Evaluación/Fortalezas")',
                           timeout=60_000)
    assert "aplicado al turno 4 completo" in page.locator("[data-testid=coding-status]").inner_text()
    page.wait_for_function("document.querySelector('.aq-progress-label').innerText.includes('1 de')")

    page.reload()
    page.wait_for_selector("[data-testid=segment]", state="visible", timeout=120_000)
    chip = page.locator('[data-ordinal="4"] .aq-chip:not(.aq-chip-sug)', has_text="Evaluación/Fortalezas")
    chip.wait_for(timeout=60_000)
    assert chip.count() == 1
    assert "1 de" in page.locator(".aq-progress-label").inner_text()


def test_the_page_in_english_shows_pending_suggestions_and_matched_words(page, demo_server):
    open_page(page, demo_server, coder="browser.reader", transcript=1, lang="en")
    assert page.locator("[data-testid=apply]").inner_text() == "Apply"
    assert page.locator(".aq-chip-sug").count() > 0  # the demo's auto-coding suggestions
    assert page.locator("[data-testid=segment] .aq-mark").count() > 0  # matched words marked
    assert "0 of" in page.locator(".aq-progress-label").inner_text()
