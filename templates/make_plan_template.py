"""Regenerate templates/plan.docx, the Word template of the institutionalization plan.

Usage (from anywhere):  python templates/make_plan_template.py [FOLDER]

The plan uses the report package's cover-and-contents layout (styles, header and footer with page numbers, a table
of contents field and the ``{{ field }}`` placeholders), so it looks like the other reports. Restyle plan.docx in
Word as you like: keep the placeholders and the ``{{ content }}`` paragraph, and the style names the reports use.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from atlas_qual.reports.plan import TEMPLATE_NAME, build_plan_template  # noqa: E402


def main(argv: list[str]) -> Path:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / TEMPLATE_NAME
    build_plan_template().save(str(path))
    print(f"wrote {path}")
    return path


if __name__ == "__main__":
    main(sys.argv[1:])
