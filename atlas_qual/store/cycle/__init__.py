"""The DMOP cycle after the pilot, in the store: the evaluation's recommendations (drafted from codings and stored
themes, edited by the facilitator), the learning workshop on the workshop engine, the decisions it took (course of
action; endorsement of the DMOP for institutionalization, with the vote behind it), the refinement log, the
institutionalization (sustainability) plans, DMOP phase changes, and indicators 5 and 6.

Every user action is one ``project.write`` transaction. Phase changes written here follow the register's rule: a
DMOP's current phase is the phase of its latest dated change (the furthest one on the same day).

Modules: ``common`` (translated strings, today, DMOP and session lookups), ``phases``, ``recommendations``,
``learning`` (the learning workshop and its decisions), ``refinement`` (the log), ``plans`` (institutionalization
plans), ``counts`` (indicators 5 and 6), ``plan_document`` (the plan's Word document), ``demo``. Import from this
package: the split is an internal detail.

Examples:
    >>> # generate_recommendations(project, "MAUEP")             # R01.. from segments coded Recomendaciones
    >>> # created = create_learning_workshop(project, "MAUEP")    # a session of kind "learning" + its key
    >>> # ... participants vote on the participant page or by ballots ...
    >>> # outcome = record_learning_outcome(project, created.code, created.key)
    >>> # add_refinement(project, "MAUEP", "Ruta adaptada al Chaco", "Recomendación R11", recommendations=["R11"])
    >>> # cycle_counts(project).to_dict()["indicator_5"]["value"]
"""

from atlas_qual.store.cycle.counts import CycleCounts, cycle_counts, dmop_records
from atlas_qual.store.cycle.demo import (
    DEMO_DATES as DEMO_DATES,
    DEMO_DMOP as DEMO_DMOP,
    DEMO_VERSION as DEMO_VERSION,
    demo_steps,
)
from atlas_qual.store.cycle.learning import (
    DECISION_COURSE as DECISION_COURSE,
    DECISION_ENDORSEMENT as DECISION_ENDORSEMENT,
    DecisionInfo,
    RecordedOutcome,
    create_learning_workshop,
    learning_items,
    learning_outcome,
    learning_sessions,
    list_decisions,
    record_learning_outcome,
)
from atlas_qual.store.cycle.phases import record_phase
from atlas_qual.store.cycle.plan_document import plan_report_data, write_plan
from atlas_qual.store.cycle.plans import (
    PLAN_COLUMNS as PLAN_COLUMNS,
    PlanInfo,
    get_plan,
    list_plans,
    read_plan_actions,
    save_plan,
    set_plan_status,
)
from atlas_qual.store.cycle.recommendations import (
    RECOMMENDATIONS_CODE as RECOMMENDATIONS_CODE,
    RecommendationInfo,
    add_recommendation,
    delete_recommendation,
    draft_recommendations,
    edit_recommendation,
    generate_recommendations,
    list_recommendations,
)
from atlas_qual.store.cycle.refinement import RefinementInfo, add_refinement, edit_refinement, refinement_log

__all__ = ["RecommendationInfo", "DecisionInfo", "RecordedOutcome", "RefinementInfo", "PlanInfo", "CycleCounts",
           "record_phase", "draft_recommendations", "generate_recommendations", "list_recommendations",
           "add_recommendation", "edit_recommendation", "delete_recommendation", "learning_items",
           "create_learning_workshop", "learning_outcome", "record_learning_outcome", "list_decisions",
           "learning_sessions", "add_refinement", "edit_refinement", "refinement_log", "read_plan_actions",
           "save_plan", "set_plan_status", "list_plans", "get_plan", "dmop_records", "cycle_counts", "plan_report_data",
           "write_plan", "demo_steps"]
