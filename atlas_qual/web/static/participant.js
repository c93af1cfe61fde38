// The participant page without reloads: answers sent in the background (retried until they arrive, and the page
// says so), progress kept up to date, and round changes followed as the server pushes them. Without this script
// every button is still a plain form post.
(function () {
  "use strict";
  var root = document.getElementById("ballot");
  if (!root) { return; }
  var phase = root.getAttribute("data-phase") || "";
  var form = document.getElementById("item-form");
  var confirmBox = document.getElementById("confirm");
  var round = root.getAttribute("data-round") || "";  // the open round's number ("" while none is open)
  var pending = {};  // item|question -> retry timer: a newer answer to the same question replaces an unsent one
  // item|question -> [entry, button], the newest answer: the only one sent or retried, and only once the one on its
  // way got its reply (busy), so two quick taps arrive in the order tapped (parallel posts could swap on a bad line)
  var latest = {}, busy = {};
  var inflight = 0;
  // another tab of the same participant stored an answer: this one shows it (reloaded when seen and idle)
  var tabs = window.BroadcastChannel && new BroadcastChannel("aq:" + location.pathname), stale = false;
  // Answers not yet stored live in this tab's sessionStorage until the server says "stored" or "refused", so
  // neither a reload, a tap on Next nor the round closing throws one away unseen: an answer that can no longer count
  // (its round closed) is said plainly, on this page and the next, until the participant dismisses it.
  var UNSENT = "aq-unsent:" + location.pathname, LOST = "aq-lost:" + location.pathname;
  function load(name) {
    try { return JSON.parse(window.sessionStorage.getItem(name) || "null"); } catch (e) { return null; }
  }
  function keep(name, value) {
    try {
      if (value && (value.length || Object.keys(value).length)) {
        window.sessionStorage.setItem(name, JSON.stringify(value));
      } else {
        window.sessionStorage.removeItem(name);
      }
    } catch (e) { /* private mode or full: the page still says "retrying" while it stays open */ }
  }
  function unsent(entry, gone) {  // gone: stored or refused (a newer answer to the same question stays kept)
    var all = load(UNSENT) || {};
    if (!gone) { all[entry.id] = entry; }
    else if (all[entry.id] && all[entry.id].at === entry.at) { delete all[entry.id]; }
    keep(UNSENT, all);
  }
  function showLost() {
    var lost = load(LOST) || [];
    var box = document.getElementById("lost");
    if (!lost.length) { if (box) { box.parentNode.removeChild(box); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "lost";
      box.className = "error lost";
      box.setAttribute("role", "alert");
      box.setAttribute("data-testid", "lost");
      var banner = root.querySelector("[data-testid=round-state]");
      banner.parentNode.insertBefore(box, banner.nextSibling);
    }
    box.textContent = "";
    lost.forEach(function (e) {
      var p = document.createElement("p");
      // the answer in the page's language now (yes/no), a scale's number as it is
      var value = e.value === "yes" || e.value === "no" ? msg(e.value) : e.value;
      p.textContent = msg("lost").replace("{item}", e.item).replace("{question}", e.short).replace("{value}", value);
      box.appendChild(p);
    });
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "secondary";
    ok.textContent = msg("lost-ok");
    ok.addEventListener("click", function () { keep(LOST, null); showLost(); });
    box.appendChild(ok);
  }
  function lose(entry) {  // this answer cannot be stored any more: say so
    unsent(entry, true);
    var lost = (load(LOST) || []).filter(function (e) { return e.id !== entry.id; });
    lost.push({ id: entry.id, item: entry.item, short: entry.short, value: entry.vote.split(":")[1] });
    keep(LOST, lost);
    showLost();
  }
  function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }
  function say(text, kind) {
    if (!confirmBox) { return; }
    confirmBox.textContent = text;
    confirmBox.className = "confirm " + (kind || "");
  }
  function press(button) {
    var group = button.parentNode.querySelectorAll("button");
    for (var i = 0; i < group.length; i++) { group[i].setAttribute("aria-pressed", group[i] === button ? "true" : "false"); }
  }
  function itemDone() {
    var sets = form.querySelectorAll("fieldset.q");
    for (var i = 0; i < sets.length; i++) { if (!sets[i].querySelector("[aria-pressed=true]")) { return false; } }
    return true;
  }
  function progress(wasDone) {
    var el = document.getElementById("progress");
    if (!el || wasDone || !itemDone()) { return; }
    var done = parseInt(el.getAttribute("data-done"), 10) + 1, total = parseInt(el.getAttribute("data-total"), 10);
    el.setAttribute("data-done", String(done));
    el.textContent = done >= total ? msg("all-done") : msg("progress").replace("{done}", done).replace("{total}", total);
    if (done >= total) { el.classList.add("done"); }
  }
  function reveal(q, value) {
    var box = document.getElementById(q === "C2" ? "actions" : (q === "endorse" ? "responsible" : ""));
    if (box) { box.hidden = value !== "yes"; }
  }
  function send(entry, button, attempt) {
    var id = entry.id;
    if (busy[id]) { return; }  // sent when the answer on its way is answered
    busy[id] = true;
    inflight++;
    // a post stalled on a dying connection is given up and retried, not left "sending" for minutes
    var ctl = window.AbortController && new AbortController(), stop = ctl && setTimeout(function () {
      ctl.abort();
    }, 20000);
    function done() {
      clearTimeout(stop); inflight--; busy[id] = false;
      if (button) { button.classList.remove("sending"); }
    }
    function newer(ok) {  // a later tap on this question waits: it goes now, and this reply is not the answer
      var last = latest[id];
      if (!last || last[0] === entry) { return false; }
      if (ok && last[0].body === entry.body) {  // the same answer twice: stored already
        unsent(last[0], true); latest[id] = [entry, button];
        if (last[1]) { last[1].classList.remove("sending"); }
        return false;
      }
      if (last[1]) { last[1].classList.add("sending"); }
      send(last[0], last[1], 0);
      return true;
    }
    fetch(form ? form.action : root.getAttribute("data-events").replace(/events$/, "vote"),
          { method: "POST", body: new URLSearchParams(entry.body), credentials: "same-origin",
            headers: { "Accept": "application/json" }, signal: ctl ? ctl.signal : undefined })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        done();
        if (newer(data.ok)) { return; }
        if (data.ok) {
          unsent(entry, true);
          say(msg("saved").replace("{question}", entry.said).replace("{value}", data.value), "ok");
          if (tabs) { tabs.postMessage(1); }
        } else if (data.closed) {
          lose(entry);  // the round closed before it arrived
          say(data.error, "err");
        } else {
          unsent(entry, true);
          say(data.error, "err");
          if (data.reload) { setTimeout(function () { location.reload(); }, 2500); }
        }
      })
      .catch(function () {
        done();
        if (newer(false)) { return; }
        // not sent (no network, server restarting): keep it and try again; sending twice stores it once
        say(msg("retry"), "warn");
        var wait = Math.min(8000, 1000 * Math.pow(2, attempt));
        var again = function () {
          if (!pending[id]) { return; }
          clearTimeout(pending[id].timer); delete pending[id]; send(entry, button, attempt + 1);
        };
        pending[id] = { timer: setTimeout(again, wait), again: again };
      });
  }
  // The form's fields as a post body with ``vote`` set; field by field, not ``new URLSearchParams(new FormData())``,
  // which Chrome before 61 (Android 7's) turns into "%5Bobject+FormData%5D"
  function fields(vote) {
    var body = new URLSearchParams(), els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || el.disabled || el.tagName === "BUTTON" || el.name === "vote") { continue; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { continue; }
      body.append(el.name, el.value);
    }
    body.set("vote", vote);
    return body;
  }
  if (form) {
    // the button tapped, for browsers without SubmitEvent.submitter (Chrome before 81: Android 7's and 8's own):
    // without it every answer was a page reload, and one tapped without signal lost the page and the answer
    var tapped = null;
    form.addEventListener("click", function (ev) {
      var t = ev.target;
      while (t && t !== form && t.tagName !== "BUTTON") { t = t.parentNode; }
      tapped = t && t.tagName === "BUTTON" ? t : null;
    }, true);
    form.addEventListener("submit", function (ev) {
      var button = ev.submitter || tapped;
      tapped = null;
      if (!button || button.name !== "vote" || !window.fetch || !window.URLSearchParams) { return; }
      ev.preventDefault();
      var q = button.value.split(":")[0], value = button.value.split(":")[1];
      var body = fields(button.value);
      var item = form.getAttribute("data-item"), id = item + "|" + q;
      if (pending[id]) { clearTimeout(pending[id].timer); delete pending[id]; }
      var wasDone = itemDone();
      if (button.classList.contains("opt")) { press(button); }
      button.classList.add("sending");
      say(msg("sending"), "");
      progress(wasDone);
      reveal(q, value);
      var scale = button.closest && button.closest("fieldset.scale");
      var said = button.getAttribute("data-short") || q;
      var entry = { id: id, at: String(Date.now()) + Math.random(), item: item, q: q, vote: button.value,
                    round: round, body: body.toString(), said: said,
                    // the notice names it as the ballot's badge does: the gate's code (C3), else its short label
                    short: scale || !/^C\d+$/.test(q) ? said : q };
      unsent(entry);
      latest[id] = [entry, button];
      send(entry, button, 0);
    });
    window.addEventListener("online", function () {  // the network is back: send what waits now
      Object.keys(pending).forEach(function (q) { pending[q].again(); });
    });
  }
  // answers left unsent by an earlier page of this tab: still in their round, send them again; their round is
  // over, they did not count
  (function () {
    var all = load(UNSENT) || {};
    Object.keys(all).forEach(function (id) {
      var e = all[id];
      if (!round || e.round !== round) { lose(e); return; }
      var button = form && form.getAttribute("data-item") === e.item ?
        form.querySelector("[data-testid=vote][value='" + e.vote + "']") : null;
      if (button) { press(button); button.classList.add("sending"); }
      latest[id] = [e, button];
      send(e, button, 0);
    });
    showLost();
  })();
  var base = root.getAttribute("data-events"), source = null, heard = 0, going = false;
  var asking = false, timer = 0, wait = 0, offline = false, stream = !!window.EventSource;
  // Round changes: the stream, plus a check when the phone comes back (online, shown, stream silent); reloaded
  // once the server answers (an error page retries after 30 s+), asked 1, 2, 4 ... 30 s apart, one retry at once.
  // Without EventSource (old WebViews, some proxies) the same check is a long poll, one at a time, asked again as
  // soon as it answers, with the same backoff when it fails.
  function check() {
    if (!window.fetch) { if (going) { location.replace(location.pathname); } return; }
    if (asking) { return; }
    asking = true;
    var ctl = window.AbortController && new AbortController(), stop = ctl && setTimeout(function () {
      ctl.abort();  // a connection that died silently: given up after the long poll's 25 s and some
    }, 40000);
    fetch(base + "?poll=1&phase=" + (stream || going ? "" : encodeURIComponent(phase)),  // "": answered at once
          { credentials: "same-origin", cache: "no-store", signal: ctl ? ctl.signal : undefined })
      .then(function (r) {  // 404, 410: the session is gone
        if (r.status == 404 || r.status == 410) { return 0; } if (!r.ok) { throw r; } return r.json();
      })
      .then(function (d) {
        clearTimeout(stop);
        if (!d) {  // asking stays true: nothing asks again
          if (source) { source.close(); source = null; }
          var b = root.querySelector("[data-testid=round-state]");
          [].forEach.call(root.children, function (e) { e.hidden = e != b && e.tagName != "HEADER"; });
          b.textContent = msg("ended");
          return;
        }
        asking = false; wait = 0;
        if (going) { location.replace(location.pathname); } else { changed(d.phase); }
        if (!stream && !going) { setTimeout(check, 100); }
      }, function () {
        clearTimeout(stop);
        asking = false;
        if (!going && stream) { return; }
        offline = !navigator.onLine;
        wait = Math.min(wait * 2 || 1000, 30000);
        timer = setTimeout(function () { timer = 0; check(); }, wait * (0.5 + Math.random() / 2));
      });
  }
  function changed(now) {
    if (!now || now === phase || going) { return; }
    phase = now;
    going = true;
    // a new round, a closed one or results: shown once the answers on their way arrived or were refused
    Object.keys(pending).forEach(function (q) { pending[q].again(); });
    var tries = 0;
    (function go() {
      if (inflight > 0 && tries++ < 20) { setTimeout(go, 500); return; }
      check();  // a new round starts at its first item; loaded once the server answers
    })();
  }
  function listen() {
    if (source) { source.close(); }
    heard = Date.now();
    source = new EventSource(base + "?phase=" + encodeURIComponent(phase));
    source.addEventListener("phase", function (e) { heard = Date.now(); changed(e.data); });
    source.addEventListener("ping", function () { heard = Date.now(); });
  }
  function fresh() {  // another tab of this participant answered: shown once this one is seen with nothing to send
    if (!stale || going || document.visibilityState === "hidden" || inflight || Object.keys(pending).length) {
      return false;
    }
    location.reload();
    return true;
  }
  if (tabs) { tabs.onmessage = function () { stale = true; fresh(); }; }
  function back() {
    if (document.visibilityState === "hidden" || fresh()) { return; }
    if (timer) {  // only the network back brings a retry forward
      if (!offline || !navigator.onLine) { return; }
      clearTimeout(timer);
      timer = 0;
    }
    check();
    if (source && !going) { listen(); }
  }
  window.addEventListener("online", back);
  document.addEventListener("visibilitychange", back);
  if (stream) {
    listen();
    setInterval(function () { if (Date.now() - heard > 40000) { back(); } }, 10000);  // pinged every 15 s
  } else {
    check();
  }
})();
