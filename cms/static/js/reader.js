// Reader controls, the print button and "copy link". The head's inline script
// (cms/reader.py) has already applied the remembered choices; this only
// handles clicks. Without scripts these controls stay hidden (.needs-js) and
// the page reads as usual (docs/design.md).
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["s", "", "l", "xl"];

  function remember(key, value) {
    try {
      if (value) {
        localStorage.setItem(key, value);
      } else {
        localStorage.removeItem(key);
      }
    } catch (e) {
      // Private modes may refuse storage: the choice lasts for this page.
    }
  }

  function currentSize() {
    for (var i = 0; i < SIZES.length; i++) {
      if (SIZES[i] && root.classList.contains("text-" + SIZES[i])) {
        return i;
      }
    }
    return 1;
  }

  function showState() {
    var index = currentSize();
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      var step = button.getAttribute("data-text-size");
      // aria-disabled, not disabled: the button keeps its place in the Tab order.
      var limit =
        (step === "down" && index === 0) ||
        (step === "up" && index === SIZES.length - 1);
      button.setAttribute("aria-disabled", String(limit));
      if (step === "reset") {
        button.setAttribute("aria-pressed", String(index === 1));
      }
    });
    var high = root.classList.contains("contrast");
    document.querySelectorAll("[data-contrast]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(high));
    });
  }

  function setSize(index) {
    index = Math.max(0, Math.min(SIZES.length - 1, index));
    SIZES.forEach(function (size) {
      if (size) {
        root.classList.remove("text-" + size);
      }
    });
    if (SIZES[index]) {
      root.classList.add("text-" + SIZES[index]);
    }
    remember("reader-text", SIZES[index]);
    showState();
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest(
      "[data-text-size], [data-contrast], [data-print], [data-copy-link]"
    );
    if (!target) {
      return;
    }
    if (target.hasAttribute("data-text-size")) {
      var step = target.getAttribute("data-text-size");
      setSize(step === "reset" ? 1 : currentSize() + (step === "up" ? 1 : -1));
    } else if (target.hasAttribute("data-contrast")) {
      var high = root.classList.toggle("contrast");
      remember("reader-contrast", high ? "high" : "");
      showState();
    } else if (target.hasAttribute("data-print")) {
      window.print();
    } else if (navigator.clipboard) {
      event.preventDefault();
      navigator.clipboard.writeText(target.href).then(function () {
        var status = document.getElementById("share-status");
        if (status) {
          status.textContent = target.getAttribute("data-copied");
        }
      });
    }
  });

  // Paper has no links: the print stylesheet prints each link's full address,
  // which only the browser knows for a relative one.
  document.querySelectorAll("main a[href]").forEach(function (link) {
    if (link.getAttribute("href").charAt(0) !== "#") {
      link.setAttribute("data-print-href", link.href);
    }
  });

  showState();
})();
