// Click-to-load videos: the page holds a link to the video; only when the
// reader presses it do we add the provider's player (and contact the provider).
// Without JavaScript the link simply opens the video on the provider's site.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-embed-load]");
    if (!link) return;
    var figure = link.closest("[data-embed-src]");
    var src = figure && figure.getAttribute("data-embed-src");
    if (!src || src.indexOf("https://") !== 0) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
    frame.title = figure.getAttribute("data-embed-title") || link.textContent;
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.loading = "lazy";
    frame.className = "block-embed__frame";
    var placeholder = figure.querySelector(".block-embed__placeholder");
    figure.replaceChild(frame, placeholder);
    frame.focus();
  });
})();
