"""The demo's DMOP cycle for MAUEP, run through the same store actions a facilitator uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from atlas_qual.store.cycle.common import _t
from atlas_qual.store.cycle.learning import create_learning_workshop, record_learning_outcome
from atlas_qual.store.cycle.plans import read_plan_actions, save_plan
from atlas_qual.store.cycle.recommendations import generate_recommendations, list_recommendations
from atlas_qual.store.cycle.refinement import add_refinement
from atlas_qual.store.db import Project


def demo_steps(project: Project, demo_dir: str | Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's cycle, through the normal paths: import the BOK (``data/demo/bok.csv``); for MAUEP draft the
    recommendations from the codings, run its learning workshop from paper ballots
    (``data/demo/cycle/learning_ballots.csv``), record the course of action and the endorsement, log a refinement
    linked to them and draft the institutionalization plan (``data/demo/cycle/plan_actions.csv``)."""
    demo_dir = Path(demo_dir)
    steps: list[tuple[str, Callable[[], Any]]] = []
    bok_file = demo_dir / "bok.csv"
    folder = demo_dir / "cycle"
    state: dict[str, Any] = {}

    def bok_step() -> None:
        from atlas_qual.store.bok import import_practices

        report = import_practices(project, bok_file)
        if report.errors:
            raise RuntimeError(f"demo BOK has bad rows: {[str(e) for e in report.errors[:5]]}")

    if bok_file.exists():
        steps.append(("body of knowledge", bok_step))
    ballots = folder / "learning_ballots.csv"
    if not ballots.exists():
        return steps

    def recommendations_step() -> None:
        recs = generate_recommendations(project, DEMO_DMOP)
        if not recs:
            raise RuntimeError("the demo has no segments coded Evaluación/Recomendaciones for MAUEP")

    def workshop_step() -> None:
        from atlas_qual.store.workshop import close_round, finish_session, import_ballots, open_round, reveal_round

        created = create_learning_workshop(project, DEMO_DMOP, title=_t("cycle_demo_title", "es"))
        state["code"], state["key"] = created.code, created.key
        import shutil

        # individual votes: in the system's temporary folder (never the current one), removed once imported
        gate, score = _split_demo_ballots(ballots, None)
        try:
            for number, path in ((1, gate), (2, score)):
                open_round(project, created.code, created.key, number)
                report = import_ballots(project, created.code, created.key, path)
                if report.errors:
                    raise RuntimeError(f"demo learning ballots have bad rows: {[str(e) for e in report.errors[:5]]}")
                close_round(project, created.code, created.key, number)
                reveal_round(project, created.code, created.key, number)
        finally:
            shutil.rmtree(gate.parent, ignore_errors=True)
        finish_session(project, created.code, created.key)
        from atlas_qual.store.db import set_meta

        set_meta(project, "demo_learning_session", created.code)
        set_meta(project, "demo_learning_facilitator_key", created.key)

    def decisions_step() -> None:
        recorded = record_learning_outcome(project, state["code"], state["key"],
                                           course_of_action=_t("cycle_demo_course", "es"), date=DEMO_DATES[0],
                                           by="demo")
        state["decisions"] = [recorded.course_decision] + ([recorded.endorsement_decision]
                                                           if recorded.endorsement_decision else [])
        state["endorsed"] = [i.ref for i in recorded.outcome.course_of_action]

    def refinement_step() -> None:
        recs = list_recommendations(project, DEMO_DMOP)
        linked = [r.ref for r in recs if r.ref in state["endorsed"]][:3]
        add_refinement(project, DEMO_DMOP, _t("cycle_demo_change", "es"), _t("cycle_demo_why", "es"),
                       findings=[_t("cycle_demo_finding_1", "es"), _t("cycle_demo_finding_2", "es")],
                       recommendations=linked, decisions=state["decisions"], sessions=[state["code"]],
                       version=DEMO_VERSION, date=DEMO_DATES[1])

    def plan_step() -> None:
        actions_file = folder / "plan_actions.csv"
        actions = read_plan_actions(actions_file) if actions_file.exists() else []
        save_plan(project, DEMO_DMOP, actions=actions, resources=_t("cycle_demo_resources", "es"), status="draft",
                  date=DEMO_DATES[2])

    steps += [("recommendations", recommendations_step), ("learning workshop", workshop_step),
              ("learning decisions", decisions_step), ("refinement log", refinement_step),
              ("institutionalization plan", plan_step)]
    return steps


DEMO_DMOP = "MAUEP"
# the register's demo history: MAUEP evaluated on 2025-06-20 (learning workshop), refined on 2025-08-29 ("v2")
DEMO_DATES = ("2025-06-20", "2025-08-29", "2025-10-15")
DEMO_VERSION = "2.0"


def _split_demo_ballots(path: Path, workdir: Path | None) -> tuple[Path, Path]:
    """The gate rows ("endorse") and the scoring rows ("priority") of the demo ballots as two files: the ballot
    import sends each row to the round that is open, so each round gets its own file."""
    import csv
    import tempfile

    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    target = Path(tempfile.mkdtemp(dir=workdir))
    out = []
    for name, wanted in (("gate", "endorse"), ("score", "priority")):
        file = target / f"learning_{name}.csv"
        with open(file, "w", newline="", encoding="utf-8") as fh:
            from atlas_qual.csvio import DictWriter

            writer = DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(r for r in rows if (r.get("criterion") or "").strip().casefold() == wanted)
        out.append(file)
    return out[0], out[1]
