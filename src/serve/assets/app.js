// The search page. Everything a search depends on lives in the URL, so a search can be shared
// and the back button works: every action builds a new state, pushes it and renders from it.
// The DOM is built with textContent and attributes only: article text may contain HTML, and the
// page's CSP forbids inline styles, so there is no innerHTML and no element.style anywhere.
"use strict";

const PAGE_SIZE = 10;
const FACETS = ["speaker", "entity", "source"];
const SORTS = ["relevance", "newest", "oldest"];
// More months than this would draw bars too thin to see or click; years are shown instead.
const MAX_MONTH_BARS = 120;
const SVG = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);
const form = $("search");

// ---- State <-> URL ---------------------------------------------------------------------------

function readState(search) {
  const params = new URLSearchParams(search);
  const offset = Number.parseInt(params.get("offset") || "0", 10);
  const sort = params.get("sort");
  return {
    q: params.get("q") || "",
    speaker: params.getAll("speaker"),
    entity: params.getAll("entity"),
    source: params.getAll("source"),
    since: params.get("since") || "",
    until: params.get("until") || "",
    sort: SORTS.includes(sort) ? sort : "relevance",
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
  };
}

// Only what differs from the defaults, so shared URLs stay short.
function filterParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const kind of FACETS) for (const value of state[kind]) params.append(kind, value);
  if (state.since) params.set("since", state.since);
  if (state.until) params.set("until", state.until);
  return params;
}

function stateQuery(state) {
  const params = filterParams(state);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.offset) params.set("offset", String(state.offset));
  const text = params.toString();
  return text ? "?" + text : "";
}

function navigate(state) {
  history.pushState(null, "", location.pathname + stateQuery(state));
  render(state);
}

// ---- Talking to the API ----------------------------------------------------------------------

class ApiError extends Error {}

async function getJson(path, params) {
  let response;
  try {
    response = await fetch(path + "?" + params.toString(), { headers: { Accept: "application/json" } });
  } catch {
    throw new ApiError("Cannot reach the newsdex server. Is it still running?");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page, say: fall through to the status line.
  }
  if (!response.ok) {
    throw new ApiError((body && body.error) || "The server answered " + response.status + ".");
  }
  return body;
}

// ---- Rendering -------------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
  return node;
}

const number = new Intl.NumberFormat("en");

// Each render gets a number; an answer that arrives after a newer render started is dropped,
// so a slow response can never overwrite a newer one.
let generation = 0;

async function render(state) {
  const mine = ++generation;
  fillForm(state);
  renderChips(state);
  $("results").setAttribute("aria-busy", "true");
  const search = filterParams(state);
  search.set("sort", state.sort);
  search.set("offset", String(state.offset));
  search.set("limit", String(PAGE_SIZE));
  for (const kind of FACETS) search.append("facet", kind);
  search.set("facet_limit", "12");
  const timeline = filterParams(state);
  timeline.set("interval", "month");
  try {
    const [results, months] = await Promise.all([
      getJson("/api/search", search),
      getJson("/api/timeline", timeline),
    ]);
    if (mine !== generation) return;
    showError("");
    renderSummary(state, results);
    renderHits(results);
    renderFacets(state, results.facets);
    document.querySelector(".facets").hidden = false;
    renderTimeline(state, months);
    renderPager(state, results);
  } catch (error) {
    if (mine !== generation) return;
    if (!(error instanceof ApiError)) throw error;
    clearResults();
    showError(error.message);
  } finally {
    if (mine === generation) $("results").setAttribute("aria-busy", "false");
  }
}

function fillForm(state) {
  // The URL wins, so after Back the boxes show the search the results are for.
  for (const name of ["q", "since", "until"]) {
    const input = $(name);
    if (input.value !== state[name]) input.value = state[name];
  }
  $("sort").value = state.sort;
}

function showError(message) {
  $("error").textContent = message ? "Search failed: " + message : "";
}

function clearResults() {
  $("summary").textContent = "";
  $("hits").replaceChildren();
  $("timeline").hidden = true;
  $("pager").hidden = true;
  // Facets of a failed search would be stale; hide their headings too.
  document.querySelector(".facets").hidden = true;
}

function renderChips(state) {
  const chips = [];
  for (const kind of FACETS) {
    for (const value of state[kind]) {
      const button = el("button", "chip");
      button.type = "button";
      button.setAttribute("aria-label", "Remove " + kind + " filter " + value);
      button.append(el("span", "chip-kind", kind + ":"), " " + value + " ", el("span", "chip-x", "×"));
      button.addEventListener("click", () => navigate(toggle(state, kind, value)));
      const item = el("li");
      item.append(button);
      chips.push(item);
    }
  }
  $("chips").replaceChildren(...chips);
  $("active").hidden = chips.length === 0;
}

// The state with `value` added to, or removed from, the `kind` filters; back to the first page.
function toggle(state, kind, value) {
  const values = state[kind].includes(value)
    ? state[kind].filter((v) => v !== value)
    : [...state[kind], value];
  return { ...state, [kind]: values, offset: 0 };
}

function renderSummary(state, results) {
  const what = state.q ? "for “" + state.q + "”" : "in the whole index";
  let text;
  if (results.total === 0) text = "No passages " + what + ".";
  else if (results.hits.length === 0) text = "No more passages " + what + ": " + number.format(results.total) + " in all.";
  else text = number.format(results.total) + (results.total === 1 ? " passage " : " passages ") + what + ".";
  $("summary").textContent = text;
}

function renderHits(results) {
  const list = $("hits");
  list.start = results.offset + 1;
  list.replaceChildren(...results.hits.map(renderHit));
}

function renderHit(hit) {
  const item = el("li", "hit");
  const article = el("article");
  const heading = el("h3", "hit-title");
  if (hit.url && /^https?:\/\//i.test(hit.url)) {
    const link = el("a", "", hit.title || hit.url);
    link.href = hit.url;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    heading.append(link);
  } else {
    heading.textContent = hit.title || hit.path;
  }
  const meta = el("p", "hit-meta");
  const parts = [];
  if (hit.source) parts.push(el("span", "hit-source", hit.source));
  if (hit.date) {
    const time = el("time", "hit-date", hit.date);
    time.dateTime = hit.date;
    parts.push(time);
  }
  if (parts.length === 0) parts.push(el("span", "hit-source", "undated"));
  parts.forEach((part, i) => {
    if (i) meta.append(" · ");
    meta.append(part);
  });

  const snippet = el("p", "hit-text");
  snippet.append(...highlighted(hit.snippet));
  const full = el("p", "hit-text hit-full", hit.text);
  full.hidden = true;
  article.append(heading, meta, snippet, full);

  if (hit.speakers.length) {
    const speakers = el("p", "hit-speakers");
    speakers.append(el("span", "label", hit.speakers.length === 1 ? "Speaker: " : "Speakers: "), hit.speakers.join(", "));
    article.append(speakers);
  }
  // Only offer the whole passage when the snippet is a cut of it.
  if (hit.snippet.text !== hit.text) {
    const more = el("button", "link-button", "Show full passage");
    more.type = "button";
    more.setAttribute("aria-expanded", "false");
    more.addEventListener("click", () => {
      const open = full.hidden;
      full.hidden = !open;
      snippet.hidden = open;
      more.setAttribute("aria-expanded", String(open));
      more.textContent = open ? "Show snippet" : "Show full passage";
    });
    article.append(more);
  }
  item.append(article);
  return item;
}

// The snippet as text nodes and <mark>s. Highlights are offsets in characters (code points),
// so the text is split with Array.from, not indexed as UTF-16.
function highlighted(snippet) {
  const chars = Array.from(snippet.text);
  const nodes = [];
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    if (start < at || end <= start) continue;
    if (start > at) nodes.push(chars.slice(at, start).join(""));
    nodes.push(el("mark", "", chars.slice(start, end).join("")));
    at = end;
  }
  if (at < chars.length) nodes.push(chars.slice(at).join(""));
  return nodes;
}

function renderFacets(state, facets) {
  for (const section of document.querySelectorAll(".facet")) {
    const kind = section.dataset.kind;
    const rows = (facets && facets[kind]) || [];
    const list = section.querySelector(".facet-list");
    const items = rows.map((row) => {
      const active = state[kind].includes(row.value);
      const button = el("button", "facet-toggle");
      button.type = "button";
      button.setAttribute("aria-pressed", String(active));
      button.append(el("span", "facet-value", row.value), el("span", "facet-count", number.format(row.count)));
      button.addEventListener("click", () => navigate(toggle(state, kind, row.value)));
      const item = el("li");
      item.append(button);
      return item;
    });
    if (items.length === 0) items.push(el("li", "facet-empty", "None"));
    list.replaceChildren(...items);
  }
}

function renderPager(state, results) {
  const pager = $("pager");
  pager.hidden = results.total === 0;
  const first = results.hits.length ? results.offset + 1 : 0;
  const last = results.offset + results.hits.length;
  $("range").textContent = number.format(first) + "–" + number.format(last) + " of " + number.format(results.total);
  const prev = $("prev");
  const next = $("next");
  prev.disabled = state.offset === 0;
  next.disabled = last >= results.total;
  prev.onclick = () => navigate({ ...state, offset: Math.max(0, state.offset - PAGE_SIZE) });
  next.onclick = () => navigate({ ...state, offset: state.offset + PAGE_SIZE });
}

// ---- Timeline --------------------------------------------------------------------------------

// Month buckets, or the same counts summed per year when there are too many months to draw.
function periods(months) {
  if (months.length <= MAX_MONTH_BARS) return { unit: "month", buckets: months };
  const years = [];
  for (const bucket of months) {
    const year = bucket.start.slice(0, 4);
    const last = years[years.length - 1];
    if (last && last.start === year) last.count += bucket.count;
    else years.push({ start: year, count: bucket.count });
  }
  return { unit: "year", buckets: years };
}

// The chart is drawn at the width it is shown at, so its labels keep their size on a phone;
// it is redrawn when the window's width changes.
const CHART = { height: 150, left: 34, right: 8, top: 10, bottom: 24, maxBar: 48 };
let lastTimeline = null;

function renderTimeline(state, timeline) {
  lastTimeline = { state, timeline };
  const figure = $("timeline");
  const { unit, buckets } = periods(timeline.buckets);
  figure.hidden = buckets.length === 0;
  if (buckets.length === 0) return;
  const dated = buckets.reduce((sum, b) => sum + b.count, 0);
  const peak = buckets.reduce((best, b) => (b.count > best.count ? b : best), buckets[0]);
  const span = buckets[0].start + (buckets.length > 1 ? " to " + buckets[buckets.length - 1].start : "");
  const caption = "Dated passages per " + unit + ", " + span + ": " + number.format(dated) +
    " in all, most in " + peak.start + " (" + number.format(peak.count) + ").";
  $("timeline-caption").textContent = caption;
  $("timeline-period").textContent = unit === "month" ? "Month" : "Year";

  const { height, left, right, top, bottom, maxBar } = CHART;
  const width = Math.max(280, Math.round($("timeline-chart").clientWidth) || 640);
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const slot = plotWidth / buckets.length;
  const gap = slot > 4 ? Math.min(2, slot * 0.2) : 0;
  const max = Math.max(1, peak.count);
  // Wide bars (a few periods) are capped: one bar the width of the chart reads as a box.
  const barWidth = Math.max(0.5, Math.min(maxBar, slot - gap));
  const chart = svg("svg", {
    viewBox: "0 0 " + width + " " + height,
    width,
    height,
    class: "chart",
    role: "group",
    "aria-label": caption,
    "data-unit": unit,
  });
  // The y axis: zero and the peak, with a faint line at the peak.
  chart.append(
    svg("line", { class: "axis", x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight }),
    svg("line", { class: "grid", x1: left, x2: width - right, y1: top, y2: top }),
    label(left - 6, top + plotHeight, "0", "end"),
    label(left - 6, top + 4, number.format(max), "end"),
  );
  const bars = svg("g", { class: "bars" });
  buckets.forEach((bucket, i) => {
    const x = left + i * slot;
    const h = (bucket.count / max) * plotHeight;
    const link = svg("a", { href: stateQuery(narrow(state, bucket.start)), tabindex: "-1", "aria-hidden": "true" });
    const title = svg("title");
    title.textContent = bucket.start + ": " + number.format(bucket.count) + (bucket.count === 1 ? " passage" : " passages");
    // A full-height target, so thin and empty bars can still be hovered and clicked.
    link.append(
      title,
      svg("rect", { class: "target", x, y: top, width: slot, height: plotHeight }),
      svg("rect", { class: "bar", x: x + (slot - barWidth) / 2, y: top + plotHeight - h, width: barWidth, height: h }),
    );
    link.addEventListener("click", (event) => {
      event.preventDefault();
      navigate(narrow(state, bucket.start));
    });
    bars.append(link);
  });
  chart.append(bars);
  // The x axis: the first and last periods and a few evenly spaced between.
  const step = Math.max(1, Math.ceil(buckets.length / Math.max(2, Math.floor(width / 90))));
  buckets.forEach((bucket, i) => {
    const lastOne = i === buckets.length - 1;
    if (i % step !== 0 && !lastOne) return;
    if (!lastOne && buckets.length - 1 - i < step / 2 && i !== 0) return; // would collide with the last
    // Centred under its bar, but kept inside the chart (about 6.6 units a character at 11px).
    const half = (bucket.start.length * 6.6) / 2;
    const x = Math.min(Math.max(left + (i + 0.5) * slot, half), width - right - half);
    chart.append(label(x, height - 6, bucket.start, "middle"));
  });
  $("timeline-chart").replaceChildren(chart);

  // The same numbers as a table: the text alternative, and the keyboard's way to narrow.
  $("timeline-rows").replaceChildren(...buckets.map((bucket) => {
    const row = el("tr");
    const period = el("th");
    period.scope = "row";
    const link = el("a", "", bucket.start);
    link.href = stateQuery(narrow(state, bucket.start)) || "/";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      navigate(narrow(state, bucket.start));
    });
    period.append(link);
    row.append(period, el("td", "", number.format(bucket.count)));
    return row;
  }));
}

function label(x, y, text, anchor) {
  const node = svg("text", { x, y, "text-anchor": anchor, class: "tick" });
  node.textContent = text;
  return node;
}

// The state limited to one month or year (a period label is a valid since/until value).
function narrow(state, start) {
  return { ...state, since: start, until: start, offset: 0 };
}

// ---- Events ----------------------------------------------------------------------------------

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const state = readState(location.search);
  navigate({
    ...state,
    q: $("q").value.trim(),
    since: $("since").value.trim(),
    until: $("until").value.trim(),
    sort: $("sort").value,
    offset: 0,
  });
});

// A new order is a new search: apply it at once, with whatever is typed in the form.
$("sort").addEventListener("change", () => form.requestSubmit());

let resizing = 0;
let drawnWidth = window.innerWidth;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => {
    if (window.innerWidth === drawnWidth || !lastTimeline || $("timeline").hidden) return;
    drawnWidth = window.innerWidth;
    renderTimeline(lastTimeline.state, lastTimeline.timeline);
  }, 150);
});

window.addEventListener("popstate", () => render(readState(location.search)));

render(readState(location.search));
