// The facilitator page's memory of its open session in this browser tab (sessionStorage: kept across a reload,
// gone when the tab closes, never shared with another tab or site). Python sends {save: {code, key}} when a session
// is opened and {forget: true} when it is closed or the key was wrong; on load the tab sends back what it kept.
const ITEM = "atlas-qual-facilitator";

function render({ model, el }) {
  el.style.display = "none";
  let kept = null;
  try {
    kept = JSON.parse(window.sessionStorage.getItem(ITEM) || "null");
  } catch (e) {
    kept = null;
  }
  if (kept && typeof kept.code === "string" && typeof kept.key === "string") {
    model.send({ restore: { code: kept.code, key: kept.key } });
  }
  model.on("msg:custom", (msg) => {
    try {
      if (msg && msg.save) {
        window.sessionStorage.setItem(ITEM, JSON.stringify({ code: msg.save.code, key: msg.save.key }));
      } else if (msg && msg.forget) {
        window.sessionStorage.removeItem(ITEM);
      }
    } catch (e) {
      // storage refused (private mode): the page works as before, asking for the key after a reload
    }
  });
}

export default { render };
