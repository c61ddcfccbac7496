// Nameless radios as React renders them: the browser does not group them, the page's state does.
// A click checks its radio and unchecks the others of the same [data-group] box. With
// data-save-ms on the box, the shop "saves" first: the form disables itself, says aria-busy and
// shows a spinner, and only then shows the choice (a controlled radio follows the saved state).
document.querySelectorAll("[data-group]").forEach(function (box) {
  const radios = Array.from(box.querySelectorAll("input[type=radio]"));
  let chosen = radios.findIndex(r => r.checked);
  const show = () => radios.forEach((r, i) => { r.checked = i === chosen; });
  radios.forEach(function (r, i) {
    r.addEventListener("change", function () {
      const wait = parseInt(box.dataset.saveMs || "0", 10);
      if (!wait) { chosen = i; show(); return; }
      show();  // controlled: nothing changes until the shop has saved
      const form = box.closest("form"), fs = form.querySelector("fieldset");
      form.setAttribute("aria-busy", "true"); fs.disabled = true;
      const spin = document.getElementById("spinner"); if (spin) spin.hidden = false;
      setTimeout(function () {
        chosen = i; show(); form.removeAttribute("aria-busy"); fs.disabled = false;
        if (spin) spin.hidden = true;
        window.saved = (window.saved || 0) + 1;
      }, wait);
    });
  });
});
