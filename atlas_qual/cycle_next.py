"""What a DMOP's cycle asks for next, from what is recorded: recommendations, machine drafts nobody reviewed, the
learning workshop and its decisions, the refinement log and the institutionalization plan. Pure: the cycle page
shows the sentence under the DMOP's phase.

Examples:
    >>> next_step([], [], 0, [])
    ('cycle_next_recs', {})
    >>> next_step([("proposed", True), ("proposed", False)], [], 0, [])[0]
    'cycle_next_review'
    >>> next_step([("endorsed", False)], [True], 1, ["draft"])
    ('cycle_next_submit', {})
"""

from __future__ import annotations

from collections.abc import Sequence

# step -> the tab of the cycle page where it is done (TABS order of atlas_qual.widgets.cycle)
STEP_TAB = {"cycle_next_recs": "recommendations", "cycle_next_review": "recommendations",
            "cycle_next_workshop": "learning", "cycle_next_record": "learning", "cycle_next_refine": "refinement",
            "cycle_next_plan": "plan", "cycle_next_submit": "plan", "cycle_next_approve": "plan",
            "cycle_next_done": "plan"}


def next_step(recs: Sequence[tuple[str, bool]], sessions_recorded: Sequence[bool], log_entries: int,
              plan_statuses: Sequence[str]) -> tuple[str, dict]:
    """The message key of the next step and its parameters.

    ``recs``: each recommendation's (status, still a machine draft); ``sessions_recorded``: for each learning
    workshop, whether its decisions were recorded; ``log_entries``: refinement log entries; ``plan_statuses``: the
    status of each institutionalization plan. A machine draft still "proposed" must be reviewed by a person before
    the workshop votes on it; a rejected one is not voted on.
    """
    from atlas_qual.i18n import Plural

    if not recs:
        return "cycle_next_recs", {}
    drafts = sum(1 for status, draft in recs if draft and status == "proposed")
    if drafts and not sessions_recorded:
        return "cycle_next_review", {"n": Plural("count_machine_drafts", drafts)}
    if not sessions_recorded:
        return "cycle_next_workshop", {}
    if not any(sessions_recorded):
        return "cycle_next_record", {}
    if not log_entries:
        return "cycle_next_refine", {}
    if not plan_statuses:
        return "cycle_next_plan", {}
    if "approved" in plan_statuses:
        return "cycle_next_done", {}
    if "submitted" in plan_statuses:
        return "cycle_next_approve", {}
    return "cycle_next_submit", {}


__all__ = ["STEP_TAB", "next_step"]
