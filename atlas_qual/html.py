"""Small dependency-free HTML and inline-SVG builders (tables, charts, progress, QR) for fast pages and reports.

Every user string is escaped with ``html.escape``; the only unescaped content is what the caller explicitly marks
as trusted (``raw_columns`` of ``table``), typically the output of another builder here. Charts are inline SVG with a
``viewBox`` and ``width="100%"``: one drawing reads on a projector and on a 375-pixel phone.

Examples:
    >>> "&lt;b&gt;" in table([["<b>"]], ["gap"])
    True
"""

from __future__ import annotations

import html as _html
import math
from collections.abc import Callable, Sequence

__all__ = [
    "BASE_CSS",
    "escape",
    "badge",
    "table",
    "ranked_bar_chart",
    "bar_chart",
    "stacked_yes_bar",
    "progress_bar",
    "data_link",
    "heatmap",
    "qr_svg",
]

# Okabe-Ito-like colours: distinguishable with colour-blindness and with enough contrast on white and on a projector.
BAR = "#1f5fa8"
HIGHLIGHT = "#c24e00"
YES = "#1b7f4c"
NO = "#d4d9e0"
INK = "#111827"
MUTED = "#4b5563"
GRID = "#d1d5db"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_SVG_NS = "http://www.w3.org/2000/svg"

BASE_CSS = """
.aq-page { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  font-size: 18px; line-height: 1.5; color: #111827; background: #ffffff; max-width: 1100px; margin: 0 auto;
  padding: 16px; box-sizing: border-box; }
.aq-page *, .aq-page *::before, .aq-page *::after { box-sizing: inherit; }
.aq-page h1 { font-size: 1.6em; line-height: 1.25; margin: 0.4em 0; }
.aq-page h2 { font-size: 1.3em; line-height: 1.3; margin: 0.8em 0 0.4em; }
.aq-page a { color: #1f5fa8; text-decoration: underline; }
.aq-muted { color: #4b5563; }
.aq-table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; max-width: 100%; }
.aq-table { border-collapse: collapse; width: 100%; font-size: 1em; }
.aq-table caption { text-align: left; font-weight: 600; padding: 6px 0; }
.aq-table th { background: #1e3a5f; color: #ffffff; text-align: left; font-weight: 600; padding: 10px 12px;
  vertical-align: bottom; }
.aq-table td { padding: 10px 12px; border-bottom: 1px solid #d1d5db; vertical-align: top; }
.aq-table tbody tr:nth-child(even) td { background: #f3f4f6; }
.aq-table .aq-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.aq-heatmap td { text-align: center; font-variant-numeric: tabular-nums; border: 1px solid #ffffff; }
.aq-heatmap tbody tr:nth-child(even) td { background: none; }
.aq-heatmap th[scope=row] { background: #f3f4f6; color: #111827; }
.aq-chart { display: block; height: auto; max-width: 100%; }
.aq-flag { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 0.85em; font-weight: 600;
  border: 2px solid currentColor; white-space: nowrap; }
.aq-flag-info { color: #1e3a8a; background: #e0ecff; }
.aq-flag-ok { color: #14532d; background: #dcfce7; }
.aq-flag-warn { color: #713f12; background: #fef3c7; }
.aq-flag-danger { color: #7f1d1d; background: #fee2e2; }
.aq-yesbar { display: inline-flex; align-items: center; gap: 8px; min-width: 140px; }
.aq-yesbar svg { width: 100px; height: 18px; flex: none; }
.aq-yesbar-pct { font-variant-numeric: tabular-nums; min-width: 3.2em; text-align: right; }
.aq-progress { margin: 8px 0; }
.aq-progress-track { height: 22px; background: #e5e7eb; border-radius: 11px; overflow: hidden;
  border: 1px solid #9ca3af; }
.aq-progress-fill { height: 100%; background: #1b7f4c; transition: width 0.4s ease; }
.aq-progress-label { font-size: 1.1em; font-weight: 600; margin-top: 4px; }
.aq-code { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 3.5em;
  font-weight: 700; letter-spacing: 0.15em; line-height: 1.1; }
.aq-qr { display: block; max-width: 100%; height: auto; background: #ffffff; }
.aq-btn, .aq-page button, .aq-page .widget-button, .aq-page .widget-toggle-button {
  min-height: 48px; min-width: 48px; padding: 10px 18px; font-size: 1em; border-radius: 8px;
  border: 2px solid #1e3a5f; background: #1f5fa8; color: #ffffff; cursor: pointer; }
.aq-btn-secondary { background: #ffffff; color: #1e3a5f; }
.aq-btn:focus-visible, .aq-page button:focus-visible, .aq-page input:focus-visible, .aq-page select:focus-visible {
  outline: 3px solid #c24e00; outline-offset: 2px; }
.aq-btn:disabled, .aq-page button:disabled { background: #9ca3af; border-color: #6b7280; cursor: not-allowed; }
.aq-page input, .aq-page select, .aq-page textarea { font-size: 1em; min-height: 44px; padding: 6px 10px; }
.aq-card { border: 1px solid #d1d5db; border-radius: 10px; padding: 14px 16px; margin: 12px 0; background: #ffffff; }
.aq-notice { border-left: 6px solid #1f5fa8; background: #eef4fb; padding: 12px 16px; margin: 12px 0; }
.aq-error { border-left: 6px solid #b91c1c; background: #fee2e2; color: #7f1d1d; padding: 12px 16px; margin: 12px 0; }
@media (max-width: 480px) {
  .aq-page { font-size: 16px; padding: 10px; }
  .aq-table th, .aq-table td { padding: 8px 6px; }
  .aq-code { font-size: 2.4em; }
}
@media (prefers-reduced-motion: reduce) { .aq-progress-fill { transition: none; } }
"""


def escape(value: object) -> str:
    """``value`` as text safe inside HTML/SVG elements and quoted attributes (None becomes an empty string)."""
    return "" if value is None else _html.escape(str(value), quote=True)


def _fmt_cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return "—" if not math.isfinite(value) else f"{value:.2f}"
    return str(value)


def _number(value: object) -> float | None:
    """A finite float, or None for None/NaN/inf (drawn as missing, never as a broken shape)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def badge(text: str, tone: str = "info") -> str:
    """A small flag, e.g. "needs facilitator decision"; tone is info, ok, warn or danger.

    Examples:
        >>> badge("<i>", "warn")
        '<span class="aq-flag aq-flag-warn">&lt;i&gt;</span>'
    """
    if tone not in ("info", "ok", "warn", "danger"):
        raise ValueError(f"unknown tone {tone!r}")
    return f'<span class="aq-flag aq-flag-{tone}">{escape(text)}</span>'


def table(
    rows: Sequence[Sequence[object]],
    header: Sequence[str],
    *,
    classes: str = "",
    raw_columns: Sequence[int] = (),
    caption: str | None = None,
    stack: bool = False,
    block_columns: Sequence[int] = (),
    labels: Sequence[str] | None = None,
) -> str:
    """An HTML table (wrapped so it scrolls sideways inside its own box) with every cell escaped.

    Cells: None (and NaN) shows as "—", floats with 2 decimals, anything else as ``str``; numbers are right-aligned.
    ``raw_columns`` lists column indexes whose cells are trusted HTML (e.g. a ``stacked_yes_bar``) and are inserted
    as they are.

    ``stack``: one card per row on a phone (``aq-stack`` in the frame's stylesheet: below 600 px the header row is
    hidden, the first cell is the card's title and every other cell reads "column: value", from its ``data-label``);
    ``labels`` gives shorter column names for the cards (default: ``header``); ``block_columns`` take the card's whole
    width (a quote, a context line) instead of sitting beside the short ones.

    Examples:
        >>> html = table([["G01", 4.25, None]], ["id", "score", "rank"])
        >>> "<td class=\\"aq-num\\">4.25</td>" in html, "<td>—</td>" in html
        (True, True)
        >>> html = table([["G01", 4.25, None]], ["id", "score", "rank"], stack=True, block_columns=(2,))
        >>> '<td class="aq-num" data-label="score">4.25</td>' in html
        True
        >>> '<td class="aq-block" data-label="rank">—</td>' in html and "aq-stack" in html
        True
    """
    raw, block = set(raw_columns), set(block_columns)
    css = " ".join(x for x in ("aq-table", "aq-stack" if stack else "", classes) if x)
    out = [f'<div class="aq-table-wrap"><table class="{escape(css)}">']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in header) + "</tr></thead>")
    out.append("<tbody>")
    names_of = [escape(h) for h in (header if labels is None else labels)] if stack else []
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            names = []
            if index in raw:
                content = "" if value is None else str(value)
            else:
                content = escape(_fmt_cell(value))
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    names.append("aq-num")
            if stack and index in block:
                names.append("aq-block")
            css_cell = f' class="{" ".join(names)}"' if names else ""
            label = f' data-label="{names_of[index]}"' if index < len(names_of) and names_of[index] else ""
            cells.append(f"<td{css_cell}{label}>{content}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


# --------------------------------------------------------------------------------------------------------------------
# SVG charts
# --------------------------------------------------------------------------------------------------------------------


def _wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """Greedy word wrap; the last line ends in an ellipsis when the text does not fit (full text goes in <title>)."""
    words = str(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > max_chars:  # a single over-long word (a URL, a code) is cut, not overflowed
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:max_chars])
            word = word[max_chars:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= max_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [(last[: max_chars - 1].rstrip() + "…")]
    return lines


def _svg_open(width: float, height: float, title: str | None, *, reading: bool = False) -> str:
    """``reading``: shown at most at reading size (labels about ``_READING_PX`` CSS px) and narrower on a narrow
    screen (CSS ``max-width: 100%``); otherwise it fills its column, as a projector wants."""
    label = f' aria-label="{escape(title)}"' if title else ""
    shown = f"{width * _READING_PX / _LABEL_FONT:.0f}" if reading else "100%"
    fill = "" if reading else " aq-chart-fill"  # a projected chart: its large type is meant
    return (
        f'<svg xmlns="{_SVG_NS}" class="aq-chart{fill}" viewBox="0 0 {width:g} {height:g}" width="{shown}" '
        f'preserveAspectRatio="xMinYMin meet" role="img"{label} font-family="{escape(_FONT)}">'
    )


def _ticks(lo: float, hi: float, integer: bool = False) -> list[float]:
    """Axis ticks: the finest round step giving at most 6 intervals; ``integer`` (counts): whole steps only, so a
    count axis never reads "0,5 1,5 2,5".

    Examples:
        >>> _ticks(0, 3), _ticks(0, 3, integer=True), _ticks(0, 15, integer=True)
        ([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [0, 1, 2, 3], [0, 5, 10, 15])
    """
    span = hi - lo
    if span <= 0:
        return [lo]
    base = 10 ** (math.floor(math.log10(span)) - 1)
    step = base * 10
    for factor in (1, 2, 2.5, 5, 10, 20):  # the finest round step that gives at most 6 intervals
        if integer and (base * factor < 1 or (base * factor) % 1):
            continue
        if span / (base * factor) <= 6:
            step = base * factor
            break
    if integer:
        step = max(1, round(step))
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


_LABEL_FONT = 24  # viewBox units; about 13 px on a 375 px phone at width 640, about 48 px on a 1280 px projector
# A chart read on a page (not projected) is never drawn wider than this size of its labels in CSS px: before, a
# 640-unit chart stretched across a 1366 px page drew its title 50 px high.
_READING_PX = 14
_LINE = 30
_BAR_H = 28
_PAD = 12
_VALUE_COL = 84
# Average advance of a bold sans-serif glyph in em (DejaVu Sans, the widest common fallback, is about 0.63):
# SVG text does not wrap, so labels are wrapped by this estimate and must not overflow on any system font.
_CHAR_EM = 0.66


def _hbars(
    rows: Sequence[tuple[str, float | None, float | None, float | None, bool]],
    *,
    width: float,
    title: str | None,
    lo: float,
    hi: float,
    value_format: str | Callable[[float], str] | None,
    reading: bool = False,
    lang: str | None = None,
) -> str:
    from atlas_qual.i18n import fmt_number

    def shown(v: float) -> str:  # in the reader's locale when the page says which ("0,78", "2,5")
        if callable(value_format):
            return value_format(v)
        if value_format is not None:
            return value_format.format(v)
        return fmt_number(v, lang) if lang else f"{v:g}"

    char_w = _LABEL_FONT * _CHAR_EM
    max_chars = max(8, int((width - 2 * _PAD) / char_w))
    x0, x1 = _PAD, width - _PAD - _VALUE_COL

    def x(v: float) -> float:
        return x0 + (min(max(v, lo), hi) - lo) / (hi - lo) * (x1 - x0)

    body: list[str] = []
    y = _PAD
    if title:
        for line in _wrap(title, int((width - 2 * _PAD) / (26 * _CHAR_EM)), 3):
            y += 32
            body.append(f'<text x="{_PAD}" y="{y}" font-size="26" font-weight="700" fill="{INK}">{escape(line)}</text>')
        y += 12
    top = y
    drawn: list[str] = []
    for label, value, q1, q3, highlight in rows:
        value, q1, q3 = _number(value), _number(q1), _number(q3)
        lines = _wrap("" if label is None else label, max_chars)
        colour = HIGHLIGHT if highlight else BAR
        weight = ' font-weight="700"' if highlight else ""
        drawn.append(f"<g><title>{escape(label)}</title>")
        for line in lines:
            y += _LINE
            drawn.append(
                f'<text x="{_PAD}" y="{y - 6}" font-size="{_LABEL_FONT}" fill="{INK}"{weight}>{escape(line)}</text>'
            )
        bar_y = y + 4
        mid = bar_y + _BAR_H / 2
        if value is not None:
            drawn.append(
                f'<rect x="{x0:.1f}" y="{bar_y}" width="{max(x(value) - x0, 0):.1f}" height="{_BAR_H}" rx="3" '
                f'fill="{colour}"/>'
            )
        if q1 is not None and q3 is not None:
            a, b = x(min(q1, q3)), x(max(q1, q3))
            cap = f"M{a:.1f} {mid - 11}V{mid + 11}M{b:.1f} {mid - 11}V{mid + 11}"
            path = f"M{a:.1f} {mid}H{b:.1f}{cap}"
            # A white halo under the black whisker keeps it visible over the bar and over the background alike.
            drawn.append(f'<path d="{path}" stroke="#ffffff" stroke-width="7" fill="none" stroke-linecap="round"/>')
            drawn.append(f'<path d="{path}" stroke="{INK}" stroke-width="3" fill="none" stroke-linecap="round"/>')
        text = "—" if value is None else shown(value)
        drawn.append(
            f'<text x="{width - _PAD:.1f}" y="{mid + 8:.1f}" font-size="{_LABEL_FONT}" text-anchor="end" '
            f'font-weight="700" fill="{INK}">{escape(text)}</text>'
        )
        drawn.append("</g>")
        y = bar_y + _BAR_H + 14
    axis_y = y + 4
    grid = []
    counts = all(float(v).is_integer() for r in rows for v in r[1:4] if v is not None) and float(lo).is_integer()
    for tick in _ticks(lo, hi, integer=counts):
        tx = x(tick)
        grid.append(f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{axis_y}" stroke="{GRID}" stroke-width="1"/>')
        grid.append(
            f'<text x="{tx:.1f}" y="{axis_y + 26}" font-size="20" text-anchor="middle" fill="{MUTED}">'
            f'{escape(fmt_number(tick, lang) if lang else f"{tick:g}")}</text>'
        )
    height = axis_y + 38
    return _svg_open(width, height, title, reading=reading) + "".join(body + grid + drawn) + "</svg>"


def ranked_bar_chart(
    rows: Sequence[tuple[str, float | None, float | None, float | None, bool]],
    *,
    width: int = 640,
    title: str | None = None,
    scale: tuple[float, float] = (1, 5),
    lang: str | None = None,
) -> str:
    """Horizontal bars in the given order (best first) with the interquartile range as a whisker.

    ``rows``: ``(label, score, q1, q3, highlight)``; a highlighted row (e.g. shortlisted) is drawn in orange with a
    bold label. Bars start at the scale minimum; labels wrap to two lines (full text on hover); a missing score
    shows "—". Inline SVG, ``viewBox`` 0 0 ``width`` H and ``width="100%"`` (it fills its column, for a projector).
    Scores have two decimals in the reader's locale (``lang``).

    Examples:
        >>> svg = ranked_bar_chart([("G01 <b>", 4.2, 3.8, 4.6, True)], title="Ranking", lang="es")
        >>> svg.startswith("<svg") and "G01 &lt;b&gt;" in svg and ">4,20<" in svg
        True
    """
    from atlas_qual.i18n import fmt_fixed

    lo, hi = float(scale[0]), float(scale[1])
    if not hi > lo:
        raise ValueError(f"scale {scale} needs min < max")
    return _hbars(rows, width=width, title=title, lo=lo, hi=hi, lang=lang,
                  value_format=lambda v: fmt_fixed(v, lang, 2) if lang else f"{v:.2f}")


def bar_chart(
    pairs: Sequence[tuple[str, float | None]],
    *,
    width: int = 640,
    title: str | None = None,
    max_value: float | None = None,
    value_format: str | Callable[[float], str] | None = None,
    lang: str | None = None,
) -> str:
    """Horizontal bars from zero for ``(label, value)`` pairs (counts, shares), in the given order.

    The axis runs from 0 to ``max_value`` (default: the largest value). Negative values are drawn at zero. Read on a
    page: its ``width`` attribute is the drawn width at reading size (labels about 14 CSS px), and CSS
    ``max-width: 100%`` shrinks it on a phone, so a 640-unit chart reads at 13-14 px on a 375 px phone and on a laptop.
    Values and axis in the reader's locale (``lang``), unless ``value_format`` (a format string or a function) says
    how to write a value.

    Examples:
        >>> svg = bar_chart([("MTESS", 12), ("MP", 7)], title="Entrevistas")
        >>> svg.count("<rect") == 2 and ">12<" in svg
        True
        >>> ">0,78<" in bar_chart([("Fortalezas", 0.78)], lang="es", max_value=1.0)
        True
    """
    values = [v for v in (_number(v) for _, v in pairs) if v is not None]
    hi = _number(max_value) if max_value is not None else max(values, default=0.0)
    if hi is None or hi <= 0:
        hi = 1.0
    rows = [(label, value, None, None, False) for label, value in pairs]
    return _hbars(rows, width=width, title=title, lo=0.0, hi=hi, value_format=value_format, reading=True, lang=lang)


def stacked_yes_bar(yes_share: float | None, *, label: str | None = None, lang: str | None = None) -> str:
    """A compact yes/no bar (green share of yes over grey) with the percentage in the reader's locale (``lang``);
    None means no votes ("—").

    Examples:
        >>> "67%" in stacked_yes_bar(2 / 3, label="C1", lang="en"), "67\xa0%" in stacked_yes_bar(2 / 3, lang="es")
        (True, True)
    """
    from atlas_qual.i18n import fmt_percent

    share = _number(yes_share)
    shown = None if share is None else min(max(share, 0.0), 1.0)
    pct = "—" if shown is None else (fmt_percent(shown, lang, 0) if lang else f"{round(shown * 100)}%")
    yes_w = 0.0 if share is None else min(max(share, 0.0), 1.0) * 100
    aria = f"{label}: {pct}" if label else pct
    svg = (
        f'<svg xmlns="{_SVG_NS}" viewBox="0 0 100 18" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(aria)}"><title>{escape(aria)}</title>'
        f'<rect x="0" y="0" width="100" height="18" rx="3" fill="{NO}"/>'
        f'<rect x="0" y="0" width="{yes_w:.1f}" height="18" rx="3" fill="{YES}"/></svg>'
    )
    return f'<span class="aq-yesbar">{svg}<span class="aq-yesbar-pct">{escape(pct)}</span></span>'


def progress_bar(done: int, total: int, label: str) -> str:
    """A progress bar with the caller's text under it (e.g. "18 of 23 have voted").

    Examples:
        >>> html = progress_bar(18, 23, "18 de 23 votaron")
        >>> 'aria-valuenow="18"' in html and "width: 78.3%" in html
        True
    """
    done, total = max(int(done), 0), max(int(total), 0)
    share = min(done / total, 1.0) if total else 0.0
    return (
        f'<div class="aq-progress" role="progressbar" aria-valuemin="0" aria-valuemax="{total}" '
        f'aria-valuenow="{done}" aria-label="{escape(label)}">'
        f'<div class="aq-progress-track"><div class="aq-progress-fill" style="width: {share * 100:.1f}%"></div></div>'
        f'<div class="aq-progress-label">{escape(label)}</div></div>'
    )


def data_link(content: bytes, filename: str, mime: str, label: str, *, testid: str | None = None) -> str:
    """A download button carrying the file itself (works in Voila without any server route).

    Examples:
        >>> data_link(b"a,b", "x.csv", "text/csv", "Descargar").startswith('<a class="aq-btn" download="x.csv"')
        True
    """
    import base64

    payload = base64.b64encode(content).decode("ascii")
    test = f' data-testid="{_html.escape(testid)}"' if testid else ""
    return (f'<a class="aq-btn"{test} download="{_html.escape(filename)}" href="data:{mime};base64,{payload}">'
            f"{_html.escape(label)}</a>")


def _mix(low: tuple[int, int, int], high: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * t) for a, b in zip(low, high))


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


_HEAT_LOW = (247, 251, 255)
_HEAT_HIGH = (8, 69, 148)


def heatmap(
    matrix: Sequence[Sequence[float | None]],
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    vmin: float | None = None,
    vmax: float | None = None,
    fmt: str = "{:.2f}",
    caption: str | None = None,
    stack: bool = False,
) -> str:
    """An HTML table whose cells are shaded from light (``vmin``) to dark blue (``vmax``), value printed in each.

    The range defaults to the matrix's min and max; missing cells (None/NaN) show "—" on grey. Text turns white on
    dark cells so every value stays readable. ``stack``: one card per row on a phone, as :func:`table` (each cell
    named by its column, keeping its shade in ``--aq-heat``).

    Examples:
        >>> html = heatmap([[0.2, None], [0.9, 0.5]], ["Alto Paraná", "Boquerón"], ["CL", "FL"])
        >>> "0.90" in html and "—" in html and "Alto Paraná" in html
        True
    """
    if len(matrix) != len(row_labels) or any(len(r) != len(col_labels) for r in matrix):
        raise ValueError("heatmap needs one row label per row and one column label per column")
    values = [v for row in matrix for v in (_number(x) for x in row) if v is not None]
    lo = _number(vmin) if vmin is not None else min(values, default=0.0)
    hi = _number(vmax) if vmax is not None else max(values, default=1.0)
    if lo is None or hi is None:
        raise ValueError("vmin and vmax must be finite numbers")
    css = "aq-table aq-heatmap aq-stack" if stack else "aq-table aq-heatmap"
    out = [f'<div class="aq-table-wrap"><table class="{css}">']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append(
        '<thead><tr><th scope="col"></th>'
        + "".join(f'<th scope="col">{escape(c)}</th>' for c in col_labels)
        + "</tr></thead><tbody>"
    )
    for label, row in zip(row_labels, matrix):
        cells = [f'<th scope="row">{escape(label)}</th>']
        for column, raw in zip(col_labels, row):
            value = _number(raw)
            named = f' data-label="{escape(column)}"' if stack else ""
            if value is None:
                cells.append(f'<td{named} style="--aq-heat: #e5e7eb; background: #e5e7eb; color: #4b5563">—</td>')
                continue
            t = 0.5 if hi == lo else min(max((value - lo) / (hi - lo), 0.0), 1.0)
            rgb = _mix(_HEAT_LOW, _HEAT_HIGH, t)
            ink = "#ffffff" if _luminance(rgb) < 0.25 else INK
            shade = f"#{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x}"
            cells.append(
                f'<td{named} style="--aq-heat: {shade}; background: {shade}; color: {ink}">'
                f"{escape(fmt.format(value))}</td>"
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def qr_svg(url: str, *, scale: int = 10) -> str:
    """A QR code of ``url`` as inline SVG, black on white with the quiet zone, ``scale`` pixels per module.

    At the default scale a join URL is about 330-450 px wide: readable from the back of a room on a projector.
    It shrinks to fit narrow screens (max-width 100%). Needs ``segno`` (imported here only).

    Examples:
        >>> svg = qr_svg("http://localhost:8866/?session=AB3K9Z")
        >>> svg.startswith("<svg") and "<path" in svg
        True
    """
    try:
        import segno
    except ImportError as exc:  # pragma: no cover - segno is a declared dependency
        raise ImportError("qr_svg needs segno: pip install segno") from exc
    if scale < 1:
        raise ValueError("scale must be at least 1")
    code = segno.make(str(url), error="m", micro=False)
    size = code.symbol_size(scale=scale)[0]
    svg = code.svg_inline(scale=scale, omitsize=True, svgclass="aq-qr", dark="#000000", light="#ffffff", title=url)
    return svg.replace(
        "<svg ",
        f'<svg xmlns="{_SVG_NS}" width="{size}" height="{size}" role="img" aria-label="{escape(url)}" ',
        1,
    )
