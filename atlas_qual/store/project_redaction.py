"""How a project hides people in its outputs: the names listed for redaction (with their pseudonyms), the Redactor
every output uses, and speaker labels made of an interviewee's own names. Below the import, coding, search and
REFI-QDA modules, which all use it and none of which it imports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from atlas_qual.store.db import Project
from atlas_qual.store.models import RedactionName, Segment, Transcript
from atlas_qual.text import fold_input as fold


def redaction_names(s: Session) -> dict[str, str]:
    """Every listed name -> its replacement (pseudonym or "" for a placeholder), as a
    :class:`atlas_qual.redaction.NameMap` whose ``capitalised`` holds the names hidden only where written with a
    capital letter (every Redactor built from it honours that)."""
    from atlas_qual.redaction_names import NameMap

    rows = list(s.scalars(select(RedactionName)))
    return NameMap({r.name: r.replacement for r in rows}, capitalised=[r.name for r in rows if r.capitalised])


def project_redactor(project: Project, lang: str = "es"):
    """The Redactor every output of this project uses (listed names and interviewees -> pseudonyms)."""
    from atlas_qual.redaction import Redactor

    with project.session() as s:  # placeholders in Spanish or English ("[nombre]"); a Guaraní reader gets Spanish
        return Redactor(redaction_names(s), lang=lang if lang in ("es", "en") else "es")


def _one_letter(label: str) -> bool:
    return len(label.strip(" .:-")) == 1


def transcript_speaker_labels(run, transcript_ids) -> dict[int, frozenset[str]]:
    """Transcript id -> its speaker labels, for many transcripts in a few queries (who answers in an "E"/"I" pair
    is read from the other letter). ``run`` executes a SELECT and gives its rows: ``Session.execute`` or
    ``Project.rows``."""
    ids, cast = sorted(transcript_ids), {}
    for i in range(0, len(ids), 500):
        for tid, label in run(select(Segment.transcript_id, Segment.speaker).distinct()
                              .where(Segment.transcript_id.in_(ids[i:i + 500]))):
            if label:
                cast.setdefault(tid, set()).add(label)
    return {tid: frozenset(labels) for tid, labels in cast.items()}


def speaker_labels(t) -> frozenset[str]:
    """The speaker labels of transcript ``t`` (who answers in an ``E:``/``I:`` pair depends on the other letter):
    those given with it (``t.speaker_labels``, for rows read without the ORM), else read once through its session."""
    known = getattr(t, "speaker_labels", None)
    if known is not None:
        return known
    from sqlalchemy.orm import object_session

    s = object_session(t) if isinstance(t, Transcript) else None
    labels: frozenset[str] = frozenset()
    if s is not None and t.id is not None:
        labels = transcript_speaker_labels(s.execute, [t.id]).get(t.id, frozenset())
    try:
        t.speaker_labels = labels  # read once per transcript object: an export asks on every turn
    except AttributeError:
        pass
    return labels


def redact_speaker(label: str, t: Transcript, redactor) -> str:
    """A speaker label in an output: labels made of the interviewee's own names ("Lidia:" for Lidia Ramos) become
    the pseudonym, which the name-based redactor cannot know from a first name alone; then the usual redaction."""
    if not label:
        return ""
    from atlas_qual.transcripts.speakers import is_respondent_label

    # "R:" of a P:/R: transcript is the interviewee, and so is the "I:" of an E:/I: one (read from the other label)
    if t.pseudonym and is_respondent_label(label, speaker_labels(t) if _one_letter(label) else ()):
        return t.pseudonym
    if t.interviewee:
        words = set(fold(label).replace(".", " ").split())
        if words and words <= set(fold(t.interviewee).split()):
            from atlas_qual.i18n import t as tr

            return t.pseudonym or tr("redaction_name", lang=redactor.lang)
    return redactor.redact(label)
