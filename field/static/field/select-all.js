// "Select all" for a list of checkboxes: a checkbox that ticks or clears every box of its
// table (data-select-all names the table). The page works without it: each row has its own
// box and the form has a button that applies to every record shown.
document.querySelectorAll("[data-select-all]").forEach((all) => {
  const table = document.getElementById(all.dataset.selectAll);
  if (!table) return;
  const boxes = () => table.querySelectorAll("tbody input[type=checkbox]");
  all.hidden = false;
  all.closest("[hidden]")?.removeAttribute("hidden");
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  table.addEventListener("change", (event) => {
    if (event.target === all) return;
    const list = [...boxes()];
    all.checked = list.length > 0 && list.every((box) => box.checked);
  });
});
