"""Write docs/api.md from the docstrings of atlas_qual.api (python tools/api_docs.py; a test keeps it current)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INTRO = """# atlas-qual for analysts: the Python API

`import atlas_qual as aq` gives a project as tidy, **read-only** pandas DataFrames, **redacted by default** (names,
phone numbers, cédula numbers and e-mails hidden as in every other output; `redact=False` shows the originals and
should stay on the evaluator's machine). One row per observation (a coding, a vote, a turn), English column names,
values as stored, DMOP / territory / institution / mode as categoricals, dates as pandas datetimes and counts as
integers, so `groupby`, `pivot_table`, seaborn and matplotlib work without reshaping. Writes stay in the CLI and the
apps.

```python
import atlas_qual as aq

p = aq.open_project("data/atlas.db")          # or "postgresql://user@host/db"
codings = p.codings()                          # one row per coding, with the interview's attributes
codings.groupby(["dmop", "code"], observed=True)["segment_id"].nunique()
votes = p.votes("MU324J")                      # one row per vote
votes[votes.round_kind == "score"].groupby("institution", observed=True)["value"].mean()
```

`make lab` opens JupyterLab on `notebooks/analysis/`, where `analisis_libre.ipynb` ("Análisis libre") loads the
demo, builds a code x territory matrix, charts strengths and weaknesses by DMOP, reads workshop votes by
institution and exports to Excel. The examples below run as tests (`demo_path` is the demo project).

This page is generated from the docstrings by `python tools/api_docs.py`.
"""


def render() -> str:
    import atlas_qual.api as api

    out = [INTRO]
    out.append("## `atlas_qual.open_project(project=None, *, redact=True, lang='es')`\n")
    out.append(_doc(api.open_project))
    out.append("## `Project` methods\n")
    for name, fn in inspect.getmembers(api.Project, inspect.isfunction):
        if name.startswith("_") or not fn.__doc__:
            continue
        sig = _signature(fn)
        out.append(f"### `p.{name}{sig}`\n")
        out.append(_doc(fn))
    return "\n".join(out)


def _signature(fn) -> str:
    """(a: T = default, *, b: U = 'x') -> R, with the string annotations of the module shown unquoted."""
    sig = inspect.signature(fn)
    params, star = [], False
    for p in sig.parameters.values():
        if p.name == "self":
            continue
        if p.kind is p.KEYWORD_ONLY and not star:
            params.append("*")
            star = True
        text = p.name + (f": {p.annotation}" if p.annotation is not p.empty else "")
        if p.default is not p.empty:
            text += f" = {p.default!r}"
        params.append(text)
    ret = sig.return_annotation
    ret = "" if ret is sig.empty else f" -> {str(ret).strip(chr(39)).replace('pd.DataFrame', 'DataFrame')}"
    return f"({', '.join(params)}){ret}"


def _doc(fn) -> str:
    text = inspect.getdoc(fn) or ""
    body, _, examples = text.partition("Examples:")
    parts = [body.strip() + "\n"]
    if examples.strip():
        parts.append("```python\n" + inspect.cleandoc(examples) + "\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    (ROOT / "docs" / "api.md").write_text(render(), encoding="utf-8")
    print("wrote docs/api.md")
