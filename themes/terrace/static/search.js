// The search box of the terrace theme. The page carries the form hidden, with the URLs of
// elasticlunr and of the language's search index, both on the site itself; this script shows
// the form, loads the two the first time it is used, and lists the matching pages as the
// reader types. Without JavaScript the form stays hidden.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || !window.Promise) {
    return;
  }
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var list = form.querySelector(".site-search-results");
  var MAX_RESULTS = 10;
  var loading = null;
  var timer = 0;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(script);
    });
  }

  // elasticlunr and the index, loaded once: `search_index.LANG.js` sets `window.searchIndex`,
  // `search_index.LANG.json` is the index itself.
  function load() {
    if (!loading) {
      var url = form.getAttribute("data-index");
      var data = /\.json$/.test(url)
        ? fetch(url).then(function (r) {
            if (!r.ok) { throw new Error("cannot load " + url); }
            return r.json();
          })
        : loadScript(url).then(function () { return window.searchIndex; });
      var engine = loadScript(form.getAttribute("data-engine"));
      loading = Promise.all([engine, data]).then(function (loaded) {
        return window.elasticlunr.Index.load(withPipeline(window.elasticlunr, loaded[1]));
      });
      loading.catch(function () { form.hidden = true; });
    }
    return loading;
  }

  // An index in another language than English names its own pipeline (`stemmer-fr`, ...),
  // whose functions live in separate stemmer files. Without them, its words are looked up as
  // typed, and a query word matches the longest indexed word it begins with (see `stems`).
  var stemmed = true;
  function withPipeline(lunr, data) {
    (data.pipeline || []).forEach(function (name) {
      if (!lunr.Pipeline.getRegisteredFunction(name)) {
        stemmed = false;
        var fn = /^trimmer/.test(name) ? function (t) { return lunr.trimmer(t); } : function (t) { return t; };
        lunr.Pipeline.registerFunction(fn, name);
      }
    });
    return data;
  }

  // For an index whose stemmer is missing: each word of `query` replaced by the longest word
  // of the index (three letters at least) that it begins with.
  function stems(index, query) {
    return query.toLowerCase().split(/[\s\-]+/).map(function (word) {
      var best = word;
      index.getFields().forEach(function (field) {
        var node = index.index[field].root;
        for (var i = 0; i < word.length && node; i++) {
          node = node[word.charAt(i)];
          if (node && node.df > 0 && i >= 2 && (best === word || i + 1 > best.length)) {
            best = word.slice(0, i + 1);
          }
        }
      });
      return best;
    }).join(" ");
  }

  // The index keeps text with `&amp;`, `&lt;`, ... as in HTML; shown as plain text.
  function plain(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    return doc.body.textContent || "";
  }

  function excerpt(text) {
    text = text.replace(/\s+/g, " ").trim();
    return text.length > 160 ? text.slice(0, 160).replace(/\s\S*$/, "") + " …" : text;
  }

  function count(n) {
    var key = n === 0 ? "data-none" : n === 1 ? "data-one" : "data-many";
    return form.getAttribute(key).replace("{n}", String(n));
  }

  function show(index, query) {
    list.textContent = "";
    if (!query) {
      list.hidden = true;
      status.textContent = "";
      return;
    }
    var fields = {};
    index.getFields().forEach(function (field) {
      if (field !== "date") { fields[field] = { boost: field === "title" ? 3 : 1 }; }
    });
    var words = stemmed ? query : stems(index, query);
    var results = index.search(words, { fields: fields, bool: "AND", expand: true });
    results.slice(0, MAX_RESULTS).forEach(function (result) {
      var doc = index.documentStore.getDoc(result.ref) || {};
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.ref;
      link.textContent = plain(doc.title) || result.ref;
      item.appendChild(link);
      var body = excerpt(plain(doc.body || doc.description));
      if (body) {
        var p = document.createElement("p");
        p.textContent = body;
        item.appendChild(p);
      }
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    status.textContent = count(results.length);
  }

  function run() {
    var query = input.value.trim();
    return load().then(function (index) { show(index, query); });
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
