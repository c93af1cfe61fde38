"""`atlas-qual settings set KEY VALUE | settings list`: project settings (report front matter, thresholds, ...)."""

from __future__ import annotations

from atlas_qual.i18n import t


def cmd_settings_set(ctx) -> int:
    """`atlas-qual settings set KEY VALUE` (an empty VALUE restores the default)."""
    from atlas_qual.store.settings import set_setting

    args = ctx.args
    value = set_setting(ctx.project(), args.key, args.value)
    ctx.emit({"key": args.key, "value": value}, lambda: t("settings_saved", name=args.key, value=value or "—"))
    return 0


def cmd_settings_list(ctx) -> int:
    """`atlas-qual settings list [--json]`: every setting with its value (the default when not set)."""
    from atlas_qual.store.settings import get_settings

    values = get_settings(ctx.project())
    width = max(len(k) for k in values)
    ctx.emit(values, lambda: "\n".join(f"{k.ljust(width)}  {v or '—'}" for k, v in values.items()))
    return 0
