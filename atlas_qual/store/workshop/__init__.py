"""Live workshops in the store: sessions, items, rounds, participants, votes, paper ballots, results, shortlist.

Every user action is one ``project.write`` transaction and bumps the session's ``version``, so a facilitator page
can poll one tiny query (``session_version``) and redraw only when something changed. Everything a facilitator does
takes the facilitator key (``keys.check_key``: PBKDF2-SHA256, constant time) and raises ``NotAuthorized``
without it; participants act through the secret token ``join_session`` returns. The engine is generic over the
session kind (gap prioritization, learning workshop): items, gate questions with a rule, and scoring criteria come
from the session's configuration, never from constants here. The decisions themselves (gates, scores, ranking,
Kendall's W, tie-breaks) are computed by ``atlas_qual.workshop``.

Modules: ``common`` (lookup, authorization, the writer's turn, value objects), ``keys`` (the facilitator-key check:
slow hash outside transactions, growing delay after wrong keys, old hashes upgraded), ``sessions``, ``rounds``,
``votes`` (checking one vote), ``participants``, ``ballots`` (paper), ``results``, ``shortlist`` (and workgroups),
``export`` (report data, Excel), ``demo``. Import from this package: the split is an internal detail.
"""

from atlas_qual.store.gaps import RowError, RowErrors
from atlas_qual.store.workshop.ballots import (
    BALLOT_COLUMNS,
    PARTICIPANT_COLUMNS,
    import_ballots,
    register_participants,
)
from atlas_qual.store.workshop.common import (
    DEFAULT_BASE_URL,
    NICKNAME_MAX,
    TITLE_MAX,
    BallotReport,
    CreatedSession,
    ItemInfo,
    RoundState,
    SessionSetup,
    SessionState,
    SessionSummary,
    base_url,
    page_urls,
    redacted,
    workshop_redactor,
)
from atlas_qual.store.workshop.demo import DEMO_TITLE, demo_steps, dmop_by_fit
from atlas_qual.store.workshop.export import export_workshop_xlsx, report_data
from atlas_qual.store.workshop.participants import (
    BallotView,
    Joined,
    VoteReceipt,
    cast_vote,
    connected_phones,
    join_session,
    mark_seen,
    SessionIntro,
    participant_phase,
    participant_view,
    release_nickname,
    session_intro,
)
from atlas_qual.store.workshop.results import decide_tie, results, suggest_shortlist
from atlas_qual.store.workshop.rounds import (
    close_round,
    finish_session,
    next_round,
    open_round,
    reopen_target,
    resume_session,
    reveal_round,
    undo_open_round,
)
from atlas_qual.store.workshop.sessions import (
    add_gaps_from_file,
    add_item,
    authorize,
    create_session,
    edit_item,
    list_sessions,
    remove_item,
    rename_session,
    session_setup,
    session_state,
    session_version,
    set_criteria,
    set_gates,
    set_procedure,
    set_session_lang,
    set_weights,
)
from atlas_qual.store.workshop.shortlist import (
    add_workgroup_member,
    dmops,
    import_workgroups,
    institutions,
    remove_workgroup_member,
    set_shortlist,
    workgroups,
)
from atlas_qual.store.workshop.votes import USDOL_GATE

__all__ = [
    "CreatedSession", "ItemInfo", "RoundState", "SessionState", "SessionSetup", "SessionSummary", "Joined",
    "VoteReceipt", "BallotView", "BallotReport", "RowError", "RowErrors",
    "base_url", "page_urls", "create_session", "authorize", "list_sessions", "session_version", "session_state",
    "session_setup", "rename_session", "add_item", "edit_item", "remove_item", "add_gaps_from_file",
    "set_criteria", "set_weights", "set_gates", "set_procedure", "set_session_lang", "open_round", "close_round",
    "reveal_round", "finish_session", "next_round", "reopen_target", "undo_open_round", "resume_session",
    "join_session", "release_nickname", "mark_seen", "connected_phones", "cast_vote", "participant_view",
    "participant_phase", "session_intro", "SessionIntro", "import_ballots", "register_participants",
    "results", "decide_tie", "suggest_shortlist", "set_shortlist", "add_workgroup_member", "remove_workgroup_member",
    "import_workgroups", "workgroups", "dmops", "institutions", "report_data", "export_workshop_xlsx", "dmop_by_fit",
    "demo_steps", "DEFAULT_BASE_URL", "NICKNAME_MAX", "TITLE_MAX", "BALLOT_COLUMNS", "PARTICIPANT_COLUMNS",
    "DEMO_TITLE", "USDOL_GATE", "redacted", "workshop_redactor",
]
