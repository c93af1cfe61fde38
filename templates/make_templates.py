"""Regenerate the default Word templates of the reports (python-docx): `python templates/make_templates.py`.

Writes dmop_report.docx, workshop_report.docx and handout.docx next to this script. Each holds the styles the reports
use (Title, Subtitle, Heading 1-3, Quote, "Quote Source", Caption, "Atlas Table", "Table Text", "Cover Meta",
"Small Note", "Key Figure", List Bullet, List Number), A4 pages, a header with the report's short title, a footer
with "Página N de M" (PAGE and NUMPAGES fields), a cover and a table-of-contents field (DMOP and workshop reports),
and `{{ field }}` placeholders; `{{ content }}` marks where the report body goes.

To restyle: open a template in Word or LibreOffice, change the styles (fonts, colours, spacing), the cover layout,
add a logo to the header, and save it under the same name. Keep the style names and the `{{ content }}` paragraph;
placeholders may be moved, deleted or repeated. Available placeholders: title, subtitle, report_kind, scope, date,
organisation, confidentiality, toc_title, toc_hint, short_title, footer_text, page_word, of_word, and the front matter
filled from the project settings (`atlas-qual settings set ...`): funding, disclaimer, agreement, partners, authors,
version, period, version_line, coverage_note, front_title. A paragraph holding only a placeholder with nothing to say
is left out of the report.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from atlas_qual.reports.templates import write_templates  # noqa: E402

if __name__ == "__main__":
    for path in write_templates(HERE):
        print(path)
