"""How wide a word prints in a report table, from the widths of its letters: "Responsable" is narrower than eleven
average letters ("l", "s", "e" are narrow), so a narrow column need not take the width its header seemed to need
from the table's text column.

The widths are those of DejaVu Sans (regular and bold), in ems: the widest of the fonts a report meets (LibreOffice
prints Calibri with it where neither Calibri nor Carlito is installed; Calibri, Carlito and Liberation Sans are
narrower), so a word measured here never wraps in Word or LibreOffice. Letters not listed count as an "M".

Examples:
    >>> round(word_width_cm("Responsable", bold=True), 2)
    2.43
    >>> word_width_cm("iiii") < word_width_cm("mmmm")
    True
"""

from __future__ import annotations

TABLE_PT = 9.5  # the "Table Text" style
_CM_PER_EM = TABLE_PT / 72 * 2.54

# em widths of DejaVu Sans, grouped (rounded to 0.01 em)
_REGULAR = {
    0.28: "'ijlíIJÍ,.·’", 0.32: "\u00a0 ", 0.34: "/:;\\|", 0.36: "f-", 0.40: "()[]t!¡r", 0.47: "\"ºª", 0.50: "*_`°–",
    0.53: "sz“”?¿", 0.56: "cL", 0.59: "Fkvxy", 0.61: "PTYaoáó«»", 0.63: "eéESbdghnpquúüñÉ",
    0.64: "$0123456789{}", 0.68: "KAVÁ", 0.70: "BRXZC", 0.75: "UÚÜHNÑ", 0.79: "DGOQÓ&", 0.84: "w#+<=>^~",
    0.86: "M", 0.95: "%", 1.00: "m@W—",
}
_BOLD = {
    0.34: "'ijlí\u00a0 ", 0.38: "/IJ\\|Í,.·’", 0.42: ":;-", 0.46: "f!()[]¡", 0.49: "tr", 0.52: "_`°–\"*", 0.58: "ºª?z¿",
    0.60: "cs", 0.66: "Lvxy«»“”", 0.68: "akáEFTeéÉ", 0.70: "oó$0123456789", 0.72: "hnu{}úüñSYbdgpq",
    0.76: "CPZB", 0.81: "AKRVXÁUÚÜ", 0.85: "GDOQÓ#+<=>HN^~Ñ&", 0.92: "w", 1.00: "%@M—", 1.10: "mW",
}
_WIDTHS = {bold: {ch: em for em, chars in table.items() for ch in chars}
           for bold, table in ((False, _REGULAR), (True, _BOLD))}
_UNKNOWN = {False: 0.86, True: 1.0}


def word_width_cm(word: str, bold: bool = False) -> float:
    """The printed width of ``word`` (no padding) in the tables' 9.5 pt type, in centimetres."""
    widths = _WIDTHS[bold]
    return sum(widths.get(ch, _UNKNOWN[bold]) for ch in word) * _CM_PER_EM


__all__ = ["TABLE_PT", "word_width_cm"]
