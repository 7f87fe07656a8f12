// Runs in yingji's isolated world of every new document, before the
// page's scripts: remembers the elements added after the load event
// (deferred injections such as a setTimeout fetch → innerHTML). The page
// cannot see or change this world's objects.
(() => {
  const late = new WeakSet();
  const samples = [];
  let count = 0;
  let loaded = false;
  window.__yjLate = late;
  window.__yjLateInfo = () => ({ count, samples });
  window.addEventListener('load', () => { loaded = true; }, true);
  const mo = new MutationObserver((records) => {
    if (!loaded) return;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        count++;
        late.add(n); // the collector looks up the ancestors
        if (samples.length < 20) samples.push((n.outerHTML || '').slice(0, 300));
      }
    }
  });
  mo.observe(document, { childList: true, subtree: true });
})();
