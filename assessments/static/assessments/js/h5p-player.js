/* The H5P player inside the lesson's sandboxed frame (an opaque origin, no session).
   It plays the package with h5p-standalone and tells the lesson page, and only the lesson
   page, what happens: xAPI statements, the saved state and its own height. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("h5p-config").textContent);
  var target = config.parentOrigin;
  function tell(message) {
    window.parent.postMessage(message, target);
  }
  var options = {
    id: config.id,
    h5pJsonPath: config.h5pJsonPath,
    frameJs: config.frameJs,
    frameCss: config.frameCss,
    embedType: "div",
    frame: false,
    icon: false,
    copyright: false,
    export: false,
    fullScreen: false
  };
  if (config.state) {
    options.contentUserData = [{ dataType: "state", previousState: config.state, subContentId: "*" }];
    options.saveFreq = false;
  }
  // The frame's origin is opaque, so every file is cross-origin to it: ask for the files
  // with CORS (they are served with Access-Control-Allow-Origin) so that content drawing
  // images on a canvas (Agamotto, Image Juxtaposition) can read them back.
  window.H5PIntegration = { crossorigin: "anonymous", crossoriginRegex: ".*" };
  var lastState = config.state || null;
  function reportState() {
    var instance = window.H5P && window.H5P.instances && window.H5P.instances[0];
    if (!instance || typeof instance.getCurrentState !== "function") return;
    var state = instance.getCurrentState();
    if (state === undefined || state === null) return;
    var text = JSON.stringify(state);
    if (text !== lastState) {
      lastState = text;
      tell({ type: "manara:h5p-state", state: text });
    }
  }
  function reportHeight() {
    tell({ type: "manara:h5p-height", height: document.documentElement.scrollHeight });
  }
  new H5PStandalone.H5P(document.getElementById("h5p-container"), options).then(function () {
    window.H5P.externalDispatcher.on("xAPI", function (event) {
      tell({ type: "manara:h5p-xapi", statement: event.data.statement });
      reportState();
    });
    reportHeight();
    setInterval(reportHeight, 1000);
    setInterval(reportState, 15000);
    tell({ type: "manara:h5p-ready" });
  });
})();
