"""Tests of the HTML/SVG builders: escaping, well-formed SVG, readable charts, the QR code."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from atlas_qual.html import (
    BASE_CSS,
    HIGHLIGHT,
    badge,
    bar_chart,
    escape,
    heatmap,
    progress_bar,
    qr_svg,
    ranked_bar_chart,
    stacked_yes_bar,
    table,
)

XSS = "<img src=x onerror=alert(1)>"
SVG = "{http://www.w3.org/2000/svg}"

BUILDERS = {
    "table header": lambda: table([["G01"]], [XSS]),
    "table cell": lambda: table([[XSS, 1.5]], ["id", "score"]),
    "table caption": lambda: table([["G01"]], ["id"], caption=XSS),
    "ranked_bar_chart label": lambda: ranked_bar_chart([(XSS, 4.0, 3.5, 4.5, False)]),
    "ranked_bar_chart title": lambda: ranked_bar_chart([("G01", 4.0, 3.5, 4.5, True)], title=XSS),
    "bar_chart label": lambda: bar_chart([(XSS, 3)]),
    "bar_chart title": lambda: bar_chart([("MTESS", 3)], title=XSS),
    "stacked_yes_bar": lambda: stacked_yes_bar(0.5, label=XSS),
    "progress_bar": lambda: progress_bar(3, 4, XSS),
    "heatmap rows": lambda: heatmap([[1.0]], [XSS], ["CL"]),
    "heatmap cols": lambda: heatmap([[1.0]], ["Boquerón"], [XSS]),
    "heatmap caption": lambda: heatmap([[1.0]], ["Boquerón"], ["CL"], caption=XSS),
    "badge": lambda: badge(XSS, "warn"),
    "qr_svg": lambda: qr_svg("http://localhost:8866/?session=AB3K9Z&x=" + XSS),
}


def parse(markup: str) -> ET.Element:
    """Parse the builder output as XML: it must be well-formed to embed in any page."""
    return ET.fromstring(markup)


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_builder_escapes_user_text(name):
    markup = BUILDERS[name]()
    assert "<img" not in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    root = parse(markup)
    # The payload survives as text (what a user sees), never as an element.
    assert not [el for el in root.iter() if el.tag.split("}")[-1] == "img"]
    assert any(XSS in (el.text or "") or any(XSS in v for v in el.attrib.values()) for el in root.iter())


def test_escape_handles_quotes_and_none():
    assert escape('"a" & \'b\'') == "&quot;a&quot; &amp; &#x27;b&#x27;"
    assert escape(None) == ""


# --------------------------------------------------------------------------------------------------------------------
# table
# --------------------------------------------------------------------------------------------------------------------


def test_table_shows_headers_cells_and_missing_values():
    root = parse(table([["G01", 4.256, None, 12], ["G02", float("nan"), "sí", 3]], ["id", "score", "ok", "n"],
                       classes="aq-results"))
    assert root.tag == "div" and root.attrib["class"] == "aq-table-wrap"
    tbl = root.find("table")
    assert tbl.attrib["class"] == "aq-table aq-results"
    assert [th.text for th in tbl.iter("th")] == ["id", "score", "ok", "n"]
    rows = [[td.text for td in tr.iter("td")] for tr in tbl.find("tbody")]
    assert rows == [["G01", "4.26", "—", "12"], ["G02", "—", "sí", "3"]]
    numeric = [td.attrib.get("class") for td in tbl.find("tbody")[0].iter("td")]
    assert numeric == [None, "aq-num", None, "aq-num"]  # numbers are right-aligned


def test_table_inserts_trusted_columns_unescaped():
    bar = stacked_yes_bar(0.75, label="C1")
    root = parse(table([["G01", bar]], ["id", "C1"], raw_columns=[1]))
    cell = root.find("table/tbody/tr")[1]
    assert cell.find("span").attrib["class"] == "aq-yesbar"


# --------------------------------------------------------------------------------------------------------------------
# charts
# --------------------------------------------------------------------------------------------------------------------


def _bars(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}rect"))


def test_ranked_bar_chart_is_responsive_svg_with_one_bar_per_scored_gap():
    rows = [("G01 Sin comprensión unificada", 4.4, 4.0, 4.7, True), ("G05 Canales de denuncia", 3.2, 2.5, 3.9, False),
            ("G06 sin puntaje", None, None, None, False), ("G07 roto", float("nan"), None, None, False)]
    markup = ranked_bar_chart(rows, title="Priorización")
    root = parse(markup)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["width"] == "100%" and root.attrib["viewBox"].startswith("0 0 640 ")
    assert root.attrib["aria-label"] == "Priorización"
    bars = _bars(root)
    assert len(bars) == 2  # missing scores draw no bar
    assert bars[0].attrib["fill"] == HIGHLIGHT and bars[1].attrib["fill"] != HIGHLIGHT
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "4.40" in texts and "3.20" in texts and texts.count("—") == 2
    assert "nan" not in markup.lower()


def test_ranked_bar_chart_bar_length_and_whisker_follow_the_scale():
    root = parse(ranked_bar_chart([("A", 3.0, 2.0, 4.0, False), ("B", 5.0, 5.0, 5.0, False)], scale=(1, 5)))
    a, b = (float(bar.attrib["width"]) for bar in _bars(root))
    assert a == pytest.approx(b / 2)  # 3 is half way from 1 to 5
    x0 = float(_bars(root)[0].attrib["x"])
    whisker = next(p.attrib["d"] for p in root.iter(f"{SVG}path"))
    start, end = (float(v) for v in re.match(r"M([\d.]+) [\d.]+H([\d.]+)", whisker).groups())
    assert start == pytest.approx(x0 + b / 4, abs=0.1)  # q1 = 2
    assert end == pytest.approx(x0 + 3 * b / 4, abs=0.1)  # q3 = 4


def test_ranked_bar_chart_wraps_long_labels_and_keeps_the_full_text():
    label = "G03 Tres plataformas de coordinación (CONAETI, CONTRAFOR, Mesa de Trata) con planes de acción " \
            "fragmentados que involucran a las mismas instituciones y a menudo a los mismos funcionarios"
    root = parse(ranked_bar_chart([(label, 4.0, 3.0, 4.5, False)]))
    group = next(root.iter(f"{SVG}g"))
    assert group.find(f"{SVG}title").text == label  # shown on hover/long-press
    lines = [t.text for t in group.iter(f"{SVG}text")][:-1]  # the last text is the value
    assert len(lines) == 2 and lines[-1].endswith("…")
    width = 640 - 2 * 12
    assert all(len(line) * 24 * 0.66 <= width for line in lines)  # never runs off the drawing


def test_ranked_bar_chart_axis_shows_the_scale():
    root = parse(ranked_bar_chart([("A", 3.0, 2.0, 4.0, False)], scale=(1, 5)))
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.attrib.get("text-anchor") == "middle"]
    assert ticks == ["1", "2", "3", "4", "5"]


def test_bar_chart_bars_are_proportional_to_the_values():
    root = parse(bar_chart([("MTESS", 12), ("MP", 6), ("CODENI", 0)], title="Entrevistas"))
    widths = [float(bar.attrib["width"]) for bar in _bars(root)]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0
    assert [t.text for t in root.iter(f"{SVG}text") if t.attrib.get("text-anchor") == "end"] == ["12", "6", "0"]


def test_bar_chart_with_no_data_is_still_a_valid_drawing():
    root = parse(bar_chart([]))
    assert root.tag == f"{SVG}svg" and _bars(root) == []


def test_stacked_yes_bar_fills_the_yes_share():
    root = parse(stacked_yes_bar(0.25, label="C3"))
    svg = root.find(f"{SVG}svg")
    track, yes = svg.findall(f"{SVG}rect")
    assert float(yes.attrib["width"]) == pytest.approx(25.0) and float(track.attrib["width"]) == 100
    assert root.find("span").text == "25%"
    assert svg.attrib["aria-label"] == "C3: 25%"


def test_stacked_yes_bar_without_votes_shows_a_dash():
    root = parse(stacked_yes_bar(None))
    assert root.find("span").text == "—"
    assert float(root.find(f"{SVG}svg").findall(f"{SVG}rect")[1].attrib["width"]) == 0


def test_progress_bar_reports_done_of_total():
    root = parse(progress_bar(18, 23, "18 de 23 votaron"))
    assert root.attrib["role"] == "progressbar"
    assert (root.attrib["aria-valuenow"], root.attrib["aria-valuemax"]) == ("18", "23")
    fill = root.find("div/div")
    assert fill.attrib["style"] == "width: 78.3%"
    assert root.findall("div")[1].text == "18 de 23 votaron"


@pytest.mark.parametrize(("done", "total", "width"), [(0, 0, "0.0%"), (30, 23, "100.0%"), (0, 23, "0.0%")])
def test_progress_bar_stays_within_its_track(done, total, width):
    assert f"width: {width}" in progress_bar(done, total, "")


def test_heatmap_shades_higher_values_darker_and_keeps_text_readable():
    root = parse(heatmap([[0.0, 0.5], [1.0, None]], ["Alto Paraná", "Boquerón"], ["CL", "FL"]))
    cells = [td for td in root.iter("td")]
    assert [td.text for td in cells] == ["0.00", "0.50", "1.00", "—"]

    def background(td):
        hexcode = re.search(r"background: #([0-9a-f]{6})", td.attrib["style"]).group(1)
        return sum(int(hexcode[i : i + 2], 16) for i in (0, 2, 4))

    assert background(cells[0]) > background(cells[1]) > background(cells[2])
    assert "color: #ffffff" in cells[2].attrib["style"]  # white text on the darkest cell
    assert "color: #ffffff" not in cells[0].attrib["style"]
    assert [th.text for th in root.iter("th")] == [None, "CL", "FL", "Alto Paraná", "Boquerón"]


def test_heatmap_refuses_mismatched_labels():
    with pytest.raises(ValueError):
        heatmap([[1.0, 2.0]], ["a"], ["x"])


def test_badge_rejects_an_unknown_tone():
    with pytest.raises(ValueError):
        badge("x", "purple")


# --------------------------------------------------------------------------------------------------------------------
# QR code
# --------------------------------------------------------------------------------------------------------------------


def _modules_from_path(d: str) -> set[tuple[int, int]]:
    """The dark modules drawn by segno's path: moves (M/m) and horizontal runs (h) at half-module heights."""
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for cmd, args in re.findall(r"([MmHhVvz])([^MmHhVvz]*)", d):
        nums = [float(v) for v in re.findall(r"-?[\d.]+", args)]
        if cmd == "M":
            x, y = nums
        elif cmd == "m":
            x, y = x + nums[0], y + nums[1]
        elif cmd == "h":
            for col in range(int(round(x)), int(round(x + nums[0]))):
                dark.add((int(y - 0.5), col))
            x += nums[0]
    return dark


def test_qr_svg_encodes_the_url_and_is_big_enough_for_a_projector():
    import segno

    url = "http://192.168.1.10:8866/voila/render/participant.ipynb?session=AB3K9Z"
    markup = qr_svg(url)
    root = parse(markup)
    assert root.tag == f"{SVG}svg"
    size = int(root.attrib["width"])
    assert size == int(root.attrib["height"]) and size >= 330  # 10 px per module incl. the quiet zone
    assert root.attrib["viewBox"] == f"0 0 {size} {size}"
    assert root.find(f"{SVG}title").text == url
    path = next(p for p in root.iter(f"{SVG}path") if "stroke" in p.attrib)
    expected = segno.make(url, error="m", micro=False)
    matrix = expected.matrix
    wanted = {(r + 4, c + 4) for r, row in enumerate(matrix) for c, v in enumerate(row) if v}
    assert _modules_from_path(path.attrib["d"]) == wanted  # exactly this URL's symbol
    assert size == (len(matrix) + 8) * 10


def test_qr_svg_scale_sets_the_size():
    small = int(parse(qr_svg("http://x/?session=AB3K9Z", scale=4)).attrib["width"])
    large = int(parse(qr_svg("http://x/?session=AB3K9Z", scale=12)).attrib["width"])
    assert large == small * 3


# --------------------------------------------------------------------------------------------------------------------
# CSS and page speed
# --------------------------------------------------------------------------------------------------------------------


def test_base_css_has_large_tap_targets_and_a_phone_layout():
    assert "min-height: 48px" in BASE_CSS
    assert "@media (max-width: 480px)" in BASE_CSS
    assert BASE_CSS.count("{") == BASE_CSS.count("}")


def test_importing_the_builders_and_engine_loads_no_heavy_library():
    code = (
        "import sys, atlas_qual.html, atlas_qual.workshop; "
        "heavy = {'segno', 'numpy', 'matplotlib', 'spacy', 'torch', 'pandas', 'scipy'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_count_chart_has_whole_number_ticks_and_a_share_chart_keeps_its_fractions():
    """The coding page's code frequency chart read "0,5 1,5 2,5" under bars of 1, 2 and 3 codings."""
    import re

    from atlas_qual.html import bar_chart

    counts = bar_chart([("Debilidades", 3), ("Fortalezas", 1), ("Desafíos", 2)], lang="es")
    ticks = re.findall(r'font-size="20"[^>]*>([^<]+)<', counts)
    assert ticks == ["0", "1", "2", "3"]
    shares = bar_chart([("Sí", 0.75)], lang="es", max_value=1.0)
    assert "0,2" in re.findall(r'font-size="20"[^>]*>([^<]+)<', shares)
