// Scripts injected into the page (page.addInitScript / page.evaluate). They run in the
// browser, so they only use what a page has: MutationObserver, requestAnimationFrame,
// MessageChannel. "Painted" = the message posted from the first animation frame after the
// DOM change arrives: that frame's paint has happened by then.

/** Marks window.__pvVisible = {dom, painted} once an h1 containing `name` and an element
 *  containing `keyPoint` are in the DOM and a frame with them has been painted. */
export function visibleProbe({ name, keyPoint }) {
  window.__pvVisible = null;
  window.__pvLcp = null;
  let pending = false;
  const has = () => {
    const h1 = document.querySelector('h1');
    if (!h1 || !h1.textContent.includes(name)) return false;
    if (!keyPoint) return true;
    for (const li of document.querySelectorAll('li')) if (li.textContent.includes(keyPoint)) return true;
    return false;
  };
  const check = () => {
    if (pending || !has()) return;
    pending = true;
    const dom = performance.now();
    requestAnimationFrame(() => {
      const mc = new MessageChannel();
      mc.port1.onmessage = () => {
        window.__pvVisible = { dom, painted: performance.now() };
      };
      mc.port2.postMessage(0);
    });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('DOMContentLoaded', check);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__pvLcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch {
    // LCP is a cross-check only.
  }
}

/** Marks window.__pvDirectory = {painted} once `count` links to a profile are painted. */
export function directoryProbe({ count }) {
  window.__pvDirectory = null;
  let pending = false;
  const check = () => {
    if (pending || document.querySelectorAll('a[href*="/profiles/"]').length < count) return;
    pending = true;
    requestAnimationFrame(() => {
      const mc = new MessageChannel();
      mc.port1.onmessage = () => {
        window.__pvDirectory = { painted: performance.now() };
      };
      mc.port2.postMessage(0);
    });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

/** Per input event: time from the event's timeStamp to the paint of the first frame in
 *  which the DOM changed after it. A keystroke that changes nothing (the same results)
 *  within 500 ms counts to the first frame painted after it: "input to next paint". */
export function keystrokeProbe() {
  window.__pvLat = [];
  let pending = null;
  new MutationObserver(() => {
    if (pending) pending.mutated = true;
  }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  const afterPaint = (f) => {
    const mc = new MessageChannel();
    mc.port1.onmessage = () => f(performance.now());
    mc.port2.postMessage(0);
  };
  document.addEventListener(
    'input',
    (e) => {
      const p = { t0: e.timeStamp, mutated: false, firstPaint: null };
      pending = p;
      const done = (ms, changed) => {
        window.__pvLat.push({ ms, changed });
        if (pending === p) pending = null;
      };
      const tick = () => {
        if (p.firstPaint === null) afterPaint((t) => (p.firstPaint = t));
        if (p.mutated) afterPaint((t) => done(t - p.t0, true));
        else if (pending !== p || performance.now() - p.t0 > 500)
          afterPaint(() => done((p.firstPaint ?? performance.now()) - p.t0, false));
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    true,
  );
}
