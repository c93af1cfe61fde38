"""The Voila pages on a phone (375x812: evaluators and community members use them) and on a laptop (1366x768), as a
person sees them: the page never scrolls sideways, text is not cut, what is tapped is at least 40 px high.

Findings of the review of every page at both sizes: the header took four rows (220 px) before the page's title on a
phone; the facilitation page's "release a nickname" question ran 872 px wide and its session code box was 56 px
wide; the retrieval hits were a table with a 30 px context column; the agreement page asked for Ctrl or Shift and
drew a 957 px table; the register's attendees box sat beside its label, cut at the panel's edge; the knowledge and
cycle tables scrolled sideways; "1 participantes"; the coding page's chips were 25 px high and its page number read
"Pág. (de 1)".
"""

from __future__ import annotations

import re

from contextlib import contextmanager

import pytest

from test_pages import SETTLED_JS  # the page has finished drawing (widgets arrive over the websocket)

PHONE = (375, 812)
LAPTOP = (1366, 768)


# every box that scrolls sideways, but the header's row of apps (it scrolls on a phone on purpose: one row of links)
SIDEWAYS_JS = """
() => {
  const found = [];
  for (const el of [document.documentElement, document.body, ...document.querySelectorAll('*')]) {
    if (el.closest && el.closest('.aq-frame-nav')) continue;
    const style = getComputedStyle(el);
    const scrolls = el === document.documentElement || el === document.body || /(auto|scroll)/.test(style.overflowX);
    if (!scrolls || !el.getClientRects().length || el.scrollWidth <= el.clientWidth + 1) continue;
    found.push(`${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')} "` +
               `${(el.innerText || '').trim().slice(0, 40)}": ${el.scrollWidth}px in ${el.clientWidth}px`);
  }
  return found;
}
"""

# an input whose example text (placeholder) is wider than its box shows it cut
PLACEHOLDER_CUT_JS = """
(selector) => {
  const ruler = document.createElement('canvas').getContext('2d');
  const cut = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.placeholder || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    ruler.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    const need = ruler.measureText(el.placeholder).width;
    if (need > room + 1) cut.push(`"${el.placeholder}": ${Math.round(need)}px in ${Math.round(room)}px`);
  }
  return cut;
}
"""


@contextmanager
def opened(browser, url: str, size: tuple[int, int], ready: str):
    phone = size[0] < 700
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(url)
        page.wait_for_selector(ready, state="attached")
        page.evaluate(SETTLED_JS)
        yield page
    finally:
        context.close()


def settle(page) -> None:
    page.evaluate(SETTLED_JS)


def sideways(page) -> list[str]:
    return page.evaluate(SIDEWAYS_JS)


def heights(page, selector: str) -> dict[str, float]:
    """text -> height in px of every visible element matching ``selector``."""
    return page.evaluate("""(sel) => Object.fromEntries([...document.querySelectorAll(sel)]
        .filter(e => e.getClientRects().length)
        .map(e => [(e.innerText || e.value || '').trim().slice(0, 40), e.getBoundingClientRect().height]))""",
                         selector)


@pytest.fixture(scope="module")
def demo(demo_server):
    from atlas_qual.store import open_project

    project = open_project(demo_server.project)
    try:
        meta = {k: project.meta(k) for k in ("demo_session", "demo_open_session", "demo_open_facilitator_key")}
    finally:
        project.dispose()
    return demo_server, meta


# --- 1. the shared header -------------------------------------------------------------------------------------------

HEADER_JS = """
() => {
  const header = document.querySelector('.aq-frame-header');
  const nav = header.querySelector('.aq-frame-nav ul');
  const links = [...header.querySelectorAll('.aq-frame-nav a')];
  const current = header.querySelector('.aq-frame-nav a[aria-current=page]').getBoundingClientRect();
  const row = nav.getBoundingClientRect();
  const title = document.querySelector('.aq-frame-title').getBoundingClientRect();
  return {
    header: header.getBoundingClientRect().height,
    titleTop: title.top - header.getBoundingClientRect().top,
    rows: new Set(links.map(a => Math.round(a.getBoundingClientRect().top))).size,
    lowest: Math.min(...[...links, ...header.querySelectorAll('.aq-lang a, .aq-lang span, a.aq-home')]
                     .map(a => a.getBoundingClientRect().height)),
    lowestApp: Math.min(...links.map(a => a.getBoundingClientRect().height)),
    currentShown: current.left >= row.left - 1 && current.right <= row.right + 1,
  };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("notebook", ["index.ipynb", "agreement.ipynb", "cycle.ipynb"])
def test_the_header_is_two_short_rows_on_a_phone_with_links_a_finger_can_tap(browser, demo, notebook):
    server, _meta = demo
    with opened(browser, server.url(notebook), PHONE, ".aq-frame-title") as page:
        got = page.evaluate(HEADER_JS)
        assert got["rows"] == 1, "the apps' links wrap onto several rows"
        assert got["header"] <= 120 and got["titleTop"] <= 130, f"the header takes {got['header']:.0f} px"
        assert got["lowest"] >= 40, f"a header link is {got['lowest']:.0f} px high"
        assert got["currentShown"], "this page's own link is scrolled out of sight"  # Ciclo is the last link
        assert sideways(page) == []
    with opened(browser, server.url(notebook), LAPTOP, ".aq-frame-title") as page:
        got = page.evaluate(HEADER_JS)
        assert got["rows"] == 1 and got["lowestApp"] >= 40 and got["currentShown"]


# --- 2. the facilitation page ---------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_session_code_and_key_boxes_show_their_examples_whole(browser, demo, size):
    server, _meta = demo
    with opened(browser, server.url("facilitator.ipynb"), size, ".aq-key-input input") as page:
        assert page.evaluate(PLACEHOLDER_CUT_JS, ".aq-code-input input, .aq-key-input input") == []
        width = page.evaluate("document.querySelector('.aq-code-input input').getBoundingClientRect().width")
        assert width >= 120  # it was 56 px at 1366, beside its label
        assert sideways(page) == []


@pytest.mark.browser
def test_the_live_facilitation_page_on_a_phone_wraps_its_question_and_says_why_a_round_cannot_open(browser, demo):
    from atlas_qual.store import open_project
    from atlas_qual.store.workshop import open_round, session_state, undo_open_round

    server, meta = demo
    code, key = meta["demo_open_session"], meta["demo_open_facilitator_key"]
    project = open_project(server.project)
    opened_here = session_state(project, code).open_round is None
    if opened_here:
        open_round(project, code, key, 1)
    try:
        with opened(browser, server.url("facilitator.ipynb", session=code), PHONE, ".aq-key-input input") as page:
            page.fill(".aq-key-input input", key)
            page.click(".aq-unlock")
            page.wait_for_selector("[data-testid=round-note]")
            settle(page)
            assert sideways(page) == []
            frame = page.evaluate("document.querySelector('.aq-frame').getBoundingClientRect().right")
            label = page.locator(".aq-release-input .widget-label")
            assert "Libere su apodo" in label.inner_text()
            assert label.bounding_box()["x"] + label.bounding_box()["width"] <= frame  # wrapped, not 872 px wide
            # a round is open: "open the next round" is not a greyed-out button but a sentence saying why
            assert "ciérrela para poder abrir la siguiente" in page.inner_text("[data-testid=round-note]")
            greyed = page.evaluate("[...document.querySelectorAll('.aq-fac button:disabled')]"
                                   ".filter(b => b.getClientRects().length).map(b => b.innerText)")
            assert greyed == [] and page.locator("button:visible", has_text="Hay una ronda abierta").count() == 0
            tap = page.locator(".widget-checkbox:has-text('Mostrar resultados en esta pantalla') label")
            assert tap.last.bounding_box()["height"] >= 40
    finally:
        if opened_here:
            undo_open_round(project, code, key, 1)
        project.dispose()


# --- 3. retrieval: hits as cards on a phone -------------------------------------------------------------------------

@pytest.mark.browser
def test_search_hits_on_a_phone_are_cards_with_the_hit_whole(browser, demo):
    server, _meta = demo
    with opened(browser, server.url("retrieval.ipynb"), PHONE, ".aq-retrieval input") as page:
        page.fill(".aq-retrieval input", "inspector*")
        page.click(".aq-retrieval button:has-text('Buscar')")
        page.wait_for_selector("[data-testid=search-count]")
        settle(page)
        assert sideways(page) == []
        cards = page.evaluate("""() => { const wrap = document.querySelector('.aq-kwic').closest('.aq-table-wrap');
            const room = wrap.getBoundingClientRect().width;
            return [...document.querySelectorAll('.aq-kwic tbody tr')].map(tr => [tr.getBoundingClientRect().width,
              room, tr.querySelector('td.aq-block').getBoundingClientRect().width]); }""")
        assert len(cards) > 5
        for width, room, context in cards:
            assert width <= room + 1 and context >= room - 40  # the context line takes the card's width
        # every highlighted hit is drawn in one piece: not broken inside the word across two lines
        assert page.evaluate("[...document.querySelectorAll('.aq-kwic mark')].every(m => "
                             "m.getClientRects().length === 1)")
        # each value says what it is: "Turno: #2" (the column's name drawn before it)
        named = page.evaluate("[...document.querySelectorAll('.aq-kwic tbody tr:first-child td[data-label]')]"
                              ".filter(td => getComputedStyle(td, '::before').content !== 'none')"
                              ".map(td => td.dataset.label)")
        assert named == ["Entrevista", "Turno", "Hablante", "Contexto"]
        # the filters' labels above their boxes, all starting at the same place; the search box inside the margin
        lefts = page.evaluate("""() => [...document.querySelectorAll('.aq-retrieval .widget-dropdown')]
            .filter(d => d.getClientRects().length).map(d => [Math.round(d.querySelector('.widget-label')
            .getBoundingClientRect().left), Math.round(d.querySelector('select').getBoundingClientRect().left)])""")
        assert len(lefts) >= 5 and len({x for pair in lefts for x in pair}) == 1, lefts
        box, frame = page.evaluate("""() => [document.querySelector('.aq-retrieval .widget-text input')
            .getBoundingClientRect().right, document.querySelector('.aq-frame').getBoundingClientRect().right -
            parseFloat(getComputedStyle(document.querySelector('.aq-frame')).paddingRight)]""")
        assert box <= frame + 0.5


# --- 4. agreement ---------------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_agreement_on_a_phone_picks_coders_by_checkbox_and_fits_the_figures(browser, demo):
    server, _meta = demo
    with opened(browser, server.url("agreement.ipynb"), PHONE, ".aq-figures") as page:
        text = page.inner_text(".aq-agree")
        assert "Ctrl" not in text and "Mayús" not in text
        boxes = page.locator(".aq-coder-checks input[type=checkbox]")
        # the demo's coders (and any a test sharing the demo added): one box each, no multi-select
        assert boxes.count() >= 2 and page.locator("select[multiple]").count() == 0
        assert all(h >= 40 for h in heights(page, ".aq-coder-checks label.widget-label-basic").values())
        assert sideways(page) == []
        fits = page.evaluate("""() => [...document.querySelectorAll('.aq-figures, .aq-disagreements')].map(t =>
            t.getBoundingClientRect().width <= t.closest('.aq-table-wrap').clientWidth + 1)""")
        assert fits == [True, True]
        # the compared segments are said once, above the table, not in a column repeating 146 on every row
        headers = page.evaluate("[...document.querySelectorAll('.aq-figures th')].map(th => th.textContent)")
        assert "Unidades" not in headers
        assert re.search(r"Segmentos comparados para cada código: \d+", page.inner_text("[data-testid=figures-note]"))
        # a code on one segment: no kappa 0,00 or negative alpha beside 99 % agreement, a dash and the reason
        one = page.evaluate("""() => [...document.querySelectorAll('.aq-figures tbody tr')].map(tr =>
            [...tr.children].map(td => td.textContent.trim())).filter(r => r[r.length - 1] === '1')""")
        assert one and all(r[1] == "—" and r[2] == "—" and r[4] == "—" for r in one), one
        assert "muy pocos casos positivos para κ/α" in page.inner_text("[data-testid=figures-note]")
        # untick coders with taps until one is left: the page asks for two; tick them again
        labels = page.locator(".aq-coder-checks label.widget-label-basic")
        others = [labels.nth(k) for k in range(1, labels.count())]
        for label in others:
            label.click()
        page.wait_for_selector("text=dos codificadores")
        for label in others:
            label.click()
        page.wait_for_selector(".aq-figures")


# --- 5. register ----------------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_register_boxes_stay_inside_the_form_on_a_phone(browser, demo):
    server, _meta = demo
    with opened(browser, server.url("register.ipynb"), PHONE, "textarea") as page:
        assert sideways(page) == []
        places = page.evaluate("""() => [...document.querySelectorAll('.aq-register textarea')]
            .filter(t => t.getClientRects().length).map(t => {
              const form = t.closest('.aq-form').getBoundingClientRect(), box = t.getBoundingClientRect();
              const label = t.parentElement.querySelector('.widget-label').getBoundingClientRect();
              return [t.parentElement.querySelector('.widget-label').textContent, box.left >= form.left - 0.5,
                      box.right <= form.right + 0.5, label.bottom <= box.top + 0.5]; })""")
        assert len(places) == 5 and any(p[0] == "Asistentes" for p in places)
        assert all(p[1:] == [True, True, True] for p in places), places  # inside, under its label


# --- 6. knowledge and cycle -----------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("notebook, table", [("bok.ipynb", "[data-testid=bok-library] table"),
                                             ("cycle.ipynb", "[data-testid=cycle-recs] table")])
def test_knowledge_and_cycle_tables_are_cards_on_a_phone(browser, demo, notebook, table):
    server, _meta = demo
    url = server.url(notebook, dmop="MAUEP") if notebook == "cycle.ipynb" else server.url(notebook)
    with opened(browser, url, PHONE, table) as page:
        assert sideways(page) == []
        got = page.evaluate("""(sel) => { const t = document.querySelector(sel);
            const cells = [...t.querySelectorAll('tbody tr:first-child td')];
            return [t.getBoundingClientRect().width, t.closest('.aq-table-wrap').clientWidth,
                    cells.slice(1).every(td => !['none', 'normal'].includes(getComputedStyle(td, '::before').content))];
            }""", table)
        assert got[0] <= got[1] + 1 and got[2], got  # fits, and each value is named ("Evidencia: moderada")
    with opened(browser, url, LAPTOP, table) as page:  # a table as before on a laptop
        assert page.evaluate("(sel) => getComputedStyle(document.querySelector(sel)).display", table) == "table"
        assert sideways(page) == []


# --- 7. landing -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def one_participant_server(tmp_path_factory):
    from conftest import gaps_session, serve_new_project

    def fill(project, folder):
        from atlas_qual.store.workshop import join_session

        created = gaps_session(project, folder, [["G01", "Brecha", "Descripción"]], "Taller de prueba")
        join_session(project, created.code, "fiscal_1")

    server, _ = serve_new_project(tmp_path_factory, "narrow8", fill)
    yield server
    server.stop()


@pytest.mark.browser
def test_landing_says_one_participant_in_the_singular(browser, one_participant_server):
    with opened(browser, one_participant_server.url("index.ipynb"), LAPTOP, ".aq-stats") as page:
        text = page.inner_text(".aq-landing")
        assert "(1 participante)" in text and "1 participantes" not in text
    with opened(browser, one_participant_server.url("index.ipynb", lang="en"), LAPTOP, ".aq-stats") as page:
        assert "(1 participant)" in page.inner_text(".aq-landing")


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_landing_chart_ticks_are_readable(browser, demo, size):
    server, _meta = demo
    with opened(browser, server.url("index.ipynb"), size, "svg.aq-chart") as page:
        sizes = page.evaluate("""() => { const svg = document.querySelector('svg.aq-chart');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale); }""")
        assert min(sizes) >= 11, f"the smallest text of the chart is {min(sizes):.1f} px"


# --- 8. coding ------------------------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_coding_chips_and_links_are_tappable_and_the_page_number_reads_as_a_phrase(browser, demo, size):
    server, _meta = demo
    url = server.url("coding.ipynb", coder="ana.gimenez", transcript="1")
    with opened(browser, url, size, "[data-testid=segment]") as page:
        chips = heights(page, ".aq-sr .aq-chip")
        assert chips and min(chips.values()) >= 40, min(chips.values())
        assert heights(page, "[data-testid=permalink]")["Enlace a esta vista"] >= 40
        # "Página [1] de 1", left to right on one line (it read "Pág. (de 1) [1]")
        label, box, total = page.evaluate("""() => { const field = document.querySelector('.aq-coding .aq-inline');
            const parts = [field.querySelector('.widget-label'), field.querySelector('input'),
                           document.querySelector('.aq-page-total')];
            return parts.map(p => { const r = p.getBoundingClientRect();
              return [p.textContent || p.value, r.left, r.right, r.top + r.height / 2]; }); }""")
        assert (label[0], box[0], total[0]) == ("Página", "1", "de 1")
        assert label[2] <= box[1] and box[2] <= total[1] and abs(label[3] - total[3]) < 8
        assert page.evaluate(PLACEHOLDER_CUT_JS, ".aq-sr-input") == []
        assert sideways(page) == []
