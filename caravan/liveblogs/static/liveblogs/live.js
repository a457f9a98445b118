// A live blog's new updates without reloading (progressive enhancement: the page
// shows the same on a reload). Polls the page's updates/ fragment, which the
// page cache and Varnish keep until an update purges it; sends the ETag back,
// so an unchanged fragment costs a 304 and no body.
(function () {
  "use strict";
  var section = document.querySelector(".liveblog[data-poll]");
  if (!section || !window.fetch || !window.DOMParser) return;
  var url = section.getAttribute("data-poll");
  var seconds = Math.max(1, parseInt(section.getAttribute("data-poll-seconds"), 10) || 15);
  var announcer = section.querySelector(".liveblog__announce");
  var refresh = section.querySelector(".liveblog__refresh");
  var etag = null;
  var timer = null;
  if (refresh) refresh.hidden = true;

  function current() {
    return section.querySelector("#liveblog-live");
  }

  function merge(fresh) {
    var old = current();
    var oldList = old.querySelector(".liveblog__updates");
    var freshList = fresh.querySelector(".liveblog__updates");
    if (!oldList || !freshList) {
      old.replaceWith(fresh);
      return fresh.querySelectorAll(".liveblog__update").length;
    }
    var added = 0;
    // Updates already shown keep their place (and the reader's focus) unless
    // they changed; new ones come in where the server puts them.
    var kept = {};
    Array.prototype.forEach.call(oldList.children, function (item) { kept[item.id] = item; });
    var items = Array.prototype.slice.call(freshList.children);
    items.forEach(function (item) {
      var shown = kept[item.id];
      if (shown && shown.getAttribute("data-updated") === item.getAttribute("data-updated")) {
        freshList.replaceChild(shown, item);
      } else if (!shown) {
        added += 1;
      }
    });
    old.replaceWith(fresh);
    return added;
  }

  function announce(count) {
    if (!announcer || count < 1) return;
    announcer.textContent = announcer.getAttribute("data-announce") + " " + count;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, seconds * 1000);
  }

  function poll() {
    if (document.hidden) return; // resumed on visibilitychange
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304 || !response.ok) return null;
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("liveblog-live");
        if (fresh) announce(merge(document.importNode(fresh, true)));
      })
      .catch(function () { /* offline for a moment: try again next time */ })
      .then(function () {
        var live = current();
        if (live && live.getAttribute("data-state") === "live") schedule();
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) poll();
  });
  if (current() && current().getAttribute("data-state") === "live") schedule();
})();
