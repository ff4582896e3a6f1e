/* Small page behaviours, wired by data attributes so that no page needs inline script (the Content-Security-Policy
   allows scripts only from the site's own files; see plantrack/web/content_security.py).
   data-submit-on-change   on a form field: submit its form when the choice changes
   data-check-all="SEL"    on a checkbox: tick or untick every checkbox matching SEL with it
   data-history-back       on a link: go back a page (the link's own address is the fallback) */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-submit-on-change]");
    if (field && field.form) {
      field.form.submit();
    }
    var all = event.target.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll(all.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
  document.addEventListener("click", function (event) {
    var back = event.target.closest("[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
