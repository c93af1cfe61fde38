"""`import` and `segments`."""

from __future__ import annotations

import os
import sys

from atlas_qual.i18n import Plural, t


def cmd_import(ctx) -> int:
    from atlas_qual.store.transcripts import import_files

    a = ctx.args
    mode = _mode(a.mode)  # before the project is opened: a typo changes nothing
    project = ctx.project()
    attrs = {"dmop": a.dmop, "territory": a.territory, "institution": a.institution, "role": a.role,
             "mode": mode, "language": a.lang}
    bar = ctx.progress(len(a.files), t("import_progress"))
    last = [0]

    def progress(n: int, name: str) -> None:
        bar.update(n - last[0])
        last[0] = n
        bar.set_postfix_str(name)

    report = import_files(project, a.files, attributes=attrs, manifest=a.manifest, progress=progress,
                          speakers=not getattr(a, "no_speakers", False))
    bar.close()
    from atlas_qual.i18n import get_lang
    from atlas_qual.store.names import speakers_as_shown

    # speaker labels are often the interviewee's name: shown as every other output shows them
    shown = speakers_as_shown(project, {i.transcript_id: i.speakers for i in report.imported}, get_lang())
    # a file is often named after its interviewee ("Entrevista_NIDIA_ZARACHO.txt"): shown as the codings export and
    # the pages show it, now that the import has learnt the name
    from atlas_qual.store.project_redaction import project_redactor

    file_shown = project_redactor(project, get_lang()).redact
    files = {i.file for i in report.imported} | {e.file for e in report.errors} | {w.get("file", "") for w in
                                                                                report.warnings}
    files = sorted((files | {os.path.basename(f) for f in files}) - {""}, key=len, reverse=True)

    def said(message: str) -> str:  # a message quoting a file: the file as shown
        for name in files:
            if name in message:
                message = message.replace(name, file_shown(name))
        return message

    if ctx.json:
        data = report.to_dict()
        for item in data.get("imported", []):
            item["speakers"] = shown.get(item["transcript_id"], item["speakers"])
            item["file"] = file_shown(item["file"])
        for item in data.get("errors", []):
            item["file"], item["error"] = file_shown(item["file"]), said(item["error"])
        ctx.emit(data)
    else:
        for item in report.imported:
            print(t("import_ok", file=file_shown(item.file), id=item.transcript_id,
                    segments=Plural("count_segments", item.segments),
                    speakers=", ".join(shown.get(item.transcript_id, item.speakers)) or "-"))
    for warning in report.warnings:
        print(f"atlas-qual: {t('import_warning_label')}: {said(warning['warning'])}", file=sys.stderr)
    for err in report.errors:
        print(f"atlas-qual: error: {said(err.error)}", file=sys.stderr)
    return 1 if report.errors else 0


def _mode(value: str | None) -> str | None:
    """``--mode`` as the header and the manifest take it: presencial, telefónica, en línea/virtual or the keys."""
    if not value:
        return None
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.store.case_values import MODES, fold

    key = fold(value).replace("_", " ").replace("-", " ")
    found = MODES.get(key) or MODES.get(fold(value))
    if found is None:
        raise AtlasQualError("unknown_mode", mode=value)
    return found


def cmd_segments(ctx) -> int:
    from atlas_qual.i18n import get_lang
    from atlas_qual.store.transcripts import transcript_segments

    rows = transcript_segments(ctx.project(), ctx.args.transcript, redact=not getattr(ctx.args, "no_redact", False),
                               lang=get_lang())
    keys = ("id", "speaker", "text", "start", "end")
    ctx.emit([{k: r[k] for k in keys} for r in rows],
             lambda: "\n".join(f"[{r['id']}] {r['speaker'] or '-'}: {r['text']}" for r in rows))
    return 0


def _filters(ctx) -> dict:
    from atlas_qual.store.search_index import resolve_filters

    a = ctx.args
    return resolve_filters(ctx.project(), {k: getattr(a, k, None) for k in ("dmop", "territory", "institution",
                                                                             "role", "mode")})


def _numbers(spec: str, total: int) -> list[int]:
    """``1,3,5-8`` as hit numbers; a number outside 1..total is an error naming it."""
    from atlas_qual.errors import AtlasQualError

    chosen: list[int] = []
    for part in (spec or "").replace(" ", "").split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        try:
            a, b = int(lo), int(hi or lo)
        except ValueError:
            raise AtlasQualError("search_bad_hits", spec=spec) from None
        for n in range(a, b + 1):
            if not 1 <= n <= total:
                raise AtlasQualError("search_hit_out_of_range", number=n, total=total)
            chosen.append(n)
    return chosen


def cmd_search(ctx) -> int:
    from atlas_qual.errors import AtlasQualError
    from atlas_qual.i18n import get_lang, tn
    from atlas_qual.store.search_index import code_hits, search

    a = ctx.args
    if a.code and not a.coder:
        raise AtlasQualError("search_code_needs_coder")
    lang = get_lang()
    result = search(ctx.project(), a.query, filters=_filters(ctx), languages=[a.segment_lang] if a.segment_lang else
                    None, redact=not a.no_redact, lang=lang, limit=(a.limit or None) if not a.code else None)
    data = result.to_dict()
    coded = None
    if a.code:
        numbers = set(_numbers(a.hits, len(result.hits))) if a.hits else None
        chosen = [h for h in result.hits if numbers is None or h.number in numbers]
        coded = code_hits(ctx.project(), chosen, a.code, a.coder)
        data["coded"] = {"code": a.code, "coder": a.coder, "hits": [h.number for h in chosen], **coded}

    def human() -> str:
        lines = []
        for h in result.hits[:a.limit or None]:
            where = " · ".join(x for x in (h.attributes.get("pseudonym") or h.title, f"#{h.ordinal}", h.speaker) if x)
            # the words as they stand in the turn: no space where the turn has none ("denuncias?", "CODENI-pe")
            lines.append(f"{h.number:>4}  [{where}]  {h.line()}")
        lines.append(tn("search_summary", "search_summary_plural", len(result.hits), lang, hits=len(result.hits),
                        segments=result.segments, transcripts=result.transcripts))
        if not result.hits:
            lines.append(result.explain(lang))
        if coded is not None:
            lines.append(t("search_coded", lang, code=a.code, coder=a.coder,
                           coded=Plural("count_new_m", coded["coded"]),
                           existing=Plural("count_already_there", coded["existing"])))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def cmd_query(ctx) -> int:
    from atlas_qual.i18n import get_lang, tn
    from atlas_qual.store.query_store import export_query, query_matrix, run_query

    a = ctx.args
    lang = get_lang()
    filters = _filters(ctx)
    result = run_query(ctx.project(), a.expression, filters=filters, coder=a.coder, redact=not a.no_redact, lang=lang)
    matrix = query_matrix(ctx.project(), [a.expression], a.matrix, filters=filters, coder=a.coder,
                          lang=lang) if a.matrix else None
    data = result.to_dict()
    if matrix is not None:
        data["matrix"] = matrix.to_dict()
    if a.out:
        data["out"] = str(export_query(result, a.out, matrix=matrix, lang=lang))

    def human() -> str:
        lines = []
        for q in result.quotes:
            where = " · ".join(x for x in (q.attributes.get("pseudonym") or q.title, f"#{q.ordinal}", q.speaker) if x)
            lines.append(f"[{where}] {q.text}")
        lines.append(tn("query_summary", "query_summary_plural", len(result.quotes), lang,
                        segments=len(result.quotes), transcripts=result.transcripts))
        if not result.quotes:
            lines.append(result.explain(lang))
        if matrix is not None:
            width = max([len(label) for label in matrix.labels] + [10])
            for label, n, segs, ints in zip(matrix.labels, matrix.totals, matrix.segments[0], matrix.interviews[0]):
                lines.append(f"  {label:<{width}}  {t('query_matrix_cell', lang, segments=segs, interviews=ints)}"
                             f"  (n={n})")
        if a.out:
            lines.append(t("query_written", lang, file=a.out))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0
