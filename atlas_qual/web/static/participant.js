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
  var pending = {};  // question -> retry timer: a newer answer to the same question replaces an unsent one
  var inflight = 0;
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
  function send(body, button, q, attempt) {
    inflight++;
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        inflight--;
        button.classList.remove("sending");
        if (data.ok) {
          say(msg("saved").replace("{question}", button.getAttribute("data-short") || q).replace("{value}", data.value), "ok");
        } else {
          say(data.error, "err");
          if (data.reload) { setTimeout(function () { location.reload(); }, 2500); }
        }
      })
      .catch(function () {
        inflight--;
        // not sent (no network, server restarting): keep it and try again; sending twice stores it once
        say(msg("retry"), "warn");
        var wait = Math.min(8000, 1000 * Math.pow(2, attempt));
        var again = function () { clearTimeout(pending[q].timer); delete pending[q]; send(body, button, q, attempt + 1); };
        pending[q] = { timer: setTimeout(again, wait), again: again };
      });
  }
  if (form) {
    form.addEventListener("submit", function (ev) {
      var button = ev.submitter;
      if (!button || button.name !== "vote" || !window.fetch || !window.URLSearchParams) { return; }
      ev.preventDefault();
      var q = button.value.split(":")[0], value = button.value.split(":")[1];
      var body = new URLSearchParams(new FormData(form));
      body.set("vote", button.value);
      if (pending[q]) { clearTimeout(pending[q].timer); delete pending[q]; }
      var wasDone = itemDone();
      if (button.classList.contains("opt")) { press(button); }
      button.classList.add("sending");
      say(msg("sending"), "");
      progress(wasDone);
      reveal(q, value);
      send(body, button, q, 0);
    });
    window.addEventListener("online", function () {  // the network is back: send what waits now
      Object.keys(pending).forEach(function (q) { pending[q].again(); });
    });
  }
  function changed(now) {
    if (!now || now === phase) { return; }
    phase = now;
    // a new round, a closed one or revealed results: show them, once the answers still on their way have left
    var tries = 0;
    (function go() {
      if ((inflight > 0 || Object.keys(pending).length > 0) && tries++ < 10) { setTimeout(go, 500); return; }
      location.replace(location.pathname);  // a new round starts at its first item
    })();
  }
  var events = root.getAttribute("data-events") + "?phase=" + encodeURIComponent(phase);
  if (window.EventSource) {
    var source = new EventSource(events);
    source.addEventListener("phase", function (e) { changed(e.data); });
  } else if (window.fetch) {
    (function poll() {
      fetch(events + "&poll=1", { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (d) { changed(d.phase); setTimeout(poll, 100); })
        .catch(function () { setTimeout(poll, 3000); });
    })();
  }
})();
