"""`agreement`: inter-coder agreement at segment level, plus unitized alpha on spans per code, and the disagreements
to reconcile (presence and span, with each coder's quotes)."""

from __future__ import annotations

from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import fmt_fixed, fmt_int, fmt_percent, get_lang, t, tn


def _disagreement(row) -> dict:
    """A disagreement in ``--json``: the segment-level fields DESIGN.md names, plus its kind, each coder's spans
    (code points within the turn, redacted quote, whether it is the whole turn) and the decision so far."""
    return {"unit": row.segment_id, "code": row.code, "applied_by": list(row.applied_by),
            "not_applied_by": list(row.not_applied_by), "kind": row.kind,
            "spans": {c: [q.to_dict() for q in qs] for c, qs in row.spans.items()}, "decision": row.decision,
            "choice": row.choice}


def cmd_agreement(ctx) -> int:
    from atlas_qual.store.agreement import agreement_for, disagreements

    coders = [c.strip() for c in ctx.args.coders.split(",") if c.strip()] if ctx.args.coders else None
    project = ctx.project()
    try:
        report = agreement_for(project, coders, ctx.args.code)
    except AtlasQualError as exc:
        if exc.key != "agreement_unknown_coder":
            raise
        # the core only knows the coders it was asked about; the user needs every coder of the project
        from atlas_qual.store.coding import list_coders

        known = list_coders(project)
        raise AtlasQualError(exc.key, coder=exc.params["coder"],
                             known=", ".join(known) if known else "–") from None
    rows = disagreements(project, coders, codes=ctx.args.code, lang=get_lang(),
                         redact=not getattr(ctx.args, "no_redact", False), report=report)
    data = report.to_dict()
    data["disagreements"] = [_disagreement(r) for r in rows]

    def fmt(v) -> str:  # 0,923 in Spanish, 0.923 in English; --json keeps the numbers
        return "—" if v is None else fmt_fixed(v, digits=3)  # the same dash as an undefined percent

    def human() -> str:
        from atlas_qual.agreement import explain_reason, unused_note
        from atlas_qual.store.codebook import code_index

        lang = get_lang()  # codes named in the reader's language ("Evaluation/Weaknesses"); --json keeps the paths
        labels = {ref.path: ref.label(lang) for ref in code_index(project)}

        lines = [t("agreement_summary", coders=", ".join(data["coders"]), units=data["units"],
                   # a share of units, said as the page says it ("75 %"); kappa and alpha stay coefficients
                   percent="—" if data["percent_agreement"] is None else fmt_percent(data["percent_agreement"], digits=1),
                   alpha=fmt(data["krippendorff_alpha"]),
                   kappa=fmt(data["cohen_kappa"]))]
        if data["reason"] in ("no_units", "too_few_coders"):
            lines.append("  " + explain_reason(data["reason"]))
        for path, stats in data["per_code"].items():
            code = labels.get(path, path)
            lines.append(t("agreement_cli_code_line", code=code, kappa=fmt(stats["kappa"]), alpha=fmt(stats["alpha"]),
                           n=fmt_int(stats["n"]), alpha_u=fmt(stats.get("unitized_alpha"))))
            if stats.get("unused_by"):  # kappa 0 and alpha below 0 because a coder never used the code: said
                lines.append("    " + unused_note(code, stats["unused_by"]))
        if rows:
            lines.append(tn("agreement_cli_disagreement_count", "agreement_cli_disagreement_count_plural", len(rows)))
            spans = sum(1 for r in rows if r.kind == "span")
            if spans:
                lines.append(t("agreement_cli_span_disagreements", count=spans))
            decided = sum(1 for r in rows if r.decision is not None)
            if decided:  # "91 to reconcile" after 10 decisions read as if none had been
                lines.append(t("agreement_cli_reconciled", done=fmt_int(decided), total=fmt_int(len(rows))))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0
