"""`export qdpx` and `export codebook`: the project and its codebook as REFI-QDA files for NVivo, ATLAS.ti, MAXQDA."""

from __future__ import annotations

import sys

from atlas_qual.i18n import Plural, t


def cmd_export_qdpx(ctx) -> int:
    from atlas_qual.store.refi_io import export_qdpx

    redact = not ctx.args.no_redact
    result = export_qdpx(ctx.project(), ctx.args.file, redact=redact)
    data = result.to_dict()
    for message in result.skipped:
        print(f"atlas-qual: {message}", file=sys.stderr)
    ctx.emit(data, lambda: t("refi_io_exported_qdpx", file=data["file"],
                             sources=Plural("count_sources", data["sources"]),
                             codings=Plural("count_codings", data["codings"]),
                             codes=Plural("count_codes", data["codes"]), users=Plural("count_users", data["users"]),
                             cases=Plural("count_cases", data["cases"]), notes=Plural("count_memos", data["notes"]),
                             redaction=t("refi_io_redacted" if redact else "refi_io_not_redacted")))
    return 0


def cmd_export_codebook(ctx) -> int:
    from atlas_qual.store.refi_io import export_codebook

    codes = export_codebook(ctx.project(), ctx.args.file, redact=not ctx.args.no_redact)
    ctx.emit({"file": ctx.args.file, "codes": codes},
             lambda: t("refi_io_exported_codebook", file=ctx.args.file, codes=Plural("count_codes", codes)))
    return 0
