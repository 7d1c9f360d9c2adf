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

  // YouTube, when the trainer allowed it for this package, plays through its
  // privacy-enhanced player only: every player H5P.Video makes is asked for on
  // www.youtube-nocookie.com. H5P.Video loads YouTube's API itself unless someone already
  // does ("onYouTubeIframeAPIReady" is set), so we load it and hook in ahead of H5P.
  if (config.youtube) {
    var ready = function () {};
    var patchYouTube = function () {
      var YT = window.YT;
      if (!YT || !YT.Player || YT.Player.manaraPrivacy) return;
      var Original = YT.Player;
      var Private = function (element, options) {
        options = options || {};
        options.host = "https://www.youtube-nocookie.com";
        return new Original(element, options);
      };
      Private.prototype = Original.prototype;
      Private.manaraPrivacy = true;
      YT.Player = Private;
    };
    Object.defineProperty(window, "onYouTubeIframeAPIReady", {
      configurable: true,
      get: function () {
        return function (id) {
          patchYouTube();
          ready(id);
        };
      },
      set: function (callback) {
        ready = typeof callback === "function" ? callback : function () {};
      }
    });
    var api = document.createElement("script");
    api.src = "https://www.youtube.com/iframe_api";
    document.head.appendChild(api);
  }
  // Vimeo likewise plays with "do not track" set on every player. H5P.Video loads Vimeo's
  // player script unless window.Vimeo exists, so nothing is defined ahead of it: the
  // script's own "window.Vimeo = ... ; Vimeo.Player = ..." is caught as it happens.
  if (config.vimeo) {
    var privateVimeo = function (Original) {
      if (typeof Original !== "function" || Original.manaraPrivacy) return Original;
      var Private = function (element, options) {
        options = options || {};
        options.dnt = true;
        return new Original(element, options);
      };
      Private.prototype = Original.prototype;
      Private.manaraPrivacy = true;
      return Private;
    };
    var guardPlayer = function (namespace) {
      var player = privateVimeo(namespace.Player);
      Object.defineProperty(namespace, "Player", {
        configurable: true,
        enumerable: true,
        get: function () { return player; },
        set: function (Original) { player = privateVimeo(Original); }
      });
    };
    var vimeoNamespace;
    Object.defineProperty(window, "Vimeo", {
      configurable: true,
      get: function () { return vimeoNamespace; },
      set: function (value) {
        vimeoNamespace = value;
        if (value && typeof value === "object") guardPlayer(value);
      }
    });
  }

  var options = {
    id: config.id,
    h5pJsonPath: config.h5pJsonPath,
    librariesPath: config.librariesPath,
    frameJs: config.frameJs,
    frameCss: config.frameCss,
    customCss: [config.fontCss],
    // The activity's address in every statement: fixed per course and block, whatever the
    // (expiring) addresses of the files it is played from.
    xAPIObjectIRI: config.xAPIObjectIRI,
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
  // The content's own height, which shrinks as well as grows: the document's scroll
  // height never falls below the frame's, so measure the body instead.
  var container = document.getElementById("h5p-container");
  var lastHeight = -1;
  function reportHeight() {
    var height = Math.ceil(
      Math.max(container.getBoundingClientRect().height, document.body.getBoundingClientRect().height)
    );
    if (height !== lastHeight) {
      lastHeight = height;
      tell({ type: "manara:h5p-height", height: height });
    }
  }
  new H5PStandalone.H5P(container, options).then(function () {
    window.H5P.externalDispatcher.on("xAPI", function (event) {
      tell({ type: "manara:h5p-xapi", statement: event.data.statement });
      reportState();
    });
    reportHeight();
    if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(container);
    setInterval(reportHeight, 1000);
    setInterval(reportState, 15000);
    tell({ type: "manara:h5p-ready" });
  });
})();
