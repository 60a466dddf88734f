#!/usr/bin/env python3
"""How much of a Pagefind index one query fetches, measured in headless Chromium.

Usage:
    pagefind_bytes.py --site PUBLIC_PARENT --path /sub/ QUERY [QUERY ...]

PUBLIC_PARENT holds the built site under PATH (a site built with
`loess build --base-url http://127.0.0.1:PORT/sub/ -o PUBLIC_PARENT/sub`, where PORT is
given with --port). The script serves PUBLIC_PARENT on 127.0.0.1:PORT, opens the home page
in Chromium (through chromedriver, over the W3C WebDriver protocol, with the standard
library only), and for each query, in a fresh page: imports `pagefind/pagefind.js`, searches,
loads the data of the first 10 results (what the default theme shows), and sums the bytes
of every request under `pagefind/` (the body bytes as sent, `encodedBodySize`). Pagefind
runs on the page's thread (`window.Worker` is hidden from it) so that its requests are in
the page's resource timing; the server forbids caching, so that each query fetches all it
needs. Prints, per query, the bytes fetched against the bytes of the whole `pagefind/`
directory, and the bytes of index pieces (`.pf_meta`, `.pf_index`, `.pf_fragment`) fetched
against those of the language's index.
"""

import argparse
import functools
import http.server
import json
import os
import socket
import subprocess
import threading
import time
import urllib.request

SEARCH = """
const done = arguments[arguments.length - 1];
window.Worker = undefined;
import(arguments[0]).then(async (pagefind) => {
  await pagefind.init();
  const search = await pagefind.search(arguments[1]);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  const pieces = performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("/pagefind/"));
  done({
    results: search.results.length,
    requests: pieces.length,
    bytes: pieces.reduce((sum, e) => sum + e.encodedBodySize, 0),
    index: pieces.filter((e) => /\.pf_(meta|index|fragment)$/.test(e.name))
      .reduce((sum, e) => sum + e.encodedBodySize, 0),
  });
}).catch((e) => done({ error: String(e) }));
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves files unlogged and uncached, so that every query fetches what it needs."""

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


def index_bytes(bundle, language):
    """The bytes of one language's index: its meta file, index chunks and fragments."""
    total = 0
    for root, _, files in os.walk(bundle):
        for name in files:
            if name.endswith((".pf_meta", ".pf_index", ".pf_fragment")) and \
                    (name.startswith(language + "_") or name.startswith(f"pagefind.{language}_")):
                total += os.path.getsize(os.path.join(root, name))
    return total


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.load(reply)["value"]


def directory_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--path", default="/sub/")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--language", default="en")
    parser.add_argument("queries", nargs="+")
    args = parser.parse_args()

    handler = functools.partial(Quiet, directory=args.site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    driver_port = free_port()
    driver = subprocess.Popen(
        ["chromedriver", f"--port={driver_port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{driver_port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu"],
        }}}}
        session = call(base, "POST", "/session", caps)["sessionId"]
        s = f"/session/{session}"
        call(base, "POST", f"{s}/timeouts", {"script": 120000})
        site = f"http://127.0.0.1:{args.port}{args.path}"
        bundle_dir = os.path.join(args.site, args.path.strip("/"), "pagefind")
        bundle = directory_bytes(bundle_dir)
        index = index_bytes(bundle_dir, args.language)
        print(f"pagefind/ holds {bundle:,} bytes, {index:,} of them the `{args.language}` index")
        for query in args.queries:
            call(base, "POST", f"{s}/url", {"url": site})
            got = call(base, "POST", f"{s}/execute/async",
                       {"script": SEARCH, "args": [site + "pagefind/pagefind.js", query]})
            if "error" in got:
                raise SystemExit(f"{query}: {got['error']}")
            print(f"{query!r}: {got['results']} results, {got['requests']} requests, "
                  f"{got['bytes']:,} bytes = {got['bytes'] / bundle:.2%} of pagefind/ "
                  f"(index pieces: {got['index']:,} bytes = {got['index'] / index:.2%} "
                  f"of the index)")
        call(base, "DELETE", s)
    finally:
        driver.terminate()
        server.shutdown()


if __name__ == "__main__":
    main()
