"""Field test of the analysts' API (atlas_qual.api) as an analyst uses it from a notebook: what they noticed.

- theme labels, workshop session titles and a learning workshop's items (recommendations quoting interviewees) and
  the interviewee's role showed listed names although every frame is redacted by default;
- a fresh project's frames had float columns where the demo's have text (``codings().code.str`` failed);
- the categories of DMOP / territory / institution depended on the rows, so two coders' frames concatenated into
  plain text and a pivot of one coder lacked the territories they did not code;
- the same concept had different column names (``transcripts().id`` vs ``transcript_id``, ``results().id`` vs
  ``votes().item``), so joins failed;
- a code or territory had to be typed as stored (``"Evaluación/Debilidades"``, ``"alto_parana"``); no frame of
  quotes, of themes of a code, or of the turns two coders disagree on;
- errors came with a page of library traceback, in English for ``votes()`` and Spanish for ``results()``;
- ``agreement("a,b")`` took the string letter by letter; a session nobody voted in gave scores of dtype object;
- on PostgreSQL the survey's question columns came in another order, and a forgotten ``close()`` left a connection.
"""

from __future__ import annotations

import subprocess
import sys
import traceback

import pandas as pd
import pytest
from sqlalchemy import func, select, update

import atlas_qual
from atlas_qual.errors import AtlasQualError
from atlas_qual.store import open_project as open_store
from atlas_qual.store.models import RedactionName, SessionItem, Theme, ThemeRun, Transcript, WorkshopSession

NAME = "Lucía Ferreira"  # a third party named in demo interviews, not on the demo's names list


@pytest.fixture(scope="module")
def demo_path(demo_project_template, tmp_path_factory):
    """A copy of the demo whose theme label, session title, learning-workshop item and an interviewee's role name a
    person put on the names list."""
    from conftest import copy_project

    path = copy_project(demo_project_template, tmp_path_factory.mktemp("api8") / "demo.db")
    store = open_store(path)
    try:
        def seed(s):
            s.add(RedactionName(name=NAME, replacement=""))
            run = s.scalar(select(ThemeRun.id).order_by(ThemeRun.id.desc()))
            s.execute(update(Theme).where(Theme.run_id == run, Theme.number == 0)
                      .values(custom_label=f"Lo que contó {NAME}"))
            s.execute(update(Theme).where(Theme.run_id == run, Theme.number == 1).values(label="ferreira, lucía, caso"))
            learning = s.scalar(select(WorkshopSession.id).where(WorkshopSession.kind == "learning"))
            s.execute(update(WorkshopSession).where(WorkshopSession.id == learning)
                      .values(title=f"Taller con {NAME}"))
            first = s.scalar(select(SessionItem.id).where(SessionItem.session_id == learning)
                             .order_by(SessionItem.position))
            s.execute(update(SessionItem).where(SessionItem.id == first)
                      .values(title=f"Que {NAME} coordine las derivaciones"))
            s.execute(update(Transcript).where(Transcript.id == s.scalar(select(func.min(Transcript.id))))
                      .values(role=f"inspectora, acompañada por {NAME}"))
        store.write(seed)
    finally:
        store.dispose()
    return path


@pytest.fixture(scope="module")
def demo(demo_path):
    p = atlas_qual.open_project(demo_path)
    yield p
    p.close()


def _learning(p) -> str:
    s = p.sessions()
    return s.loc[s["kind"] == "learning", "session"].iloc[0]


def test_theme_labels_workshop_titles_items_and_roles_hide_listed_names_by_default(demo):
    learning = _learning(demo)
    frames = {"themes": demo.themes(), "sessions": demo.sessions(), "votes": demo.votes(learning),
              "results": demo.results(learning), "transcripts": demo.transcripts(), "cases": demo.cases(),
              "codings": demo.codings(), "quotes": demo.quotes("Evaluación")}
    for name, frame in frames.items():
        shown = frame.to_csv() + repr(frame.attrs)
        assert "Ferreira" not in shown and "Lucía" not in shown, name
    labels = set(frames["themes"]["label"])
    assert "Lo que contó [nombre]" in labels
    assert not any("ferreira" in label.lower() for label in labels)  # a model label naming her is relabelled
    assert "Taller con [nombre]" in set(frames["sessions"]["title"])
    assert f"Que [nombre] coordine las derivaciones" in set(frames["results"]["title"])
    # the originals only when asked for
    assert f"Lo que contó {NAME}" in set(demo.themes(redact=False)["label"])
    assert f"Taller con {NAME}" in set(demo.sessions(redact=False)["title"])
    assert demo.votes(learning, redact=False)["item_title"].str.contains(NAME).any()


def test_an_empty_project_gives_the_demos_columns_and_dtypes(demo, project_path):
    with atlas_qual.open_project(project_path) as empty:
        for name in ("transcripts", "cases", "segments", "codings", "themes", "sessions", "theme_runs",
                     "disagreements"):
            full, none = getattr(demo, name)(), getattr(empty, name)()
            assert none.empty and list(none.columns) == list(full.columns), name
            assert none.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict(), name
        full, none = demo.quotes("Debilidades"), empty.quotes("Debilidades")
        assert none.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()
        # what a notebook written on the demo does next works on a fresh project too
        c = empty.codings()
        assert c[c["code"].str.startswith("Evaluación")].empty
        assert c["created_at"].dt.year.empty
        m = empty.matrix()
        assert m.empty and m.index.name == "code" and m.columns.name == "territory"
        assert list(empty.codings(code="Debilidades", territory="Alto Paraná").columns) == list(c.columns)


def test_case_attributes_are_categories_of_the_projects_values_so_coders_frames_combine(demo):
    a, b = demo.codings("ana.gimenez"), demo.codings("carlos.rojas")
    both = pd.concat([a, b], ignore_index=True)
    territories = set(demo.info()["territory_names"])
    for column in ("dmop", "territory", "institution"):
        assert isinstance(both[column].dtype, pd.CategoricalDtype), column
        assert list(a[column].cat.categories) == list(b[column].cat.categories), column
    assert set(a["territory"].cat.categories) == territories
    # a territory one coder never coded is still a category: it shows as a zero, not a missing column
    counts = b.groupby("territory", observed=False)["segment_id"].nunique()
    assert set(counts.index) == territories
    assert list(demo.cases()["territory"].cat.categories) == list(a["territory"].cat.categories)


def test_the_same_concept_has_the_same_column_name_so_frames_join(demo):
    c = demo.codings()
    assert len(c.merge(demo.transcripts()[["transcript_id", "title"]], on="transcript_id")) == len(c)
    assert len(c.merge(demo.segments()[["segment_id", "speaker"]], on="segment_id")) == len(c)
    assert len(c.merge(demo.codebook()[["code", "definition_es"]], on="code")) == len(c)
    sessions = demo.sessions()
    code = sessions.sort_values("participants")["session"].iloc[-1]
    votes = demo.votes(code)
    joined = votes.merge(demo.results(code)[["item", "rank"]], on="item", how="left")
    assert len(joined) == len(votes) and joined["rank"].notna().any()


def test_codes_and_case_attributes_are_typed_as_people_say_them(demo):
    c = demo.codings()
    by_hand = c[(c["code"] == "Evaluación/Debilidades") & (c["territory"] == "alto_parana")]
    typed = demo.codings(code="debilidades", territory="Alto Paraná")
    assert sorted(typed["id"]) == sorted(by_hand["id"]) and len(typed) > 0
    parent = demo.codings(code="Evaluación")
    assert set(parent["code"]) > {"Evaluación/Debilidades", "Evaluación/Fortalezas"}
    assert set(demo.codings(dmop="mauep")["dmop"]) == {"MAUEP"}
    assert (demo.matrix(dmop="MAUEP").sum().sum()) < demo.matrix().sum().sum()
    with pytest.raises(AtlasQualError) as err:
        demo.codings(territory="Itapúa")
    assert "Alto Paraná" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(AtlasQualError) as err:
        demo.quotes("Debilidade")
    assert "Debilidades" in str(err.value)


def test_quotes_of_a_code_are_one_row_per_passage_with_who_said_it_but_no_name(demo):
    q = demo.quotes("Debilidades", dmop="MAUEP")
    c = demo.codings(code="Debilidades", dmop="MAUEP")
    assert list(q.columns[:4]) == ["code", "quote", "pseudonym", "speaker"]
    # two coders marking the same passage: one row, both coders named
    assert len(q) == len(c.drop_duplicates(["segment_id", "code", "start", "end"])) < len(c)
    assert q["coders"].str.contains(",").any()
    assert q["pseudonym"].notna().all()
    interviewees = [n for n in demo.transcripts(redact=False)["interviewee"].dropna() if n]
    words = {w for n in interviewees for w in n.split() if len(w) > 3}
    assert not words & set(" ".join(q["speaker"].dropna()).split())


def test_themes_of_a_code_and_the_stored_runs(demo):
    runs = demo.theme_runs()
    assert {"run_id", "code", "dmop", "created_at", "themes"} <= set(runs.columns)
    weak = runs.loc[runs["code"] == "Evaluación/Debilidades", "run_id"].iloc[0]
    th = demo.themes(code="Debilidades")
    assert set(th["run_id"]) == {weak} and set(th["code"]) == {"Evaluación/Debilidades"}
    assert demo.themes("Debilidades").equals(th)
    one_per_theme = th.groupby(["theme", "label"]).size()
    assert len(one_per_theme) == th["theme"].nunique()
    with pytest.raises(KeyError) as err:
        demo.themes(99999)
    assert "theme_runs()" in str(err.value)
    with pytest.raises(KeyError) as err:
        demo.themes(code="Criadazgo")
    assert "atlas-qual themes --code" in str(err.value)


def test_two_coders_compared_turn_by_turn(demo):
    coders = ["ana.gimenez", "carlos.rojas"]
    a = demo.agreement("ana.gimenez,carlos.rojas")
    assert a.attrs["coders"] == coders and a.equals(demo.agreement(coders))
    d = demo.disagreements(coders)
    assert len(d) > 0 and set(d["kind"]) <= {"presence", "span"}
    assert str(d["decision"].dtype) == "boolean"
    c = demo.codings(coders)
    applied = set(zip(c["segment_id"], c["code"], c["coder"]))
    for row in d[d["kind"] == "presence"].head(20).itertuples():
        assert all((row.segment_id, row.code, who) in applied for who in row.applied_by.split(","))
        assert all((row.segment_id, row.code, who) not in applied for who in row.not_applied_by.split(","))
    assert "Ferreira" not in d.to_csv()
    assert len(demo.disagreements(coders, "Debilidades")) < len(d)
    with pytest.raises(AtlasQualError) as err:
        demo.agreement(["ana.gimenez", "carla.rojas"])
    assert "carlos.rojas" in str(err.value)  # the coders there are, not only those asked for


def test_results_before_anyone_voted_are_numbers(demo):
    sessions = demo.sessions()
    empty = sessions.loc[sessions["participants"] == 0, "session"].iloc[0]
    r = demo.results(empty)
    assert r["score"].dtype.kind == "f" and r["score"].isna().all()
    assert r["median"].dtype.kind == "f"
    assert demo.votes(empty).dtypes.astype(str).to_dict() == demo.votes(_learning(demo)).dtypes.astype(str).to_dict()


def test_errors_are_one_clear_line_without_the_librarys_traceback(demo, tmp_path):
    with pytest.raises(AtlasQualError) as err:
        atlas_qual.open_project(tmp_path / "nada.db")
    assert "atlas-qual init" in str(err.value)
    frames = traceback.extract_tb(err.value.__traceback__)
    assert not [f for f in frames if "/atlas_qual/store/" in f.filename], [f.filename for f in frames]
    with pytest.raises(KeyError) as votes_err:
        demo.votes("NOPE00")
    with pytest.raises(AtlasQualError) as results_err:
        demo.results("NOPE00")
    assert str(votes_err.value) == str(results_err.value)  # the same words, in the project's language
    assert len(traceback.extract_tb(votes_err.value.__traceback__)) <= 2
    with pytest.raises(ValueError) as err:
        demo.register("salaries")
    assert "meetings" in str(err.value) and len(traceback.extract_tb(err.value.__traceback__)) <= 2
    with pytest.raises(ValueError):
        demo.matrix(measure="mean")


def test_survey_questions_come_in_the_same_order_on_sqlite_and_postgresql(project_path, tmp_path):
    from atlas_qual.store.register import import_register

    f = tmp_path / "encuesta.csv"
    f.write_text("DMOP,Cambio en la coordinación,¿Participó?,Comentarios,Utilidad\n"
                 "MAUEP,Aumentó,Sí,Muy útil,5\nMAUEP,Se mantuvo igual,No,,3\n", encoding="utf-8")
    store = open_store(project_path)
    try:
        assert import_register(store, "survey", f).added == 2
    finally:
        store.dispose()
    with atlas_qual.open_project(project_path) as p:
        q = [c for c in p.register("survey").columns if c.startswith("q_")]
    assert q == sorted(q) and len(q) == 3


def test_a_notebook_that_never_closes_its_project_leaves_no_connection_open(demo_path):
    code = ("import atlas_qual as aq\n"
            f"p = aq.open_project({str(demo_path)!r})\n"
            "p.codings(); p.themes(); p.quotes('Debilidades')\n")
    run = subprocess.run([sys.executable, "-W", "always::ResourceWarning", "-c", code], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "ResourceWarning" not in run.stderr and "still open" not in run.stderr


def test_the_analysis_in_docs_api_md_runs_on_the_demo(demo_path, tmp_path, monkeypatch):
    """docs/api.md "An analysis, start to end": filter, pivot, join, export, plot, two coders, quotes, themes."""
    import re
    import warnings
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    doc = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    section = doc.split("## An analysis, start to end", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert 'aq.open_project("data/atlas.db")' in code
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no FutureWarning / SettingWithCopyWarning on the documented way
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        exec(compile(code.replace("data/atlas.db", str(demo_path)), "api.md", "exec"), scope)  # noqa: S102
    assert len(scope["weak"]) > 0 and set(scope["weak"]["territory"]) == {"alto_parana"}
    assert scope["pivot"].shape[0] > 0 and scope["matrix"].columns.name == "territory"
    assert (tmp_path / "codificaciones.csv").exists() and (tmp_path / "analisis.xlsx").exists()
    assert len(scope["to_reconcile"]) > 0 and len(scope["quotes"]) > 0 and len(scope["per_theme"]) > 0
