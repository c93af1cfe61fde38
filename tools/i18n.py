"""Catalog upkeep behind `make i18n`: extract message keys from the code, update the .po catalogs, compile .mo.

    python tools/i18n.py update    keys used in the code (t("..."), tn("...", "..."), N_("...")) join the template
                                   and every catalog; keys the code no longer names are listed, never dropped
    python tools/i18n.py compile   .po -> .mo for every language (run by `make install`)
    python tools/i18n.py check     fails on a key used in the code but missing from es or en
    python tools/i18n.py add KEY --es TEXT --en TEXT [--gn TEXT] [--plural-es T --plural-en T --plural-gn T]
                                   add one message to every catalog (a file lock keeps parallel edits apart)

Message keys are the msgids (one convention); Spanish is the reference catalog, English complete, Guaraní for what
participants and community members read (the rest falls back to Spanish).
"""

from __future__ import annotations

import argparse
import fcntl
import re
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "atlas_qual" / "locale"
LANGS = ("es", "en", "gn")
POT = LOCALE / "atlas_qual.pot"
# a literal key: t("key"), tn("key", "key_plural"), N_("key"), Plural("key", n); a key ending in "_" is a prefix built at run time
KEY_CALL = re.compile(r"""\b(?:t|tn|N_|_t|tr|Plural)\(\s*["']([a-z][a-z0-9_]*[a-z0-9])["']\s*[,)]""")


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "atlas_qual.po"


@contextmanager
def locked():
    LOCALE.mkdir(parents=True, exist_ok=True)
    with open(LOCALE / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read(path: Path):
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        return read_po(fh, domain="atlas_qual")


def write(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po

    tmp = path.with_suffix(".po.tmp")
    with open(tmp, "wb") as fh:
        write_po(fh, catalog, width=120, include_previous=False)
    tmp.replace(path)


def keys_in_code() -> dict[str, list[str]]:
    """message key -> files that name it (calls t/tn/N_ with a literal key)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "atlas_qual").rglob("*.py")):
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, []).append(str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "atlas_qual").rglob("*.html")):
        for key in re.findall(r"""\b(?:t|tn|_)\(\s*["']([a-z][a-z0-9_]*)["']""", path.read_text(encoding="utf-8")):
            found.setdefault(key, []).append(str(path.relative_to(ROOT)))
    return found


def cmd_add(args) -> int:
    from babel.messages.catalog import Message

    texts = {"es": args.es, "en": args.en, "gn": args.gn or ""}
    plurals = {"es": args.plural_es, "en": args.plural_en, "gn": args.plural_gn}
    with locked():
        for lang in LANGS:
            cat = read(po_path(lang))
            msg_id = (args.key, args.key + "_plural") if plurals["es"] else args.key
            string = (texts[lang], plurals[lang] or "") if plurals["es"] else texts[lang]
            if lang == "gn" and plurals["es"] and not args.gn:
                string = ("", "")
            if isinstance(string, tuple):  # Spanish has a third form ("many", for millions): same as "other"
                string = tuple(string) + (string[-1],) * max(0, cat.num_plurals - len(string))
            comments = [f"es: {args.es}"] if lang != "es" else []
            existing = cat.get(msg_id if isinstance(msg_id, str) else msg_id[0])
            if existing is not None and not args.replace:
                print(f"{args.key} already in {lang}; use --replace to change it", file=sys.stderr)
                return 1
            if existing is not None:
                cat.delete(existing.id)
            cat[msg_id] = Message(msg_id, string, auto_comments=comments)
            write(po_path(lang), cat)
    return 0


def cmd_update(_args) -> int:
    from babel.messages.catalog import Message

    used = keys_in_code()
    with locked():
        es = read(po_path("es"))
        missing = sorted(k for k in used if es.get(k) is None)
        if missing:
            print("keys used in the code but in no catalog (add them with `tools/i18n.py add`):", file=sys.stderr)
            for k in missing:
                print(f"  {k}  ({', '.join(sorted(set(used[k])))})", file=sys.stderr)
        pot = read(po_path("es"))
        for m in pot:
            if m.id:
                m.string = ("", "") if isinstance(m.id, tuple) else ""
                m.locations = [(f, 0) for f in sorted(set(used.get(m.id if isinstance(m.id, str) else m.id[0], [])))]
        write(POT, pot)
        for lang in ("en", "gn"):
            cat = read(po_path(lang))
            for m in es:
                if m.id and cat.get(m.id if isinstance(m.id, str) else m.id[0]) is None:
                    empty = ("", "") if isinstance(m.id, tuple) else ""
                    cat[m.id] = Message(m.id, empty, auto_comments=[f"es: {m.string if isinstance(m.string, str) else m.string[0]}"])
            write(po_path(lang), cat)
        unused = sorted(m.id for m in es if m.id and isinstance(m.id, str) and m.id not in used)
        print(f"{len(es)} messages; {len(missing)} missing from the catalogs; {len(unused)} keys built at run time "
              f"or unused (kept)")
    return 1 if missing else 0


def cmd_compile(_args) -> int:
    from babel.messages.mofile import write_mo

    for lang in LANGS:
        po = po_path(lang)
        cat = read(po)
        # Babel writes an untranslated plural as its msgids; leave it out so the reader falls back to Spanish
        for m in list(cat):
            if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string))):
                cat.delete(m.id)
        with open(po.with_suffix(".mo"), "wb") as fh:
            write_mo(fh, cat, use_fuzzy=False)
    return 0


def cmd_check(_args) -> int:
    used = keys_in_code()
    bad = 0
    for lang in ("es", "en"):
        cat = read(po_path(lang))
        for key in sorted(used):
            m = cat.get(key)
            if m is None or not m.string or (isinstance(m.string, tuple) and not all(m.string)):
                print(f"{lang}: {key} missing ({used[key][0]})", file=sys.stderr)
                bad += 1
    return 1 if bad else 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="tools/i18n.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add")
    a.add_argument("key")
    a.add_argument("--es", required=True)
    a.add_argument("--en", required=True)
    a.add_argument("--gn")
    a.add_argument("--plural-es")
    a.add_argument("--plural-en")
    a.add_argument("--plural-gn")
    a.add_argument("--replace", action="store_true")
    sub.add_parser("update")
    sub.add_parser("compile")
    sub.add_parser("check")
    args = p.parse_args(argv)
    return {"add": cmd_add, "update": cmd_update, "compile": cmd_compile, "check": cmd_check}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
