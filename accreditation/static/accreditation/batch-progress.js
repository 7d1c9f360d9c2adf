// Polls a bulk issue's progress every two seconds until every certificate is ready.
(function () {
  const box = document.querySelector("[data-batch-progress]");
  if (!box) return;
  const bar = box.querySelector("progress");
  async function poll() {
    const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const progress = await response.json();
    bar.value = progress.percent;
    box.querySelector("[data-rendered]").textContent = progress.rendered;
    box.querySelector("[data-total]").textContent = progress.total;
    if (progress.done) {
      box.querySelector("[data-done]").hidden = false;
    } else {
      window.setTimeout(poll, 2000);
    }
  }
  window.setTimeout(poll, 1000);
})();
