"""The span reader: an anywidget showing a page of turns with their coded spans, that reads the browser selection
as code points of the stored text (JavaScript in span_reader.js next to this file) and sends coding actions back.

Offsets sent to and from the browser are code points WITHIN THE TURN (the JavaScript converts from UTF-16); the
page adds the turn's start to store transcript code points, the REFI-QDA convention. Redacted names are sent as
their replacement only, one piece that a selection takes whole: the original never reaches the browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets

_HERE = Path(__file__).parent
LABEL_KEYS = ("code", "code_placeholder", "apply", "apply_tip", "undo", "redo", "hide_name", "hide_name_tip",
              "target_span", "target_turn", "target_none", "target_turn_touch", "target_none_touch", "cross_turn",
              "need_code", "need_target", "remove", "change", "change_tip", "accept", "reject", "close", "whole_turn",
              "span_at", "turn_label", "unpick", "accept_codes", "resize", "resize_tip",
              "enter_hint")


def reader_labels(lang: str) -> dict[str, str]:
    """Every word the reader's JavaScript shows, in ``lang`` (placeholders stay as ``{name}``)."""
    from atlas_qual.i18n import t

    keep = {k: "{" + k + "}" for k in ("quote", "ordinal", "start", "end")}
    return {k: t(f"span_reader_{k}", lang=lang, **keep) for k in LABEL_KEYS}


def segment_payload(seg, codes, lang: str, redactor=None, speaker: Callable[[str], str] | None = None
                    ) -> dict[str, Any]:
    """One turn as the reader draws it: ``runs`` of displayed text ``[a, b, text, redacted]`` (code points within
    the turn), the coder's codings (``whole`` or ``a``-``b``), pending suggestions with the ``passages`` accepting
    one codes, matched words and every coder's memos (with their author). ``speaker`` shows the speaker label as the
    page does (the interviewee's label as the transcript's pseudonym); default: the label redacted."""
    from atlas_qual.store.coding_suggestions import suggestion_passages

    text = seg.text
    n = len(text)
    runs: list[list[Any]] = []
    pos = 0
    findings = redactor.findings(text) if redactor is not None else []
    for f in findings:
        if f.start > pos:
            runs.append([pos, f.start, text[pos:f.start], 0])
        runs.append([f.start, f.end, f.replacement, 1])
        pos = f.end
    if pos < n or not runs:
        runs.append([pos, n, text[pos:], 0])

    def ref_of(code_id: int):
        return codes.refs.get(code_id)

    codings = []
    for c in seg.codings:
        ref = ref_of(c.code_id)
        if ref is None:
            continue
        whole = c.start is None or c.end is None
        a, b = (0, n) if whole else (c.start - seg.start, c.end - seg.start)
        codings.append({"id": c.id, "code_id": c.code_id, "label": ref.label(lang), "color": ref.color,
                        "whole": whole, "a": a, "b": b})
    suggestions = []
    for s in seg.suggestions:
        ref = ref_of(s.code_id)
        if ref is not None:
            shown = [[a - seg.start, b - seg.start] for a, b in suggestion_passages(seg, s)]
            suggestions.append({"id": s.id, "code_id": s.code_id, "label": ref.label(lang), "color": ref.color,
                                "rule": (s.rule or "")[:80], "passages": shown,
                                "whole": shown == [[0, n]]})
    marks = []
    for c in (*seg.suggestions, *(c for c in seg.codings if c.origin == "auto")):
        for a, b in c.matches:
            if b > seg.start and a < seg.end:
                marks.append([max(0, a - seg.start), min(n, b - seg.start)])
    redact = redactor.redact if redactor is not None else (lambda x: x)
    shown_speaker = (speaker or redact)(seg.speaker or "") if seg.speaker else ""
    return {"id": seg.id, "ordinal": seg.ordinal, "speaker": shown_speaker, "length": n, "runs": runs,
            "codings": codings, "suggestions": suggestions, "marks": sorted(marks),
            "memos": [[author, redact(memo)] for author, memo in seg.memos]}


class SpanReader(anywidget.AnyWidget):
    """The turns of one page with their coded spans. Public state: ``segments`` (payloads of
    :func:`segment_payload`), ``codes`` (``[{"id", "label", "color"}]``), ``selected`` (the selected turn),
    ``code`` (the code box), ``enabled``, ``history`` ([undo, redo] available) and ``status``. Actions from the
    browser (apply, remove, change, resize, accept, reject, undo, redo, hide_name) go to the handlers set with
    :meth:`on_action`; :meth:`act` runs one the same way (tests, keyboard-free use)."""

    _esm = _HERE / "span_reader.js"
    _css = _HERE / "span_reader.css"

    segments = traitlets.List([]).tag(sync=True)
    codes = traitlets.List([]).tag(sync=True)
    labels = traitlets.Dict({}).tag(sync=True)
    selected = traitlets.Int(0).tag(sync=True)
    code = traitlets.Unicode("").tag(sync=True)
    enabled = traitlets.Bool(False).tag(sync=True)
    history = traitlets.List([0, 0]).tag(sync=True)
    status = traitlets.Dict({}).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {}
        self._said = 0
        self.on_msg(self._on_msg)

    def on_action(self, kind: str, handler: Callable[[dict[str, Any]], Any]) -> None:
        """Call ``handler(message)`` for the browser's ``kind`` action."""
        self._handlers[kind] = handler

    def act(self, message: dict[str, Any]) -> None:
        """Run one action message as if the browser had sent it."""
        handler = self._handlers.get(str(message.get("type", "")))
        if handler is not None:
            handler(message)

    def _on_msg(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict):
            self.act(content)

    def say(self, text: str, kind: str = "ok", *, clear: bool = False) -> None:
        """Show ``text`` in the reader's status line (``clear``: forget the selection and the chosen codes)."""
        self._said += 1
        self.status = {"text": text, "kind": kind, "clear": clear, "n": self._said}

    def replace(self, payloads: list[dict[str, Any]]) -> None:
        """Put new payloads of turns already on the page in place; the browser redraws only those turns."""
        by_id = {p["id"]: p for p in payloads}
        if by_id:
            self.segments = [by_id.get(p["id"], p) for p in self.segments]
