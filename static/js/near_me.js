// "Use my location" on the network surgeries page: with the reader's go-ahead (a click, then the
// browser's own question), fill the latitude and longitude fields from the browser and send the
// form. Only a convenience: without this script readers choose a town or type a position. The
// position goes nowhere but this site's own address, as two GET fields.
(function () {
  function connect(fieldset) {
    if (!navigator.geolocation) {
      return;
    }
    var form = fieldset.form || fieldset.closest("form");
    var latitude = form && form.elements.namedItem("latitude");
    var longitude = form && form.elements.namedItem("longitude");
    if (!latitude || !longitude) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = fieldset.getAttribute("data-near-me-label") || "Use my location";
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      status.textContent = fieldset.getAttribute("data-near-me-asking") || "";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          latitude.value = position.coords.latitude.toFixed(4);
          longitude.value = position.coords.longitude.toFixed(4);
          form.submit();
        },
        function () {
          status.textContent = fieldset.getAttribute("data-near-me-failed") || "";
        },
        { enableHighAccuracy: false, maximumAge: 600000, timeout: 15000 }
      );
    });
    fieldset.appendChild(button);
    fieldset.appendChild(status);
  }

  function start() {
    var fieldsets = document.querySelectorAll("[data-near-me]");
    for (var i = 0; i < fieldsets.length; i++) {
      connect(fieldsets[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
