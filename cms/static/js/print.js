// The article's print button. Printing needs JavaScript, so the button is made
// here: without it nobody sees a control that does nothing (docs/accessibility.md).
(function () {
  "use strict";
  var script = document.currentScript;
  var header = document.querySelector("main article > header");
  if (!script || !header || typeof window.print !== "function") {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "print-button";
  button.textContent = script.dataset.label;
  button.addEventListener("click", function () {
    window.print();
  });
  header.appendChild(button);
})();
