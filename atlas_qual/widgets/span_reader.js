// The span reader of the coding page: the turns of one page of a transcript, coded spans as coloured highlights,
// and the browser selection turned into code-point offsets of the stored text (JS strings are UTF-16).
//
// Python sends `segments` (one object per turn: runs of displayed text with their code-point ranges, codings,
// suggestions, matched words, memos) and `labels` (every word a person reads, already translated). Actions go to
// Python as custom messages; Python answers by changing `segments` (only the changed turn is redrawn here, its JSON
// differs) and `status`.

const cpLen = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const cpToUnits = (s, cp) => Array.from(s).slice(0, cp).join("").length;

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function tint(color, alpha) {
  const m = /^#([0-9a-f]{6})$/i.exec(color || "");
  return m ? `#${m[1]}${alpha}` : `rgba(96,125,139,0.25)`;
}

function render({ model, el }) {
  const L = (key, params) => {
    let s = (model.get("labels") || {})[key] || key;
    for (const [k, v] of Object.entries(params || {})) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
  el.classList.add("aq-sr");
  const uid = Math.random().toString(36).slice(2);
  let sel = null; // {seg, ordinal, start, end, quote}: the text the next code goes to
  let chosen = []; // code labels picked before applying
  let mouseDown = false;
  let kb = null; // keyboard selection: {seg, anchor, focus}
  const turns = new Map(); // segment id -> {el, key}

  // ---- toolbar
  const bar = h("div", "aq-sr-bar");
  const target = h("div", "aq-sr-target");
  target.dataset.testid = "selection";
  target.setAttribute("aria-live", "polite");
  const row = h("div", "aq-sr-row");
  const input = h("input", "aq-sr-input");
  input.type = "text";
  input.dataset.testid = "code-input";
  input.setAttribute("list", `aq-sr-codes-${uid}`);
  input.setAttribute("autocomplete", "off");
  const datalist = h("datalist");
  datalist.id = `aq-sr-codes-${uid}`;
  const chips = h("span", "aq-sr-chosen");
  const apply = h("button", "aq-sr-btn aq-sr-primary");
  apply.type = "button";
  apply.dataset.testid = "apply";
  const undoB = h("button", "aq-sr-btn");
  undoB.type = "button";
  undoB.dataset.testid = "undo";
  const redoB = h("button", "aq-sr-btn");
  redoB.type = "button";
  redoB.dataset.testid = "redo";
  const hideB = h("button", "aq-sr-btn aq-sr-hide");
  hideB.type = "button";
  hideB.dataset.testid = "hide-name";
  const codeLabel = h("label", "aq-sr-label");
  codeLabel.htmlFor = `aq-sr-input-${uid}`;
  input.id = `aq-sr-input-${uid}`;
  row.append(codeLabel, input, datalist, chips, apply, undoB, redoB, hideB);
  const status = h("div", "aq-sr-status");
  status.dataset.testid = "coding-status";
  status.setAttribute("role", "status");
  bar.append(row, target, status);
  const list = h("div", "aq-sr-turns");
  const pop = h("div", "aq-sr-pop");
  pop.hidden = true;
  pop.setAttribute("role", "dialog");
  el.replaceChildren(bar, pop, list);

  function paintLabels() {
    codeLabel.textContent = L("code");
    input.placeholder = L("code_placeholder");
    apply.textContent = L("apply");
    apply.title = L("apply_tip");
    undoB.textContent = "↶ " + L("undo");
    redoB.textContent = "↷ " + L("redo");
    hideB.textContent = L("hide_name");
    hideB.title = L("hide_name_tip");
  }

  function paintCodes() {
    datalist.replaceChildren(...(model.get("codes") || []).map((c) => {
      const o = h("option");
      o.value = c.label;
      return o;
    }));
  }

  function paintControls() {
    const enabled = model.get("enabled");
    const [canUndo, canRedo] = model.get("history") || [0, 0];
    apply.disabled = !enabled;
    undoB.disabled = !enabled || !canUndo;
    redoB.disabled = !enabled || !canRedo;
    hideB.hidden = !sel;
    input.disabled = !enabled;
  }

  // a phone or tablet has no mouse and no Shift key: there, words are selected by pressing and holding one and
  // dragging the handles (read on "selectionchange" below), and the hints say so
  let sawTouch = false;
  const touchScreen = () => sawTouch ||
    !!(window.matchMedia && matchMedia("(pointer: coarse), (hover: none)").matches);

  function paintTarget() {
    target.replaceChildren();
    const selected = model.get("selected");
    const touch = touchScreen() ? "_touch" : "";
    // with a keyboard: how to get from the turn to the code box (the toolbar is above every turn)
    const keys = touch ? "" : " " + L("enter_hint");
    if (sel) {
      target.append(L("target_span", { quote: sel.quote, ordinal: sel.ordinal, start: sel.start, end: sel.end }) + keys);
    } else if (selected) {
      const seg = (model.get("segments") || []).find((s) => s.id === selected);
      if (seg) target.append(L("target_turn" + touch, { ordinal: seg.ordinal }) + keys);
    } else {
      target.append(L("target_none" + touch));
    }
    paintControls();
  }

  function paintChosen() {
    chips.replaceChildren(...chosen.map((label) => {
      const c = h("button", "aq-chip aq-sr-picked", label + " ×");
      c.type = "button";
      c.title = L("unpick");
      c.addEventListener("click", () => {
        chosen = chosen.filter((x) => x !== label);
        paintChosen();
      });
      return c;
    }));
  }

  // ---- turns
  function pieces(seg) {
    const cuts = new Set([0, seg.length]);
    for (const [a, b] of seg.runs) cuts.add(a), cuts.add(b);
    const spans = seg.codings.filter((c) => !c.whole);
    for (const c of spans) cuts.add(c.a), cuts.add(c.b);
    for (const [a, b] of seg.marks) cuts.add(a), cuts.add(b);
    const points = [...cuts].filter((x) => x >= 0 && x <= seg.length).sort((x, y) => x - y);
    const out = [];
    let r = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      if (a >= b) continue;
      while (r < seg.runs.length && seg.runs[r][1] <= a) r++;
      const run = seg.runs[r];
      if (!run) break;
      const redacted = !!run[3];
      if (redacted && a > run[0]) continue; // a redacted name is one piece, shown once
      const x = redacted ? run[0] : a, y = redacted ? run[1] : b;
      const text = redacted ? run[2] : Array.from(run[2]).slice(a - run[0], b - run[0]).join("");
      const over = spans.filter((c) => c.a < y && x < c.b);
      const marked = seg.marks.some(([ma, mb]) => ma < y && x < mb);
      out.push({ a: x, b: y, text, redacted, over, marked });
    }
    return out;
  }

  function buildTurn(seg) {
    const turn = h("div", "aq-seg");
    turn.dataset.testid = "segment";
    turn.dataset.segmentId = seg.id;
    turn.dataset.segment = seg.id;
    turn.dataset.ordinal = seg.ordinal;
    turn.tabIndex = 0;
    if (seg.codings.length) turn.classList.add("aq-seg-coded");
    if (model.get("selected") === seg.id) turn.classList.add("aq-seg-sel");
    turn.setAttribute("aria-label", L("turn_label", { ordinal: seg.ordinal }));
    const meta = h("div", "aq-seg-meta");
    meta.append(h("span", "aq-seg-n", `#${seg.ordinal}`));
    if (seg.speaker) meta.append(h("span", "aq-speaker", seg.speaker));
    const text = h("div", "aq-seg-text");
    for (const p of pieces(seg)) {
      const e = h("span", "aq-pc", p.text);
      e.dataset.a = p.a;
      e.dataset.b = p.b;
      if (p.redacted) {
        e.dataset.r = "1";
        e.classList.add("aq-redacted");
      }
      if (p.marked) e.classList.add("aq-mark");
      if (p.over.length) {
        e.classList.add("aq-hl");
        e.dataset.codings = p.over.map((c) => c.id).join(",");
        e.title = p.over.map((c) => c.label).join(" · ");
        const n = p.over.length;
        const stops = p.over.map((c, i) =>
          `${tint(c.color, "40")} ${(100 * i / n).toFixed(1)}% ${(100 * (i + 1) / n).toFixed(1)}%`);
        e.style.background = `linear-gradient(${stops.join(", ")})`;
        e.style.borderBottom = `2px solid ${p.over[n - 1].color}`;
      }
      text.append(e);
    }
    const chipRow = h("div", "aq-chips");
    for (const c of seg.codings) {
      const chip = h("button", "aq-chip", c.label);
      chip.type = "button";
      chip.dataset.coding = c.id;
      chip.style.borderColor = c.color;
      if (!c.whole) chip.append(" ", h("small", null, `${c.a}-${c.b}`));
      chipRow.append(chip);
    }
    for (const g of seg.suggestions) {
      const chip = h("button", "aq-chip aq-chip-sug", "? " + g.label);
      chip.type = "button";
      chip.dataset.suggestion = g.id;
      chip.style.borderColor = g.color;
      if (g.rule) chip.title = g.rule;
      chipRow.append(chip);
    }
    turn.append(meta, text, chipRow);
    for (const [author, memo] of seg.memos) {
      const m = h("div", "aq-memo");
      m.append("✎ ", h("b", null, author), ": ", memo);
      turn.append(m);
    }
    return turn;
  }

  function paintTurns() {
    const segs = model.get("segments") || [];
    const keep = new Set();
    const selected = model.get("selected");
    const els = segs.map((seg) => {
      const key = JSON.stringify(seg);
      keep.add(seg.id);
      let t = turns.get(seg.id);
      if (!t || t.key !== key) {
        t = { el: buildTurn(seg), key };
        turns.set(seg.id, t);
      }
      t.el.classList.toggle("aq-seg-sel", selected === seg.id);
      return t.el;
    });
    for (const id of [...turns.keys()]) if (!keep.has(id)) turns.delete(id);
    const same = els.length === list.children.length && els.every((e, i) => list.children[i] === e);
    if (!same) list.replaceChildren(...els);
    if (sel && !keep.has(sel.seg)) sel = null;
    paintPending();
    paintTarget();
  }

  // ---- offsets: DOM point <-> code point of the turn
  function turnOf(node) {
    const e = node && (node.nodeType === 3 ? node.parentElement : node);
    const turn = e && e.closest && e.closest("[data-testid=segment]");
    return turn && list.contains(turn) ? turn : null;
  }

  function pointToCp(textEl, node, offset, isEnd, length) {
    if (node === textEl) {
      const kids = textEl.children;
      return offset >= kids.length ? length : +kids[offset].dataset.a;
    }
    const e = node.nodeType === 3 ? node.parentElement : node;
    const piece = e.closest("[data-a]");
    if (!piece || !textEl.contains(piece)) return null;
    const a = +piece.dataset.a, b = +piece.dataset.b;
    const size = node.nodeType === 3 ? node.data.length : 1;
    if (offset <= 0) return a;
    if (offset >= size) return b;
    if (piece.dataset.r || node.nodeType !== 3) return isEnd ? b : a; // a redacted name is taken whole
    return a + cpLen(node.data.slice(0, offset));
  }

  function cpToPoint(textEl, cp) {
    const kids = [...textEl.children];
    for (const k of kids) {
      const a = +k.dataset.a, b = +k.dataset.b;
      if (cp < b || (cp === b && k === kids[kids.length - 1])) {
        const node = k.firstChild || k;
        if (k.dataset.r) return [node, cp <= a ? 0 : node.data.length];
        return [node, cpToUnits(node.data, cp - a)];
      }
    }
    return [textEl, kids.length];
  }

  // the turn's characters by code point of the stored text, as the reader shows them (a hidden name counts as
  // letters over its whole stored length: one word, never cut)
  function turnChars(turn, seg) {
    const out = new Array(seg.length).fill(" ");
    for (const k of turn.querySelector(".aq-seg-text").children) {
      const a = +k.dataset.a, b = +k.dataset.b;
      if (k.dataset.r) out.fill("x", a, b);
      else Array.from(k.textContent).forEach((ch, i) => { if (a + i < b) out[a + i] = ch; });
    }
    return out;
  }

  function segById(id) {
    return (model.get("segments") || []).find((s) => s.id === id);
  }

  function quoteOf(textEl, a, b) {
    let out = "";
    for (const k of textEl.children) {
      const x = +k.dataset.a, y = +k.dataset.b;
      if (y <= a || x >= b) continue;
      if (k.dataset.r) out += k.textContent;
      else out += Array.from(k.textContent).slice(Math.max(a, x) - x, Math.min(b, y) - x).join("");
    }
    return out;
  }

  function setSel(turn, start, end) {
    const id = +turn.dataset.segmentId;
    const seg = segById(id);
    if (!seg || start >= end) return;
    const textEl = turn.querySelector(".aq-seg-text");
    sel = { seg: id, ordinal: seg.ordinal, start, end, quote: quoteOf(textEl, start, end) };
    if (model.get("selected") !== id) {
      model.set("selected", id);
      model.save_changes();
    }
    paintPending();
    paintTarget();
  }

  function readSelection() {
    const s = window.getSelection();
    if (!s || !s.rangeCount || s.isCollapsed) return false;
    const r = s.getRangeAt(0);
    const t1 = turnOf(r.startContainer), t2 = turnOf(r.endContainer);
    const inside = (t1 || t2) || (list.contains(r.commonAncestorContainer) ? true : null);
    if (!inside) return false;
    if (!t1 || !t2 || t1 !== t2) {
      // never moved onto another turn, never split silently: refused with a word
      sel = null;
      kb = null;
      s.removeAllRanges();
      say(L("cross_turn"), "error");
      paintPending();
      paintTarget();
      return true;
    }
    const textEl = t1.querySelector(".aq-seg-text");
    const seg = segById(+t1.dataset.segmentId);
    if (!seg) return false;
    const whole = document.createRange();
    whole.selectNodeContents(textEl);
    let sc = r.startContainer, so = r.startOffset, ec = r.endContainer, eo = r.endOffset;
    if (r.compareBoundaryPoints(Range.START_TO_START, whole) < 0) (sc = whole.startContainer), (so = whole.startOffset);
    if (r.compareBoundaryPoints(Range.END_TO_END, whole) > 0) (ec = whole.endContainer), (eo = whole.endOffset);
    if (r.compareBoundaryPoints(Range.START_TO_END, whole) <= 0 || r.compareBoundaryPoints(Range.END_TO_START, whole) >= 0) {
      return false; // only the speaker line or the chips
    }
    const a = pointToCp(textEl, sc, so, false, seg.length);
    const b = pointToCp(textEl, ec, eo, true, seg.length);
    if (a === null || b === null || a >= b) return false;
    setSel(t1, a, b);
    kb = { seg: seg.id, anchor: a, focus: b };
    return true;
  }

  // the pending selection stays visible while the coder types a code (the input takes the browser selection)
  function paintPending() {
    if (!(window.CSS && CSS.highlights && window.Highlight)) return;
    CSS.highlights.delete(`aq-pending`);
    if (!sel) return;
    const t = turns.get(sel.seg);
    if (!t) return;
    const textEl = t.el.querySelector(".aq-seg-text");
    const range = document.createRange();
    const [sn, so] = cpToPoint(textEl, sel.start);
    const [en, eo] = cpToPoint(textEl, sel.end);
    try {
      range.setStart(sn, so);
      range.setEnd(en, eo);
      CSS.highlights.set(`aq-pending`, new Highlight(range));
    } catch (err) {
      /* a turn redrawn in between: nothing to show */
    }
  }

  function selectTurn(turn) {
    const id = +turn.dataset.segmentId;
    sel = null;
    kb = null;
    model.set("selected", id);
    model.save_changes();
    paintTurns();
  }

  // ---- status and popover
  function say(text, kind) {
    status.replaceChildren();
    if (!text) return;
    const box = h("div", kind === "error" ? "aq-error" : "aq-notice", text);
    status.append(box);
  }

  function closePop() {
    pop.hidden = true;
    pop.replaceChildren();
    if (window.CSS && CSS.highlights) CSS.highlights.delete("aq-passage");
  }

  // the words accepting a suggestion codes, highlighted while its popover is open
  function showPassages(seg, spans) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) return;
    const t = turns.get(seg.id);
    if (!t) return;
    const textEl = t.el.querySelector(".aq-seg-text");
    const ranges = [];
    for (const [a, b] of spans) {
      const range = document.createRange();
      const [sn, so] = cpToPoint(textEl, a);
      const [en, eo] = cpToPoint(textEl, b);
      try {
        range.setStart(sn, so);
        range.setEnd(en, eo);
        ranges.push(range);
      } catch (err) {
        /* a turn redrawn in between */
      }
    }
    if (ranges.length) CSS.highlights.set("aq-passage", new Highlight(...ranges));
  }

  function openPop(anchor, items) {
    pop.replaceChildren();
    if (window.CSS && CSS.highlights) CSS.highlights.delete("aq-passage");
    const close = h("button", "aq-sr-btn aq-sr-close", "×");
    close.type = "button";
    close.title = L("close");
    close.addEventListener("click", closePop);
    pop.append(close);
    for (const it of items) pop.append(it);
    pop.hidden = false;
    const box = el.getBoundingClientRect(), at = anchor.getBoundingClientRect();
    pop.style.top = `${at.bottom - box.top + 4}px`;
    pop.style.left = `${Math.max(0, Math.min(at.left - box.left, box.width - 320))}px`;
  }

  function codingItem(seg, c) {
    const item = h("div", "aq-sr-item");
    const title = h("div", "aq-sr-item-title");
    const sw = h("span", "aq-sr-swatch");
    sw.style.background = c.color;
    title.append(sw, h("b", null, c.label));
    const t = turns.get(seg.id);
    const where = c.whole ? L("whole_turn", { ordinal: seg.ordinal })
      : L("span_at", { ordinal: seg.ordinal, start: c.a, end: c.b });
    const quote = c.whole || !t ? "" : `«${quoteOf(t.el.querySelector(".aq-seg-text"), c.a, c.b)}» `;
    const acts = h("div", "aq-sr-row");
    const remove = h("button", "aq-sr-btn", L("remove"));
    remove.type = "button";
    remove.dataset.testid = "remove-coding";
    remove.addEventListener("click", () => {
      closePop();
      model.send({ type: "remove", coding_id: c.id });
    });
    const change = h("button", "aq-sr-btn", L("change"));
    change.type = "button";
    change.dataset.testid = "change-coding";
    change.title = L("change_tip");
    change.addEventListener("click", () => {
      const code = (input.value || "").trim() || chosen[0];
      if (!code) return say(L("need_code"), "error");
      closePop();
      model.send({ type: "change", coding_id: c.id, code });
    });
    acts.append(remove, change);
    if (sel && sel.seg === seg.id && t && !(sel.start === c.a && sel.end === c.b)) {
      // "editable after": the coding moved to the words selected now, same code (undoable)
      const words = Array.from(sel.quote);
      const short = words.length > 48 ? words.slice(0, 47).join("") + "…" : sel.quote;
      const resize = h("button", "aq-sr-btn", L("resize", { quote: short }));
      resize.type = "button";
      resize.dataset.testid = "resize-coding";
      resize.title = L("resize_tip");
      const to = { start: sel.start, end: sel.end };
      resize.addEventListener("click", () => {
        closePop();
        model.send({ type: "resize", coding_id: c.id, segment_id: seg.id, start: to.start, end: to.end });
      });
      acts.append(resize);
    }
    item.append(title, h("div", "aq-sr-quote", quote + where), acts);
    return item;
  }

  function suggestionItem(seg, g) {
    const item = h("div", "aq-sr-item");
    item.append(h("b", null, "? " + g.label));
    if (g.rule) item.append(h("div", "aq-sr-quote", g.rule));
    // what accepting codes, before accepting: the sentence(s) the rule matched in, not the whole turn
    const t = turns.get(seg.id);
    const target = h("div", "aq-sr-quote aq-sr-passage");
    target.dataset.testid = "suggestion-passage";
    target.append(h("b", null, L("accept_codes")), " ");
    (g.passages || []).forEach(([a, b], i) => {
      if (i) target.append(" · ");
      if (g.whole || !t) target.append(L("whole_turn", { ordinal: seg.ordinal }));
      else target.append(`«${quoteOf(t.el.querySelector(".aq-seg-text"), a, b)}» (` +
        L("span_at", { ordinal: seg.ordinal, start: a, end: b }) + ")");
    });
    item.append(target);
    const acts = h("div", "aq-sr-row");
    for (const [key, type] of [["accept", "accept"], ["reject", "reject"]]) {
      const b = h("button", "aq-sr-btn", L(key));
      b.type = "button";
      b.addEventListener("click", () => {
        closePop();
        model.send({ type, suggestion_id: g.id, segment_id: seg.id });
      });
      acts.append(b);
    }
    item.append(acts);
    return item;
  }

  // ---- events
  list.addEventListener("mousedown", () => (mouseDown = true));
  const onUp = () => {
    if (!mouseDown) return;
    mouseDown = false;
    setTimeout(() => readSelection(), 0);
  };
  document.addEventListener("mouseup", onUp);
  // touch: a press-and-hold selects a word and its handles widen it, with no mouseup; the selection is read as it
  // changes (one the reader set itself, from Shift+arrows, is already `sel` and left alone)
  list.addEventListener("touchstart", () => {
    if (!sawTouch) {
      sawTouch = true;
      paintTarget();
    }
  }, { passive: true });
  const onSelectionChange = () => {
    if (mouseDown || !touchScreen()) return;
    const s = window.getSelection();
    if (!s || !s.rangeCount || s.isCollapsed || !list.contains(s.anchorNode)) return;
    const before = sel && `${sel.seg}:${sel.start}:${sel.end}`;
    const keep = kb;
    if (readSelection() && sel && `${sel.seg}:${sel.start}:${sel.end}` === before) kb = keep;
  };
  document.addEventListener("selectionchange", onSelectionChange);

  list.addEventListener("click", (ev) => {
    const turn = turnOf(ev.target);
    if (!turn) return;
    const seg = segById(+turn.dataset.segmentId);
    const chip = ev.target.closest("[data-coding],[data-suggestion]");
    if (chip && seg) {
      if (chip.dataset.coding) {
        const c = seg.codings.find((x) => x.id === +chip.dataset.coding);
        if (c) openPop(chip, [codingItem(seg, c)]);
      } else {
        const g = seg.suggestions.find((x) => x.id === +chip.dataset.suggestion);
        if (g) {
          openPop(chip, [suggestionItem(seg, g)]);
          if (!g.whole) showPassages(seg, g.passages || []);
        }
      }
      return;
    }
    const s = window.getSelection();
    if (s && !s.isCollapsed && list.contains(s.anchorNode)) return; // the end of a drag: readSelection has it
    const hl = ev.target.closest(".aq-hl");
    if (hl && seg) {
      const ids = hl.dataset.codings.split(",").map(Number);
      openPop(hl, seg.codings.filter((c) => ids.includes(c.id)).map((c) => codingItem(seg, c)));
      if (sel && sel.seg === seg.id) return; // words selected in this turn stay selected (to adjust a coding)
    } else {
      closePop();
    }
    selectTurn(turn); // a click on a turn selects the turn (whole-turn coding)
  });

  list.addEventListener("keydown", (ev) => {
    const turn = turnOf(ev.target);
    if (!turn || ev.target !== turn) return;
    const id = +turn.dataset.segmentId;
    const seg = segById(id);
    if (!seg) return;
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      // Enter: code this. With words selected in this turn they stay selected; otherwise the whole turn is chosen.
      // Either way the code box takes the keyboard, so nobody has to Shift+Tab back over every turn above.
      if (!(sel && sel.seg === id)) selectTurn(turn);
      if (ev.key === "Enter" && !input.disabled) input.focus({ preventScroll: true });
      return;
    }
    if (ev.shiftKey && (ev.key === "ArrowRight" || ev.key === "ArrowLeft")) {
      ev.preventDefault();
      if (!kb || kb.seg !== id) kb = sel && sel.seg === id ? { seg: id, anchor: sel.start, focus: sel.end }
        : { seg: id, anchor: 0, focus: 0 };
      const step = ev.key === "ArrowRight" ? 1 : -1;
      if (ev.ctrlKey || ev.altKey) {
        // a word at a time: over the spaces and punctuation, then to the end (or start) of the word; "días",
        // "Niñez" are one word each (letters of any script, not only a-z), and a hidden name is one word
        const chars = turnChars(turn, seg);
        const word = (ch) => /[\p{L}\p{M}\p{N}_]/u.test(ch || "");
        let f = kb.focus;
        if (step > 0) {
          while (f < seg.length && !word(chars[f])) f++;
          while (f < seg.length && word(chars[f])) f++;
        } else {
          while (f > 0 && !word(chars[f - 1])) f--;
          while (f > 0 && word(chars[f - 1])) f--;
        }
        kb.focus = f;
      } else {
        kb.focus += step;
      }
      kb.focus = Math.max(0, Math.min(seg.length, kb.focus));
      const a = Math.min(kb.anchor, kb.focus), b = Math.max(kb.anchor, kb.focus);
      if (a < b) setSel(turn, a, b);
      else {
        sel = null;
        paintPending();
        paintTarget();
      }
      const textEl = turn.querySelector(".aq-seg-text");
      const s = window.getSelection();
      const [an, ao] = cpToPoint(textEl, kb.anchor);
      const [fn, fo] = cpToPoint(textEl, kb.focus);
      try {
        s.setBaseAndExtent(an, ao, fn, fo);
      } catch (err) {
        /* nothing to show */
      }
    }
  });

  // a code applied from the keyboard (Enter in the code box, or Enter/Space on Aplicar) gives the keyboard back to
  // the turn coded, so Tab goes on to the next turn instead of through the toolbar and every turn above
  let refocus = null;

  function doApply(fromKeyboard) {
    const typed = (input.value || "").trim();
    const codes = [...chosen];
    if (typed && !codes.includes(typed)) codes.push(typed);
    if (!codes.length) return say(L("need_code"), "error");
    const selected = model.get("selected");
    if (!sel && !selected) return say(L("need_target"), "error");
    apply.disabled = true;
    refocus = fromKeyboard ? (sel ? sel.seg : selected) : null;
    model.send(sel ? { type: "apply", segment_id: sel.seg, start: sel.start, end: sel.end, codes }
      : { type: "apply", segment_id: selected, start: null, end: null, codes });
  }

  apply.addEventListener("click", (ev) => doApply(ev.detail === 0)); // detail 0: pressed with Enter or Space
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const typed = (input.value || "").trim();
    const known = (model.get("codes") || []).some((c) => c.label === typed);
    if (typed && known && !ev.ctrlKey) {
      if (!chosen.includes(typed)) chosen.push(typed);
      input.value = "";
      paintChosen();
    } else {
      doApply(true);
    }
  });
  input.addEventListener("change", () => {
    model.set("code", (input.value || "").trim());
    model.save_changes();
  });
  undoB.addEventListener("click", () => model.send({ type: "undo" }));
  redoB.addEventListener("click", () => model.send({ type: "redo" }));
  hideB.addEventListener("click", () => {
    if (sel) model.send({ type: "hide_name", segment_id: sel.seg, start: sel.start, end: sel.end });
  });
  const onKey = (ev) => {
    if (!el.contains(ev.target) || ev.target === input) return;
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "z") {
      ev.preventDefault();
      model.send({ type: ev.shiftKey ? "redo" : "undo" });
    } else if (ev.key === "Escape") {
      sel = null;
      kb = null;
      closePop();
      paintPending();
      paintTarget();
    }
  };
  el.addEventListener("keydown", onKey);

  model.on("change:segments", paintTurns);
  model.on("change:selected", paintTurns);
  model.on("change:codes", paintCodes);
  model.on("change:labels", () => {
    paintLabels();
    paintTurns();
  });
  model.on("change:enabled", paintControls);
  model.on("change:history", paintControls);
  model.on("change:status", () => {
    const st = model.get("status") || {};
    say(st.text || "", st.kind || "ok");
    if (st.clear) {
      sel = null;
      kb = null;
      chosen = [];
      input.value = "";
      paintChosen();
      const s = window.getSelection();
      if (s && list.contains(s.anchorNode)) s.removeAllRanges();
      const back = refocus;
      refocus = null;
      // after the coded turn is redrawn (its new segments come in the same update)
      if (back !== null) setTimeout(() => {
        const t = turns.get(back);
        if (t && list.contains(t.el)) t.el.focus({ preventScroll: true });
      }, 0);
    } else if (st.kind === "error") {
      refocus = null;
    }
    paintPending();
    paintTarget();
  });
  model.on("change:code", () => {
    if (model.get("code") !== input.value.trim()) input.value = model.get("code");
  });

  // the code box stays on screen while the coder scrolls: the widget boxes and output areas between the reader and
  // the page's scroller (the first positioned ancestor: Voila's main panel) have overflow auto or hidden and would
  // hold the sticky bar inside them. The scroller itself is left alone, so a short page still scrolls as it grows.
  const unclip = () => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const st = getComputedStyle(a);
      if (st.position === "absolute" || st.position === "fixed") break;
      if (st.overflowY !== "visible") a.style.overflow = "visible";
    }
  };
  setTimeout(unclip, 0);
  setTimeout(unclip, 1500);

  paintLabels();
  paintCodes();
  paintTurns();
  input.value = model.get("code") || "";
  const st = model.get("status") || {};
  say(st.text || "", st.kind || "ok");

  return () => {
    document.removeEventListener("mouseup", onUp);
    document.removeEventListener("selectionchange", onSelectionChange);
    if (window.CSS && CSS.highlights) CSS.highlights.delete("aq-pending");
  };
}

export default { render };
