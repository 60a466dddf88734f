// The search box of the terrace theme over a Pagefind index (`index_format = "pagefind"`),
// written into each page by `base.html`.
// The page carries the form hidden, with the URL of Pagefind's script on the site itself
// (`data-pagefind`); this script shows the form, imports Pagefind the first time the box is
// used, and lists the matching pages as the reader types. Pagefind fetches the index of the
// page's language (its `<html lang>`) piece by piece, only the pieces a query needs, from
// beside its script, and gives the pages' URLs under the directory above it (the site's base
// path). Without JavaScript the form stays hidden.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search[data-pagefind]");
  if (!form || !window.Promise) {
    return;
  }
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var list = form.querySelector(".site-search-results");
  var MAX_RESULTS = 10;
  var loading = null;
  var timer = 0;

  function load() {
    if (!loading) {
      loading = import(form.getAttribute("data-pagefind")).then(function (pagefind) {
        return pagefind.init().then(function () { return pagefind; });
      });
      loading.catch(function () { form.hidden = true; });
    }
    return loading;
  }

  // Excerpts are HTML (with `<mark>` around the words found); shown as plain text.
  function plain(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
  }

  function count(n) {
    var key = n === 0 ? "data-none" : n === 1 ? "data-one" : "data-many";
    return form.getAttribute(key).replace("{n}", String(n));
  }

  function item(page) {
    var entry = document.createElement("li");
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = (page.meta && page.meta.title) || page.url;
    entry.appendChild(link);
    var text = plain(page.excerpt);
    if (text) {
      var p = document.createElement("p");
      p.textContent = text;
      entry.appendChild(p);
    }
    return entry;
  }

  // The first results' data, then the list; a query typed meanwhile wins.
  function show(pagefind, query) {
    if (!query) {
      list.textContent = "";
      list.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    return pagefind.search(query).then(function (search) {
      var first = search.results.slice(0, MAX_RESULTS);
      return Promise.all(first.map(function (r) { return r.data(); })).then(function (pages) {
        if (input.value.trim() !== query) {
          return;
        }
        list.textContent = "";
        pages.forEach(function (page) { list.appendChild(item(page)); });
        list.hidden = pages.length === 0;
        status.textContent = count(search.results.length);
      });
    });
  }

  function run() {
    var query = input.value.trim();
    return load().then(function (pagefind) { return show(pagefind, query); });
  }

  form.hidden = false;
  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      run();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run().then(function () {
      var first = list.querySelector("a");
      if (first) { first.focus(); }
    });
  });
})();
