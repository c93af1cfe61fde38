"""`agreement`: inter-coder agreement at segment level, plus unitized alpha on spans per code."""

from __future__ import annotations

from atlas_qual.i18n import t


def cmd_agreement(ctx) -> int:
    from atlas_qual.store.agreement import agreement_for

    coders = [c.strip() for c in ctx.args.coders.split(",") if c.strip()] if ctx.args.coders else None
    report = agreement_for(ctx.project(), coders, ctx.args.code)
    data = report.to_dict()

    def fmt(v) -> str:
        return "-" if v is None else f"{v:.3f}"

    def human() -> str:
        from atlas_qual.agreement import explain_reason

        lines = [t("agreement_summary", coders=", ".join(data["coders"]), units=data["units"],
                   percent=fmt(data["percent_agreement"]), alpha=fmt(data["krippendorff_alpha"]),
                   kappa=fmt(data["cohen_kappa"]))]
        if data["reason"] in ("no_units", "too_few_coders"):
            lines.append("  " + explain_reason(data["reason"]))
        for code, stats in data["per_code"].items():
            lines.append(f"  {code}: kappa={fmt(stats['kappa'])} alpha={fmt(stats['alpha'])} n={stats['n']} "
                         f"alpha_u={fmt(stats.get('unitized_alpha'))}")
        if data["disagreements"]:
            lines.append(t("agreement_cli_disagreements", count=len(data["disagreements"])))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0
