/* The lesson page's side of an H5P activity. The player runs in a sandboxed frame and can
   only send messages; this script accepts them from that frame alone and records them with
   the volunteer's session and CSRF token. The server decides what they are worth. */
(function () {
  "use strict";
  if (window.manaraH5PActivities) return;
  window.manaraH5PActivities = true;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function post(section, url, payload) {
    var csrf = section.querySelector("input[name=csrfmiddlewaretoken]").value;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  function setup(section) {
    var frame = section.querySelector("iframe.h5p-activity__frame");
    var status = section.querySelector(".h5p-activity__status");
    var recording = section.dataset.recording === "1";
    var pending = 0;
    var queue = Promise.resolve();
    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow || event.origin !== "null") return;
      var data = event.data || {};
      if (data.type === "manara:h5p-height" && typeof data.height === "number") {
        frame.style.blockSize = Math.min(Math.max(data.height, 40), 8000) + "px";
        section.dataset.frameHeight = String(data.height);
      } else if (data.type === "manara:h5p-ready") {
        section.dataset.ready = "1";
      } else if (data.type === "manara:h5p-xapi" && recording && data.statement) {
        var statement = data.statement;
        statement.id = statement.id || uuid4();
        pending += 1;
        section.dataset.pending = pending;
        // One report at a time, in the order the player made them.
        queue = queue
          .then(function () {
            return post(section, section.dataset.xapiUrl, { activity: section.dataset.token, statement: statement });
          })
          .then(function (answer) {
            if (!answer.ok) {
              status.textContent = answer.body.error || status.dataset.error;
            } else if (answer.body.passed !== undefined) {
              status.textContent = answer.body.passed ? status.dataset.passed : status.dataset.failed;
              section.dataset.passed = answer.body.passed ? "1" : "0";
              if (answer.body.lesson_completed) {
                section.dataset.lessonCompleted = "1";
                status.textContent = status.dataset.completed;
              }
            }
          })
          .catch(function () { status.textContent = status.dataset.error; })
          .then(function () { pending -= 1; section.dataset.pending = pending; });
      } else if (data.type === "manara:h5p-state" && recording && typeof data.state === "string") {
        var state = data.state;
        queue = queue.then(function () {
          return post(section, section.dataset.stateUrl, { activity: section.dataset.token, state: state });
        }).catch(function () {});
      }
    });
  }

  function start() {
    document.querySelectorAll("section.h5p-activity[data-token]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
