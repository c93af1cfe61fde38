"""`names add|list|remove|suggest`: the people whose names are hidden in every output of the project."""

from __future__ import annotations

import os

from atlas_qual.i18n import fmt_int, fmt_list, t, tn


def _added_by(ctx) -> str:
    return getattr(ctx.args, "by", None) or os.environ.get("ATLAS_QUAL_CODER") or os.environ.get("USER", "")


def _shown(entry) -> str:
    """The name as listed, marked when it is hidden only where written with a capital letter."""
    return f"{entry.name} ({t('names_capitalised_mark')})" if entry.capitalised else entry.name


def cmd_names_add(ctx) -> int:
    from atlas_qual.store.names import add_names

    entries = add_names(ctx.project(), ctx.args.names, replacement=ctx.args.replacement, added_by=_added_by(ctx),
                        capitalised=bool(getattr(ctx.args, "capitalised", False)))
    ctx.emit({"added": [e.to_dict() for e in entries]},
             lambda: "\n".join(t("names_added", name=_shown(e), replacement=e.replacement or t("redaction_name"))
                               for e in entries))
    return 0


def cmd_names_list(ctx) -> int:
    from atlas_qual.store.names import list_names

    entries = list_names(ctx.project())

    def human() -> str:
        if not entries:
            return t("names_list_empty")
        lines = [t("names_list_header", count=len(entries))]
        for e in entries:
            lines.append(t("names_list_row", name=_shown(e), replacement=e.replacement or t("redaction_name"),
                           kind=t(f"names_kind_{e.kind}"), by=e.added_by or "-"))
        return "\n".join(lines)

    ctx.emit([e.to_dict() for e in entries], human)
    return 0


def cmd_names_remove(ctx) -> int:
    from atlas_qual.store.names import remove_names

    removed = remove_names(ctx.project(), ctx.args.names)
    ctx.emit({"removed": removed}, lambda: "\n".join(t("names_removed", name=n) for n in removed))
    return 0


def cmd_names_suggest(ctx) -> int:
    from atlas_qual.store.names import suggest_names

    found = suggest_names(ctx.project(), ctx.args.transcript)

    def human() -> str:
        if not found:
            return t("names_suggest_none")
        lines = [t("names_suggest_header", count=len(found))]
        for s in found:
            lines.append(tn("names_suggest_row", "names_suggest_row_plural", s.count, name=s.name,
                            count=fmt_int(s.count), transcripts=fmt_list([str(i) for i in s.transcripts]),
                            why=t(f"names_why_{s.why}")))
            if s.capitalised:  # also a word ("Ruso"): `names add` refuses it without --capitalised
                lines.append(t("names_suggest_capitalised_hint", name=s.name))
        lines.append(t("names_suggest_footer"))
        return "\n".join(lines)

    ctx.emit([s.to_dict() for s in found], human)
    return 0
