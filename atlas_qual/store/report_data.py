"""What the reports need from the store, read in one place and redacted on the way out: the DMOP evaluation report
and handout (interviews, codings, stored themes, quotes, register, indicators), the workshop results report, and the
cheap preview numbers of the report app.

Reports never run the theme model: they pick the stored ``ThemeRun`` that fits the report (same code and DMOP, else
a run over every DMOP restricted to the report's segments) and read it through the themes store, which applies the
analysts' renames, merges and deletions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import func, select

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import label, t
from atlas_qual.indicators import CODE_TO_CHANGE, DmopRecord, InterviewChange, compute_indicators, people_by_sex
from atlas_qual.reports.model import (
    COORDINATION_CODE,
    FINDING_CODES,
    CodebookEntry,
    DmopReportData,
    FindingSection,
    Interview,
    Meeting as MeetingRow,
    PhaseChange,
    Quote,
    ReachRow,
    ThemeSummary,
)
from atlas_qual.store.db import Project
from atlas_qual.store.case_values import resolve_dmop, resolve_territory
from atlas_qual.store.report_content import get_content
from atlas_qual.store.report_redaction import Swap as _Swap
from atlas_qual.store.report_redaction import quote_translation as _translation
from atlas_qual.store.report_redaction import redact_content as _redact_content
from atlas_qual.store.report_redaction import report_redactor  # noqa: F401  (imported from here by report_content)
from atlas_qual.store.settings import get_settings
from atlas_qual.store.models import (
    Code,
    Coding,
    Dmop,
    DmopPhaseChange,
    Institution,
    Meeting,
    MeetingAttendee,
    ReachRecord,
    Recommendation,
    Segment,
    SurveyResponse,
    SustainabilityPlan,
    Territory,
    ThemeRun,
    Transcript,
)

# coders whose codings are the reconciled version: where they coded a transcript, only their codings count
CONSENSUS_CODERS = ("consenso", "consensus")
AUTO_CODERS = ("auto",)
# what redaction leaves in a text ("[teléfono]", "[nombre]", "[phone]"): a quote holding one is never printed
PLACEHOLDER_RE = re.compile(r"\[(?!…\])[^\]\n]{2,24}\]")
NOT_PERSONS = ("auto",) + CONSENSUS_CODERS
MAX_QUOTES, MIN_QUOTE_CHARS = 4, 40
DATA_STEPS = ("interviews", "codings", "themes", "register", "indicators")


def _territory_names(s, lang: str) -> dict[str, str]:
    return {t.id: (t.name if lang == "es" else t.name_en) for t in s.scalars(select(Territory))}


def _territory_order(s) -> list[str]:
    from atlas_qual.store.reference import reference_yaml

    order = [t["id"] for t in reference_yaml()["territories"]]
    return order + sorted(set(s.scalars(select(Territory.id))) - set(order))


class _Codes:
    """The codebook as paths, display names in the report language, and subtrees."""

    def __init__(self, s, lang: str) -> None:
        self.rows = {c.id: c for c in s.scalars(select(Code).order_by(Code.position, Code.id))}
        self.lang = lang
        self.path: dict[int, str] = {}
        for cid in self.rows:
            self._path(cid)
        self.by_path = {p: cid for cid, p in self.path.items()}
        self.children: dict[int | None, list[int]] = defaultdict(list)
        for c in self.rows.values():
            self.children[c.parent_id].append(c.id)

    def _path(self, cid: int) -> str:
        if cid not in self.path:
            c = self.rows[cid]
            self.path[cid] = c.name if c.parent_id is None else f"{self._path(c.parent_id)}/{c.name}"
        return self.path[cid]

    def name(self, cid: int) -> str:
        c = self.rows[cid]
        return (c.name_en or c.name) if self.lang == "en" else c.name

    def display_path(self, cid: int) -> str:
        c = self.rows[cid]
        return self.name(cid) if c.parent_id is None else f"{self.display_path(c.parent_id)}/{self.name(cid)}"

    def subtree(self, cid: int | None) -> set[int]:
        if cid is None:
            return set()
        out, todo = set(), [cid]
        while todo:
            x = todo.pop()
            out.add(x)
            todo.extend(self.children.get(x, []))
        return out

    def walk(self) -> Iterable[tuple[int, int]]:
        def rec(parent, depth):
            for cid in self.children.get(parent, []):
                yield cid, depth
                yield from rec(cid, depth + 1)
        yield from rec(None, 0)


def effective_codings(rows: Sequence[tuple]) -> list[tuple]:
    """The codings a report counts: in a transcript with reconciled ("consenso") codings only those, elsewhere every
    accepted coding of every coder. Rows are ``(segment_id, transcript_id, code_id, coder, start, end)``.

    Examples:
        >>> effective_codings([(1, 10, 5, "ana", None, None), (1, 10, 5, "consenso", None, None),
        ...                    (2, 11, 5, "ana", None, None)])
        [(1, 10, 5, 'consenso', None, None), (2, 11, 5, 'ana', None, None)]
    """
    reconciled = {r[1] for r in rows if r[3] in CONSENSUS_CODERS}
    return [r for r in rows if (r[1] in reconciled) == (r[3] in CONSENSUS_CODERS)]


def _pick_quotes(candidates: list[dict], limit: int = MAX_QUOTES) -> list[dict]:
    """Up to ``limit`` quotes, spread over territories and interviews: theme representatives first, then segments
    more coders agreed on, then segments of a readable length (about 300 characters)."""
    candidates = [c for c in candidates if len(c["text"].strip()) >= MIN_QUOTE_CHARS]
    candidates.sort(key=lambda c: (c.get("rank", 1), -c.get("votes", 1), abs(len(c["text"]) - 300), c["segment_id"]))
    chosen: list[dict] = []
    seen_segments: set[int] = set()
    seen_texts: set[str] = set()  # two people saying the same words (or one repeating) is one quote
    for rule in ("new_territory", "new_interview", "any"):
        for c in candidates:
            if len(chosen) >= limit:
                return chosen
            said = " ".join(c["text"].casefold().split())[:160]
            if c["segment_id"] in seen_segments or said in seen_texts:
                continue
            if rule == "new_territory" and (c["territory"] in {x["territory"] for x in chosen}
                                            or c["transcript_id"] in {x["transcript_id"] for x in chosen}):
                continue
            if rule == "new_interview" and c["transcript_id"] in {x["transcript_id"] for x in chosen}:
                continue
            chosen.append(c)
            seen_segments.add(c["segment_id"])
            seen_texts.add(said)
    return chosen


def _runs_for(s, code_id: int, dmop_id: str, territory_id: str | None) -> ThemeRun | None:
    """The stored theme run that best matches a section: same code and DMOP (and territory) first, then a run over
    all DMOPs; the latest of equals."""
    best, best_key = None, None
    for run in s.scalars(select(ThemeRun).where(ThemeRun.code_id == code_id)):
        filters = run.filters or {}
        run_dmop = filters.get("dmop")
        run_territory = filters.get("territory")
        if run_dmop not in (None, "", dmop_id) or run_territory not in (None, "", territory_id):
            continue
        if any(filters.get(k) for k in ("institution", "role", "coder")):
            continue  # a run over one institution's, role's or coder's segments does not describe the DMOP
        key = (run_dmop == dmop_id, run_territory == territory_id and territory_id is not None,
               run.created_at or dt.datetime.min, run.id)
        if best_key is None or key > best_key:
            best, best_key = run, key
    return best


def dmop_report_data(project: Project, dmop: str, territory: str | None = None, *, lang: str = "es",
                     redact: bool = True, progress: Callable[[str], None] | None = None,
                     today: dt.date | None = None) -> DmopReportData:
    """Gather (and redact) everything the DMOP evaluation report and the handout show.

    Examples:
        >>> # data = dmop_report_data(project, "MAUEP", "alto_parana", lang="en")
        >>> # data.section("strengths").quotes[0].source() -> 'INS-AP-01, labour inspector, Alto Paraná'
    """
    if lang not in ("es", "en"):
        raise ValueError(f"unknown report language {lang!r}")
    tick = progress or (lambda step: None)
    red = report_redactor(project, lang, redact)
    with project.session() as s:
        d = resolve_dmop(s, dmop)
        terr = resolve_territory(s, territory)
        tnames = _territory_names(s, lang)
        order = _territory_order(s)
        codes = _Codes(s, lang)

        # interviews in scope
        q = select(Transcript.id, Transcript.pseudonym, Transcript.role, Transcript.institution_id,
                   Transcript.territory_id, Transcript.mode, Transcript.date,
                   Transcript.language).where(Transcript.dmop_id == d.id)
        if terr is not None:
            q = q.where(Transcript.territory_id == terr.id)
        transcripts = {row.id: row for row in s.execute(q.order_by(Transcript.date, Transcript.id))}
        tick("interviews")

        # codings in scope
        rows: list[tuple] = []
        if transcripts:
            q = (select(Coding.segment_id, Segment.transcript_id, Coding.code_id, Coding.coder, Coding.start,
                        Coding.end)
                 .join(Segment, Segment.id == Coding.segment_id)
                 .where(Segment.transcript_id.in_(list(transcripts)), Coding.status == "accepted"))
            # a suggestion the auto-coder made and nobody accepted is not analysis: only a person's codings count
            rows = [tuple(r) for r in s.execute(q) if r[3] not in AUTO_CODERS]
        coded_tids = {r[1] for r in rows}
        effective = effective_codings(rows)
        coders = sorted({r[3] for r in rows if r[3] not in NOT_PERSONS})
        changes: dict[int, set[str]] = defaultdict(set)
        coordination_id = codes.by_path.get(COORDINATION_CODE)
        change_codes = {cid: CODE_TO_CHANGE[codes.rows[cid].name] for cid in codes.children.get(coordination_id, [])
                        if codes.rows[cid].name in CODE_TO_CHANGE} if coordination_id else {}
        for seg, tid, cid, *_ in effective:
            if cid in change_codes:
                changes[tid].add(change_codes[cid])

        settings = get_settings(project)
        level = settings.get("report.role_level", "institution_type_territory")
        kinds = dict(s.execute(select(Institution.id, Institution.kind)).all())
        # a report's own interview codes: the project pseudonyms ("JUEZ-NEE-16") say role and place, which with a
        # handful of interviews per territory points at one person; E-01, E-02 ... in date order say nothing
        codes_of = {tid: f"E-{n:02d}" for n, tid in enumerate(transcripts, start=1)}
        if level != "role" and redact:
            # a name the redactor turned into a project pseudonym becomes the report's code for that person (or a
            # placeholder for someone outside the report), so no role-and-place pseudonym survives in a quote
            own = {transcripts[tid].pseudonym: code for tid, code in codes_of.items() if transcripts[tid].pseudonym}
            others = {p: t("redaction_name", lang=lang) for p in s.scalars(select(Transcript.pseudonym))
                      if p and p not in own}
            red = _Swap(red, {**others, **own})

        def pseudonym(tid: int) -> str:
            if level == "role":
                return transcripts[tid].pseudonym or codes_of[tid]
            return codes_of[tid]

        try:
            small = max(1, int(settings.get("report.small_cell", "3")))
        except ValueError:
            small = 3

        def described(row) -> tuple[str, str]:
            """(who, where) as the report's level describes a person: institution or its kind, territory."""
            if level == "institution_territory":
                return row.institution_id or "", tnames.get(row.territory_id, "")
            kind = kinds.get(row.institution_id or "")
            kind_name = label("institution_kind", (kind or "").replace("-", "_"), lang) if kind else ""
            return kind_name, tnames.get(row.territory_id, "")

        # how many of the report's interviews each description fits: one that fits fewer than ``small`` people
        # points at them (the only labour inspector of Boquerón), so it is generalised as the report promises
        fits: dict[tuple[str, str], int] = defaultdict(int)
        for row in transcripts.values():
            who, where = described(row)
            for key in {(who, where), (who, ""), ("", where)} - {("", "")}:
                fits[key] += 1

        def group(row) -> str:
            if level == "role":  # chosen by the project for reports that may name roles
                where = tnames.get(row.territory_id, "")
                return ", ".join(x for x in (red.redact(row.role or ""), row.institution_id or "", where) if x)
            who, where = described(row)
            for shown in ((who, where), (who, ""), ("", where)):
                if any(shown) and fits[shown] >= small:
                    return ", ".join(x for x in shown if x)
            return t("report_group_other", lang=lang)

        interviews = tuple(
            Interview(pseudonym=pseudonym(tid), role=red.redact(row.role or ""), institution=row.institution_id or "",
                      territory=tnames.get(row.territory_id, ""), mode=row.mode or "", date=row.date,
                      changes=frozenset(changes.get(tid, ())), coded=tid in coded_tids, group=group(row),
                      kind=described(row)[0])
            for tid, row in transcripts.items())
        present = {row.territory_id for row in transcripts.values() if row.territory_id}
        territories = tuple(tnames[t] for t in order if t in present)
        tick("codings")

        # texts of the coded segments (only those that can be quoted) and of transcripts with span codings
        quotable_codes = set()
        section_codes: dict[str, set[int]] = {}
        for key, path in FINDING_CODES:
            section_codes[key] = codes.subtree(codes.by_path.get(path))
            quotable_codes |= section_codes[key]
        increase_ids = {cid for cid, ch in change_codes.items() if ch in ("increase", "decrease")}
        quotable_codes |= increase_ids
        seg_ids = {r[0] for r in effective if r[2] in quotable_codes}
        seg_text: dict[int, str] = {}
        if seg_ids:
            for sid, text in s.execute(select(Segment.id, Segment.text).where(Segment.id.in_(seg_ids))):
                seg_text[sid] = text
        span_tids = {r[1] for r in effective if r[4] is not None and r[5] is not None and r[2] in quotable_codes}
        full_text = dict(s.execute(select(Transcript.id, Transcript.text).where(Transcript.id.in_(span_tids))).all()) \
            if span_tids else {}

        scope = dict(s.execute(select(Segment.id, Segment.transcript_id)
                               .where(Segment.transcript_id.in_(list(transcripts)))).all()) if transcripts else {}
        scope_coded = {sid: tid for sid, tid in scope.items() if tid in coded_tids}

        def candidate(seg: int, tid: int, start, end, rank: int = 1, theme: str = "", votes: int = 1) -> dict:
            if seg not in seg_text:  # a theme's quote from a segment the effective codings left out
                seg_text[seg] = s.scalar(select(Segment.text).where(Segment.id == seg)) or ""
            text = full_text[tid][start:end] if start is not None and end is not None and tid in full_text \
                else seg_text.get(seg, "")
            return {"segment_id": seg, "transcript_id": tid, "text": text, "rank": rank, "theme": theme,
                    "territory": transcripts[tid].territory_id, "votes": votes}

        def to_quote(c: dict) -> Quote | None:
            """A candidate as a quote; None when redaction left a placeholder in it ("[teléfono]"): a quote with
            a hole in it says less than the next one and tells a reader something was there."""
            from atlas_qual.reports.text import trim_quote

            text = red.redact(c["text"])
            if PLACEHOLDER_RE.search(text):
                return None
            row = transcripts[c["transcript_id"]]
            return Quote(text=trim_quote(text), pseudonym=pseudonym(c["transcript_id"]),
                         role=group(row), territory="", institution=row.institution_id or "",
                         theme=c.get("theme", ""), segment_id=c["segment_id"],
                         translation=_translation(translations.get(c["segment_id"]), c["text"]),
                         language=row.language or "es")

        def quotes_of(cands: list[dict], limit: int) -> tuple[Quote, ...]:
            out = [q for q in (to_quote(c) for c in _pick_quotes(cands, limit * 3)) if q is not None]
            return tuple(out[:limit])

        stored = _redact_content(get_content(project, d.id), red)  # analysts quote interviews too
        translations = dict((stored or {}).get("quote_translations") or {})

        # themes and sections
        sections = []
        for key, path in FINDING_CODES:
            ids = section_codes[key]
            hits = [r for r in effective if r[2] in ids]
            segs = {r[0] for r in hits}
            by_terr = Counter()
            for seg, tid in {(r[0], r[1]) for r in hits}:
                by_terr[transcripts[tid].territory_id] += 1
            themes: list[ThemeSummary] = []
            cands: list[dict] = []
            code_id = codes.by_path.get(path)
            run = _runs_for(s, code_id, d.id, terr.id if terr else None) if code_id is not None else None
            if run is not None:
                themes, cands = _themes_of(project, run.id, scope_coded, lang, redact, red, candidate)
            span, voters = {}, defaultdict(set)
            for seg, tid, _cid, coder, start, end in hits:
                span.setdefault(seg, (tid, start, end))
                voters[seg].add(coder)
            cands += [candidate(seg, tid, start, end, votes=len(voters[seg]))
                      for seg, (tid, start, end) in sorted(span.items())]
            picked = quotes_of(cands, 12)
            quotes = picked[:MAX_QUOTES]
            display = codes.display_path(code_id) if code_id is not None else path
            sections.append(FindingSection(
                key=key, code=display, segments=len(segs), interviews=len({r[1] for r in hits}),
                by_territory=tuple((tnames[t], by_terr[t]) for t in order if by_terr.get(t)),
                themes=tuple(themes), quotes=quotes, candidates=picked))
        tick("themes")

        coordination_cands = []
        for seg, tid, cid, _coder, start, end in effective:
            if cid in change_codes and change_codes[cid] in ("increase", "decrease"):
                coordination_cands.append(candidate(seg, tid, start, end,
                                                    rank=0 if change_codes[cid] == "decrease" else 1))
        coordination_quotes = quotes_of(coordination_cands, 8)

        # codes by territory: the evaluation codes and the coordination changes, distinct segments
        matrix_codes = [codes.by_path[p] for _k, p in FINDING_CODES if p in codes.by_path] + list(change_codes)
        present_order = [t for t in order if t in present]
        codes_by_territory = []
        for cid in matrix_codes:
            sub = codes.subtree(cid)
            cells = Counter()
            for seg, tid in {(r[0], r[1]) for r in effective if r[2] in sub}:
                cells[transcripts[tid].territory_id] += 1
            codes_by_territory.append((codes.name(cid), tuple(cells.get(t, 0) for t in present_order)))

        # register: meetings, survey, reach, phases, recommendations
        mq = select(Meeting).where(Meeting.dmop_id == d.id)
        if terr is not None:
            mq = mq.where(Meeting.territory_id == terr.id)
        meetings_rows = list(s.scalars(mq.order_by(Meeting.date, Meeting.id)))
        attendees = defaultdict(list)
        if meetings_rows:
            for a in s.scalars(select(MeetingAttendee).where(
                    MeetingAttendee.meeting_id.in_([m.id for m in meetings_rows]))):
                attendees[a.meeting_id].append(a)
        meetings = tuple(
            MeetingRow(date=m.date, territory=tnames.get(m.territory_id, ""), title=red.redact(m.title or ""),
                       attendees=len(attendees[m.id]),
                       institutions=tuple(sorted({a.institution_id for a in attendees[m.id] if a.institution_id})),
                       topics=red.redact(m.topics or ""), challenges=red.redact(m.challenges or ""),
                       solutions=red.redact(m.innovative_solutions or ""), actions=red.redact(m.actions_taken or ""))
            for m in meetings_rows)
        everyone = [a for m in meetings_rows for a in attendees[m.id]]
        # attendances per institution; an attendee without one is no institution ("from 3 institutions")
        by_inst = Counter(a.institution_id for a in everyone if a.institution_id)
        # "Attendees by sex": people, not attendances, and those whose sex was not recorded kept in the total
        by_gender = people_by_sex((a.name, a.gender) for a in everyone)

        sq = select(SurveyResponse.coordination_change).where(SurveyResponse.dmop_id == d.id)
        if terr is not None:
            sq = sq.where(SurveyResponse.territory_id == terr.id)
        survey = [row[0] for row in s.execute(sq)]

        reach_q = select(ReachRecord).order_by(ReachRecord.month, ReachRecord.channel, ReachRecord.territory_id)
        if terr is not None:
            reach_q = reach_q.where(ReachRecord.territory_id == terr.id)
        reach = tuple(ReachRow(r.month, r.channel, tnames.get(r.territory_id, "—"), r.posts, r.replications,
                               r.comments, r.radio_rating) for r in s.scalars(reach_q))

        phases = tuple(PhaseChange(p.phase, p.date, tnames.get(p.territory_id, ""), red.redact(p.note or ""))
                       for p in s.scalars(select(DmopPhaseChange).where(DmopPhaseChange.dmop_id == d.id)
                                          .order_by(DmopPhaseChange.date, DmopPhaseChange.id)))
        recommendations = tuple((r.ref, red.redact(r.text), r.status) for r in s.scalars(
            select(Recommendation).where(Recommendation.dmop_id == d.id).order_by(Recommendation.ref)))
        tick("register")

        records = dmop_records(s)
        indicators = compute_indicators(
            records, survey=survey,
            interviews=[InterviewChange(str(tid), frozenset(ch)) for tid, ch in changes.items()])
        codebook = tuple(
            CodebookEntry(path=codes.display_path(cid), name=codes.name(cid), depth=depth,
                          definition=red.redact((codes.rows[cid].definition or {}).get(lang)
                                                or (codes.rows[cid].definition or {}).get("es", "")))
            for cid, depth in codes.walk())
        tick("indicators")

        from atlas_qual.reports.content import draft_content, merge_drafts

        spans = {sec.key: (sec.segments, sec.interviews) for sec in sections}
        spoke = [tid for tid in coded_tids if changes.get(tid)]
        coordination_segments = len({r[0] for r in effective if r[2] in change_codes})
        spans["coordination"] = (coordination_segments, len(spoke))
        content = merge_drafts(stored, draft_content(d.id, spans, len(coded_tids), list(recommendations)))
        chosen_ids = {sid for q in content.get("questions", []) for sid in q.get("quotes", [])}
        chosen_quotes = {}
        for sid in sorted(chosen_ids & set(scope)):
            quote = to_quote(candidate(sid, scope[sid], None, None))
            if quote is not None:
                chosen_quotes[sid] = quote
        everyone_survey = [row[0] for row in s.execute(select(SurveyResponse.coordination_change))]
        project_indicators = _indicators(s, None, None)
        named = {i.institution for i in interviews if i.institution} | {a for m in meetings for a in m.institutions}
        acronyms = tuple((r.id, r.name_es if lang == "es" else r.name_en)
                         for r in s.scalars(select(Institution).order_by(Institution.id)) if r.id in named)

        return DmopReportData(
            lang=lang, dmop_id=d.id, dmop_name=d.name_es if lang == "es" else d.name_en,
            dmop_aim=d.aim_es if lang == "es" else d.aim_en, dmop_phase=d.phase,
            territory=tnames[terr.id] if terr else None, generated=today or dt.date.today(), redacted=redact,
            phases=phases, interviews=interviews, territories=territories, coders=len(coders),
            codings=len(rows), codes_used=len({r[2] for r in effective}),
            agreement=_agreement(project, set(transcripts), lang), sections=tuple(sections),
            coordination_quotes=coordination_quotes,
            survey_changes=dict(Counter(x for x in survey if x)), survey_respondents=len(survey),
            meetings=meetings, attendance_by_institution=tuple(sorted(by_inst.items(), key=lambda kv: (-kv[1], kv[0]))),
            attendance_by_gender=by_gender,
            indicators=indicators, codes_by_territory=tuple(codes_by_territory), codebook=codebook, reach=reach,
            recommendations=recommendations, settings=settings, content=content, chosen_quotes=chosen_quotes,
            project_indicators=project_indicators, survey_total=len(everyone_survey), acronyms=acronyms)


def _themes_of(project: Project, run_id: int, scope: dict[int, int], lang: str, redact: bool, red,
               candidate) -> tuple[list[ThemeSummary], list[dict]]:
    """A stored run's themes as the analysts left them (renamed, merged, deleted; read through the themes store,
    which applies the edits and keeps names out of labels and terms), restricted to the report's segments
    (``scope``: segment id -> transcript id), biggest first, with each theme's best quote as a candidate."""
    from atlas_qual.store.themes_store import get_run

    from atlas_qual.store.models import Theme

    run = get_run(project, run_id, lang=lang, redact=redact)
    with project.session() as s:
        # an analyst confirmed a label by renaming the theme or ticking it confirmed (Theme.label_confirmed)
        confirmed = {row.id for row in s.scalars(select(Theme).where(Theme.run_id == run_id))
                     if (row.custom_label or "").strip() or getattr(row, "label_confirmed", None) is True}
    ranked = []
    for th in run.themes:
        segs = [sid for sid in th.segment_ids if sid in scope]
        if segs:
            ranked.append((th, segs))
    ranked.sort(key=lambda x: (-len(x[1]), x[0].number))
    out, cands = [], []
    for rank, (th, segs) in enumerate(ranked):
        label = red.redact(th.label)
        sure = th.id in confirmed
        out.append(ThemeSummary(label=label, size=len(segs), terms=tuple(th.terms), confirmed=sure))
        rep = next((q.meta.get("segment_id") for q in th.quotes if q.meta.get("segment_id") in scope), segs[0])
        cands.append(candidate(rep, scope[rep], None, None, rank=-100 + rank, theme=label if sure else ""))
    return out, cands


def _agreement(project: Project, transcript_ids: set[int], lang: str = "es") -> dict[str, Any] | None:
    """Agreement among the human coders on the report's interviews (None when fewer than two coded them), each code
    by its path in the report's language (the codebook annex's names)."""
    if not transcript_ids:
        return None
    from atlas_qual.agreement import agreement
    from atlas_qual.store.agreement import agreement_data

    triples, coverage = agreement_data(project)
    with project.session() as s:
        in_scope = set(s.scalars(select(Segment.id).where(Segment.transcript_id.in_(list(transcript_ids)))))
    coverage = {c: [u for u in units if u in in_scope] for c, units in coverage.items()}
    coverage = {c: units for c, units in coverage.items() if units}
    if len(coverage) < 2:
        return None
    triples = [x for x in triples if x[0] in in_scope and x[1] in coverage]
    out = agreement(triples, coverage).to_dict()
    with project.session() as s:
        codes = _Codes(s, lang)
        out["per_code"] = {(codes.display_path(codes.by_path[path]) if path in codes.by_path else path): stats
                           for path, stats in (out.get("per_code") or {}).items()}
    return out


def dmop_records(s, as_of: dt.date | None = None) -> list[DmopRecord]:
    """Every DMOP with its phase history and sustainability plans, for the indicators; with ``as_of`` only the
    plans dated on or before that day (indicator 6 "as on that day", as ``atlas-qual cycle counts`` counts it)."""
    history = defaultdict(list)
    for p in s.scalars(select(DmopPhaseChange).order_by(DmopPhaseChange.date, DmopPhaseChange.id)):
        history[p.dmop_id].append((p.phase, p.date))
    pq = select(SustainabilityPlan.dmop_id, func.count()).group_by(SustainabilityPlan.dmop_id)
    if as_of is not None:
        pq = pq.where(SustainabilityPlan.date <= as_of)
    plans = dict(s.execute(pq).all())
    return [DmopRecord(id=d.id, type=d.type or "DMOP-C", evidence_based=bool(d.evidence_based),
                       phases=tuple(history.get(d.id, ())), phase=d.phase or "development",
                       sustainability_plans=plans.get(d.id, 0))
            for d in s.scalars(select(Dmop).order_by(Dmop.id))]


def _indicators(s, d: Dmop | None, terr: Territory | None, as_of: dt.date | None = None):
    """The six indicators; indicator 1 over the survey answers (else the person-coded interviews) of ``d`` and
    ``terr`` (None: every DMOP, every territory). ``as_of``: as on that day, for every indicator: phases and plans
    dated after it do not count, nor survey answers or interviews dated after it (undated ones do: nothing places
    them outside the period)."""
    sq = select(SurveyResponse.coordination_change)
    tq = select(Transcript.id)
    if as_of is not None:
        sq = sq.where((SurveyResponse.date <= as_of) | SurveyResponse.date.is_(None))
        tq = tq.where((Transcript.date <= as_of) | Transcript.date.is_(None))
    if d is not None:
        sq, tq = sq.where(SurveyResponse.dmop_id == d.id), tq.where(Transcript.dmop_id == d.id)
    if terr is not None:
        sq, tq = sq.where(SurveyResponse.territory_id == terr.id), tq.where(Transcript.territory_id == terr.id)
    survey = [r[0] for r in s.execute(sq)]
    codes = _Codes(s, "es")
    parent = codes.by_path.get(COORDINATION_CODE)
    change_codes = {cid: CODE_TO_CHANGE[codes.rows[cid].name] for cid in codes.children.get(parent, [])
                    if codes.rows[cid].name in CODE_TO_CHANGE} if parent else {}
    interviews: dict[int, set[str]] = {}
    if change_codes:
        rows = [tuple(r) for r in s.execute(
            select(Coding.segment_id, Segment.transcript_id, Coding.code_id, Coding.coder, Coding.start,
                   Coding.end).join(Segment, Segment.id == Coding.segment_id)
            .where(Coding.status == "accepted", Segment.transcript_id.in_(tq))) if r[3] not in AUTO_CODERS]
        for _seg, tid, cid, *_rest in effective_codings(rows):
            if cid in change_codes:
                interviews.setdefault(tid, set()).add(change_codes[cid])
    return compute_indicators(dmop_records(s, as_of), survey=survey,
                              interviews=[InterviewChange(str(k), frozenset(v)) for k, v in interviews.items()],
                              as_of=as_of)


def indicators_for(project: Project, dmop: str | None = None, territory: str | None = None,
                   as_of: dt.date | None = None):
    """The six indicators; indicator 1 over the survey answers (else the coded interviews) of ``dmop`` and
    ``territory`` (default: every DMOP and territory)."""
    with project.session() as s:
        d = resolve_dmop(s, dmop) if dmop else None
        return _indicators(s, d, resolve_territory(s, territory), as_of)


def workshop_report_data(project: Project, code: str, *, lang: str = "es", redact: bool = True,
                         today: dt.date | None = None):
    """The workshop results report's data: the workshop store's report document with its free text (titles,
    descriptions, notes) redacted. Workgroup members keep their names: naming them is the point of that table.

    Examples:
        >>> # workshop_report_data(project, "AB3K9Z", lang="en").results["kendall_w"]
    """
    from atlas_qual.reports.model import WorkshopReportData
    from atlas_qual.store.workshop import report_data

    data = report_data(project, code, lang)
    red = report_redactor(project, lang, redact)

    def clean(value):
        return red.redact(value) if isinstance(value, str) and value else value

    session = dict(data.get("session") or {})
    session["title"] = clean(session.get("title", ""))
    data["session"] = session
    data["items"] = [{**i, "title": clean(i.get("title")), "description": clean(i.get("description"))}
                     for i in data.get("items") or []]
    for key in ("results", "first_round_results"):
        res = data.get(key)
        if res:
            data[key] = {**res, "title": clean(res.get("title")),
                         "gaps": [{**g, "title": clean(g.get("title"))} for g in res.get("gaps") or []]}
    data["shortlist"] = [{**e, "title": clean(e.get("title")), "note": clean(e.get("note")),
                          "new_dmop_name": clean(e.get("new_dmop_name"))} for e in data.get("shortlist") or []]
    from atlas_qual.store.models import Decision, WorkshopSession

    data["settings"] = get_settings(project)
    with project.session() as s:
        ws = s.scalar(select(WorkshopSession).where(WorkshopSession.code == data["session"].get("code", code)))
        data["details"] = {"held_on": ws.held_on, "place": clean(ws.place or ""),
                           "facilitator": clean(ws.facilitator or ""), "agenda": clean(ws.agenda or "")} if ws else {}
        if ws is not None:
            data["decisions"] = [
                {"kind": d.kind, "outcome": clean(d.outcome), "votes": dict(d.votes or {}), "date": d.date}
                for d in s.scalars(select(Decision).where(Decision.session_id == ws.id).order_by(Decision.id))]
            if ws.dmop_id:
                from atlas_qual.reports.learning_report import machine_drafted

                recs = list(s.scalars(select(Recommendation).where(Recommendation.dmop_id == ws.dmop_id)))
                data["recommendations"] = {r.ref: {"text": clean(r.text), "responsible": r.responsible,
                                                   "status": r.status, "draft": machine_drafted(r.source),
                                                   "language": _source_language(s, r.source)}
                                           for r in recs}
    return WorkshopReportData(lang=lang, data=data, redacted=redact, generated=today or dt.date.today())


def _source_language(s, source: str | None) -> str:
    """The language of the interviews a recommendation was quoted from ("codings: segments 16, 40 (...)"): "es" or
    "en" when every source segment's interview says so, "" when it is not known (a facilitator's text)."""
    import re

    m = re.match(r"(?:codings|theme \d+): segments ([\d, ]+)", source or "")
    ids = [int(x) for x in re.findall(r"\d+", m.group(1))] if m else []
    if not ids:
        return ""
    langs = set(s.scalars(select(Transcript.language).join(Segment, Segment.transcript_id == Transcript.id)
                          .where(Segment.id.in_(ids))))
    langs = {lang or "es" for lang in langs}
    return langs.pop() if len(langs) == 1 else ""


def set_workshop_details(project: Project, code: str, *, held_on: dt.date | str | None = None,
                         place: str | None = None, facilitator: str | None = None,
                         agenda: str | None = None) -> dict[str, Any]:
    """Record what a workshop report's cover states (None leaves a field as it is; "" clears it)."""
    from atlas_qual.store.models import WorkshopSession

    if isinstance(held_on, str) and held_on.strip():
        try:
            held_on = dt.date.fromisoformat(held_on.strip())
        except ValueError:
            raise AtlasQualError("workshop_details_bad_date", value=held_on) from None

    def write(s) -> dict[str, Any]:
        ws = s.scalar(select(WorkshopSession).where(func.upper(WorkshopSession.code) == (code or "").upper()))
        if ws is None:
            raise AtlasQualError("workshop_details_unknown_session", session=code)
        if held_on is not None:
            ws.held_on = held_on or None
        for name, value in (("place", place), ("facilitator", facilitator), ("agenda", agenda)):
            if value is not None:
                setattr(ws, name, value.strip() or None)
        return {"session": ws.code, "held_on": ws.held_on.isoformat() if ws.held_on else None, "place": ws.place,
                "facilitator": ws.facilitator, "agenda": ws.agenda}
    return project.write(write)


def report_choices(project: Project, lang: str = "es") -> dict[str, list[tuple[str, str]]]:
    """What the report app offers: DMOPs, territories and workshop sessions as (label, value) pairs; a session's
    title (a facilitator may name people in it) redacted, as in every output."""
    from atlas_qual.store.models import WorkshopSession
    from atlas_qual.store.project_redaction import project_redactor

    hide = project_redactor(project, lang).redact

    with project.session() as s:
        dmops = [(f"{d.id} — {d.name_es if lang == 'es' else d.name_en}", d.id)
                 for d in s.scalars(select(Dmop).order_by(Dmop.id))]
        names = _territory_names(s, lang)
        territories = [(names[t], t) for t in _territory_order(s) if t in names]
        sessions = [(f"{w.code} — {hide(w.title)}", w.code)
                    for w in s.scalars(select(WorkshopSession).order_by(WorkshopSession.id.desc()))]
    return {"dmops": dmops, "territories": territories, "sessions": sessions}


def report_preview(project: Project, dmop: str, territory: str | None = None) -> dict[str, Any]:
    """The key numbers of a DMOP report before writing it (cheap: counts only, nothing redacted or drawn).

    Examples:
        >>> # report_preview(project, "MAUEP")["interviews"]
    """
    with project.session() as s:
        d = resolve_dmop(s, dmop)
        terr = resolve_territory(s, territory)
        tq = select(Transcript.id).where(Transcript.dmop_id == d.id)
        if terr is not None:
            tq = tq.where(Transcript.territory_id == terr.id)
        tids = list(s.scalars(tq))
        rows = s.execute(select(Transcript.institution_id, Transcript.territory_id)
                         .where(Transcript.id.in_(tids))).all() if tids else []
        person_coded = len(set(s.scalars(
            select(Segment.transcript_id).join(Coding, Coding.segment_id == Segment.id)
            .where(Segment.transcript_id.in_(tids), Coding.status == "accepted",
                   Coding.coder.notin_(AUTO_CODERS))))) if tids else 0
        coded = s.execute(select(func.count(), func.count(func.distinct(Coding.coder)))
                          .join(Segment, Segment.id == Coding.segment_id)
                          .where(Segment.transcript_id.in_(tids), Coding.status == "accepted")).one() \
            if tids else (0, 0)
        codes = _Codes(s, "es")
        runs = 0
        for _key, path in FINDING_CODES[:3]:
            cid = codes.by_path.get(path)
            if cid is not None and _runs_for(s, cid, d.id, terr.id if terr else None) is not None:
                runs += 1
        mq = select(func.count()).select_from(Meeting).where(Meeting.dmop_id == d.id)
        sq = select(func.count()).select_from(SurveyResponse).where(SurveyResponse.dmop_id == d.id)
        if terr is not None:
            mq, sq = mq.where(Meeting.territory_id == terr.id), sq.where(SurveyResponse.territory_id == terr.id)
        meetings, survey = s.scalar(mq) or 0, s.scalar(sq) or 0
        dmop_id, territory_id = d.id, (terr.id if terr else None)
    ind1 = indicators_for(project, dmop_id, territory_id)[0]
    return {"dmop": dmop_id, "territory": territory_id, "interviews": len(tids), "coded": person_coded,
            "institutions": len({r[0] for r in rows if r[0]}), "territories": len({r[1] for r in rows if r[1]}),
            "codings": coded[0], "coders": coded[1], "sections_with_themes": runs, "meetings": meetings,
            "survey_responses": survey, "indicator_1": ind1}


def content_or_drafts(project, dmop: str, *, redact: bool = True) -> dict[str, Any]:
    """What the analysts stored, completed with drafts from the codings where they have written nothing yet."""
    return dict(dmop_report_data(project, dmop, lang="es", redact=redact).content)


__all__ = ["dmop_report_data", "indicators_for", "set_workshop_details", "PLACEHOLDER_RE", "workshop_report_data", "report_choices", "report_preview", "effective_codings", "dmop_records", "resolve_dmop", "resolve_territory", "content_or_drafts",
           "DATA_STEPS", "CONSENSUS_CODERS"]
