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
  // A pasted paragraph (more distinct words than a search takes, or too long for an address) goes
  // to the agreed-language finder by POST, text included, instead of a refusal that loses it.
  // The word limit is the engine's (indexer/search/query.py MAX_WORDS), written by the page on the form.
  var MAX_ADDRESS = 6000;
  function distinctWords(text) {
    var cleaned = text.replace(/["()+]|\b(?:OR|AND|NOT)\b/g, " ");
    var seen = {};
    cleaned.split(/\s+/).forEach(function (w) { if (w && w.charAt(0) !== "-") { seen[w] = true; } });
    return Object.keys(seen).length;
  }
  document.querySelectorAll('form[role="search"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var q = form.querySelector('input[name="q"]');
      var maxWords = parseInt(form.getAttribute("data-max-words"), 10);
      if (!q || !maxWords || (distinctWords(q.value) <= maxWords && encodeURIComponent(q.value).length <= MAX_ADDRESS)) {
        return;
      }
      event.preventDefault();
      var finder = document.createElement("form");
      finder.method = "post";
      finder.action = form.getAttribute("data-finder") || "/libelle";
      var text = document.createElement("textarea");
      text.name = "texte";
      text.value = q.value;
      finder.appendChild(text);
      finder.hidden = true;
      document.body.appendChild(finder);
      finder.submit();
    });
  });
  // Submitting the sort menu on change saves a click; the button stays for no-JS use.
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
})();
