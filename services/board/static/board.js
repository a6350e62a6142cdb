// The board's only script: pages work without it; it adds the selection-to-quote,
// the live refresh of the status matrix and of a version's files, and the preview.
"use strict";

const CONTEXT = 32;

// Selecting words in the text fills the comment form's quote, with the words around it,
// as a W3C text-quote selector (exact, prefix, suffix) of the text the reader sees.
function followSelection() {
  const source = document.querySelector("[data-quote-source]");
  const form = document.querySelector("[data-quote-form]");
  if (!source || !form) return;
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) return;
    const exact = range.toString();
    if (!exact.trim()) return;
    const before = document.createRange();
    before.setStart(source, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const text = source.textContent;
    const start = before.toString().length;
    form.elements.exact.value = exact;
    form.elements.prefix.value = text.slice(Math.max(0, start - CONTEXT), start);
    form.elements.suffix.value = text.slice(start + exact.length, start + exact.length + CONTEXT);
  });
  // Typed by hand, the quote has no context of its own: the server finds it alone.
  form.elements.exact.addEventListener("input", () => {
    form.elements.prefix.value = "";
    form.elements.suffix.value = "";
  });
}

// Each open thread's words are marked in the text; a mark leads to its thread.
function markThreads() {
  const source = document.querySelector("[data-quote-source]");
  if (!source) return;
  for (const thread of document.querySelectorAll("article[data-quote-now]")) {
    // The Markdown's emphasis and code marks are not in the page's text.
    const words = thread.dataset.quoteNow.replace(/[*_`]/g, "").trim();
    if (!words) continue;
    const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.closest("mark")) continue;
      const at = node.data.indexOf(words);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const mark = document.createElement("mark");
      mark.className = "anchor";
      mark.title = thread.querySelector("h3").textContent;
      mark.addEventListener("click", () => thread.scrollIntoView({ behavior: "smooth" }));
      range.surroundContents(mark);
      break;
    }
  }
}

// A part of the page that follows the paper: the event stream (the same one the API
// serves, authenticated by the session cookie) says something happened, and the part is
// fetched again from the server, which alone decides what it shows.
function followEvents() {
  for (const part of document.querySelectorAll("[data-live-events]")) {
    const status = part.parentElement.querySelector("[data-live-status]");
    let timer = null;
    const refresh = async () => {
      const answer = await fetch(part.dataset.liveFragment, { credentials: "same-origin" });
      if (!answer.ok) return;
      part.innerHTML = await answer.text();
      part.dataset.refreshed = String(Number(part.dataset.refreshed || 0) + 1);
    };
    const stream = new EventSource(part.dataset.liveEvents, { withCredentials: true });
    stream.addEventListener("message", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
    stream.addEventListener("open", () => { part.dataset.live = "open"; });
    // EventSource reconnects by itself after a dropped connection; it gives up only when
    // refused (signed out, no longer a member): say so rather than look live.
    stream.addEventListener("error", () => {
      if (stream.readyState === EventSource.CLOSED) {
        part.dataset.live = "closed";
        if (status && status.dataset.stopped) status.textContent = status.dataset.stopped;
      }
    });
  }
}

// The editor's preview: the server renders the Markdown exactly as the text page will.
function previewEditor() {
  const form = document.querySelector("form[data-preview]");
  if (!form) return;
  const target = form.querySelector("[data-preview-target]");
  const body = form.elements.body;
  let timer = null;
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const data = new URLSearchParams();
      data.set("body", body.value);
      const csrf = form.querySelector("input[name=csrf_token]");
      if (csrf) data.set("csrf_token", csrf.value);
      const answer = await fetch(form.dataset.preview, { method: "POST", body: data, credentials: "same-origin" });
      if (answer.ok) target.innerHTML = await answer.text();
    }, 400);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  markThreads();
  followSelection();
  followEvents();
  previewEditor();
});
