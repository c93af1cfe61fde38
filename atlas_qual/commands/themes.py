"""`themes`: themes of a code's segments (stored as a run) or of a column of texts in a CSV/XLSX file."""

from __future__ import annotations

import sys

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural, fmt_int, t

FILTER_FLAGS = ("dmop", "territory", "institution", "role")


def _progress_bar(ctx):
    """A callable(fraction, message) driving a tqdm bar on stderr (hidden with --json or off a terminal)."""
    bar = ctx.progress(100, "themes")
    state = {"done": 0}

    def update(fraction: float, message: str) -> None:
        target = int(round(fraction * 100))
        if target > state["done"]:
            bar.update(target - state["done"])
            state["done"] = target
        bar.set_postfix_str(message, refresh=False)

    return bar, update


def _quote_line(text: str, source: str, width: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return f"      «{text}» — {source}"


def _human_run(data: dict) -> str:
    run = data["run"]
    unassigned = sum(1 for a in data["assignments"] if a == -1)
    lines = [t("themes_cli_summary", code=run["code"], segments=Plural("count_segments", len(data["segments"])),
               k=Plural("count_themes", len(data["themes"])), run=run["id"], model=run["model"])]
    if run["filters"]:
        lines.append("  " + ", ".join(f"{t('themes_app_filter_' + k)}: {_shown_value(k, v)}"
                                      for k, v in run["filters"].items()))
    for theme in data["themes"]:
        lines.append(f"  [{theme['id']}] {_shown_label(theme)} ({Plural('count_segments', theme['size']).text()})")
        if not theme["size"]:
            lines.append("      " + t("themes_cli_seed_unmatched"))
            continue
        lines.append(f"      {t('themes_app_terms')}: {', '.join(theme['terms'][:8])}")
        for q in theme["quotes"][:2]:
            m = q["meta"]
            source = ", ".join(x for x in (m.get("pseudonym"), m.get("role"),
                                           _shown_value("territory", m.get("territory"))) if x)
            lines.append(_quote_line(q["text"], source))
    if unassigned:
        lines.append("  " + t("themes_cli_unassigned", n=fmt_int(unassigned)))
    lines.extend(_steer_hint(run.get("params") or {}))
    return "\n".join(lines)


def _shown_value(kind: str, value) -> str | None:
    """A stored attribute as people read it (``alto_parana`` -> ``Alto Paraná``); a name typed by a user as is."""
    from atlas_qual.i18n import label

    return label(kind, value) if value not in (None, "") else None


def _steer_hint(params: dict) -> list[str]:
    """A line suggesting --themes or --seeds when the automatic run found no clear number of themes."""
    from atlas_qual.themes import no_clear_number

    k = no_clear_number(params)
    return ["  " + t("themes_hint_no_clear_number", k=k)] if k else []


def _shown_label(theme: dict) -> str:
    """The label, marked unreviewed unless an analyst named or confirmed it, with the theme's coherence."""
    from atlas_qual.i18n import fmt_fixed

    label = theme["label"] if theme.get("label_confirmed") else f"{theme['label']} {t('themes_unreviewed')}"
    if theme.get("lang") == "gn":  # clustered apart, lexically (no model reads Guaraní): said, as the JSON says it
        from atlas_qual.i18n import get_lang, label as shown

        label += f" ({shown('language', 'gn', get_lang())})"
    if theme.get("coherence") is not None:
        label += f"; {t('themes_cli_coherence', value=fmt_fixed(theme['coherence'], digits=2))}"
    return label


def _human_texts(col, data: dict, model: str, params: dict | None = None) -> str:
    lines = [t("themes_cli_texts_summary", file=col.file, column=col.column, rows=Plural("count_rows", len(col.texts)),
               k=Plural("count_themes", len(data["themes"])), model=model)]
    for warning in col.warnings:
        lines.append("  " + warning)
    if params and params.get("non_answers"):
        lines.append("  " + t("themes_texts_non_answers_note", n=Plural("count_non_answers", params["non_answers"])))
    for theme in data["themes"]:
        lines.append(f"  [{theme['id']}] {_shown_label(theme)} ({Plural('count_rows', theme['size']).text()})")
        if not theme["size"]:
            lines.append("      " + t("themes_cli_seed_unmatched"))
            continue
        lines.append(f"      {t('themes_app_terms')}: {', '.join(theme['terms'][:8])}")
        for q in theme["quotes"][:2]:
            lines.append(_quote_line(q["text"], f"{t('themes_cli_row')} {q['meta'].get('row', '?')}"))
    unassigned = sum(1 for a in data["assignments"] if a == -1)
    if unassigned:
        lines.append("  " + t("themes_cli_unassigned", n=fmt_int(unassigned)))
    if params and params.get("guarani_excluded"):
        lines.append("  " + t("themes_guarani_note", n=Plural("count_guarani_left_out", params["guarani_excluded"])))
    lines.extend(_steer_hint(params or {}))
    return "\n".join(lines)


def _texts_redactor(ctx, lang: str):
    """The project's redactor (its listed names too) when a project is named or the default one exists; else None
    (the engine's quotes still lose phones, e-mails and cédula numbers). A project named but broken is an error."""
    import os

    from atlas_qual.errors import NotAProjectError
    from atlas_qual.store.transcripts import project_redactor

    named = ctx.project_arg or os.environ.get("ATLAS_QUAL_PROJECT")
    try:
        project = ctx.project()
    except NotAProjectError as exc:
        if named or exc.key != "no_project":
            raise
        return None
    return project_redactor(project, lang)


def _guidance(args):
    """(n_themes, seeds) from --themes and --seeds, checked before any model work."""
    from atlas_qual.store.theme_texts import read_seeds

    n_themes = getattr(args, "themes", None)
    if n_themes is not None and n_themes < 1:
        raise AtlasQualError("themes_cli_bad_k", k=n_themes)
    seeds = read_seeds(args.seeds) if getattr(args, "seeds", None) else None
    return n_themes, seeds


def cmd_themes(ctx) -> int:
    """`atlas-qual themes --code CODE [--dmop ID] [--territory T] [--institution I] [--role R] [--themes K]
    [--seeds FILE.csv] [--json]` or `atlas-qual themes --texts FILE --column COL [--json]` (DESIGN.md contract)."""
    args = ctx.args
    if args.code and args.texts:
        raise AtlasQualError("themes_cli_both")
    if not args.code and not args.texts:
        raise AtlasQualError("themes_cli_what")
    if args.texts:
        used = [f"--{f}" for f in FILTER_FLAGS if getattr(args, f, None)]
        if used:
            raise AtlasQualError("themes_cli_filters_with_texts", flags=" ".join(used))
        if not args.column:
            raise AtlasQualError("themes_cli_column_needed")
        return _texts(ctx)
    from atlas_qual.store.themes_store import run_themes

    n_themes, seeds = _guidance(args)
    project = ctx.project()
    if getattr(args, "subcode_seeds", False) and not seeds:
        from atlas_qual.store.theme_edits import subcode_seeds

        from atlas_qual.i18n import get_lang

        seeds = subcode_seeds(project, args.code, lang=get_lang()) or None
    from atlas_qual.store.themes_store import edit_count, latest_themes

    # the page and the reports show the newest run of a code and filters: say so when this one hides analysts' edits
    before = latest_themes(project, args.code, dmop=args.dmop, territory=args.territory,
                           institution=args.institution, role=args.role, coder=args.coder)
    edits = edit_count(project, before.id) if before is not None else 0
    bar, update = _progress_bar(ctx)
    try:
        run = run_themes(project, args.code, dmop=args.dmop, territory=args.territory, institution=args.institution,
                         role=args.role, coder=args.coder, embedding=args.embedding, seed=args.seed,
                         n_themes=n_themes, seeds=seeds, progress=update)
    finally:
        bar.close()
    data = run.to_dict()
    ctx.emit(data, lambda: _human_run(data))
    if edits:
        print(f"atlas-qual: {t('import_warning_label')}: "
              f"{t('themes_cli_hides_edits', old=before.id, new=run.id, edits=edits)}", file=sys.stderr)
    return 0


def _texts(ctx) -> int:
    from atlas_qual.store.themes_store import column_lang, column_themes, read_text_column

    args = ctx.args
    col = read_text_column(args.texts, args.column)  # file and row errors before any model work
    n_themes, seeds = _guidance(args)
    lang = column_lang(col)
    redactor = _texts_redactor(ctx, lang)
    bar, update = _progress_bar(ctx)
    try:
        result = column_themes(col, lang=lang, embedding=args.embedding, seed=args.seed, redactor=redactor,
                               n_themes=n_themes, seeds=seeds, progress=update)
    finally:
        bar.close()
    data = result.to_dict()
    ctx.emit(data, lambda: _human_texts(col, data, result.model, result.params))
    return 0
