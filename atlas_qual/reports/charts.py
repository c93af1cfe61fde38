"""Charts for the Word reports as PNG bytes (matplotlib's Agg canvas, imported only when a chart is drawn).

No pyplot: each chart is its own ``Figure`` on an Agg canvas, so drawing never touches a notebook's backend or any
global state, and two reports can be drawn at once.

Examples:
    >>> png = bar_chart(["Fortalezas", "Debilidades"], [12, 7], title="Segmentos")
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Mapping, Sequence

# Okabe-Ito colours: told apart with any colour-vision deficiency and printable in grey (no red/green pair)
BAR = "#0072B2"
HIGHLIGHT = "#D55E00"
CHANGE_COLORS = {"increase": "#0072B2", "no_change": "#BBBBBB", "decrease": "#E69F00"}
LIGHT_FILLS = {"#BBBBBB", "#E69F00"}  # fills dark text reads better on
INK = "#111827"
MUTED = "#374151"
GRID = "#d1d5db"
DPI = 300  # print quality: a figure 15.5 cm wide is about 1,800 pixels
WIDTH_IN = 6.1  # the width the report places a figure at (15.5 cm), so point sizes here are sizes on paper
FONT = 9  # no label under 8 pt on paper


def _figure(height: float):
    """A figure of the width the report prints it at. Constrained layout keeps long labels (a gap's title, a code's
    name) inside that width: labels spilling past it made the saved picture wider, and the report shrank the whole
    picture, text and all, to 15.5 cm (a ranking of gap titles printed its labels at 7 pt)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.tick_params(colors=MUTED, labelsize=FONT)
    ax.title.set_color(INK)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", bbox_inches="tight", pad_inches=0.08)
    return buf.getvalue()


def _wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(str(label), width, max_lines=2, placeholder="…")) or " "


def _number(v: float, lang: str | None, digits: int = 2) -> str:
    """A value written on a chart, in the reader's locale when the report says which ("4,2", "1.234")."""
    from atlas_qual.i18n import fmt_number

    return fmt_number(v, lang, digits) if lang else f"{v:g}"


def _percent(v: float, lang: str | None) -> str:
    """A 0-100 value as a whole percentage in the reader's locale: "62 %" (es), "62%" (en)."""
    from atlas_qual.i18n import fmt_percent

    return fmt_percent(v / 100, lang or "es", 0)


def _fixed(v: float, lang: str | None) -> str:
    from atlas_qual.i18n import fmt_fixed

    return fmt_fixed(v, lang, 2) if lang else f"{v:.2f}"


def _locale_ticks(axis, lang: str | None) -> None:
    """The axis' numbers in the reader's locale: a Spanish report reads "1,5", never "1.5"."""
    if lang:
        from matplotlib.ticker import FuncFormatter

        axis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(v, lang)))


def _height(n_rows: int, base: float = 1.0, per_row: float = 0.32, top: float = 5.5) -> float:
    return min(top, base + per_row * max(n_rows, 1))


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "", xlabel: str = "",
              highlight: Sequence[int] = (), value_format: str | None = None, lang: str | None = None) -> bytes:
    """Horizontal bars, first label on top, each bar labelled with its value.

    Examples:
        >>> len(bar_chart(["a"], [1.5], xlabel="n")) > 1000
        True
    """
    fig = _figure(_height(len(labels)))
    ax = fig.add_subplot(111)
    y = list(range(len(labels)))[::-1]
    colors = [HIGHLIGHT if i in set(highlight) else BAR for i in range(len(labels))]
    clean = [0 if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]
    ax.barh(y, clean, color=colors, height=0.62)
    ax.set_yticks(y, [_wrap(label) for label in labels])
    top = max(clean, default=0) or 1
    for yi, v in zip(y, clean):
        text = value_format.format(v) if value_format else _number(v, lang)
        ax.text(v + top * 0.01, yi, text, va="center", fontsize=FONT, color=INK)
    ax.set_xlim(0, top * 1.12)
    if all(float(v).is_integer() for v in clean):
        ax.xaxis.get_major_locator().set_params(integer=True)
    _locale_ticks(ax.xaxis, lang)
    ax.set_xlabel(xlabel, color=MUTED, fontsize=FONT)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    _style(ax)
    return _png(fig)


def stacked_bars(categories: Sequence[str], series: Mapping[str, Sequence[float]], *, colors: Mapping[str, str],
                 labels: Mapping[str, str], title: str = "", xlabel: str = "", ylabel: str = "",
                 lang: str | None = None) -> bytes:
    """Horizontal stacked bars (one per category) with a legend: e.g. coordination change by territory.

    Examples:
        >>> png = stacked_bars(["San Pedro"], {"increase": [3], "decrease": [1]},
        ...                    colors=CHANGE_COLORS, labels={"increase": "Aumento", "decrease": "Disminución"})
        >>> png.startswith(b"\\x89PNG")
        True
    """
    fig = _figure(_height(len(categories), base=1.4))
    ax = fig.add_subplot(111)
    y = list(range(len(categories)))[::-1]
    left = [0.0] * len(categories)
    for key, values in series.items():
        ax.barh(y, values, left=left, color=colors.get(key, BAR), height=0.62, label=labels.get(key, key))
        for i, v in enumerate(values):
            if v:
                ax.text(left[i] + v / 2, y[i], _number(v, lang), va="center", ha="center", fontsize=FONT,
                        color=INK if colors.get(key, BAR) in LIGHT_FILLS else "white")
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(y, [_wrap(c, 28) for c in categories])
    ax.set_xlim(0, (max(left, default=0) or 1) * 1.05)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _locale_ticks(ax.xaxis, lang)
    ax.set_xlabel(xlabel, color=MUTED, fontsize=FONT)
    if ylabel:
        ax.set_ylabel(ylabel, color=MUTED, fontsize=FONT)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    # under the axis title, never over it: a figure legend the constrained layout makes room for
    fig.legend(loc="outside lower center", ncol=max(len(series), 1), frameon=False, fontsize=FONT)
    _style(ax)
    return _png(fig)


def heatmap(rows: Sequence[str], columns: Sequence[str], matrix: Sequence[Sequence[float]], *,
            title: str = "", xlabel: str = "", ylabel: str = "", legend: str = "", lang: str | None = None) -> bytes:
    """A table of counts as a heatmap with the numbers written in (codes x territories).

    Examples:
        >>> heatmap(["Fortalezas"], ["Ñeembucú", "Boquerón"], [[3, 0]]).startswith(b"\\x89PNG")
        True
    """
    fig = _figure(_height(len(rows), base=1.5, per_row=0.36))
    ax = fig.add_subplot(111)
    data = [[float(v or 0) for v in row] for row in matrix] or [[0.0]]
    top = max((v for row in data for v in row), default=0) or 1
    image = ax.imshow(data, cmap="Blues", vmin=0, vmax=top * 1.15, aspect="auto")
    for i, row in enumerate(data):
        for j, v in enumerate(row):
            ax.text(j, i, _number(v, lang), ha="center", va="center", fontsize=FONT,
                    color="white" if v > top * 0.6 else INK)
    ax.set_xticks(range(len(columns)), [_wrap(c, 14) for c in columns], fontsize=FONT)
    ax.set_yticks(range(len(rows)), [_wrap(r, 30) for r in rows])
    ax.xaxis.tick_top()
    if title:
        ax.set_title(title, fontsize=10, loc="left", pad=26)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.tick_params(length=0, colors=MUTED, labelsize=FONT)
    if xlabel:
        ax.xaxis.set_label_position("top")
        ax.set_xlabel(xlabel, color=MUTED, fontsize=FONT)
    if ylabel:
        ax.set_ylabel(ylabel, color=MUTED, fontsize=FONT)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.ax.tick_params(labelsize=FONT, colors=MUTED)
    if all(v.is_integer() for row in data for v in row):  # counts: no "0,5" on the scale
        from matplotlib.ticker import MaxNLocator

        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _locale_ticks(bar.ax.yaxis, lang)
    if legend:
        bar.set_label(legend, color=MUTED, fontsize=FONT)
    return _png(fig)


def ranking_chart(labels: Sequence[str], scores: Sequence[float | None], q1: Sequence[float | None],
                  q3: Sequence[float | None], *, scale: tuple[float, float] = (1, 5), title: str = "",
                  xlabel: str = "", highlight: Sequence[int] = (), lang: str | None = None) -> bytes:
    """Ranked items (best on top): weighted score as a bar, the inter-quartile range as a whisker.

    Examples:
        >>> ranking_chart(["G01", "G02"], [4.2, 3.1], [4, 2.5], [4.5, 3.5]).startswith(b"\\x89PNG")
        True
    """
    fig = _figure(_height(len(labels)))
    ax = fig.add_subplot(111)
    y = list(range(len(labels)))[::-1]
    lo, hi = scale
    hl = set(highlight)
    for i, (yi, s) in enumerate(zip(y, scores)):
        if s is None:
            continue
        ax.barh(yi, s - lo, left=lo, color=HIGHLIGHT if i in hl else BAR, height=0.6)
        a, b = q1[i], q3[i]
        if a is not None and b is not None:
            ax.plot([a, b], [yi, yi], color=INK, linewidth=1.4)
            ax.plot([a, a], [yi - 0.15, yi + 0.15], color=INK, linewidth=1.4)
            ax.plot([b, b], [yi - 0.15, yi + 0.15], color=INK, linewidth=1.4)
        ax.text(hi + (hi - lo) * 0.02, yi, _fixed(s, lang), va="center", fontsize=FONT, color=INK)
    ax.set_yticks(y, [_wrap(label, 40) for label in labels])
    ax.set_xlim(lo, hi + (hi - lo) * 0.12)
    _locale_ticks(ax.xaxis, lang)
    ax.set_xlabel(xlabel, color=MUTED, fontsize=FONT)
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    _style(ax)
    return _png(fig)


def indicators_chart(percent: Sequence[tuple[str, float | None]], counts: Sequence[tuple[str, float | None]], *,
                     percent_title: str, count_title: str, lang: str = "es") -> bytes:
    """Two panels: indicators expressed as a percentage (0-100) and indicators that are counts.

    Examples:
        >>> indicators_chart([("1", 62.5)], [("2", 3)], percent_title="%", count_title="n").startswith(b"\\x89PNG")
        True
    """
    fig = _figure(_height(max(len(percent), len(counts)), base=1.2, per_row=0.42))
    for k, (items, panel_title, is_pct) in enumerate(((percent, percent_title, True), (counts, count_title, False))):
        ax = fig.add_subplot(1, 2, k + 1)
        labels = [label for label, _ in items]
        values = [0 if v is None else float(v) for _, v in items]
        y = list(range(len(labels)))[::-1]
        ax.barh(y, values, color=BAR, height=0.55)
        top = 100 if is_pct else max(max(values, default=0), 1)
        for yi, (label, v) in zip(y, items):
            text = "n/d" if v is None else (_percent(v, lang) if is_pct else _number(v, lang))
            ax.text((0 if v is None else float(v)) + top * 0.02, yi, text, va="center", fontsize=FONT, color=INK)
        ax.set_yticks(y, [_wrap(label, 22) for label in labels])
        ax.set_xlim(0, top * 1.25)
        if is_pct:
            ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_title(panel_title, fontsize=9, loc="left")
        if not is_pct:
            ax.xaxis.get_major_locator().set_params(integer=True)
        _style(ax)
    fig.get_layout_engine().set(wspace=0.08)
    return _png(fig)


__all__ = ["bar_chart", "stacked_bars", "heatmap", "ranking_chart", "indicators_chart", "CHANGE_COLORS"]
