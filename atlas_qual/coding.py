"""Rule-based auto-coding: the codebook's rules matched against segments (words on their lemmas, accent-insensitive;
phrases; regular expressions; speaker and case-attribute conditions), and each rule's precision and recall against
a coder's manual codings.

How a code's rules combine (``Rules`` in :mod:`atlas_qual.codebook`):

* **text rules** find evidence in the segment: ``lemmas`` (a word in any inflection: "inspectores" matches the rule
  "inspector"; accents and case are ignored; a lemma rule of several words matches them in sequence, each in any
  inflection), ``phrases`` (the words as written, in sequence, ignoring case, accents and the punctuation between
  them: "hicimos" finds "Hicimos" but not "hace"), ``regex`` (Python regular expressions on the segment's text,
  as written: add ``(?i)`` for case-insensitive);
* **conditions** restrict where: ``speakers`` (the segment's speaker label matches one of them; case and accents
  ignored, ``*`` as a wildcard: ``Fiscal*``) and ``attributes`` (every listed case attribute of the transcript has
  one of the listed values).

A code is suggested for a segment when at least one text rule matches and all its conditions hold; a code with
conditions but no text rules is suggested for every segment that meets them. Each suggestion names the rules that
fired (``lemma:inspector``, ``phrase:lo mejor``, ``regex:\\bMTESS\\b``, ``speaker:Fiscal*``,
``attribute:dmop=MAUEP``) and the code-point spans of what they matched (for highlighting).

Examples:
    >>> from atlas_qual.codebook import Rules
    >>> units = [Unit(1, "Faltan inspectores en Boquerón."), Unit(2, "La fiscal llegó tarde.")]
    >>> [(s.segment_id, s.code, s.rules) for s in autocode(units, [("MTESS", Rules(lemmas=("inspector",)))])]
    [(1, 'MTESS', ('lemma:inspector',))]
"""

from __future__ import annotations

import fnmatch
import gc
import re
from collections import defaultdict
from contextlib import contextmanager
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from atlas_qual.codebook import Rules, fold

# pipeline components that lemmas do not need (the entity ruler and sentence splitting cost time for nothing here)
_SKIP_PIPES = {"entity_ruler", "ner", "parser", "sentencizer", "senter", "atlas_trata_filter"}


@dataclass(frozen=True)
class Unit:
    """A segment to auto-code: its id, text, speaker, where it starts in its transcript (so spans come out in
    transcript offsets), the case attributes of its transcript and its language."""

    id: int
    text: str
    speaker: str | None = None
    offset: int = 0
    attributes: Mapping[str, object] = field(default_factory=dict)
    lang: str = "es"


@dataclass(frozen=True)
class Suggestion:
    """A code suggested for a segment: the rules that fired and the spans they matched (transcript offsets)."""

    segment_id: int
    code: Hashable
    rules: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def rule(self) -> str:
        """The fired rules as one line (what the store keeps in ``Coding.rule``)."""
        return "; ".join(self.rules)


def rule_labels(rules: Rules) -> list[str]:
    """The label of each text rule (what :class:`Suggestion.rules` and :class:`RuleScore.rule` name).

    Examples:
        >>> rule_labels(Rules(lemmas=("inspector",), regex=(r"\\bMTESS\\b",)))
        ['lemma:inspector', 'regex:\\\\bMTESS\\\\b']
    """
    labels = [f"lemma:{w}" for w in rules.lemmas] + [f"phrase:{p}" for p in rules.phrases]
    labels += [f"regex:{r}" for r in rules.regex]
    if not labels:
        labels += [f"speaker:{s}" for s in rules.speakers]
        labels += [f"attribute:{k}={','.join(v)}" for k, v in rules.attributes]
    return labels


@contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector for a bulk step (restored afterwards, even on error).

    Auto-coding allocates millions of small objects that hold no reference cycles; with the collector running,
    its repeated full scans of everything alive (texts, token lists, suggestions) took a third of the CPU time.
    Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pipes_to_skip(nlp) -> list[str]:
    return [name for name in nlp.pipe_names if name in _SKIP_PIPES]


class _Interner:
    """Folded strings as small ints, and spaCy's string hashes mapped to them once per distinct hash."""

    def __init__(self, strings) -> None:
        self._ids: dict[str, int] = {}
        self._by_hash: dict[int, int] = {}
        self._strings = strings

    def id(self, text: str) -> int:
        key = fold(text)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._ids)
        return found

    def of_hash(self, h: int) -> int:
        found = self._by_hash.get(h)
        if found is None:
            found = self._by_hash[h] = self.id(self._strings[h])
        return found


@dataclass
class _CodeRules:
    key: Hashable
    regex: list[tuple[str, re.Pattern]]
    speakers: list[str]
    attributes: list[tuple[str, set[str]]]
    has_text: bool
    condition_labels: list[str]


_PAIR = 1 << 31  # pair key of two word ids: first * _PAIR + second (ids are far below 2**31)

# components whose lemmas depend on the word alone (spaCy's lookup lemmatizer and our fixes of its table)
_WORDWISE_PIPES = {"lemmatizer", "atlas_lemma_fixes"}


def _wordwise(nlp) -> bool:
    """True when a token's lemma is a function of its text alone (blank pipeline + lookup lemmatizer): then each
    distinct word is lemmatized once and texts only need spaCy's tokenizer. A trained pipeline (POS-based lemmas)
    reads every text in context instead."""
    names = [n for n in nlp.pipe_names if n not in _SKIP_PIPES]
    if set(names) - _WORDWISE_PIPES:
        return False
    if "lemmatizer" in names and getattr(nlp.get_pipe("lemmatizer"), "mode", "") != "lookup":
        return False
    return True


def _required_literal(pattern: re.Pattern) -> str:
    """Characters every match of ``pattern`` starts with, after its leading zero-width assertions (``\\bMTESS\\b``:
    "MTESS"), so a text without them cannot match; "" when the pattern has none (alternatives, classes, a
    case-insensitive pattern).

    Examples:
        >>> [_required_literal(re.compile(p)) for p in (r"\\bCODENIs?\\b", r"(?i)\\bmtess", r"a|b", r"\\d+")]
        ['CODENI', '', '', '']
    """
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return ""
    try:
        from re import _constants as constants, _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        import sre_constants as constants
        import sre_parse as parser
    chars = []
    items = iter(parser.parse(pattern.pattern, pattern.flags))
    for op, value in items:
        if op is not constants.AT:
            break
    else:
        return ""
    while op is constants.LITERAL:
        chars.append(chr(value))
        op, value = next(items, (None, None))
    return "".join(chars)


class Matcher:
    """A codebook's rules compiled for one language (rule words lemmatized with the same pipeline as the text).

    Examples:
        >>> m = Matcher([("Debilidades", Rules(lemmas=("falta de inspector",), phrases=("no alcanza",)))], "es")
        >>> [(s.rules, s.spans) for s in m.match([Unit(7, "Hay falta de inspectoras.", offset=100)])]
        [(('lemma:falta de inspector',), ((104, 124),))]
    """

    def __init__(self, codes: Sequence[tuple[Hashable, Rules]], lang: str = "es") -> None:
        from atlas_qual.nlp import get_nlp

        self.lang = lang
        self.nlp = get_nlp(lang)
        self._skip = _pipes_to_skip(self.nlp)
        self._wordwise = _wordwise(self.nlp)
        self._lemma_pipes = [(name, proc) for name, proc in self.nlp.pipeline if name not in _SKIP_PIPES]
        self._interner = _Interner(self.nlp.vocab.strings)
        # orth hash -> (lemma id, form id, length, 1 for a word / 0 for punctuation or space), wordwise pipelines
        self._words: dict[int, tuple[int, int, int, int]] = {}
        self.codes: list[_CodeRules] = []
        # word id -> [(code index, label)]: one-word lemma rules (by lemma or form) and one-word phrases (by form).
        # Rules of several words are indexed by their first two words (a pair key), because first words alone
        # ("lo", "que", "la") occur everywhere: literal phrases by the written forms, lemma sequences by any mix
        # of lemma and form.
        self._lemmas: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self._words1: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self._phrases: dict[int, list[tuple[tuple[frozenset[int], ...], int, str]]] = defaultdict(list)
        self._lemma_seqs: dict[int, list[tuple[tuple[frozenset[int], ...], int, str]]] = defaultdict(list)
        words = [(i, kind, text) for i, (_key, rules) in enumerate(codes)
                 for kind, items in (("lemma", rules.lemmas), ("phrase", rules.phrases)) for text in items]
        docs = self.nlp.pipe((w[2] for w in words), disable=self._skip) if words else []
        ids = self._interner.id
        for (i, kind, text), doc in zip(words, docs):
            tokens = [t for t in doc if not (t.is_punct or t.is_space)]
            if not tokens:
                continue
            label = f"{kind}:{text}"
            if kind == "phrase":
                positions = tuple(frozenset({ids(t.text)}) for t in tokens)
            else:
                positions = tuple(frozenset({ids(t.text), ids(t.lemma_ or t.text)}) for t in tokens)
            if len(positions) == 1:
                target = self._words1 if kind == "phrase" else self._lemmas
                for token_id in positions[0]:
                    target[token_id].append((i, label))
            else:
                target = self._phrases if kind == "phrase" else self._lemma_seqs
                for a in positions[0]:
                    for b in positions[1]:
                        target[a * _PAIR + b].append((positions, i, label))
        for key, rules in codes:
            self.codes.append(_CodeRules(
                key=key,
                regex=[(f"regex:{p}", re.compile(p)) for p in rules.regex],
                speakers=[fold(s) for s in rules.speakers],
                attributes=[(k, {fold(v) for v in values}) for k, values in rules.attributes],
                has_text=rules.has_text_rules,
                condition_labels=[] if rules.has_text_rules else rule_labels(rules),
            ))

        # a literal every match of a pattern contains: texts without it are not searched with the pattern
        self._literals = {pattern: _required_literal(pattern) for code in self.codes for _label, pattern in code.regex}
        patterns = [pattern.pattern for code in self.codes for _label, pattern in code.regex]
        try:  # patterns with global inline flags ("(?i)...") cannot be joined: then each one is tried
            self._any_regex = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        except re.error:
            self._any_regex = None

    def _conditions_hold(self, code: _CodeRules, unit: Unit) -> bool:
        if code.speakers:
            speaker = fold(unit.speaker or "")
            if not any(fnmatch.fnmatchcase(speaker, pattern) for pattern in code.speakers):
                return False
        for key, allowed in code.attributes:
            value = unit.attributes.get(key)
            if value is None or fold(str(value)) not in allowed:
                return False
        return True

    def _learn_words(self, hashes: Iterable[int]) -> None:
        """Lemmatize words never seen before, all in one Doc (their lemmas do not depend on context)."""
        from spacy.tokens import Doc

        new = []
        vocab = self.nlp.vocab
        for h in hashes:
            if h not in self._words:
                lexeme = vocab[h]  # punctuation and spaces are properties of the word, as spaCy's token flags
                if lexeme.is_punct or lexeme.is_space:
                    self._words[h] = (-1, -1, len(lexeme.orth_), 0)
                else:
                    new.append(h)
        if not new:
            return
        strings = vocab.strings
        doc = Doc(vocab, words=[strings[h] for h in new])
        for _name, proc in self._lemma_pipes:
            doc = proc(doc)
        ids = self._interner.id
        for h, token in zip(new, doc):
            self._words[h] = (ids(token.lemma_ or token.text), ids(token.text), len(token.text), 1)

    def _word_arrays(self, units: Sequence[Unit], batch_size: int):
        """For every word of every unit (punctuation and spaces left out): unit index, lemma id, form id, start
        and end offsets in the unit's text."""
        import numpy as np
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH

        texts = [u.text for u in units]
        if self._wordwise:
            docs = self.nlp.tokenizer.pipe(texts, batch_size=max(batch_size, 1000))
            attrs = [ORTH, IDX]  # lemma, length and punctuation come from the word (_learn_words)
        else:
            docs = self.nlp.pipe(texts, batch_size=batch_size, disable=self._skip)
            attrs = [LEMMA, LOWER, IDX, LENGTH, IS_PUNCT, IS_SPACE]
        blocks, sizes = [], []
        for doc in docs:
            sizes.append(len(doc))
            if len(doc):
                blocks.append(doc.to_array(attrs))
        if not blocks:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty, empty
        table = np.concatenate(blocks)
        owner = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        if self._wordwise:
            uniq, inverse = np.unique(table[:, 0], return_inverse=True)
            self._learn_words(int(h) for h in uniq)
            props = np.array([self._words[int(h)] for h in uniq], dtype=np.int64).reshape(-1, 4)[inverse]
            keep = props[:, 3] == 1
            owner, props = owner[keep], props[keep]
            start = table[keep, 1].astype(np.int64)
            return owner, props[:, 0], props[:, 1], start, start + props[:, 2]
        keep = (table[:, 4] == 0) & (table[:, 5] == 0)
        table, owner = table[keep], owner[keep]
        of_hash = self._interner.of_hash
        uniq, inverse = np.unique(table[:, :2], return_inverse=True)
        mapped = np.array([of_hash(int(h)) for h in uniq], dtype=np.int64)
        inverse = inverse.reshape(-1, 2)
        lemma, form = mapped[inverse[:, 0]], mapped[inverse[:, 1]]
        start = table[:, 2].astype(np.int64)
        return owner, lemma, form, start, start + table[:, 3].astype(np.int64)

    def match(self, units: Sequence[Unit], *, batch_size: int = 256) -> list[Suggestion]:
        """Suggestions for ``units`` (all in this matcher's language), in unit order then code order."""
        import numpy as np

        units = list(units)
        found: dict[tuple[int, int], tuple[list[str], list[tuple[int, int]]]] = {}

        def hit(u: int, code_index: int, label: str, start: int, end: int) -> None:
            rules, spans = found.setdefault((u, code_index), ([], []))
            if label not in rules:
                rules.append(label)
            offset = units[u].offset
            spans.append((offset + start, offset + end))

        if self._lemmas or self._words1 or self._phrases or self._lemma_seqs:
            owner, lemma, form, start, end = self._word_arrays(units, batch_size)
            n_words = len(owner)

            def positions_of(keys: Iterable[int], *arrays) -> list[int]:
                keys = np.fromiter(keys, dtype=np.int64)
                if not len(keys) or not n_words:
                    return []
                mask = np.zeros(len(arrays[0]), dtype=bool)
                for array in arrays:
                    mask |= np.isin(array, keys)
                return np.flatnonzero(mask).tolist()

            # pair keys of each word and the next one of the same text (-1: no next word)
            same = np.zeros(n_words, dtype=bool)
            same[:-1] = owner[1:] == owner[:-1]
            nxt_form = np.where(same, np.roll(form, -1), -1)
            nxt_lemma = np.where(same, np.roll(lemma, -1), -1)
            ff = np.where(same, form * _PAIR + nxt_form, -1)
            single = positions_of(self._lemmas.keys(), form, lemma)
            single_form = positions_of(self._words1.keys(), form)
            literal = positions_of(self._phrases.keys(), ff)
            inflected = positions_of(self._lemma_seqs.keys(), ff, np.where(same, lemma * _PAIR + nxt_form, -1),
                                     np.where(same, form * _PAIR + nxt_lemma, -1),
                                     np.where(same, lemma * _PAIR + nxt_lemma, -1))
            # plain lists: indexing numpy arrays one element at a time costs more than the lookups themselves
            owner, lemma, form, start, end = (a.tolist() for a in (owner, lemma, form, start, end))
            lemma_rules = self._lemmas
            for p in single:  # the hot loop (a hit every few words): hit() inlined
                lid, fid = lemma[p], form[p]
                entries = lemma_rules.get(lid, ())
                if fid != lid and fid in lemma_rules:
                    entries = list(dict.fromkeys([*entries, *lemma_rules[fid]]))
                u = owner[p]
                span = (units[u].offset + start[p], units[u].offset + end[p])
                for code_index, label in entries:
                    entry = found.get((u, code_index))
                    if entry is None:
                        found[(u, code_index)] = ([label], [span])
                    else:
                        if label not in entry[0]:
                            entry[0].append(label)
                        entry[1].append(span)
            for p in single_form:
                for code_index, label in self._words1[form[p]]:
                    hit(owner[p], code_index, label, start[p], end[p])
            for index, by_lemma, found_at in ((self._phrases, False, literal), (self._lemma_seqs, True, inflected)):
                rules_at = index.get
                for p in found_at:
                    u = owner[p]
                    if by_lemma:
                        keys = {form[p] * _PAIR + form[p + 1]}
                        keys |= {a * _PAIR + b for a in (form[p], lemma[p]) for b in (form[p + 1], lemma[p + 1])}
                    else:
                        keys = (form[p] * _PAIR + form[p + 1],)
                    for key in keys:
                        for positions, code_index, label in rules_at(key, ()):
                            last = p + len(positions) - 1
                            if last >= n_words or owner[last] != u:
                                continue
                            # two-word rules are matched by their pair key alone
                            if len(positions) == 2 or all(
                                    form[p + k] in positions[k] or (by_lemma and lemma[p + k] in positions[k])
                                    for k in range(2, len(positions))):
                                hit(u, code_index, label, start[p], end[last])
        texts = [u.text for u in units]
        regexes = [(code_index, label, pattern) for code_index, code in enumerate(self.codes)
                   for label, pattern in code.regex]
        if regexes:
            # one search of all patterns at once rules out most texts (not needed when every pattern has a literal);
            # only those that match run each pattern, and only those holding the pattern's literal, if it has one
            literals = self._literals
            if self._any_regex is None or all(literals.values()):
                maybe = range(len(texts))
            else:
                maybe = [u for u, text in enumerate(texts) if self._any_regex.search(text)]
            for code_index, label, pattern in regexes:
                literal = literals[pattern]
                for u in maybe if not literal else [u for u in maybe if literal in texts[u]]:
                    for m in pattern.finditer(texts[u]):
                        if m.end() > m.start():
                            hit(u, code_index, label, m.start(), m.end())
        conditional = [i for i, c in enumerate(self.codes) if not c.has_text and (c.speakers or c.attributes)]
        for u, unit in enumerate(units):
            for code_index in conditional:
                if (u, code_index) not in found and self._conditions_hold(self.codes[code_index], unit):
                    found[(u, code_index)] = (self.codes[code_index].condition_labels, [])
        out: list[Suggestion] = []
        for (u, code_index) in sorted(found):
            code, unit = self.codes[code_index], units[u]
            rules, spans = found[(u, code_index)]
            if code.has_text and (code.speakers or code.attributes) and not self._conditions_hold(code, unit):
                continue
            out.append(Suggestion(unit.id, code.key, tuple(rules),
                                  (spans[0],) if len(spans) == 1 else tuple(sorted(set(spans)))))
        return out


def autocode(
    units: Iterable[Unit],
    codes: Sequence[tuple[Hashable, Rules]],
    *,
    batch_size: int = 256,
    matchers: dict[str, Matcher] | None = None,
) -> list[Suggestion]:
    """Suggestions for every unit from the rules of ``codes`` (``(code key, Rules)`` pairs), each unit read with
    the pipeline of its language. Pass ``matchers`` (a dict, filled on first use) to reuse compiled rules across
    calls.

    Examples:
        >>> from atlas_qual.codebook import Rules
        >>> rules = [("Fiscal", Rules(lemmas=("fiscalía",), speakers=("Fiscal*",)))]
        >>> [s.segment_id for s in autocode([Unit(1, "La fiscalía", "Fiscal Adjunta"), Unit(2, "La fiscalía", "P")], rules)]
        [1]
    """
    matchers = {} if matchers is None else matchers
    active = [(key, rules) for key, rules in codes if not rules.is_empty]
    if not active:
        return []
    by_lang: dict[str, list[Unit]] = defaultdict(list)
    order: list[Unit] = []
    for unit in units:
        lang = unit.lang if unit.lang in ("es", "en") else "es"
        by_lang[lang].append(unit)
        order.append(unit)
    results: dict[int, list[Suggestion]] = defaultdict(list)
    for lang, group in by_lang.items():
        matcher = matchers.get(lang)
        if matcher is None:
            matcher = matchers[lang] = Matcher(active, lang)
        for suggestion in matcher.match(group, batch_size=batch_size):
            results[suggestion.segment_id].append(suggestion)
    return [s for unit in order for s in results.pop(unit.id, [])]


# --- how good is each rule ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleScore:
    """One rule (or ``"*"``: all rules of the code together) scored against a coder's manual codings.

    ``suggested`` segments the rule fired on, ``relevant`` segments the coder coded with the code, ``hits`` both;
    precision and recall are None when their denominator is 0 (never a division by zero)."""

    code: Hashable
    rule: str
    suggested: int
    relevant: int
    hits: int

    @property
    def precision(self) -> float | None:
        return self.hits / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.relevant if self.relevant else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, object]:
        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"code": self.code, "rule": self.rule, "suggested": self.suggested, "relevant": self.relevant,
                "hits": self.hits, "precision": rounded(self.precision), "recall": rounded(self.recall),
                "f1": rounded(self.f1)}


def rule_scores(
    suggestions: Iterable[Suggestion],
    manual: Iterable[tuple[int, Hashable]],
    *,
    scope: Iterable[int] | None = None,
    rules_by_code: Mapping[Hashable, Sequence[str]] | None = None,
) -> list[RuleScore]:
    """Precision and recall of each rule against manual codings ``(segment_id, code)``, counted on the segments in
    ``scope`` (default: every segment named by either side; pass the segments of the transcripts the coder coded,
    so that transcripts nobody coded do not count as misses). ``rules_by_code`` lists rules that should be scored
    even if they never fired. One ``"*"`` row per code scores all its rules together.

    Examples:
        >>> s = [Suggestion(1, "A", ("lemma:x",)), Suggestion(2, "A", ("lemma:x", "lemma:y"))]
        >>> [(r.rule, r.precision, r.recall) for r in rule_scores(s, [(2, "A"), (3, "A")], scope=[1, 2, 3, 4])]
        [('*', 0.5, 0.5), ('lemma:x', 0.5, 0.5), ('lemma:y', 1.0, 0.5)]
    """
    scope_set = set(scope) if scope is not None else None
    gold: dict[Hashable, set[int]] = defaultdict(set)
    for segment_id, code in manual:
        if scope_set is None or segment_id in scope_set:
            gold[code].add(segment_id)
    fired: dict[Hashable, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for s in suggestions:
        if scope_set is not None and s.segment_id not in scope_set:
            continue
        for label in s.rules:
            fired[s.code][label].add(s.segment_id)
        fired[s.code]["*"].add(s.segment_id)
    for code, labels in (rules_by_code or {}).items():
        for label in ["*", *labels]:
            fired[code][label]  # noqa: B018 - touching the defaultdict lists the rule with zero firings
    out: list[RuleScore] = []
    for code in sorted(set(fired) | set(gold), key=str):
        relevant = gold.get(code, set())
        labels = fired.get(code, {"*": set()})
        for label in sorted(labels, key=lambda x: (x != "*", x)):
            segments = labels[label]
            out.append(RuleScore(code, label, len(segments), len(relevant), len(segments & relevant)))
    return out
