// nnquiz serve: the little the page does in the browser. Everything works without it
// (plain forms); with it, the answer box says how the answer is read as it is typed
// (the server reads it, as check does), Enter moves to the next empty part, keys
// press the buttons that show them (<kbd>) outside an answer box, Enter outside a
// control presses the page's main button, and the wait page reloads when it is due
// (without the script, a <meta> refresh does it).
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

function control(target) {
  return target.closest("a, button, summary, input, textarea, select, [contenteditable]") !== null;
}

function shown(el) {
  return !el.disabled && el.offsetParent !== null;
}

function press(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (typing(event.target)) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  const open = document.getElementById("reveal");
  if (event.key === "Enter" || (event.key === " " && open && open.open)) {
    // Enter anywhere but on a control does what the page's main button does (go on,
    // show the answer, rate a card good), as Enter does in the terminal; so does Space
    // on a card's back (Anki's "good")
    const main = [...document.querySelectorAll("[data-enter]")].find(shown);
    if (main && !control(event.target)) { event.preventDefault(); main.click(); }
    return;
  }
  const key = event.key === " " ? " " : event.key.toLowerCase();
  const reveal = document.getElementById("reveal");
  if (/^[1-4]$/.test(key) && reveal && !reveal.open) return;
  const target = [...document.querySelectorAll("[data-key]")]
    .find(el => el.dataset.key === key && shown(el));
  if (!target) return;
  event.preventDefault();
  target.click();
  if (key === "f") {
    const note = document.getElementById("note");
    if (note && target.closest("details").open) note.focus();
  }
}

function reloadWhenDue(box) {
  // the wait page comes back when the next item is due, unless a flag is being written
  const seconds = Number(box.dataset.refresh);
  if (!(seconds > 0)) return;
  const later = () => {
    const note = document.getElementById("note");
    if (note && (note.value.trim() || document.activeElement === note)) {
      setTimeout(later, 5000);
    } else {
      location.reload();
    }
  };
  setTimeout(later, seconds * 1000);
}

document.addEventListener("DOMContentLoaded", () => {
  const waiting = document.getElementById("waiting");
  if (waiting) reloadWhenDue(waiting);
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
