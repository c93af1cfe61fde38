"""The codebook as data: a tree of codes with definitions and auto-coding rules, read from and written to YAML and
CSV, validated, and code names or paths ("Evaluación/Debilidades") resolved to codes.

The YAML shape (also what ``atlas_qual/data/codebook.yaml`` holds)::

    codes:
      - name: Evaluación
        name_en: Evaluation
        definition: {es: "...", en: "..."}
        color: "#1f5fa8"
        children:
          - name: Debilidades
            rules: {lemmas: [debilidad, falta], phrases: ["no funciona"], regex: [], speakers: [],
                    attributes: {dmop: [MAUEP]}}

The CSV shape is one row per code, its place given by ``path`` (``Parent/Child``, Spanish names)::

    path,name_en,color,definition_es,definition_en,when_to_use_es,when_to_use_en,when_not_to_use_es,
    when_not_to_use_en,example_es,example_en,lemmas,phrases,regex,speakers,attributes

List cells separate items with ``;`` (``regex`` one pattern per line, since patterns use ``;`` and ``|``);
``attributes`` reads ``territory=boqueron,san_pedro; dmop=MAUEP``.

Examples:
    >>> cb = read_yaml("codes: [{name: Temas, children: [{name: Criadazgo, rules: {lemmas: [criada]}}]}]")
    >>> [path for path, _node, _depth in cb.walk()]
    ['Temas', 'Temas/Criadazgo']
    >>> read_csv(to_csv(cb)) == cb
    True
"""

from __future__ import annotations

from atlas_qual.text import fold_input

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence

from atlas_qual.errors import AtlasQualError

RULE_KEYS = ("lemmas", "phrases", "regex", "speakers", "attributes")
# case attributes a rule may require (the Transcript columns a user can filter on)
ATTRIBUTE_KEYS = ("dmop", "territory", "institution", "role", "mode", "language", "interviewer", "pseudonym")
TEXT_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")
DEFAULT_COLOR = "#607d8b"
MAX_NAME = 200
CSV_COLUMNS = ("path", "name_en", "color", "definition_es", "definition_en", "when_to_use_es", "when_to_use_en",
               "when_not_to_use_es", "when_not_to_use_en", "example_es", "example_en", "lemmas", "phrases", "regex",
               "speakers", "attributes")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


fold = fold_input  # what people type: accents, case and spacing ignored


@dataclass(frozen=True)
class Rules:
    """What makes auto-coding suggest a code: words (matched on lemmas), phrases, regular expressions, and
    conditions on the speaker and the case attributes (see :mod:`atlas_qual.coding`)."""

    lemmas: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.lemmas or self.phrases or self.regex or self.speakers or self.attributes)

    @property
    def has_text_rules(self) -> bool:
        return bool(self.lemmas or self.phrases or self.regex)

    def to_dict(self) -> dict[str, Any]:
        """The YAML/JSON shape, leaving out empty lists."""
        out: dict[str, Any] = {}
        for key in ("lemmas", "phrases", "regex", "speakers"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        if self.attributes:
            out["attributes"] = {k: list(v) for k, v in self.attributes}
        return out

    def merged(self, other: "Rules") -> "Rules":
        """Both rule sets in one (used when two codes are merged); duplicates kept once, order kept."""
        def union(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
            return tuple(dict.fromkeys([*a, *b]))

        attrs = {k: list(v) for k, v in self.attributes}
        for key, values in other.attributes:
            attrs[key] = list(union(attrs.get(key, []), values))
        return Rules(union(self.lemmas, other.lemmas), union(self.phrases, other.phrases),
                     union(self.regex, other.regex), union(self.speakers, other.speakers),
                     tuple((k, tuple(v)) for k, v in attrs.items()))


def rules_from_data(data: Any, where: str = "") -> Rules:
    """Validated :class:`Rules` from the YAML/JSON shape; raises ``AtlasQualError("codebook_invalid")`` naming
    ``where`` (the code's path) and the problem.

    Examples:
        >>> rules_from_data({"lemmas": "inspector", "attributes": {"dmop": "MAUEP"}}).attributes
        (('dmop', ('MAUEP',)),)
    """
    problems: list[str] = []
    rules = _rules(data, where, problems)
    if problems:
        raise AtlasQualError("codebook_invalid", source=where or "rules", problems="; ".join(problems))
    return rules


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _rules(data: Any, where: str, problems: list[str]) -> Rules:
    if data in (None, "", {}):
        return Rules()
    if not isinstance(data, Mapping):
        problems.append(_problem("rules_not_mapping", where))
        return Rules()
    unknown = [k for k in data if k not in RULE_KEYS]
    if unknown:
        problems.append(_problem("rules_unknown_key", where, field=", ".join(map(str, unknown)),
                                 known=", ".join(RULE_KEYS)))
    lists = {k: tuple(s.strip() for s in _as_list(data.get(k))) for k in ("lemmas", "phrases", "regex", "speakers")}
    for pattern in lists["regex"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(_problem("rules_bad_regex", where, pattern=pattern, reason=str(exc)))
    attrs_data = data.get("attributes") or {}
    attributes: list[tuple[str, tuple[str, ...]]] = []
    if not isinstance(attrs_data, Mapping):
        problems.append(_problem("rules_attributes_not_mapping", where))
    else:
        for key, value in attrs_data.items():
            if key not in ATTRIBUTE_KEYS:
                problems.append(_problem("rules_unknown_attribute", where, field=key, known=", ".join(ATTRIBUTE_KEYS)))
                continue
            values = tuple(v.strip() for v in _as_list(value))
            if values:
                attributes.append((str(key), values))
    return Rules(lists["lemmas"], lists["phrases"], lists["regex"], lists["speakers"], tuple(attributes))


def _problem(problem: str, where: str, /, **params: Any) -> str:
    from atlas_qual.i18n import t

    text = t("codebook_problem_" + problem, **params)
    return f"{where}: {text}" if where else text


@dataclass(frozen=True)
class CodeNode:
    """One code of the tree with its texts (``{"es": .., "en": ..}``), colour, rules and children."""

    name: str
    name_en: str = ""
    definition: Mapping[str, str] = field(default_factory=dict)
    when_to_use: Mapping[str, str] = field(default_factory=dict)
    when_not_to_use: Mapping[str, str] = field(default_factory=dict)
    example: Mapping[str, str] = field(default_factory=dict)
    color: str = DEFAULT_COLOR
    rules: Rules = Rules()
    children: tuple["CodeNode", ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.name_en:
            out["name_en"] = self.name_en
        for key in TEXT_FIELDS:
            value = {k: v for k, v in getattr(self, key).items() if v}
            if value:
                out[key] = value
        out["color"] = self.color
        rules = self.rules.to_dict()
        if rules:
            out["rules"] = rules
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


@dataclass(frozen=True)
class Codebook:
    """A codebook tree. ``walk()`` yields ``(path, node, depth)`` depth first in the given order."""

    codes: tuple[CodeNode, ...] = ()

    def walk(self) -> Iterator[tuple[str, CodeNode, int]]:
        def rec(nodes: Sequence[CodeNode], prefix: str, depth: int) -> Iterator[tuple[str, CodeNode, int]]:
            for node in nodes:
                path = f"{prefix}/{node.name}" if prefix else node.name
                yield path, node, depth
                yield from rec(node.children, path, depth + 1)

        return rec(self.codes, "", 0)

    def __len__(self) -> int:
        return sum(1 for _ in self.walk())

    def to_dict(self) -> dict[str, Any]:
        return {"codes": [c.to_dict() for c in self.codes]}


def validate_name(name: Any, where: str = "") -> str:
    """A code name as stored: trimmed, not empty, without "/" (which separates a path), at most 200 characters.

    Examples:
        >>> validate_name("  Debilidades ")
        'Debilidades'
    """
    problems: list[str] = []
    clean = _name(name, where, problems)
    if problems:
        raise AtlasQualError("codebook_invalid", source=where or str(name), problems="; ".join(problems))
    return clean


def _name(name: Any, where: str, problems: list[str]) -> str:
    clean = unicodedata.normalize("NFC", " ".join(str(name or "").split()))
    if not clean:
        problems.append(_problem("name_empty", where))
    elif "/" in clean:
        problems.append(_problem("name_slash", where, name=clean))
    elif len(clean) > MAX_NAME:
        problems.append(_problem("name_too_long", where, name=clean[:40], max=MAX_NAME))
    return clean


def validate_color(color: Any, where: str = "") -> str:
    """``#rrggbb`` (lowercase) from ``#RGB`` or ``#RRGGBB``; empty means the default grey.

    Examples:
        >>> validate_color("#ABC")
        '#aabbcc'
    """
    problems: list[str] = []
    clean = _color(color, where, problems)
    if problems:
        raise AtlasQualError("codebook_invalid", source=where or str(color), problems="; ".join(problems))
    return clean


def _color(color: Any, where: str, problems: list[str]) -> str:
    value = str(color or "").strip()
    if not value:
        return DEFAULT_COLOR
    if not _COLOR.match(value):
        problems.append(_problem("bad_color", where, color=value))
        return DEFAULT_COLOR
    value = value.lower()
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value


def _texts(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"es": value.strip()} if value.strip() else {}
    if isinstance(value, Mapping):
        return {str(k): str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}
    return {"es": str(value)}


def _node(spec: Any, prefix: str, problems: list[str]) -> CodeNode | None:
    if not isinstance(spec, Mapping):
        problems.append(_problem("code_not_mapping", prefix or "codes"))
        return None
    name = _name(spec.get("name"), prefix or "codes", problems)
    path = f"{prefix}/{name}" if prefix else name
    unknown = [k for k in spec if k not in ("name", "name_en", "color", "rules", "children", "id", "guid",
                                              *TEXT_FIELDS)]
    if unknown:
        problems.append(_problem("code_unknown_key", path, field=", ".join(map(str, unknown))))
    children_spec = spec.get("children") or []
    if not isinstance(children_spec, list):
        problems.append(_problem("children_not_list", path))
        children_spec = []
    children = _nodes(children_spec, path, problems)
    return CodeNode(
        name=name,
        name_en=" ".join(str(spec.get("name_en") or "").split()),
        definition=_texts(spec.get("definition")),
        when_to_use=_texts(spec.get("when_to_use")),
        when_not_to_use=_texts(spec.get("when_not_to_use")),
        example=_texts(spec.get("example")),
        color=_color(spec.get("color"), path, problems),
        rules=_rules(spec.get("rules"), path, problems),
        children=children,
    )


def _nodes(specs: Iterable[Any], prefix: str, problems: list[str]) -> tuple[CodeNode, ...]:
    nodes: list[CodeNode] = []
    seen: dict[str, str] = {}
    for spec in specs:
        node = _node(spec, prefix, problems)
        if node is None:
            continue
        key = fold(node.name)
        if key and key in seen:
            problems.append(_problem("duplicate_sibling", prefix or "/", name=node.name, other=seen[key]))
            continue
        seen[key] = node.name
        nodes.append(node)
    return tuple(nodes)


def codebook_from_data(data: Any, source: str = "codebook") -> Codebook:
    """A validated codebook from the YAML shape (``{"codes": [...]}`` or the bare list). Every problem is listed in
    one ``AtlasQualError("codebook_invalid")`` naming ``source`` and each code's path.

    Examples:
        >>> codebook_from_data([{"name": "A", "children": [{"name": "B"}]}]).codes[0].children[0].name
        'B'
    """
    if isinstance(data, Mapping):
        specs = data.get("codes")
    else:
        specs = data
    if not isinstance(specs, list):
        raise AtlasQualError("codebook_no_codes", source=source)
    problems: list[str] = []
    codes = _nodes(specs, "", problems)
    if problems:
        raise AtlasQualError("codebook_invalid", source=source, problems="; ".join(problems[:12])
                             + (f" (+{len(problems) - 12})" if len(problems) > 12 else ""))
    return Codebook(codes)


def read_yaml(text: str, source: str = "codebook.yaml") -> Codebook:
    """A codebook from YAML text (see the module docstring for the shape)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "?"
        raise AtlasQualError("codebook_bad_yaml", source=source, where=where,
                             reason=str(getattr(exc, "problem", "") or exc).strip()) from None
    return codebook_from_data(data, source)


def to_yaml(codebook: Codebook) -> str:
    """The codebook as YAML text (UTF-8, accents kept, keys in a readable order).

    Examples:
        >>> "Criadazgo" in to_yaml(Codebook((CodeNode("Criadazgo"),)))
        True
    """
    import yaml

    return yaml.safe_dump(codebook.to_dict(), allow_unicode=True, sort_keys=False, width=110)


def _split(cell: str, *, lines_only: bool = False) -> list[str]:
    parts = cell.splitlines() if lines_only else re.split(r"[;\n]", cell)
    return [p.strip() for p in parts if p.strip()]


def _attributes_cell(cell: str, where: str, problems: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in _split(cell):
        key, sep, values = part.partition("=")
        if not sep:
            problems.append(_problem("attributes_cell", where, cell=part))
            continue
        out[key.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    return out


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV file from its first line: spreadsheets in Spanish locales write ``;``.

    Examples:
        >>> sniff_delimiter("path;name_en\\nA;B"), sniff_delimiter("a,b")
        (';', ',')
    """
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(text: str, source: str = "codebook.csv") -> Codebook:
    """A codebook from CSV text, one row per code, parents before or after their children (see the module docstring).

    Examples:
        >>> cb = read_csv("path,name_en,lemmas\\nTemas,Topics,\\nTemas/Criadazgo,,criada;criadito\\n")
        >>> cb.codes[0].children[0].rules.lemmas
        ('criada', 'criadito')
    """
    from atlas_qual.csvio import unescape  # the apostrophe to_csv put before a formula-like text

    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(text))
    fields = [(f or "").strip() for f in (reader.fieldnames or [])]
    if "path" not in fields:
        raise AtlasQualError("codebook_csv_no_path", source=source, columns=",".join(CSV_COLUMNS))
    problems: list[str] = []
    specs: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): unescape((v or "").strip()) for k, v in raw.items() if k is not None}
        where = f"{source}, fila/row {n}"
        parts = [" ".join(p.split()) for p in row.get("path", "").split("/")]
        if not row.get("path") or any(not p for p in parts):
            problems.append(_problem("csv_bad_path", where, path=row.get("path", "")))
            continue
        key = "/".join(fold(p) for p in parts)
        if key in specs:
            problems.append(_problem("csv_duplicate_path", where, path=row["path"]))
            continue
        spec: dict[str, Any] = {"name": parts[-1], "name_en": row.get("name_en", ""), "color": row.get("color", ""),
                                "children": [], "_parts": parts, "_where": where}
        for text_field in TEXT_FIELDS:
            spec[text_field] = {lang: row.get(f"{text_field}_{lang}", "") for lang in ("es", "en")}
        rules: dict[str, Any] = {k: _split(row.get(k, "")) for k in ("lemmas", "phrases", "speakers")}
        rules["regex"] = _split(row.get("regex", ""), lines_only=True)
        rules["attributes"] = _attributes_cell(row.get("attributes", ""), where, problems)
        spec["rules"] = {k: v for k, v in rules.items() if v}
        specs[key] = spec
        order.append(key)
    roots: list[dict[str, Any]] = []
    for key in order:
        spec = specs[key]
        parent_key = key.rpartition("/")[0]
        if not parent_key:
            roots.append(spec)
        elif parent_key in specs:
            specs[parent_key]["children"].append(spec)
        else:
            problems.append(_problem("csv_missing_parent", spec["_where"], parent="/".join(spec["_parts"][:-1])))
    if problems:
        raise AtlasQualError("codebook_invalid", source=source, problems="; ".join(problems[:12]))

    def strip(spec: dict[str, Any]) -> dict[str, Any]:
        return {k: ([strip(c) for c in v] if k == "children" else v) for k, v in spec.items() if not k.startswith("_")}

    return codebook_from_data({"codes": [strip(s) for s in roots]}, source)


def to_csv(codebook: Codebook) -> str:
    """The codebook as CSV text (one row per code, parents first)."""
    out = io.StringIO()
    from atlas_qual.csvio import Writer

    writer = Writer(out, lineterminator="\n")  # formula-safe: a definition may start with "=" or "@"
    writer.writerow(CSV_COLUMNS)
    for path, node, _depth in codebook.walk():
        row = [path, node.name_en, node.color]
        for text_field in TEXT_FIELDS:
            texts = getattr(node, text_field)
            row += [texts.get("es", ""), texts.get("en", "")]
        r = node.rules
        row += ["; ".join(r.lemmas), "; ".join(r.phrases), "\n".join(r.regex), "; ".join(r.speakers),
                "; ".join(f"{k}={','.join(v)}" for k, v in r.attributes)]
        writer.writerow(row)
    return out.getvalue()


# --- resolving what people type to codes ----------------------------------------------------------------------


@dataclass(frozen=True)
class CodeRef:
    """A stored code as the rest of the program sees it: id, place in the tree, names and colour."""

    id: int
    parent_id: int | None
    name: str
    name_en: str = ""
    color: str = DEFAULT_COLOR
    position: int = 0
    path: str = ""
    path_en: str = ""
    depth: int = 0

    def label(self, lang: str = "es") -> str:
        """The path in the reader's language (English names where they exist)."""
        return self.path_en if lang == "en" and self.path_en else self.path


class CodeIndex:
    """Every code of a project with its path; resolves a name or path typed by a person (accents and case ignored,
    Spanish or English names) to one code, or says which codes were meant.

    Examples:
        >>> idx = CodeIndex([(1, None, "Evaluación", "Evaluation"), (2, 1, "Debilidades", "Weaknesses")])
        >>> idx.resolve("evaluacion/debilidades").id, idx.resolve("Weaknesses").path
        (2, 'Evaluación/Debilidades')
    """

    def __init__(self, rows: Iterable[Any]) -> None:
        raw: list[tuple[int, int | None, str, str, str, int]] = []
        for row in rows:
            if isinstance(row, CodeRef):
                raw.append((row.id, row.parent_id, row.name, row.name_en, row.color, row.position))
            else:
                values = tuple(row)
                raw.append((values[0], values[1], values[2], values[3] if len(values) > 3 else "",
                            values[4] if len(values) > 4 else DEFAULT_COLOR, values[5] if len(values) > 5 else 0))
        by_parent: dict[int | None, list[tuple]] = {}
        for item in raw:
            by_parent.setdefault(item[1], []).append(item)
        for siblings in by_parent.values():
            siblings.sort(key=lambda r: (r[5], fold(r[2]), r[0]))
        self.refs: dict[int, CodeRef] = {}
        self.ordered: list[CodeRef] = []
        self._children: dict[int | None, list[int]] = {}

        def visit(parent: int | None, path: str, path_en: str, depth: int) -> None:
            for cid, pid, name, name_en, color, pos in by_parent.get(parent, []):
                if cid in self.refs:  # a cycle in stored data must not hang the program
                    continue
                p = f"{path}/{name}" if path else name
                pe = f"{path_en}/{name_en or name}" if path_en else (name_en or name)
                ref = CodeRef(cid, pid, name, name_en or "", color or DEFAULT_COLOR, pos, p, pe, depth)
                self.refs[cid] = ref
                self.ordered.append(ref)
                self._children.setdefault(parent, []).append(cid)
                visit(cid, p, pe, depth + 1)

        visit(None, "", "", 0)
        self._by_name: dict[str, list[int]] = {}
        self._by_path: dict[str, list[int]] = {}
        for ref in self.ordered:
            for name in {fold(ref.name), fold(ref.name_en)} - {""}:
                self._by_name.setdefault(name, []).append(ref.id)
            for path in {self._fold_path(ref.path), self._fold_path(ref.path_en)}:
                self._by_path.setdefault(path, []).append(ref.id)

    @staticmethod
    def _fold_path(path: str) -> str:
        return "/".join(fold(" ".join(p.split())) for p in path.split("/"))

    def __len__(self) -> int:
        return len(self.refs)

    def __iter__(self) -> Iterator[CodeRef]:
        return iter(self.ordered)

    def get(self, code_id: int) -> CodeRef:
        return self.refs[code_id]

    def children(self, code_id: int | None) -> list[CodeRef]:
        return [self.refs[c] for c in self._children.get(code_id, [])]

    def descendants(self, code_id: int) -> list[int]:
        """Ids of the code's children, grandchildren ... (not the code itself)."""
        out: list[int] = []
        stack = list(self._children.get(code_id, []))
        while stack:
            cid = stack.pop()
            out.append(cid)
            stack.extend(self._children.get(cid, []))
        return out

    def find(self, text: str) -> list[CodeRef]:
        """Every code that ``text`` (a name, a path, or the end of a path) may mean."""
        key = self._fold_path(str(text).strip().strip("/"))
        if not key:
            return []
        if "/" not in key:
            ids = self._by_name.get(key, [])
        else:
            ids = self._by_path.get(key, [])
            if not ids:  # the end of a path: "Debilidades" under any parent written as "X/Debilidades"
                ids = [i for p, found in self._by_path.items() if p.endswith("/" + key) for i in found]
        return [self.refs[i] for i in dict.fromkeys(ids)]

    def similar(self, text: str, n: int = 4) -> list[str]:
        """Paths of the codes whose name is closest to ``text`` (typos, missing words), else the top-level codes."""
        import difflib

        last = fold(str(text).split("/")[-1])
        names = {fold(r.name): r.path for r in self.ordered} | {fold(r.name_en): r.path for r in self.ordered
                                                                   if r.name_en}
        close = difflib.get_close_matches(last, list(names), n=n, cutoff=0.6)
        close += [k for k in names if last and last in k and k not in close]
        paths = list(dict.fromkeys(names[k] for k in close))[:n]
        return paths or [r.path for r in self.ordered if r.depth == 0][:n]

    def resolve(self, text: str | int) -> CodeRef:
        """The one code ``text`` names (an int is taken as the id); ``AtlasQualError`` when it names none or several."""
        if isinstance(text, int) and not isinstance(text, bool):
            if text not in self.refs:
                raise AtlasQualError("code_unknown_id", id=text)
            return self.refs[text]
        found = self.find(text)
        if not found:
            raise AtlasQualError("code_unknown", code=text, hint=", ".join(self.similar(str(text))))
        if len(found) > 1:
            raise AtlasQualError("code_ambiguous", code=text, paths=" | ".join(r.path for r in found))
        return found[0]
