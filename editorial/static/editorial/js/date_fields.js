// Wagtail's date pickers (xdsoft datetimepicker) replace a date they cannot
// read with the current one when the field loses focus, so "32/13/2026"
// silently became today. Keep what the officer typed: the server refuses it
// with a message (docs/workflow.md, "Dates").
if (window.jQuery && window.jQuery.fn.datetimepicker) {
  window.jQuery.fn.datetimepicker.defaults.validateOnBlur = false;
}
