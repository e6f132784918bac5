// nnquiz serve: the little the page does in the browser. Everything works without it
// (plain forms); with it, the answer box says how the answer is read as it is typed
// (the server reads it, as check does), Enter moves to the next empty part, and keys
// press the buttons that show them (<kbd>), outside an answer box.
"use strict";

function readAs(input) {
  const out = document.getElementById("r-" + input.dataset.part);
  let timer = null;
  let asked = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value;
    if (!text.trim()) { out.textContent = ""; out.classList.remove("warn"); return; }
    timer = setTimeout(async () => {
      const mine = ++asked;
      const query = new URLSearchParams({ part: input.dataset.part, text: text });
      let said;
      try {
        const reply = await fetch("/read?" + query, { credentials: "same-origin" });
        if (!reply.ok) return;
        said = await reply.json();
      } catch (e) { return; }
      if (mine !== asked || input.value !== text) return;  // typed on since
      out.classList.toggle("warn", !!said.why);
      out.textContent = said.why ? said.why : said.read_as !== null ? "read as " + said.read_as : "";
    }, 120);
  });
}

function nextPart(event) {
  // Enter in a part with another part still empty goes there instead of checking
  if (event.key !== "Enter" || event.isComposing) return;
  const boxes = [...document.querySelectorAll("input.answer")];
  const empty = boxes.find(b => b !== event.target && !b.value.trim());
  if (empty && event.target.value.trim()) { event.preventDefault(); empty.focus(); }
}

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

function press(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (typing(event.target)) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  const key = event.key === " " ? " " : event.key.toLowerCase();
  const reveal = document.getElementById("reveal");
  if (/^[1-4]$/.test(key) && reveal && !reveal.open) return;
  const target = [...document.querySelectorAll("[data-key]")]
    .find(el => el.dataset.key === key && !el.disabled && el.offsetParent !== null);
  if (!target) return;
  event.preventDefault();
  target.click();
  if (key === "f") {
    const note = document.getElementById("note");
    if (note && target.closest("details").open) note.focus();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.answer").forEach(input => {
    readAs(input);
    input.addEventListener("keydown", nextPart);
  });
  document.addEventListener("keydown", press);
  const reveal = document.getElementById("reveal");
  if (reveal) {
    reveal.addEventListener("toggle", () => {
      const good = reveal.querySelector("button.r3");
      if (reveal.open && good) good.focus();
    });
  }
});
