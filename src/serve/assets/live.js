// Loess live preview: follows the server's events and updates the open page in place.
// `reload` lists changed URL paths: when this page is one, its new HTML is fetched and morphed
// into the document (idiomorph), so scroll position, focus and open <details> survive. `page`
// brings this page's new HTML itself, pushed as soon as its Markdown was saved.
// `css` swaps changed stylesheets; `error` shows the failed build over the page; `ok` hides it.
(() => {
  "use strict";
  if (window.__loessLive) return;
  window.__loessLive = true;

  const follow = document.currentScript?.dataset.follow === "1";
  const OVERLAY = "__loess-overlay";
  // Stylesheet path -> the cache-busted href it was swapped to, kept across morphs.
  const busted = new Map();
  let queue = Promise.resolve();

  const pathOf = (href) => {
    const path = decodeURI(new URL(href, location.href).pathname);
    return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
  };
  const here = () => pathOf(location.href);
  const later = (task) => {
    queue = queue.then(task).catch((e) => console.error("loess:", e));
  };

  async function refresh() {
    const response = await fetch(location.href, { cache: "no-store" });
    apply(await response.text());
  }

  function apply(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    for (const link of doc.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const kept = busted.get(pathOf(link.getAttribute("href")));
      if (kept) link.setAttribute("href", kept);
    }
    if (typeof Idiomorph === "undefined") return location.reload();
    Idiomorph.morph(document.documentElement, doc.documentElement, {
      head: { style: "merge" },
      ignoreActiveValue: true,
      callbacks: {
        beforeNodeRemoved: (node) => node.id !== OVERLAY,
        // What the reader opened or closed stays so: `open` of <details> and <dialog>.
        beforeAttributeUpdated: (name, node) =>
          !(name === "open" && (node.localName === "details" || node.localName === "dialog")),
      },
    });
  }

  function swapStylesheets(paths) {
    const changed = new Set(paths);
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const path = pathOf(link.href);
      if (!changed.has(path)) continue;
      const url = new URL(link.href);
      url.searchParams.set("loess", Date.now().toString(36));
      const fresh = link.cloneNode();
      fresh.setAttribute("href", url.href);
      busted.set(path, url.href);
      const done = () => link.remove();
      fresh.addEventListener("load", done, { once: true });
      fresh.addEventListener("error", done, { once: true });
      link.after(fresh);
    }
  }

  function showError(failure) {
    let box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "all:initial;position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;" +
        "max-height:60vh;overflow:auto;padding:1rem 1.25rem;border-radius:6px;" +
        "background:#2b0b0e;color:#fde8e8;border:2px solid #e5484d;" +
        "box-shadow:0 8px 30px rgba(0,0,0,.4);font:14px/1.45 ui-monospace,monospace";
      document.body.append(box);
    }
    const where = [failure.file, failure.line, failure.column].filter((x) => x != null);
    const title = document.createElement("strong");
    title.style.cssText = "all:initial;display:block;margin-bottom:.5rem;font:inherit;color:inherit;font-weight:bold";
    title.textContent = "Build failed" + (where.length ? ": " + where.join(":") : "");
    const message = document.createElement("pre");
    message.style.cssText = "all:initial;display:block;white-space:pre-wrap;font:inherit;color:inherit";
    message.textContent = failure.message;
    box.replaceChildren(title, message);
  }

  const hideError = () => document.getElementById(OVERLAY)?.remove();

  // The server learns which page this is, and pushes its new HTML first after an edit.
  const events = new EventSource("/__loess/events?path=" + encodeURIComponent(here()));
  let opened = false;
  events.addEventListener("open", () => {
    // After the server restarted, the page may be out of date.
    if (opened) later(refresh);
    opened = true;
  });
  events.addEventListener("reload", (event) => {
    const { paths, primary } = JSON.parse(event.data);
    if (follow && primary && primary !== here()) {
      location.assign(primary);
    } else if (paths.includes(here()) || paths.includes("*")) {
      later(refresh);
    }
  });
  events.addEventListener("page", (event) => {
    const { path, html } = JSON.parse(event.data);
    if (path === here()) later(() => apply(html));
  });
  events.addEventListener("css", (event) => swapStylesheets(JSON.parse(event.data).paths));
  // A build error arrives as a message; a lost connection is an `error` event without data.
  events.addEventListener("error", (event) => {
    if (event.data) later(() => showError(JSON.parse(event.data)));
  });
  events.addEventListener("ok", () => later(hideError));
})();
