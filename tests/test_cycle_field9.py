"""Field test 9 of the DMOP cycle: `register phase` recorded a phase change that `cycle phase` refuses
(institutionalized on a DMOP never piloted, a pilot dated before its development); the M&E register then showed CR
"institucionalizado" and the indicators counted it."""

from __future__ import annotations


def _state(project_path):
    from atlas_qual.store import open_project
    from atlas_qual.store.register import register_summary

    p = open_project(project_path)
    try:
        summary = register_summary(p)
        return summary["phase_changes"], {d["id"]: d["phase"] for d in summary["dmops"]}
    finally:
        p.dispose()


def test_register_phase_refuses_what_cycle_phase_refuses_with_the_same_line(project_path, cli):
    def both(*a, lang="es"):
        common = ("--project", project_path, "--dmop", "CR", "--lang", lang, *a)
        return cli("register", "phase", *common), cli("cycle", "phase", *common)

    assert cli("register", "phase", "--project", project_path, "--dmop", "CR", "--phase", "development",
               "--date", "2024-07-01").code == 0
    before = _state(project_path)

    for args, lang, expected in (
            # never piloted: says which phase is missing and how to record it
            (("--phase", "institutionalized", "--date", "2025-06-01"), "es",
             ("«institucionalizado»", "«plan de sostenibilidad»", "--phase sustainability_plan")),
            # a pilot dated before the DMOP's development: names the day it really started
            (("--phase", "pilot", "--date", "2024-01-01"), "es", ("«piloto»", "«desarrollo»", "1 jul. 2024")),
            (("--phase", "evaluated", "--date", "2025-06-01"), "en",
             ("“evaluated”", "“pilot”", "--phase pilot"))):
        register, cycle = both(*args, lang=lang)
        assert register.code == 1, register
        assert register.out == ""
        lines = register.err.strip().splitlines()
        assert len(lines) == 1, register.err
        for text in expected:
            assert text in lines[0], (text, register.err)
        assert cycle.code == 1 and cycle.err == register.err  # the same line as `cycle phase`
        assert _state(project_path) == before  # nothing refused was written

    # the year as it happened goes through, and the refined model may be piloted again
    for phase, day in (("pilot", "2024-09-16"), ("evaluated", "2025-06-20"), ("refined", "2025-08-29"),
                       ("pilot", "2025-09-15"), ("sustainability_plan", "2025-10-15"),
                       ("institutionalized", "2026-03-01")):
        res = cli("register", "phase", "--project", project_path, "--dmop", "cr", "--phase", phase, "--date", day,
                  "--json")
        assert res.code == 0, (phase, day, res)
    assert res.json() == {"dmop": "CR", "phase": "institutionalized"}
    assert _state(project_path)[1]["CR"] == "institutionalized"
