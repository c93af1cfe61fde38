"""The demo's workshops, run through the same store actions a facilitator uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from atlas_qual import workshop as core
from atlas_qual.store.db import Project
from atlas_qual.store.gaps import fold, parse_gap_file, read_table, upsert_gaps
from atlas_qual.store.workshop.ballots import BALLOT_COLUMNS, import_ballots, register_participants
from atlas_qual.store.workshop.common import _write
from atlas_qual.store.workshop.results import decide_tie, results, suggest_shortlist
from atlas_qual.store.workshop.rounds import close_round, finish_session, open_round, reveal_round
from atlas_qual.store.workshop.sessions import create_session, session_setup
from atlas_qual.store.workshop.shortlist import import_workgroups, set_shortlist


DEMO_TITLE = ("Taller de priorización de brechas — demostración", "Open demo session — try live voting")
_DMOP_KEYWORDS = {
    # words that say which of the seed's DMOPs-C addresses a gap: procedures -> MAUEP, platforms/plans -> IPACM,
    # complaint channels and communities -> CR
    "MAUEP": ("procedimiento", "ruta", "intervencion", "rol", "roles", "inspeccion", "fiscal", "ministerio publico",
              "mtess", "policia", "judicial", "defensoria", "enforcement", "procedure", "route", "derivacion",
              "protocolo", "unificad", "conocen"),
    "IPACM": ("plataforma", "plan", "planes", "conaeti", "contrafor", "mesa", "estrategia", "duplic", "fragment",
              "platform", "coordinacion interinstitucional", "datos", "registro", "informacion"),
    "CR": ("denuncia", "canal", "147", "137", "comunidad", "comunitari", "difusion", "criadazgo", "radio",
           "campana", "complaint", "community", "outreach", "mensajes", "reclutamiento"),
}


def dmop_by_fit(text: str) -> str:
    """The seed DMOP-C whose subject matches a gap's text best (ties: MAUEP, IPACM, CR). Used by the demo to name
    the DMOP of each shortlisted gap the way the seed's workshops did.

    Examples:
        >>> dmop_by_fit("Poca difusión de los canales de denuncia 147 y 137")
        'CR'
    """
    folded = fold(text)
    scores = {d: sum(folded.count(w) for w in words) for d, words in _DMOP_KEYWORDS.items()}
    return max(_DMOP_KEYWORDS, key=lambda d: scores[d])


def _demo_file(demo_dir: Path, *names: str) -> Path | None:
    return next((demo_dir / n for n in names if (demo_dir / n).exists()), None)


def demo_steps(project: Project, demo_dir: str | Path) -> list[tuple[str, Callable[[], Any]]]:
    """The demo's workshop, run the way a facilitator would: import the PSA gaps, create a session, open the gate
    round, enter the paper ballots, close it, open scoring, enter the scores, close, reveal, shortlist the top 5
    with the DMOP that fits each, name the workgroups; then leave a second session open (not started) for trying
    live voting. The demo session's facilitator key is stored in the project's meta table as
    ``demo_facilitator_key`` (the demo project only), so the README can say how to open it.
    """
    demo_dir = Path(demo_dir)
    gaps = _demo_file(demo_dir, "gaps.csv", "gaps.xlsx")
    if gaps is None:
        return []
    gaps_en = _demo_file(demo_dir, "gaps_en.csv", "gaps_en.xlsx")
    gate = _demo_file(demo_dir, "ballots_gate.csv")
    score = _demo_file(demo_dir, "ballots_score.csv")
    single = _demo_file(demo_dir, "ballots.csv")
    groups = _demo_file(demo_dir, "workgroups.csv")
    people = _demo_file(demo_dir, "participants.csv")
    state: dict[str, Any] = {}

    def import_step() -> None:
        import_gaps_report = parse_gap_file(gaps, gaps_en)
        _write(project, lambda s: upsert_gaps(s, import_gaps_report))

    def session_step() -> None:
        created = create_session(project, "Priorización de brechas del ASP (PSA) — taller 2024")
        state["code"], state["key"] = created.code, created.key
        from atlas_qual.store.db import set_meta

        set_meta(project, "demo_facilitator_key", created.key)
        set_meta(project, "demo_session", created.code)

    def ballots(kind: str) -> Path:
        if kind == "gate" and gate is not None:
            return gate
        if kind == "score" and score is not None:
            return score
        if single is None:
            raise RuntimeError(f"data/demo has no ballots_{kind}.csv (nor ballots.csv)")
        return _split_ballots(single, kind)

    def enter(kind: str) -> None:
        import shutil

        path = ballots(kind)
        try:
            report = import_ballots(project, state["code"], state["key"], path)
        finally:
            if path.parent.name.startswith("aq-demo-"):  # a split file of individual votes: never left behind
                shutil.rmtree(path.parent, ignore_errors=True)
        if report.errors:
            raise RuntimeError(f"demo {kind} ballots have bad rows: {[str(e) for e in report.errors[:5]]}")

    def gate_step() -> None:
        if people is not None:
            register_participants(project, state["code"], state["key"], people)
        open_round(project, state["code"], state["key"], 1)
        enter("gate")
        close_round(project, state["code"], state["key"], 1)

    def score_step() -> None:
        open_round(project, state["code"], state["key"], 2)
        enter("score")
        close_round(project, state["code"], state["key"], 2)
        reveal_round(project, state["code"], state["key"], 1)
        reveal_round(project, state["code"], state["key"], 2)
        out = results(project, state["code"])
        unresolved = out["unresolved_ties"]
        for group in unresolved:  # the demo facilitator keeps the PSA order for ties no rule separates
            decide_tie(project, state["code"], state["key"], sorted(group), by="demo")

    def shortlist_step() -> None:
        top = suggest_shortlist(project, state["code"], 5)
        setup = session_setup(project, state["code"])
        text = {i.ref: f"{i.title} {i.description}" for i in setup.items}
        set_shortlist(project, state["code"], state["key"], [{"item": ref, "dmop": dmop_by_fit(text[ref])}
                                                             for ref in top])
        if groups is not None:
            import_workgroups(project, state["code"], state["key"], groups)
        finish_session(project, state["code"], state["key"])

    def open_session_step() -> None:
        created = create_session(project, DEMO_TITLE[0])
        from atlas_qual.store.db import set_meta

        set_meta(project, "demo_open_session", created.code)
        set_meta(project, "demo_open_facilitator_key", created.key)

    return [("gaps", import_step), ("workshop session", session_step), ("gate round", gate_step),
            ("scoring round", score_step), ("shortlist and workgroups", shortlist_step),
            ("open workshop session", open_session_step)]


def _split_ballots(path: Path, kind: str) -> Path:
    """The gate or the scoring rows of a single demo ballot file, as a file of their own (the demo reads ballots
    through the same import a facilitator uses, which sends each row to the round that is open)."""
    import tempfile

    table = read_table(path, BALLOT_COLUMNS, ["participant", "item", "criterion", "value"])
    gate_keys = {k.casefold() for k in core.gap_prioritization_config().gate_keys}
    rows = [r for _n, r in table.rows if (r["criterion"].strip().casefold() in gate_keys) == (kind == "gate")]
    target = Path(tempfile.mkdtemp(prefix="aq-demo-")) / f"ballots_{kind}.csv"
    columns = list(table.columns)
    with open(target, "w", newline="", encoding="utf-8") as fh:
        from atlas_qual.csvio import DictWriter

        writer = DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return target
