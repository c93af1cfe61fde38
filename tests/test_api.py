"""The analyst's API: tidy, read-only DataFrames of the demo project, redacted by default, on SQLite and PostgreSQL."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

import atlas_qual
import atlas_qual.api
from atlas_qual.store import open_project as open_store
from atlas_qual.store.models import Coding, Participant, Round, Vote, WorkshopSession

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "analysis" / "analisis_libre.ipynb"


@pytest.fixture(scope="module")
def demo_path(demo_project_template, tmp_path_factory):
    """A copy of the demo for this module: the frames keep connections open, and on PostgreSQL a template database
    with open connections cannot be copied for the other tests."""
    from conftest import copy_project

    return copy_project(demo_project_template, tmp_path_factory.mktemp("api") / "demo.db")


@pytest.fixture(scope="module")
def demo(demo_path):
    p = atlas_qual.open_project(demo_path)
    yield p
    p.close()


def _scalar(project_path, statement):
    store = open_store(project_path)
    try:
        with store.session() as s:
            return s.scalar(statement)
    finally:
        store.dispose()


def test_frames_have_one_row_per_stored_observation(demo, demo_path):
    info = demo.info()
    assert len(demo.transcripts()) == info["transcripts"] > 0
    assert len(demo.segments()) == info["segments"]
    assert len(demo.codebook()) == info["codes"]
    assert len(demo.sessions()) == info["sessions"]
    accepted = _scalar(demo_path, select(func.count()).select_from(Coding).where(Coding.status == "accepted"))
    assert len(demo.codings()) == accepted > 0
    everything = _scalar(demo_path, select(func.count()).select_from(Coding))
    assert len(demo.codings(include_pending=True)) == everything
    assert len(demo.cases()) == info["transcripts"]


def test_codings_are_tidy_with_case_attributes_spans_and_categoricals(demo):
    c = demo.codings()
    for column in ("id", "segment_id", "transcript_id", "code", "coder", "origin", "start", "end", "quote",
                   "dmop", "territory", "institution", "mode", "created_at"):
        assert column in c.columns, column
    assert c["id"].is_unique
    for column in ("dmop", "territory", "institution"):
        assert isinstance(c[column].dtype, pd.CategoricalDtype), column
    assert str(c["segment_id"].dtype) == "int64"
    assert pd.api.types.is_datetime64_any_dtype(c["created_at"])
    assert str(c["start"].dtype) == "Int64"  # empty for a whole turn
    whole = c[c["whole_segment"]]
    assert whole["start"].isna().all()
    # one coder's codings only
    coder = c["coder"].iloc[0]
    assert set(demo.codings(coder)["coder"]) == {coder}


def test_span_codings_quote_exactly_their_span(demo):
    segs = demo.segments(redact=False).set_index("id")
    c = demo.codings(redact=False)
    spans = c[~c["whole_segment"]]
    for row in spans.head(20).itertuples():
        assert row.quote == segs.loc[row.segment_id, "text"][row.start:row.end]
    for row in c[c["whole_segment"]].head(20).itertuples():
        assert row.quote == segs.loc[row.segment_id, "text"]


def test_dates_are_datetimes_and_counts_integers(demo):
    t = demo.transcripts()
    assert pd.api.types.is_datetime64_any_dtype(t["date"])
    assert str(t["segments"].dtype) == "int64"
    assert t["segments"].sum() == len(demo.segments())
    assert pd.api.types.is_datetime64_any_dtype(demo.register("meetings")["date"])
    assert pd.api.types.is_datetime64_any_dtype(demo.register("reach")["month"])


def test_interviewee_names_never_reach_a_frame_by_default(demo):
    names = [n for n in demo.transcripts(redact=False)["interviewee"].dropna() if n]
    assert names
    assert "interviewee" not in demo.transcripts().columns
    surnames = {n.split()[1] for n in names if len(n.split()) > 1}
    frames = {
        "segments": demo.segments()[["text", "speaker"]],
        "codings": demo.codings()[["quote"]],
        "transcripts": demo.transcripts()[["title", "filename", "interviewer"]],
        "themes": demo.themes()[["text"]],
    }
    for name, frame in frames.items():
        blob = "\n".join(frame.astype(str).fillna("").agg(" ".join, axis=1))
        leaked = [s for s in surnames if s in blob]
        assert not leaked, (name, leaked)
    # the originals are there when asked for explicitly
    raw = "\n".join(demo.segments(redact=False)["text"]) + "\n".join(demo.segments(redact=False)["speaker"].fillna(""))
    assert any(s in raw for s in surnames)


def test_attendee_and_respondent_names_hidden_by_default(demo):
    attendees = demo.register("attendees")
    raw = demo.register("attendees", redact=False)
    assert len(attendees) == len(raw) > 0
    assert attendees["name"].str.startswith("#").all()
    assert not set(attendees["name"]) & set(raw["name"])


def test_matrix_counts_coded_turns_per_code_and_value(demo):
    c = demo.codings()
    m = demo.matrix(code_by="territory", include_subcodes=False)
    expected = c.groupby(["code", "territory"], observed=True)["segment_id"].nunique()
    for (code, territory), n in expected.items():
        assert m.loc[code, territory] == n
    parent = demo.matrix(code_by="territory")
    child = c["code"][c["code"].str.contains("/")].iloc[0]
    top = child.split("/")[0]
    assert parent.loc[top].sum() >= m.loc[child].sum()
    pct = demo.matrix(code_by="dmop", measure="percent")
    assert ((pct >= 0) & (pct <= 100)).all().all()
    with pytest.raises(ValueError):
        demo.matrix(code_by="colour")


def test_cooccurrence_is_symmetric_with_turn_counts_on_the_diagonal(demo):
    co = demo.cooccurrence()
    assert (co.values == co.values.T).all()
    per_code = demo.codings().groupby("code")["segment_id"].nunique()
    for code in co.index[:10]:
        assert co.loc[code, code] == per_code[code]


def test_agreement_per_code_and_overall(demo, cli, demo_path):
    a = demo.agreement()
    assert "(all)" in a.index
    assert len(a.attrs["coders"]) >= 2
    res = cli("agreement", "--project", str(demo_path), "--json")
    doc = json.loads(res.out)
    assert a.loc["(all)", "alpha"] == pytest.approx(doc["krippendorff_alpha"])
    assert set(doc["per_code"]) <= set(a.index)


def test_votes_one_row_per_vote_and_results_per_item(demo, demo_path):
    sessions = demo.sessions()
    assert str(sessions["participants"].dtype) == "int64"
    code = sessions.sort_values("participants")["session"].iloc[-1]
    v = demo.votes(code)
    stored = _scalar(demo_path, select(func.count()).select_from(Vote).join(Round)
                     .join(WorkshopSession, WorkshopSession.id == Round.session_id)
                     .where(WorkshopSession.code == code))
    assert len(v) == stored > 0
    assert "nickname" not in v.columns
    people = _scalar(demo_path, select(func.count()).select_from(Participant)
                     .join(WorkshopSession).where(WorkshopSession.code == code))
    assert v["participant"].nunique() <= people
    r = demo.results(code)
    assert {"id", "title", "score", "rank"} <= set(r.columns)
    assert not any(isinstance(x, dict) for x in r.iloc[0].tolist())  # flattened: one value per cell
    # the question from the issue, in three lines of pandas
    scores = v[v["round_kind"] == "score"]
    by_institution = scores.groupby("institution", observed=True)["value"].mean().sort_values(ascending=False)
    assert by_institution.notna().all() and len(by_institution) > 1
    with pytest.raises(KeyError):
        demo.votes("NOPE00")


def test_themes_and_indicators(demo):
    th = demo.themes()
    assert len(th) > 0 and th["theme"].dtype.kind == "i"
    assert th.groupby("theme_id")["label"].nunique().max() == 1
    ind = demo.indicators()
    assert len(ind) >= 6 and ind["number"].is_unique


def test_register_tables_and_unknown_table(demo):
    for table in atlas_qual.api.REGISTER_TABLES:
        assert isinstance(demo.register(table), pd.DataFrame)
    with pytest.raises(ValueError):
        demo.register("salaries")


def test_the_api_never_writes(demo_project, tmp_path):
    if "://" in str(demo_project):
        pytest.skip("file modification time is a SQLite check")
    path = Path(demo_project)
    p = atlas_qual.open_project(path)  # the first open may upgrade; a second must not write
    p.close()
    before = path.stat().st_mtime_ns, path.with_name(path.name + "-wal").exists()
    with atlas_qual.open_project(path) as p:
        for name in ("transcripts", "segments", "codings", "codebook", "cases", "sessions", "themes"):
            getattr(p, name)()
    assert path.stat().st_mtime_ns == before[0]
    assert not hasattr(p, "apply_code") and not hasattr(p, "add")


def test_docstring_examples_run(demo_path):
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs = {"demo_path": str(demo_path), "open_project": atlas_qual.api.open_project}
    tests = finder.find(atlas_qual.api, "atlas_qual.api", globs=globs)
    assert sum(len(t.examples) for t in tests) >= 15
    for test in tests:
        runner.run(test)
    assert runner.failures == 0, runner.summarize(verbose=False)


def test_example_notebook_is_stored_without_outputs_and_runs_on_the_demo(demo_path, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
    assert any("Análisis libre" in cell.source for cell in nb.cells if cell.cell_type == "markdown")
    import os

    os.environ["ATLAS_QUAL_PROJECT"] = str(demo_path)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        os.environ.pop("ATLAS_QUAL_PROJECT", None)
    assert (tmp_path / "analisis_libre.xlsx").exists()
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 1


def test_api_reference_is_current_with_the_docstrings():
    import subprocess
    import sys

    before = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    from importlib import util

    spec = util.spec_from_file_location("api_docs", ROOT / "tools" / "api_docs.py")
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == before, "docs/api.md is stale: run python tools/api_docs.py"
    assert "open_project" in before and "p.codings(" in before


def test_a_name_added_while_the_notebook_is_open_is_hidden_from_the_next_frame(demo_project):
    from atlas_qual.store.models import RedactionName

    with atlas_qual.open_project(demo_project) as p:
        word = "Lucía Ferreira"  # a third party named in a demo interview, not listed
        assert p.segments()["text"].str.contains(word, regex=False).any()
        store = open_store(demo_project)
        try:
            store.write(lambda s: s.add(RedactionName(name=word, replacement="")))
        finally:
            store.dispose()
        assert not p.segments()["text"].str.contains(word, regex=False).any()
        assert not p.codings()["quote"].str.contains(word, regex=False).any()
