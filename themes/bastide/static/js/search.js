// The search page: reads ?q=, queries the site's Pagefind index (built with the site,
// served by it: no other request) and lists the results as links with their excerpts.
// Progressive enhancement: without this script, the page leads to the site map. The
// sentences come from the page's data-* attributes, in the page's language.

const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 300;

const root = document.querySelector("[data-search]");
if (root) {
  start(root);
}

function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => String(values[name] ?? whole));
}

// Pagefind's excerpt is text with <mark> around the words found: rebuilt as text nodes
// and <mark> elements, never parsed as HTML.
function excerptNodes(excerpt) {
  const nodes = [];
  const parts = excerpt.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === "<mark>") {
      marked = true;
    } else if (part === "</mark>") {
      marked = false;
    } else if (part) {
      const text = document.createTextNode(decodeEntities(part));
      if (marked) {
        const mark = document.createElement("mark");
        mark.append(text);
        nodes.push(mark);
      } else {
        nodes.push(text);
      }
    }
  }
  return nodes;
}

function decodeEntities(text) {
  const entities = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (entity) => entities[entity]);
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(heading, excerpt);
  return item;
}

async function loadPagefind(bundle) {
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  // Result addresses from the site's root, wherever the site is served.
  await pagefind.options({ baseUrl: new URL("../", bundle).pathname });
  await pagefind.init();
  return pagefind;
}

async function start(root) {
  const text = root.dataset;
  const form = root.querySelector("form");
  const input = form.querySelector("input[name='q']");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  const more = root.querySelector("[data-search-more]");
  root.querySelector("[data-search-fallback]").hidden = true;
  const bundle = new URL(text.bundle, document.baseURI);
  let pagefind;
  try {
    pagefind = await loadPagefind(bundle);
  } catch (error) {
    status.textContent = text.unavailable;
    root.dataset.searchState = "unavailable";
    return;
  }
  root.dataset.searchState = "ready";
  let current = 0;
  let found = [];
  let shown = 0;

  async function showMore() {
    const next = found.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(next.map((result) => result.data()));
    const items = data.map(resultItem);
    list.append(...items);
    shown += next.length;
    more.hidden = shown >= found.length;
    return items;
  }

  async function run(query) {
    const round = ++current;
    query = query.trim();
    const url = new URL(window.location.href);
    if (query) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url);
    if (!query) {
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      status.textContent = "";
      root.dataset.searchState = "ready";
      return;
    }
    status.textContent = text.searching;
    root.dataset.searchState = "searching";
    const search = await pagefind.search(query);
    if (round !== current) {
      return; // a newer query started meanwhile
    }
    found = search.results;
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (round !== current) {
      return;
    }
    list.hidden = found.length === 0;
    const template = found.length === 0 ? text.none : found.length === 1 ? text.one : text.many;
    status.textContent = say(template, { count: found.length, query });
    root.dataset.searchState = "done";
  }

  let typing;
  input.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => run(input.value), TYPING_DELAY_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    run(input.value);
  });
  more.querySelector("button").addEventListener("click", async () => {
    const items = await showMore();
    if (items.length) {
      items[0].querySelector("a").focus(); // the keyboard goes on from the new results
    }
  });
  const query = new URLSearchParams(window.location.search).get("q") || "";
  if (query) {
    input.value = query;
    run(query);
  }
}
