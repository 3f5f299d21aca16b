// Live coverage of a meeting: ask now and then for new updates and put them at the top.
// Without JavaScript the page is complete as it is; a reload shows the new updates.
// Each ask sends If-None-Match, so while nothing is new the answer is an empty 304.
(function () {
  "use strict";

  var section = document.querySelector("[data-live-poll]");
  if (!section || !window.fetch || !document.createElement("template").content) {
    return;
  }
  var list = section.querySelector("[data-live-list]");
  var status = section.querySelector("[data-live-status]");
  var url = section.getAttribute("data-live-poll");
  var seconds = Math.max(parseInt(section.getAttribute("data-live-seconds"), 10) || 15, 1);
  var etag = null;
  var timer = null;

  function add(updates) {
    // The answer lists the newest first: put the oldest new one on top first.
    var fresh = updates.filter(function (update) {
      return !document.getElementById(update.id);
    });
    for (var i = fresh.length - 1; i >= 0; i -= 1) {
      var template = document.createElement("template");
      template.innerHTML = fresh[i].html.trim();
      var item = template.content.firstElementChild;
      if (item) {
        list.insertBefore(item, list.firstElementChild);
      }
    }
    if (fresh.length) {
      var empty = list.querySelector("[data-live-empty]");
      if (empty) {
        empty.remove();
      }
    }
  }

  function later() {
    timer = window.setTimeout(ask, seconds * 1000);
  }

  function ask() {
    timer = null;
    var headers = etag ? { "If-None-Match": etag } : {};
    window
      .fetch(url, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok) {
          throw new Error(response.status);
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (answer) {
        if (answer) {
          add(answer.updates || []);
          if (answer.status !== "live") {
            status.textContent = answer.ended_notice || "";
            return; // the meeting is over: nothing more will come
          }
        }
        later();
      })
      .catch(later);
  }

  document.addEventListener("visibilitychange", function () {
    // A phone in a pocket need not ask; look at once when the page is back.
    if (document.visibilityState === "visible" && timer !== null) {
      window.clearTimeout(timer);
      ask();
    }
  });
  later();
})();
