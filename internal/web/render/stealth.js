// Runs in the page's own world before its scripts: pages that check for
// automation (M16 does nothing when navigator.webdriver is true) must see
// an ordinary browser.
(() => {
  try {
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false, configurable: true });
  } catch (e) {}
})();
