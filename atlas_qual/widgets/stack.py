"""Tables that become one card per row on a phone (``aq-stack`` in ``frame.css``).

The same table as :func:`atlas_qual.html.table` (cells escaped, numbers right-aligned, wrapped so a wide one scrolls
inside its own box on a laptop), plus each cell's column name in ``data-label``: below 600 px the frame's stylesheet
hides the header row and shows every row as a card, its first cell as the title and every other cell as
"column: value". A wide table at 375 px (the retrieval hits, the agreement per code) no longer scrolls sideways or
squeezes a column to a few letters per line.
"""

from __future__ import annotations

import math
from typing import Sequence

from atlas_qual import html as H


def _cell_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return "—" if not math.isfinite(value) else f"{value:.2f}"
    return str(value)


def stacked_table(rows: Sequence[Sequence[object]], header: Sequence[str], *, classes: str = "",
                  raw_columns: Sequence[int] = (), block_columns: Sequence[int] = (),
                  caption: str | None = None, labels: Sequence[str] | None = None) -> str:
    """An escaped HTML table that reads as cards on a phone.

    ``raw_columns``: indexes of cells that are trusted HTML, inserted as they are; ``block_columns``: cells that take
    the card's whole width on a phone (a quote, a context line) instead of sitting beside the short ones;
    ``labels``: shorter column names for the cards (default: ``header``), so short values share a line.

    Examples:
        >>> html = stacked_table([["G01", 4.25, None]], ["id", "score", "rank"], block_columns=(2,))
        >>> '<td class="aq-num" data-label="score">4.25</td>' in html
        True
        >>> '<td class="aq-block" data-label="rank">—</td>' in html
        True
        >>> "aq-stack" in html and "aq-table-wrap" in html
        True
    """
    raw, block = set(raw_columns), set(block_columns)
    css = " ".join(x for x in ("aq-table", "aq-stack", classes) if x)
    out = [f'<div class="aq-table-wrap"><table class="{H.escape(css)}">']
    if caption:
        out.append(f"<caption>{H.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{H.escape(h)}</th>' for h in header) + "</tr></thead>")
    out.append("<tbody>")
    labels = [H.escape(h) for h in (header if labels is None else labels)]
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            names = []
            if index in raw:
                content = "" if value is None else str(value)
            else:
                content = H.escape(_cell_text(value))
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    names.append("aq-num")
            if index in block:
                names.append("aq-block")
            css_cell = f' class="{" ".join(names)}"' if names else ""
            label = f' data-label="{labels[index]}"' if index < len(labels) and labels[index] else ""
            cells.append(f"<td{css_cell}{label}>{content}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


__all__ = ["stacked_table"]
