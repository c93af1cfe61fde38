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

## An analysis, start to end

Every line below runs on the demo project (`atlas-qual demo`; a test runs this block). Codes, DMOPs, territories
and institutions may be written as people say them: `"Debilidades"` or `"Evaluación/Debilidades"`, `"Alto Paraná"`
or `"alto_parana"`. A name the project does not know is one line saying which ones it knows.

```python
import matplotlib.pyplot as plt
import pandas as pd

import atlas_qual as aq

p = aq.open_project("data/atlas.db")

# filter: in the call, or with pandas on the frame (values are the stored ids)
weak = p.codings(code="Debilidades", dmop="MAUEP", territory="Alto Paraná")
mauep = p.codings()
mauep = mauep[(mauep["dmop"] == "MAUEP") & (mauep["institution"] == "MTESS")]

# code frequencies by territory: the ready-made matrix, or a pivot of the codings
matrix = p.matrix(code_by="territory", measure="interviews")
pivot = p.codings().pivot_table(index="code", columns="territory", values="segment_id", aggfunc="nunique",
                                fill_value=0, observed=True)

# join codings to the interviews' attributes: every frame names a transcript `transcript_id`
codings = p.codings().merge(p.cases()[["transcript_id", "institution_kind", "date"]], on="transcript_id",
                            validate="many_to_one")
by_kind = codings.groupby("institution_kind", observed=True)["segment_id"].nunique()

# export (redacted, as every output) and plot
codings.to_csv("codificaciones.csv", index=False)
with pd.ExcelWriter("analisis.xlsx") as book:
    matrix.to_excel(book, sheet_name="código x territorio")
    codings.to_excel(book, sheet_name="codificaciones", index=False)
ax = by_kind.sort_values().plot.barh(title="Turnos codificados por tipo de institución")
plt.close(ax.figure)

# two coders: agreement per code, then the turns to reconcile
agreement = p.agreement("ana.gimenez,carlos.rojas")
to_reconcile = p.disagreements(["ana.gimenez", "carlos.rojas"], codes="Debilidades")

# what interviewees said under a code (one row per passage), and the themes found in it
quotes = p.quotes("Debilidades", territory="Boquerón")
themes = p.themes(code="Debilidades")
per_theme = themes.groupby(["theme", "label"]).agg(turns=("segment_id", "count"))
p.close()
```

## Conventions every frame keeps

- **Same concept, same column.** A transcript is `transcript_id` everywhere (`transcripts()` also keeps `id`), a turn
  `segment_id` (`segments()` also keeps `id`), a code its path in `code` (`codebook()` also keeps `path`), a workshop
  item `item` (`results()` also keeps `id`), a workshop `session`.
- **Dtypes.** Ids and counts are `int64` (`Int64` where they may be empty, such as a coding's `start`/`end`), dates
  `datetime64`, flags `bool`, scores `float64` (NaN before anyone voted). `dmop`, `territory`, `institution`,
  `institution_kind` and `mode` are categoricals whose categories are the project's reference values, so frames of
  two coders concatenate as categoricals and `groupby(..., observed=False)` shows zeros for a territory nobody coded.
  Say `observed=True` or `observed=False` in `groupby`/`pivot_table` (pandas 2 warns when it is left out), and add
  columns to a filtered frame with `.assign(...)` or after `.copy()` (pandas 2 warns `SettingWithCopyWarning`).
- **Empty projects** give empty frames with the same columns and dtypes, so a notebook written on the demo runs on a
  new project.
- **Redaction.** Names on the project's names list (`atlas-qual names add`), interviewees' names, phone numbers,
  cédula numbers and e-mails are hidden in every text column, theme labels, workshop titles and items included.
  `redact=False` (on `open_project` or on one call) shows the originals.
- **Errors** are one line in the project's language (`AtlasQualError`; a `KeyError` for an unknown session, themes
  run, transcript or coder, a `ValueError` for an unknown table or measure or an agreement of one coder), raised from
  your call without the library's traceback. A misspelt coder is an error naming the project's coders, not an empty
  frame (a project with no codings yet gives its empty frames).
- **PostgreSQL.** `aq.open_project("postgresql://user@host/db")` gives the same frames, columns and order as a SQLite
  file. The connections are released by `p.close()`, a `with` block, or when the kernel stops.

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
