// Runs in yingji's isolated world once the page has settled; returns what
// Go needs to judge the page. Bounded: at most max elements, max
// containers, text clipped, ancestor walks at most 64 deep.
(function (max, maxText) {
  const vw = window.innerWidth, vh = window.innerHeight;
  const de = document.documentElement, body = document.body;
  const docW = Math.max(de ? de.scrollWidth : 0, body ? body.scrollWidth : 0, vw);
  const docH = Math.max(de ? de.scrollHeight : 0, body ? body.scrollHeight : 0, vh);
  const late = window.__yjLate;
  const lateInfo = window.__yjLateInfo ? window.__yjLateInfo() : { count: 0, samples: [] };
  const res = {
    url: location.href, title: document.title || '', viewport: [vw, vh], doc: [docW, docH],
    elements: [], containers: [], text: '', truncated: false, lateCount: lateInfo.count, lateSamples: lateInfo.samples,
  };
  const clip = (s, n) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n);
  const desc = (n) => {
    let s = n.tagName.toLowerCase();
    if (n.id) s += '#' + n.id;
    if (typeof n.className === 'string' && n.className.trim()) s += '.' + n.className.trim().split(/\s+/).slice(0, 3).join('.');
    return s.slice(0, 80);
  };
  const parseColor = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    if (p.length < 3 || p.some(isNaN)) return null;
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  // background returns the colour behind el: the background colours of
  // its ancestors composited over a white canvas; null when an image is
  // involved (the contrast is then unknown).
  const background = (el) => {
    const layers = [];
    let depth = 0;
    for (let n = el; n && n.nodeType === 1 && depth < 64; n = n.parentElement, depth++) {
      const cs = getComputedStyle(n);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') return null;
      const c = parseColor(cs.backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let out = { r: 255, g: 255, b: 255 };
    for (let i = layers.length - 1; i >= 0; i--) {
      const c = layers[i];
      out = { r: c.r * c.a + out.r * (1 - c.a), g: c.g * c.a + out.g * (1 - c.a), b: c.b * c.a + out.b * (1 - c.a) };
    }
    return out;
  };
  // widget: the hiding element sits in a menu, tab, modal, cookie banner
  // or the like, which hides and shows its content on purpose (the same
  // words as package darklink's).
  const widgetWords = ['nav', 'menu', 'dropdown', 'drop-down', 'submenu', 'sub-menu', 'modal', 'dialog', 'popup', 'pop-up',
    'popover', 'tab', 'tabs', 'tabpanel', 'panel', 'collapse', 'accordion', 'toggle', 'cookie', 'consent', 'banner',
    'offcanvas', 'off-canvas', 'drawer', 'sidebar', 'mobile', 'slide', 'slider', 'carousel', 'tooltip', 'overlay', 'lightbox', 'faq'];
  const widgetTags = { NAV: 1, DIALOG: 1, DETAILS: 1, MENU: 1, HEADER: 1 };
  const widgetRoles = { menu: 1, menubar: 1, dialog: 1, tabpanel: 1, navigation: 1, alertdialog: 1, listbox: 1, tooltip: 1 };
  const widget = (n) => {
    for (let k = 0, m = n; m && m.nodeType === 1 && k < 6; k++, m = m.parentElement) {
      if (widgetTags[m.tagName] || widgetRoles[(m.getAttribute('role') || '').toLowerCase()]) return true;
      for (const a of ['aria-labelledby', 'aria-hidden', 'aria-expanded', 'data-toggle', 'data-bs-toggle']) if (m.hasAttribute(a)) return true;
      const names = ((m.id || '') + ' ' + (typeof m.className === 'string' ? m.className : '')).toLowerCase();
      for (const f of names.split(/[\s_-]+/)) {
        if (!f) continue;
        for (const w of widgetWords) if (f === w || (f.startsWith(w) && f.length <= w.length + 2)) return true;
      }
    }
    return false;
  };
  const containers = new Map();
  const container = (n) => {
    if (!n) return -1;
    if (containers.has(n)) return containers.get(n);
    if (res.containers.length >= 200) return -1;
    const i = res.containers.length;
    res.containers.push({ desc: desc(n), text: clip(n.textContent, 2000), widget: widget(n) });
    containers.set(n, i);
    return i;
  };
  const zeroClip = (s) => {
    const m = /rect\(([^)]*)\)/.exec(s || '');
    if (!m) return false;
    const p = m[1].split(/[\s,]+/).map(parseFloat);
    return p.length === 4 && (p[2] - p[0] <= 1 || p[1] - p[3] <= 1);
  };
  const isLate = (el) => {
    if (!late) return false;
    let depth = 0;
    for (let n = el; n && depth < 64; n = n.parentElement, depth++) if (late.has(n)) return true;
    return false;
  };
  // hidden returns how el is hidden ({t, by}) or null.
  const hidden = (el, r) => {
    let opacity = 1, indent = null, fixed = false, depth = 0;
    for (let n = el; n && n.nodeType === 1 && depth < 64; n = n.parentElement, depth++) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none') return { t: n.hasAttribute('hidden') ? 'hidden-attr' : 'display-none', by: n };
      const o = parseFloat(cs.opacity);
      if (!isNaN(o)) opacity *= o;
      if (opacity < 0.05) return { t: 'opacity-zero', by: n };
      if (cs.position === 'fixed') fixed = true;
      if (parseFloat(cs.textIndent) < -500) indent = n;
      if ((cs.position === 'absolute' || cs.position === 'fixed') && cs.clip && cs.clip !== 'auto' && zeroClip(cs.clip)) return { t: 'clipped', by: n };
      if (cs.clipPath && cs.clipPath !== 'none' && /inset\(\s*50%|circle\(\s*0(px)?\s|circle\(0/.test(cs.clipPath)) return { t: 'clipped', by: n };
      if (n !== el && (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') && n !== de && n !== body) {
        const a = n.getBoundingClientRect();
        const w = Math.min(r.right, a.right) - Math.max(r.left, a.left);
        const h = Math.min(r.bottom, a.bottom) - Math.max(r.top, a.top);
        if (w < 1 || h < 1 || a.width < 2 || a.height < 2) {
          return { t: n.tagName === 'MARQUEE' ? 'marquee' : (a.width < 2 || a.height < 2 ? 'zero-size' : 'clipped'), by: n };
        }
      }
    }
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible') {
      let by = el;
      for (let n = el.parentElement, d = 0; n && d < 64; n = n.parentElement, d++) {
        if (getComputedStyle(n).visibility === 'visible') break;
        by = n;
      }
      return { t: 'visibility-hidden', by };
    }
    if (r.width * r.height < 1) {
      const t = parseFloat(cs.fontSize) < 1 ? 'zero-font' : 'zero-size';
      let by = el;
      for (let n = el.parentElement, d = 0; n && d < 64; n = n.parentElement, d++) {
        const a = n.getBoundingClientRect();
        if (a.width * a.height >= 1) break;
        by = n;
      }
      return { t, by };
    }
    // Off the document: a box left of or above the origin can never be
    // scrolled to; a fixed box outside the viewport never shows.
    const off = fixed
      ? (r.right <= 0 || r.bottom <= 0 || r.left >= vw || r.top >= vh)
      : (r.right + scrollX <= 0 || r.bottom + scrollY <= 0 || r.left + scrollX >= docW || r.top + scrollY >= docH);
    if (off) {
      if (indent) return { t: 'text-indent', by: indent };
      let by = el;
      for (let n = el.parentElement, d = 0; n && n !== body && d < 64; n = n.parentElement, d++) {
        const p = getComputedStyle(n).position;
        by = n;
        if (p === 'absolute' || p === 'fixed') break;
      }
      return { t: 'offscreen', by };
    }
    if (parseFloat(cs.fontSize) < 1) return { t: 'zero-font', by: el };
    return null;
  };
  const text = (el) => {
    let s = el.textContent || '';
    if (el.title) s += ' ' + el.title;
    for (const img of el.querySelectorAll ? Array.from(el.querySelectorAll('img[alt]')).slice(0, 4) : []) s += ' ' + img.alt;
    return clip(s, 200);
  };
  const list = document.querySelectorAll('a[href],area[href],iframe,frame,embed[src],object[data]');
  if (list.length > max) res.truncated = true;
  for (let i = 0; i < list.length && i < max; i++) {
    const el = list[i];
    const tag = el.tagName.toLowerCase();
    let url = '', raw = '';
    if (tag === 'a' || tag === 'area') { url = el.href; raw = el.getAttribute('href'); }
    else if (tag === 'object') { url = el.data; raw = el.getAttribute('data'); }
    else { url = el.src || ''; raw = el.getAttribute('src') || el.getAttribute('data-src') || ''; }
    const r = el.getBoundingClientRect();
    const e = {
      tag, url: String(url).slice(0, 2048), raw: String(raw || '').slice(0, 2048), text: text(el),
      x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height,
      hidden: '', by: -1, late: isLate(el), contrast: 0, cover: 0, occludedBy: '', z: 0,
    };
    const h = hidden(el, r);
    if (h) { e.hidden = h.t; e.by = container(h.by); }
    const cs = getComputedStyle(el);
    e.z = parseInt(cs.zIndex, 10) || 0;
    const vis = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
    e.cover = vis / (vw * vh);
    if (!h && e.text) {
      const fg = parseColor(cs.color), bg = background(el);
      if (fg && bg) {
        const a = fg.a;
        const c = { r: fg.r * a + bg.r * (1 - a), g: fg.g * a + bg.g * (1 - a), b: fg.b * a + bg.b * (1 - a) };
        const x = lum(c), y = lum(bg);
        e.contrast = (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
        if (e.contrast < 1.25) {
          e.hidden = 'low-contrast';
          e.by = container(el.parentElement || el);
        }
      }
    }
    // Occlusion: hit-test the middle of the visible part of the box.
    if (!e.hidden && vis >= 1) {
      const cx = (Math.max(r.left, 0) + Math.min(r.right, vw)) / 2, cy = (Math.max(r.top, 0) + Math.min(r.bottom, vh)) / 2;
      const top = document.elementFromPoint(cx, cy);
      if (top && top !== el && !el.contains(top) && !top.contains(el)) {
        const tcs = getComputedStyle(top);
        const bg = parseColor(tcs.backgroundColor);
        if (top.tagName === 'IFRAME' || top.tagName === 'IMG' || (bg && bg.a > 0.9) || tcs.backgroundImage !== 'none') {
          e.occludedBy = desc(top);
          e.hidden = 'occluded';
          e.by = container(top);
        }
      }
    }
    res.elements.push(e);
  }
  res.text = body ? clip(body.innerText, maxText) : '';
  return JSON.stringify(res);
})
