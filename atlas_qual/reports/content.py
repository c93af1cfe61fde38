"""The words of a DMOP evaluation report that carry judgement, written by analysts: background and theory of change,
evaluation questions with their findings under the OECD-DAC criteria, conclusions, lessons and promising practices,
recommendations (responsible, timeline, priority, the finding each rests on), and translations of quotes.

The tool only drafts them from the codings, marked ``draft: true``; a report prints a draft with a visible
"(borrador sin revisar)" mark, never as if an analyst had written it. Every text is ``{es: ..., en: ...}``: the
English report shows the analyst's translation, or the Spanish original marked as such.

Examples:
    >>> c = normalize_content({"dmop": "MAUEP", "conclusions": [{"text": "La ruta funciona."}]})
    >>> pick(c["conclusions"][0]["text"], "en")
    ('La ruta funciona.', True)
"""

from __future__ import annotations

import copy
from typing import Any, Mapping

from atlas_qual.errors import AtlasQualError

CRITERIA = ("relevance", "coherence", "effectiveness", "efficiency", "impact", "sustainability")
PRIORITIES = ("high", "medium", "low")
LESSON_KINDS = ("lesson", "practice")
# report sections whose codings are evidence for a question (keys of model.FINDING_CODES, plus coordination)
EVIDENCE_KEYS = ("strengths", "weaknesses", "recommendations", "challenges", "solutions", "actions", "coordination")
DEFAULT_QUESTIONS = (
    ("EQ1", "relevance", ("strengths", "weaknesses")),
    ("EQ2", "coherence", ("actions", "coordination")),
    ("EQ3", "effectiveness", ("coordination", "strengths")),
    ("EQ4", "efficiency", ("challenges", "weaknesses")),
    ("EQ5", "impact", ("coordination", "solutions")),
    ("EQ6", "sustainability", ("recommendations", "challenges")),
)
TEXT_FIELDS = ("background", "theory_of_change", "purpose", "scope")


def _text(value: Any, where: str) -> dict[str, str]:
    """``{es, en}`` from a mapping or a plain string (Spanish)."""
    if value is None:
        return {"es": "", "en": ""}
    if isinstance(value, str):
        return {"es": value.strip(), "en": ""}
    if isinstance(value, Mapping):
        extra = set(value) - {"es", "en"}
        if extra:
            raise AtlasQualError("content_bad_field", where=where, field=", ".join(sorted(extra)), hint="es, en")
        return {"es": str(value.get("es") or "").strip(), "en": str(value.get("en") or "").strip()}
    raise AtlasQualError("content_bad_field", where=where, field=type(value).__name__, hint="es, en")


def _bool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "sí", "si")


def _choice(value: Any, choices: tuple[str, ...], where: str, field: str) -> str:
    text = str(value or "").strip().lower()
    if text not in choices:
        raise AtlasQualError("content_bad_choice", where=where, field=field, value=value, choices=" | ".join(choices))
    return text


def normalize_content(raw: Mapping[str, Any], where: str = "content") -> dict[str, Any]:
    """A content document checked and put in its one shape; a bad field raises an error naming where it is."""
    if not isinstance(raw, Mapping):
        raise AtlasQualError("content_bad_field", where=where, field=type(raw).__name__, hint="dmop, questions, ...")
    out: dict[str, Any] = {"dmop": str(raw.get("dmop") or "").strip()}
    for key in TEXT_FIELDS:
        out[key] = _text(raw.get(key), f"{where}: {key}")
    questions, ids = [], set()
    for n, q in enumerate(raw.get("questions") or [], start=1):
        at = f"{where}: questions[{n}]"
        qid = str(q.get("id") or f"EQ{n}").strip()
        if qid in ids:
            raise AtlasQualError("content_duplicate_id", where=at, id=qid)
        ids.add(qid)
        evidence = [str(e).strip() for e in (q.get("evidence") or [])]
        bad = [e for e in evidence if e not in EVIDENCE_KEYS]
        if bad:
            raise AtlasQualError("content_bad_choice", where=at, field="evidence", value=", ".join(bad),
                                 choices=" | ".join(EVIDENCE_KEYS))
        quotes = []
        for s in q.get("quotes") or []:
            try:
                quotes.append(int(s))
            except (TypeError, ValueError):
                raise AtlasQualError("content_bad_choice", where=at, field="quotes", value=s,
                                     choices="segment ids") from None
        questions.append({"id": qid, "criterion": _choice(q.get("criterion"), CRITERIA, at, "criterion"),
                          "question": _text(q.get("question"), f"{at}: question"),
                          "finding": _text(q.get("finding"), f"{at}: finding"), "evidence": evidence,
                          "quotes": quotes, "draft": _bool(q.get("draft", False))})
    out["questions"] = questions
    out["conclusions"] = [{"text": _text(c.get("text") if isinstance(c, Mapping) else c, f"{where}: conclusions[{n}]"),
                           "draft": _bool(c.get("draft", False)) if isinstance(c, Mapping) else False}
                          for n, c in enumerate(raw.get("conclusions") or [], start=1)]
    out["lessons"] = [{"kind": _choice(c.get("kind", "lesson"), LESSON_KINDS, f"{where}: lessons[{n}]", "kind"),
                       "text": _text(c.get("text"), f"{where}: lessons[{n}]"), "draft": _bool(c.get("draft", False))}
                      for n, c in enumerate(raw.get("lessons") or [], start=1)]
    recs = []
    for n, r in enumerate(raw.get("recommendations") or [], start=1):
        at = f"{where}: recommendations[{n}]"
        finding = str(r.get("finding") or "").strip()
        if finding and ids and finding not in ids:
            raise AtlasQualError("content_bad_choice", where=at, field="finding", value=finding,
                                 choices=" | ".join(sorted(ids)))
        recs.append({"id": str(r.get("id") or f"R{n}").strip(), "text": _text(r.get("text"), at),
                     "responsible": str(r.get("responsible") or "").strip(),
                     "timeline": _text(r.get("timeline"), f"{at}: timeline"),
                     "priority": _choice(r.get("priority") or "medium", PRIORITIES, at, "priority"),
                     "finding": finding, "draft": _bool(r.get("draft", False))})
    out["recommendations"] = recs
    translations = raw.get("quote_translations") or {}
    if not isinstance(translations, Mapping):
        raise AtlasQualError("content_bad_field", where=f"{where}: quote_translations",
                             field=type(translations).__name__,
                             hint="segment id: English text")
    out["quote_translations"] = {}
    for k, v in translations.items():
        # {original: the quote's first words, en: translation}: the original pins the translation to its quote even
        # if segment ids change (a re-import); a plain string is trusted as is
        item = {"original": str(v.get("original") or "").strip(), "en": str(v.get("en") or "").strip()} \
            if isinstance(v, Mapping) else {"original": "", "en": str(v).strip()}
        if item["en"]:
            out["quote_translations"][int(k)] = item
    return out


def pick(text: Mapping[str, str] | None, lang: str) -> tuple[str, bool]:
    """The text in ``lang`` and whether it is the Spanish original standing in for a missing translation."""
    text = text or {}
    if lang != "es" and text.get(lang):
        return text[lang], False
    return text.get("es", ""), lang != "es" and bool(text.get("es"))


def draft_content(dmop: str, sections: Mapping[str, tuple[int, int]], coded: int,
                  recommendations: list[tuple[str, str, str]] = ()) -> dict[str, Any]:
    """A content document drafted from the codings: the standard evaluation questions, each finding a count of what
    the coded interviews said (marked draft), the register's recommendations as drafts. ``sections`` maps an
    evidence key to (segments, interviews).

    Examples:
        >>> d = draft_content("CR", {"strengths": (12, 3)}, coded=3)
        >>> d["questions"][0]["draft"], d["questions"][0]["criterion"]
        (True, 'relevance')
    """
    from atlas_qual.i18n import Plural, t, tn

    questions = []
    drafted: set[str] = set()  # evidence already counted in an earlier question's draft
    for qid, criterion, evidence in DEFAULT_QUESTIONS:
        # the same count under two criteria would read as two findings; a draft says each count once and a
        # question with nothing new to count is left for the analysts ("not written yet")
        new = [k for k in evidence if sections.get(k, (0, 0))[0] and k not in drafted]
        drafted.update(new)
        parts = {}
        for lang in ("es", "en"):
            said = [t("content_draft_part2", lang=lang, section=t(f"report_section_{k}", lang=lang),
                      segments=Plural("count_segments", sections[k][0]),
                      interviews=Plural("count_interviews", sections[k][1]))
                    for k in new]
            parts[lang] = tn("content_draft_finding2", "content_draft_finding2_plural", coded, lang=lang,
                             parts="; ".join(said)) if said else ""
        questions.append({"id": qid, "criterion": criterion,
                          "question": {lang: t(f"content_question_{criterion}", lang=lang, dmop=dmop)
                                       for lang in ("es", "en")},
                          "finding": parts, "evidence": list(evidence), "quotes": [], "draft": True})
    recs = [{"id": ref, "text": {"es": text, "en": ""}, "responsible": "", "timeline": {"es": "", "en": ""},
             "priority": "medium", "finding": "", "draft": True}
            for ref, text, status in recommendations if status != "rejected"]
    return normalize_content({"dmop": dmop, "questions": questions, "recommendations": recs, "conclusions": [],
                              "lessons": []})


def merge_drafts(content: Mapping[str, Any] | None, drafts: Mapping[str, Any]) -> dict[str, Any]:
    """The stored content, with drafted questions and recommendations where the analysts have written none yet."""
    if not content:
        return copy.deepcopy(dict(drafts))
    out = copy.deepcopy(dict(content))
    for key in ("questions", "recommendations"):
        if not out.get(key):
            out[key] = copy.deepcopy(drafts.get(key, []))
    return out


__all__ = ["CRITERIA", "PRIORITIES", "LESSON_KINDS", "EVIDENCE_KEYS", "DEFAULT_QUESTIONS", "normalize_content",
           "pick", "draft_content", "merge_drafts"]
