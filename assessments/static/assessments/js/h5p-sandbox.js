/* Runs first in the player's sandboxed frame. An opaque origin has no Web Storage and no
   cookies, and reading them throws; H5P only keeps preferences there, so give it a memory
   store that lives as long as the frame. */
(function () {
  "use strict";
  function memoryStorage() {
    var items = {};
    return {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null; },
      setItem: function (key, value) { items[key] = String(value); },
      removeItem: function (key) { delete items[key]; },
      clear: function () { items = {}; },
      key: function (index) { return Object.keys(items)[index] || null; },
      get length() { return Object.keys(items).length; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    var works = false;
    try { works = !!window[name]; } catch (error) { works = false; }
    if (!works) Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
  });
  try {
    void document.cookie;
  } catch (error) {
    Object.defineProperty(document, "cookie", { get: function () { return ""; }, set: function () {}, configurable: true });
  }
})();
