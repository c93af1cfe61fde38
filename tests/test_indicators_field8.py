"""The six reportable indicators checked by hand, as an M&E officer would: small registers typed as CSV files, imported
with `atlas-qual register import`, and the figures of `atlas-qual indicators` (and the DMOP report) compared with
counts done on paper against the definitions of the concept papers (shared/domain/README.md, "Reportable
indicators"):

1. % of stakeholders reporting increases in their coordinating efforts ... as a result of the project;
2. # evidence-based enforcement models developed;   3. # of DMOP-C implemented ...;
4. Proportion of DMOP-C that successfully completed the pilot;   5. # of refined DMOP-C based on pilot analysis;
6. # of DMOP-C sustainability plans developed.

Phases are cumulative: a DMOP that reached a phase keeps counting for it even if it later went back; ``--as-of``
reads the register as it stood that day.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PHASES = """dmop,phase,date,territory,note
MAUEP,development,2024-05-06,,
MAUEP,pilot,2024-08-19,alto_parana,
MAUEP,evaluated,2025-06-20,,
MAUEP,refined,2025-08-29,,
IPACM,development,2024-05-10,,
IPACM,pilot,2024-10-07,,
IPACM,development,2024-12-01,,vuelve a desarrollo para rediseñar
CR,development,2024-06-01,,
CR,pilot,2026-02-01,san_pedro,
"""
# S3 skipped the coordination question; S5 answered after the 2025 period; S1 appears twice (the second row corrects
# the first: one stakeholder, one answer)
SURVEY = """respondent,dmop,territory,coordination_change,date
S1,MAUEP,alto_parana,Se mantuvo igual,2025-06-01
S2,MAUEP,alto_parana,Se mantuvo igual,2025-06-02
S3,MAUEP,boqueron,,2025-06-03
S4,MAUEP,boqueron,Disminuyó,2025-06-04
S5,MAUEP,san_pedro,Aumentó algo,2026-03-01
S6,IPACM,,Aumentó,2025-06-01
S1,MAUEP,alto_parana,Aumentó mucho,2025-06-01
"""
MEETINGS = """ref,date,dmop,territory,title
M1,2024-08-20,MAUEP,alto_parana,Capacitación conjunta
M2,2024-11-12,MAUEP,alto_parana,Revisión trimestral
M3,2024-09-17,MAUEP,boqueron,Lanzamiento
"""
# 7 attendances of 4 people: Ana three times (once written without accent), Carlos twice (sex left blank once),
# Rosa (no institution, no sex) and Luis (no sex)
ATTENDEES = """meeting,name,institution,role,gender
M1,Ana Benítez,MTESS,inspectora,mujer
M1,Carlos Duarte,MP,fiscal,hombre
M1,Rosa Giménez,,consejera,
M2,Ana Benitez,MTESS,inspectora,mujer
M2,Carlos Duarte,MP,fiscal,
M3,Ana Benítez,MTESS,inspectora,F
M3,Luis Paredes,PN,policía,
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load(cli, project_path, folder: Path, **files: str) -> None:
    for kind in ("phases", "meetings", "attendees", "survey", "reach"):
        if kind in files:
            r = cli("register", "import", kind, write(folder, f"{kind}.csv", files[kind]), "--project", project_path)
            assert r.code == 0, r


def indicators(cli, project_path, *extra) -> dict[int, dict]:
    r = cli("indicators", "--json", "--project", project_path, *extra)
    assert r.code == 0, r
    return {d["number"]: d for d in r.json()}


@pytest.fixture
def register(cli, project_path, tmp_path):
    load(cli, project_path, tmp_path, phases=PHASES, meetings=MEETINGS, attendees=ATTENDEES, survey=SURVEY)
    return project_path


def test_whole_register_matches_the_hand_count(cli, register):
    ind = indicators(cli, register, "--lang", "en")
    # 1: answered S1 (increase, corrected), S2, S4, S5, S6; S3 skipped -> 3 increases of 5 = 60.0 %
    assert (ind[1]["numerator"], ind[1]["denominator"], ind[1]["value"], ind[1]["source"]) == (3, 5, 60.0, "survey")
    assert ind[1]["formatted"] == "60.0 %"
    # 2 and 3: every DMOP-C reached the pilot; IPACM went back to development but was piloted (developed/implemented)
    assert ind[2]["counted"] == ind[3]["counted"] == ["CR", "IPACM", "MAUEP"]
    # 4: only MAUEP was evaluated, of 3 that started the pilot
    assert (ind[4]["numerator"], ind[4]["denominator"], ind[4]["formatted"]) == (1, 3, "1 of 3 (33.3 %)")
    assert (ind[5]["value"], ind[5]["counted"], ind[6]["value"]) == (1, ["MAUEP"], 0)


def test_as_of_leaves_out_survey_answers_dated_after_the_day(cli, register):
    """Before the fix ``--as-of`` applied to phases only: S5 (March 2026) still counted in a 2025 figure (60 %)."""
    ind = indicators(cli, register, "--as-of", "2025-12-31", "--lang", "es")
    # S1 increase, S2 no change, S4 decrease, S6 increase -> 2 of 4
    assert (ind[1]["numerator"], ind[1]["denominator"], ind[1]["formatted"]) == (2, 4, "50,0 %")
    # CR entered the pilot in 2026: outside
    assert ind[3]["counted"] == ["IPACM", "MAUEP"]
    assert (ind[4]["numerator"], ind[4]["denominator"], ind[4]["formatted"]) == (1, 2, "1 de 2 (50,0 %)")
    # a day before any pilot: nothing implemented, and 4 says why it has no value instead of 0 %
    early = indicators(cli, register, "--as-of", "2024-06-30", "--lang", "en")
    assert early[3]["value"] == 0 and early[4]["value"] is None
    assert early[4]["formatted"] == "n/a (no DMOP-C has started the pilot)"
    assert early[1]["value"] is None and early[1]["denominator"] == 0  # no survey answer dated by then


def test_as_of_leaves_out_plans_dated_after_the_day_like_cycle_counts(cli, register):
    """Before the fix `indicators --as-of` counted a plan drafted after the day (1) where `cycle counts` said 0."""
    r = cli("cycle", "plan", "--dmop", "MAUEP", "--title", "Plan de institucionalización", "--date", "2026-06-01",
            "--project", register)
    assert r.code == 0, r
    assert indicators(cli, register)[6]["counted"] == ["MAUEP"]
    before = indicators(cli, register, "--as-of", "2025-12-31")
    counts = cli("cycle", "counts", "--as-of", "2025-12-31", "--json", "--project", register).json()
    assert before[6]["value"] == counts["indicator_6"]["value"] == 0


def test_indicator_1_from_interviews_one_reporting_both_increase_and_decrease(cli, project_path, tmp_path):
    """No survey for CR: interviews coded under "Cambio en la coordinación". One interview says coordination rose
    with the prosecutors and fell with the police: it reports an increase (numerator) and counts once (denominator);
    an interview that never spoke of coordination is in neither; one dated after ``--as-of`` is out."""
    texts = {
        "e1.txt": "Fecha: 2025-05-10\nDMOP: CR\n\nE: ¿Cambió la coordinación?\n\nR: Con la fiscalía aumentó.\n\n"
                  "E: ¿Y con la policía?\n\nR: Con la policía disminuyó bastante.\n",
        "e2.txt": "Fecha: 2025-05-11\nDMOP: CR\n\nE: ¿Cambió la coordinación?\n\nR: Sigue todo igual que antes.\n",
        "e3.txt": "Fecha: 2025-05-12\nDMOP: CR\n\nE: ¿Qué funcionó?\n\nR: Las radios comunitarias.\n",
        "e4.txt": "Fecha: 2026-02-02\nDMOP: CR\n\nE: ¿Cambió la coordinación?\n\nR: Aumentó con la CODENI.\n",
    }
    files = [write(tmp_path, name, text) for name, text in texts.items()]
    r = cli("import", *files, "--json", "--project", project_path)
    assert r.code == 0, r
    ids = {Path(x["file"]).name: x["transcript_id"] for x in r.json()["imported"]}
    answers = {}
    for name, tid in ids.items():
        segs = cli("segments", "--transcript", tid, "--json", "--project", project_path).json()
        answers[name] = [s["id"] for s in segs if s["speaker"] == "R"]
    rows = ["segment_id,code,coder",
            f"{answers['e1.txt'][0]},Cambio en la coordinación/Aumento,ana",
            f"{answers['e1.txt'][1]},Cambio en la coordinación/Disminución,ana",
            f"{answers['e2.txt'][0]},Cambio en la coordinación/Sin cambio,ana",
            f"{answers['e3.txt'][0]},Evaluación/Fortalezas,ana",
            f"{answers['e4.txt'][0]},Cambio en la coordinación/Aumento,ana"]
    r = cli("codings", "import", write(tmp_path, "codings.csv", "\n".join(rows) + "\n"), "--project", project_path)
    assert r.code == 0, r
    ind = indicators(cli, project_path, "--dmop", "CR", "--lang", "en")[1]
    # e1 (increase and decrease) and e4 report an increase; e2 no change; e3 not about coordination -> 2 of 3
    assert (ind["source"], ind["numerator"], ind["denominator"], ind["formatted"]) == ("interviews", 2, 3, "66.7 %")
    period = indicators(cli, project_path, "--dmop", "CR", "--as-of", "2025-12-31", "--lang", "en")[1]
    assert (period["numerator"], period["denominator"], period["formatted"]) == (1, 2, "50.0 %")


def test_nothing_recorded_gives_n_a_with_a_reason_never_zero_percent(cli, project_path):
    for lang, one, four in (("en", "n/a (nobody answered about coordination)", "n/a (no DMOP-C has started the pilot)"),
                            ("es", "n/d (nadie respondió sobre la coordinación)", "n/d (ningún DMOP-C inició el piloto)")):
        ind = indicators(cli, project_path, "--lang", lang)
        assert (ind[1]["value"], ind[1]["formatted"]) == (None, one)
        assert (ind[4]["value"], ind[4]["formatted"]) == (None, four)
        assert [ind[n]["value"] for n in (2, 3, 5, 6)] == [0, 0, 0, 0]
    text = cli("indicators", "--lang", "en", "--project", project_path).out
    assert "n/a (no DMOP-C has started the pilot)   (0 / 0;" in text and "0.0 %" not in text


def test_rounding_is_one_decimal_halves_up_in_the_readers_locale(cli, project_path, tmp_path, monkeypatch):
    """1 increase of 16 answers is 6.25 %: a spreadsheet's ROUND gives 6.3 (Python's round gave 6.2); Guaraní
    readers (es_PY) write a decimal comma like Spanish ones (it printed 6.2 %)."""
    rows = ["respondent,dmop,coordination_change", "R01,MAUEP,Aumentó"]
    rows += [f"R{n:02d},MAUEP,Sin cambio" for n in range(2, 17)]
    rows += ["R17,MAUEP,"]  # skipped the question: not in the 16
    load(cli, project_path, tmp_path, survey="\n".join(rows) + "\n")
    en = indicators(cli, project_path, "--lang", "en")[1]
    assert (en["numerator"], en["denominator"], en["value"], en["formatted"]) == (1, 16, 6.3, "6.3 %")
    assert indicators(cli, project_path, "--lang", "es")[1]["formatted"] == "6,3 %"
    monkeypatch.setenv("ATLAS_QUAL_LANG", "gn")
    assert indicators(cli, project_path)[1]["formatted"] == "6,3 %"


def test_proportion_rounds_from_the_exact_counts():
    from atlas_qual.indicators import DmopRecord, compute_indicators

    dmops = [DmopRecord(f"D{n:02d}", phase="evaluated" if n == 0 else "pilot") for n in range(16)]
    four = compute_indicators(dmops)[3]
    assert (four.numerator, four.denominator) == (1, 16)
    assert four.formatted("en") == "1 of 16 (6.3 %)" and four.formatted("es") == "1 de 16 (6,3 %)"


def test_report_counts_people_by_sex_and_institutions_without_the_blank(cli, register, tmp_path):
    """The DMOP report's "Attendees of the MAUEP meetings by sex" counted attendances of people whose sex was
    recorded (women 3, men 1, total 4, of 7 attendances by 4 people); its intro said "from 4 institutions" counting
    the attendee without one. By hand: 4 people, 1 woman, 1 man, 2 without a recorded sex; 3 institutions."""
    import docx

    out = tmp_path / "mauep.docx"
    r = cli("report", "dmop", "--dmop", "MAUEP", "--lang", "en", "--out", out, "--allow-incomplete",
            "--project", register)
    assert r.code == 0, r
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "with 7 attendances from 3 institutions" in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    sex = next(t for t in tables if t[0][:2] == ["Sex", "Attendees"])
    assert sex[1:] == [["Women", "1", "25.0%"], ["Men", "1", "25.0%"], ["Sex not recorded", "2", "50.0%"],
                       ["Total", "4", "100.0%"]]
    # indicator table: MAUEP answered S1 (increase), S2, S4, S5 (increase), S3 skipped -> 2 of 4; project adds S6
    ind = next(t for t in tables if t[0][0] == "#")
    assert ind[1][5] == "50.0% (n\u00a0=\u00a04)" and ind[2][5] == "60.0% (n\u00a0=\u00a05)"


def test_sex_column_written_h_m_reads_m_as_mujer(cli, project_path, tmp_path):
    """A register whose sex column says H/M (hombre/mujer): the women were counted as men and the men as "H"."""
    from atlas_qual.store import open_project
    from atlas_qual.store.report_data import dmop_report_data

    load(cli, project_path, tmp_path, meetings=MEETINGS, attendees="""reunion,nombre,sexo
M1,Ana Benítez,M
M1,Carlos Duarte,H
M2,Rosa Giménez,M
M2,Ana Benítez,M
""")
    p = open_project(project_path)
    try:
        data = dmop_report_data(p, "MAUEP", lang="en")
    finally:
        p.dispose()
    assert data.attendance_by_gender == (("f", 2), ("m", 1))


def test_reach_reimported_is_not_counted_twice(cli, project_path, tmp_path):
    """Community Referrals reach (posts, replications, comments, radio rating): the same month, channel and territory
    imported again is a correction, not more reach."""
    from atlas_qual.store import open_project
    from atlas_qual.store.report_data import dmop_report_data

    first = "mes,canal,departamento,publicaciones,compartidos,comentarios,radio\n" \
            "2025-03,facebook,San Pedro,8,39,25,\n2025-03,radio_comunitaria,San Pedro,12,0,3,\"3,5\"\n"
    load(cli, project_path, tmp_path, reach=first)
    load(cli, project_path, tmp_path, reach=first.replace(",8,39,25,", ",10,39,25,"))
    shown = json.loads(cli("register", "show", "--json", "--project", project_path).out)
    assert shown["reach_records"] == 2
    p = open_project(project_path)
    try:
        reach = dmop_report_data(p, "CR", lang="en").reach
    finally:
        p.dispose()
    assert (sum(r.posts for r in reach), sum(r.replications for r in reach), sum(r.comments for r in reach)) == \
        (22, 39, 28)
    assert [r.radio_rating for r in reach if r.radio_rating is not None] == [3.5]


def test_report_survey_table_and_indicator_round_the_same_way():
    """The report's survey table (1 of 16 answers, Babel) said 6.2 % next to the indicator's 6.3 %."""
    from atlas_qual.indicators import indicator_1
    from atlas_qual.reports.text import fmt_indicator, fmt_pct

    ind = indicator_1(["increase"] + ["no_change"] * 15)
    assert fmt_indicator(ind, "en") == fmt_pct(1, 16, "en") == "6.3%"
    assert fmt_indicator(ind, "es") == fmt_pct(1, 16, "es") == "6,3\u00a0%"
