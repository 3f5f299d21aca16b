// Choosing the surgery on the "Set up a newcomer" form fills in the place it is held in.
// Only a convenience: without this script the server uses the surgery's place when the
// place is left empty.
(function () {
  function connect(surgery) {
    var place = document.getElementById(surgery.getAttribute("data-fills-place"));
    if (!place) {
      return;
    }
    function fill(onlyIfEmpty) {
      var option = surgery.options[surgery.selectedIndex];
      var placeId = option ? option.getAttribute("data-place") : null;
      if (!placeId || (onlyIfEmpty && place.value)) {
        return;
      }
      for (var i = 0; i < place.options.length; i++) {
        if (place.options[i].value === placeId) {
          place.value = placeId;
          return;
        }
      }
    }
    surgery.addEventListener("change", function () {
      fill(false);
    });
    // Today's surgery may already be chosen: show its place straight away.
    fill(true);
  }

  function start() {
    var surgeries = document.querySelectorAll("select[data-fills-place]");
    for (var i = 0; i < surgeries.length; i++) {
      connect(surgeries[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
