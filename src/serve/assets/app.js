// Minimal search page: the query box, results with highlighted snippets. State is in the URL.
"use strict";

const form = document.getElementById("search");
const box = document.getElementById("q");

function render(results) {
  document.getElementById("summary").textContent =
    results.total + " matching passages";
  const list = document.getElementById("hits");
  list.replaceChildren(...results.hits.map((hit) => {
    const item = document.createElement("li");
    const title = document.createElement("h2");
    title.textContent = hit.title;
    const snippet = document.createElement("p");
    const chars = Array.from(hit.snippet.text);
    let at = 0;
    for (const [start, end] of hit.snippet.highlights) {
      snippet.append(chars.slice(at, start).join(""));
      const mark = document.createElement("mark");
      mark.textContent = chars.slice(start, end).join("");
      snippet.append(mark);
      at = end;
    }
    snippet.append(chars.slice(at).join(""));
    item.append(title, snippet);
    return item;
  }));
}

async function load() {
  const params = new URLSearchParams(location.search);
  box.value = params.get("q") || "";
  if (!box.value) return;
  const response = await fetch("/api/search?" + params.toString());
  const body = await response.json();
  if (!response.ok) {
    document.getElementById("summary").textContent = body.error;
    return;
  }
  render(body);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  history.pushState(null, "", "/?" + new URLSearchParams({ q: box.value }));
  load();
});
window.addEventListener("popstate", load);
load();
