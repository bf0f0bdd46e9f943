// Progressive enhancement only: every page works without this script.
// Adds "Copier" buttons beside read-only fields marked data-copy.
(function () {
  "use strict";
  function copy(input, button) {
    var done = function () {
      var old = button.textContent;
      button.textContent = "Copié ✓";
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
    } else {
      input.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
    }
  }
  document.querySelectorAll("input[data-copy]").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Copier";
    var label = document.querySelector('label[for="' + input.id + '"]');
    button.setAttribute("aria-label", "Copier : " + (label ? label.textContent : "texte"));
    button.addEventListener("click", function () { copy(input, button); });
    input.insertAdjacentElement("afterend", button);
    input.addEventListener("focus", function () { input.select(); });
  });
  // Submitting the sort menu on change saves a click; the button stays for no-JS use.
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
})();
