// Progressive enhancement for filter forms: a changed select or date applies the filters
// at once (the form still works without JavaScript through its Apply button). Empty
// fields are left out of the URL so that shared links stay short.
(function () {
  "use strict";

  function submitClean(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value === "") {
        field.disabled = true;
      }
    });
    form.submit();
  }

  // Back/forward restores the page from cache with the fields still disabled.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-autosubmit] [disabled]").forEach(function (field) {
      field.disabled = false;
    });
  });

  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.tagName === "SELECT" || target.type === "date") {
        submitClean(form);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitClean(form);
    });
  });
})();
