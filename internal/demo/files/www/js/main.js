// Example Tech Co., Ltd. - highlights the current menu entry.
(function () {
  var links = document.querySelectorAll('.main-nav a');
  for (var i = 0; i < links.length; i++) {
    if (links[i].getAttribute('href') === location.pathname) {
      links[i].parentNode.className = 'active';
    }
  }
})();
