"""The project's codebook: add, rename, move, merge (codings follow, duplicates collapse), delete (with its codings),
edit definitions and rules, import and export YAML or CSV. Each edit is one transaction.

A code is named by its id, its Spanish or English name when unique, or its path ``Parent/Child``.

Examples:
    >>> # ref = add_code(project, "Falta de presupuesto", parent="Evaluación/Debilidades")
    >>> # merge_codes(project, "Evaluación/Desafíos", "Evaluación/Debilidades")
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from atlas_qual.codebook import (
    TEXT_FIELDS,
    Codebook,
    CodeIndex,
    CodeNode,
    CodeRef,
    Rules,
    fold,
    read_csv,
    read_yaml,
    rules_from_data,
    to_csv,
    to_yaml,
    validate_color,
    validate_name,
)
from atlas_qual.errors import AtlasQualError
from atlas_qual.i18n import Plural
from atlas_qual.store.db import Project
from atlas_qual.store.models import Code, Coding, Memo, ThemeRun

CodeArg = int | str | CodeRef


def index_of(s: Session) -> CodeIndex:
    """Every code of the project, with paths (inside an open session)."""
    rows = s.execute(select(Code.id, Code.parent_id, Code.name, Code.name_en, Code.color, Code.position)).all()
    return CodeIndex(rows)


def code_index(project: Project) -> CodeIndex:
    """Every code of the project with its path, for pickers and for resolving what people type.

    Examples:
        >>> # code_index(project).resolve("Debilidades").path -> 'Evaluación/Debilidades'
    """
    with project.session() as s:
        return index_of(s)


def _resolve(index: CodeIndex, code: CodeArg) -> CodeRef:
    if isinstance(code, CodeRef):
        code = code.id
    return index.resolve(code)


def _node(code: Code, children: list[CodeNode]) -> CodeNode:
    return CodeNode(
        name=code.name, name_en=code.name_en or "", definition=dict(code.definition or {}),
        when_to_use=dict(code.when_to_use or {}), when_not_to_use=dict(code.when_not_to_use or {}),
        example=dict(code.example or {}), color=code.color or "#607d8b",
        rules=rules_from_data(code.rules or {}, code.name), children=tuple(children),
    )


def get_codebook(project: Project) -> Codebook:
    """The project's codebook as a :class:`~atlas_qual.codebook.Codebook` tree (for export and display)."""
    with project.session() as s:
        codes = {c.id: c for c in s.scalars(select(Code))}
        index = CodeIndex((c.id, c.parent_id, c.name, c.name_en, c.color, c.position) for c in codes.values())

        def build(parent: int | None) -> tuple[CodeNode, ...]:
            return tuple(_node(codes[ref.id], list(build(ref.id))) for ref in index.children(parent))

        return Codebook(build(None))


def code_details(project: Project, code: CodeArg) -> dict[str, Any]:
    """A code's fields for the editor: names, path, texts, colour, rules, number of codings and subcodes."""
    with project.session() as s:
        index = index_of(s)
        ref = _resolve(index, code)
        row = s.get(Code, ref.id)
        ids = [ref.id, *index.descendants(ref.id)]
        codings = s.scalar(select(func.count()).select_from(Coding).where(Coding.code_id.in_(ids))) or 0
        return {"id": ref.id, "name": row.name, "name_en": row.name_en, "path": ref.path, "path_en": ref.path_en,
                "color": row.color, "definition": dict(row.definition or {}), "when_to_use": dict(row.when_to_use or {}),
                "when_not_to_use": dict(row.when_not_to_use or {}), "example": dict(row.example or {}),
                "rules": dict(row.rules or {}), "subcodes": len(ids) - 1, "codings": codings}


def code_rules(project: Project) -> list[tuple[int, Rules]]:
    """``(code id, Rules)`` for every code that has auto-coding rules, in codebook order."""
    with project.session() as s:
        index = index_of(s)
        rules = dict(s.execute(select(Code.id, Code.rules)).all())
    out = []
    for ref in index:
        data = rules.get(ref.id) or {}
        if data:
            parsed = rules_from_data(data, ref.path)
            if not parsed.is_empty:
                out.append((ref.id, parsed))
    return out


def _check_sibling_name(s: Session, parent_id: int | None, name: str, *, exclude: int | None = None,
                        index: CodeIndex | None = None) -> None:
    same_parent = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    for cid, other in s.execute(select(Code.id, Code.name).where(same_parent)).all():
        if cid != exclude and fold(other) == fold(name):
            from atlas_qual.i18n import t

            where = index.get(parent_id).path if (index and parent_id is not None) else t("code_top_level")
            raise AtlasQualError("code_exists", name=name, parent=where)


def _texts(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"es": value.strip()} if value.strip() else {}
    return {str(k): str(v).strip() for k, v in dict(value).items() if v is not None and str(v).strip()}


def add_code(project: Project, name: str, *, parent: CodeArg | None = None, name_en: str = "",
             color: str | None = None, rules: Mapping[str, Any] | None = None, **texts: Any) -> CodeRef:
    """Add a code (at the end of its siblings); ``texts`` are definition, when_to_use, when_not_to_use, example,
    each a string (Spanish) or ``{"es": .., "en": ..}``.

    Examples:
        >>> # add_code(project, "Presupuesto", parent="Evaluación/Debilidades", color="#c62828")
    """
    clean = validate_name(name)
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown code fields: {sorted(unknown)}")
    rules_data = rules_from_data(dict(rules or {}), clean).to_dict()
    color_value = validate_color(color or "", clean)

    def _add(s: Session) -> int:
        index = index_of(s)
        parent_id = _resolve(index, parent).id if parent is not None else None
        _check_sibling_name(s, parent_id, clean, index=index)
        same_parent = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
        position = (s.scalar(select(func.max(Code.position)).where(same_parent)) or 0) + 1
        code = Code(name=clean, parent_id=parent_id, name_en=" ".join((name_en or "").split()), color=color_value,
                    rules=rules_data, position=position, guid=str(uuid.uuid4()),
                    **{k: _texts(texts.get(k)) for k in TEXT_FIELDS})
        s.add(code)
        s.flush()
        return code.id

    new_id = project.write(_add)
    return code_index(project).get(new_id)


def update_code(project: Project, code: CodeArg, **fields: Any) -> CodeRef:
    """Change a code's ``name_en``, ``color``, ``rules`` or texts (definition, when_to_use, when_not_to_use,
    example). Use :func:`rename_code` and :func:`move_code` for its name and place."""
    allowed = {"name_en", "color", "rules", *TEXT_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"update_code cannot change {sorted(unknown)}; allowed: {sorted(allowed)}")

    def _update(s: Session) -> int:
        ref = _resolve(index_of(s), code)
        row = s.get(Code, ref.id)
        for key, value in fields.items():
            if key == "name_en":
                row.name_en = " ".join(str(value or "").split())
            elif key == "color":
                row.color = validate_color(value, ref.path)
            elif key == "rules":
                row.rules = rules_from_data(dict(value or {}), ref.path).to_dict()
            else:
                # a mapping changes the languages it names ("" clears one); a string is the Spanish text
                merged = dict(getattr(row, key) or {})
                pairs = value.items() if isinstance(value, Mapping) else [("es", value)]
                for lang, text in pairs:
                    merged[str(lang)] = str(text or "").strip()
                setattr(row, key, {k: v for k, v in merged.items() if v})
        return ref.id

    code_id = project.write(_update)
    return code_index(project).get(code_id)


def rename_code(project: Project, code: CodeArg, new_name: str, *, name_en: str | None = None) -> CodeRef:
    """Rename a code (its codings, memos and subcodes stay with it).

    Examples:
        >>> # rename_code(project, "Evaluación/Desafíos", "Obstáculos externos", name_en="External obstacles")
    """
    clean = validate_name(new_name)

    def _rename(s: Session) -> int:
        index = index_of(s)
        ref = _resolve(index, code)
        _check_sibling_name(s, ref.parent_id, clean, exclude=ref.id, index=index)
        row = s.get(Code, ref.id)
        row.name = clean
        if name_en is not None:
            row.name_en = " ".join(name_en.split())
        return ref.id

    code_id = project.write(_rename)
    return code_index(project).get(code_id)


def move_code(project: Project, code: CodeArg, parent: CodeArg | None, *, position: int | None = None) -> CodeRef:
    """Move a code (with its subcodes and codings) under ``parent`` (None: top level), at ``position`` among its
    new siblings (0-based; default last). A code cannot move inside itself."""

    def _move(s: Session) -> int:
        index = index_of(s)
        ref = _resolve(index, code)
        parent_id = _resolve(index, parent).id if parent is not None else None
        if parent_id is not None and (parent_id == ref.id or parent_id in index.descendants(ref.id)):
            raise AtlasQualError("code_move_cycle", code=ref.path, parent=index.get(parent_id).path)
        if parent_id != ref.parent_id:
            _check_sibling_name(s, parent_id, ref.name, exclude=ref.id, index=index)
        siblings = [c.id for c in index.children(parent_id) if c.id != ref.id]
        at = len(siblings) if position is None else max(0, min(int(position), len(siblings)))
        siblings.insert(at, ref.id)
        row = s.get(Code, ref.id)
        row.parent_id = parent_id
        s.flush()
        for pos, cid in enumerate(siblings):
            s.execute(update(Code).where(Code.id == cid).values(position=pos))
        return ref.id

    code_id = project.write(_move)
    return code_index(project).get(code_id)


@dataclass(frozen=True)
class MergeResult:
    """What a merge did: codings moved to the target, duplicates collapsed, subcodes moved or merged."""

    source: str
    target: str
    moved: int
    collapsed: int
    subcodes: int

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "moved": self.moved, "collapsed": self.collapsed,
                "subcodes": self.subcodes}


_STATUS_RANK = {"rejected": 0, "pending": 1, "accepted": 2}


def _merge_into(s: Session, source_id: int, target_id: int) -> tuple[int, int, int]:
    moved = collapsed = subcodes = 0
    target_codings = {(c.segment_id, c.coder, c.start, c.end): c
                      for c in s.scalars(select(Coding).where(Coding.code_id == target_id))}
    for coding in s.scalars(select(Coding).where(Coding.code_id == source_id)).all():
        key = (coding.segment_id, coding.coder, coding.start, coding.end)
        existing = target_codings.get(key)
        if existing is None:
            coding.code_id = target_id
            target_codings[key] = coding
            moved += 1
        else:
            # the same coder coded the same text with both codes: one coding remains, the strongest decision wins
            if _STATUS_RANK.get(coding.status, 0) > _STATUS_RANK.get(existing.status, 0):
                existing.status, existing.origin = coding.status, coding.origin
            s.delete(coding)
            collapsed += 1
    s.flush()
    target_children = {fold(c.name): c for c in s.scalars(select(Code).where(Code.parent_id == target_id))}
    next_pos = max((c.position for c in target_children.values()), default=0) + 1
    for child in s.scalars(select(Code).where(Code.parent_id == source_id)).all():
        twin = target_children.get(fold(child.name))
        if twin is None:
            child.parent_id = target_id
            child.position = next_pos
            next_pos += 1
            target_children[fold(child.name)] = child
            subcodes += 1
        else:
            m, c, sc = _merge_into(s, child.id, twin.id)
            moved, collapsed, subcodes = moved + m, collapsed + c, subcodes + sc + 1
    s.flush()
    source, target = s.get(Code, source_id), s.get(Code, target_id)
    target.rules = rules_from_data(target.rules or {}).merged(rules_from_data(source.rules or {})).to_dict()
    for key in TEXT_FIELDS:
        if not getattr(target, key) and getattr(source, key):
            setattr(target, key, dict(getattr(source, key)))
    s.execute(update(Memo).where(Memo.target_kind == "code", Memo.target_id == source_id).values(target_id=target_id))
    s.execute(update(ThemeRun).where(ThemeRun.code_id == source_id).values(code_id=target_id))
    s.execute(delete(Code).where(Code.id == source_id))
    return moved, collapsed, subcodes


def merge_codes(project: Project, source: CodeArg, target: CodeArg) -> MergeResult:
    """Merge ``source`` into ``target``: its codings move to the target (a coder's coding that the target already
    has collapses into one), its subcodes move under the target (same-named subcodes merge too), its memos and
    rules join the target's, and ``source`` disappears. One transaction.

    Examples:
        >>> # merge_codes(project, "Evaluación/Desafíos", "Evaluación/Debilidades").collapsed
    """

    def _merge(s: Session) -> MergeResult:
        index = index_of(s)
        src, dst = _resolve(index, source), _resolve(index, target)
        if src.id == dst.id or dst.id in index.descendants(src.id):
            raise AtlasQualError("code_merge_self", code=src.path)
        moved, collapsed, subcodes = _merge_into(s, src.id, dst.id)
        return MergeResult(src.path, dst.path, moved, collapsed, subcodes)

    return project.write(_merge)


def code_usage(project: Project, code: CodeArg) -> dict[str, Any]:
    """What deleting ``code`` would remove: ``{"path", "codes", "codings"}`` (the code and its subcodes)."""
    with project.session() as s:
        index = index_of(s)
        ref = _resolve(index, code)
        ids = [ref.id, *index.descendants(ref.id)]
        codings = s.scalar(select(func.count()).select_from(Coding).where(Coding.code_id.in_(ids))) or 0
        return {"path": ref.path, "codes": len(ids), "codings": codings}


def delete_code(project: Project, code: CodeArg, *, confirm: bool = False) -> dict[str, Any]:
    """Delete a code with its subcodes, their codings and memos. Without ``confirm=True`` nothing is deleted and
    ``AtlasQualError("code_delete_unconfirmed")`` says how much would go (the app shows it and asks).

    Examples:
        >>> # delete_code(project, "Temas/Criadazgo", confirm=True) -> {"path": .., "codes": 1, "codings": 4}
    """

    def _delete(s: Session) -> dict[str, Any]:
        index = index_of(s)
        ref = _resolve(index, code)
        ids = [ref.id, *index.descendants(ref.id)]
        codings = s.scalar(select(func.count()).select_from(Coding).where(Coding.code_id.in_(ids))) or 0
        if not confirm:
            raise AtlasQualError("code_delete_unconfirmed", code=ref.path, codes=Plural("count_codes", len(ids)),
                                 codings=Plural("count_codings", codings))
        s.execute(delete(Coding).where(Coding.code_id.in_(ids)))
        s.execute(delete(Memo).where(Memo.target_kind == "code", Memo.target_id.in_(ids)))
        s.execute(update(ThemeRun).where(ThemeRun.code_id.in_(ids)).values(code_id=None))
        for cid in reversed(ids):  # children first: no dangling parent at any moment
            s.execute(delete(Code).where(Code.id == cid))
        return {"path": ref.path, "codes": len(ids), "codings": codings}

    return project.write(_delete)


def _unredacted(incoming: Mapping[str, str], stored: Mapping[str, str], red) -> dict[str, str]:
    """``incoming`` with each text that is what the stored text redacts to replaced by the stored text: a redacted
    export edited and imported back does not write "[nombre]" over the names in definitions nobody touched."""
    out = dict(incoming)
    for lang, value in incoming.items():
        old = stored.get(lang) or ""
        if value and old and value != old and red(old) == value:
            out[lang] = old
    return out


def _load_nodes(s: Session, nodes: tuple[CodeNode, ...], parent_id: int | None, counts: dict[str, int],
                red=None) -> None:
    same_parent = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    siblings = {fold(c.name): c for c in s.scalars(select(Code).where(same_parent))}
    next_pos = max((c.position for c in siblings.values()), default=0) + 1
    for node in nodes:
        code = siblings.get(fold(node.name))
        fields = {"name_en": node.name_en, "color": node.color, "rules": node.rules.to_dict(),
                  **{k: dict(getattr(node, k)) for k in TEXT_FIELDS}}
        if code is None:
            code = Code(name=node.name, parent_id=parent_id, position=next_pos, guid=str(uuid.uuid4()), **fields)
            next_pos += 1
            s.add(code)
            s.flush()
            counts["added"] += 1
        else:
            for key, value in fields.items():
                if key in TEXT_FIELDS and value and red is not None:
                    value = _unredacted(value, getattr(code, key) or {}, red)
                if value or key == "rules":  # an empty cell never wipes a definition; rules are replaced
                    setattr(code, key, value)
            counts["updated"] += 1
        _load_nodes(s, node.children, code.id, counts, red)


def read_codebook_file(path: str | Path) -> Codebook:
    """A codebook from a .yaml/.yml, .csv or REFI-QDA .qdc file, validated (nothing is stored)."""
    from atlas_qual.spreadsheet import read_text_file

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".qdc":  # a REFI-QDA codebook from ATLAS.ti, NVivo, MAXQDA...
        from atlas_qual.codebook import codebook_from_data
        from atlas_qual.refi_codebook import codebook_data, read_qdc

        return codebook_from_data(codebook_data(read_qdc(p)), p.name)
    if suffix not in (".yaml", ".yml", ".csv"):
        raise AtlasQualError("codebook_unsupported", file=p.name)
    text = read_text_file(p)
    return read_csv(text, p.name) if suffix == ".csv" else read_yaml(text, p.name)


def import_codebook(project: Project, path: str | Path) -> dict[str, int]:
    """Merge a codebook file into the project in one transaction: codes with the same path are updated (their
    codings kept), new ones added; nothing is deleted. Returns ``{"added", "updated"}``.

    Examples:
        >>> # import_codebook(project, "codebook.csv") -> {"added": 3, "updated": 39}
    """
    codebook = read_codebook_file(path)

    def _import(s: Session) -> dict[str, int]:
        from atlas_qual.redaction import Redactor
        from atlas_qual.store.project_redaction import redaction_names

        counts = {"added": 0, "updated": 0}
        red = Redactor(redaction_names(s)).redact
        _load_nodes(s, codebook.codes, None, counts, red)
        return counts

    return project.write(_import)


def export_codebook(project: Project, path: str | Path, *, redact: bool = True) -> int:
    """Write the codebook to a .yaml/.yml or .csv file; returns the number of codes. The texts (definition, when to
    use, example...) are redacted unless ``redact=False``: an example is often a quote from an interview. Imported
    back, a redacted text that is what the stored one redacts to keeps the stored one (:func:`import_codebook`)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise AtlasQualError("codebook_unsupported", file=p.name)
    codebook = get_codebook(project)
    if redact:
        red = _codebook_redactor(project)
        codebook = Codebook(tuple(_redacted_node(n, red) for n in codebook.codes))
    text = to_csv(codebook) if suffix == ".csv" else to_yaml(codebook)
    try:
        from atlas_qual.private_files import private_output

        with private_output(p) as tmp:  # owner-only whatever the umask: examples quote interviews
            tmp.write_text(text, encoding="utf-8-sig" if suffix == ".csv" else "utf-8", newline="")
    except OSError as exc:
        raise AtlasQualError("export_write_failed", file=str(p), reason=exc.strerror or str(exc)) from None
    return len(codebook)


def _codebook_redactor(project: Project):
    from atlas_qual.redaction import Redactor
    from atlas_qual.store.project_redaction import redaction_names

    with project.session() as s:
        return Redactor(redaction_names(s)).redact


def _redacted_node(node: CodeNode, red) -> CodeNode:
    texts = {k: {lang: red(v) if v else v for lang, v in getattr(node, k).items()} for k in TEXT_FIELDS}
    return replace(node, **texts, children=tuple(_redacted_node(c, red) for c in node.children))
