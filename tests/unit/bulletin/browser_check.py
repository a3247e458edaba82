#!/usr/bin/python3
"""Loads a page in headless Chromium (Debian's `chromium`) through the DevTools protocol
(python3-websockets) and checks what a reader would see: no console error, no uncaught
exception, no failed load, every <img> loaded (complete, natural width > 0), and the expected
number of district-table rows and images. Optionally saves a screenshot.

  browser_check.py PAGE.html [--rows N] [--images N] [--screenshot OUT.png] [--timeout S]

Exit 0: all good; 1: a check failed (each failure printed); 77: chromium or websockets missing
(skipped), unless CI=true, where that is a failure (1). Runs as root with --no-sandbox; the
browser listens on 127.0.0.1 only, on a port it picks, and is ended by its process id."""
import argparse
import asyncio
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

CHROMIUM_NAMES = ["chromium", "chromium-browser"]


def skip_or_fail(msg):
    if os.environ.get("CI") == "true":
        print("FAIL: %s (CI=true: the browser test must run)" % msg)
        sys.exit(1)
    print("SKIPPED: %s" % msg)
    sys.exit(77)


def find_chromium():
    for n in CHROMIUM_NAMES:
        p = shutil.which(n)
        if p:
            return p
    return None


def wait_port(profile, proc, timeout):
    path = os.path.join(profile, "DevToolsActivePort")
    t_end = time.time() + timeout
    while time.time() < t_end:
        if proc.poll() is not None:
            raise RuntimeError("chromium exited with status %s before opening its DevTools port" % proc.returncode)
        if os.path.isfile(path):
            with open(path) as f:
                lines = f.read().split()
            if lines:
                return int(lines[0])
        time.sleep(0.1)
    raise RuntimeError("chromium opened no DevTools port within %g s" % timeout)


def page_ws_url(port, timeout):
    t_end = time.time() + timeout
    while time.time() < t_end:
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=5) as r:
            targets = json.load(r)
        pages = [t for t in targets if t.get("type") == "page" and t.get("webSocketDebuggerUrl")]
        if pages:
            return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.1)
    raise RuntimeError("no page target in chromium")


PROBE = r"""JSON.stringify({
  title: document.title,
  charset: document.characterSet,
  rows: document.querySelectorAll('#district-table tbody tr').length,
  images: Array.from(document.images).map(i => ({src: i.getAttribute('src'), complete: i.complete,
                                                 width: i.naturalWidth, height: i.naturalHeight})),
  catColours: Array.from(document.querySelectorAll('#district-table td.cat')).map(
      td => [td.className, getComputedStyle(td).backgroundColor]),
  external: Array.from(document.querySelectorAll('[src],[href]')).map(e => e.getAttribute('src') || e.getAttribute('href'))
      .filter(u => /^[a-z]+:\/\//i.test(u) || u.startsWith('//'))
})"""


async def inspect(ws_url, url, timeout, screenshot):
    import websockets

    events = []
    async with websockets.connect(ws_url, max_size=None) as ws:
        next_id = [0]
        pending = {}

        async def call(method, params=None):
            next_id[0] += 1
            mid = next_id[0]
            await ws.send(json.dumps({"id": mid, "method": method, "params": params or {}}))
            while True:
                msg = json.loads(await asyncio.wait_for(ws.recv(), timeout))
                if msg.get("id") == mid:
                    if "error" in msg:
                        raise RuntimeError("%s: %s" % (method, msg["error"]))
                    return msg.get("result", {})
                if "method" in msg:
                    events.append(msg)
                else:
                    pending[msg.get("id")] = msg

        for m in ("Page.enable", "Runtime.enable", "Log.enable"):
            await call(m)
        await call("Page.navigate", {"url": url})
        t_end = time.time() + timeout
        loaded = False
        while not loaded and time.time() < t_end:
            msg = json.loads(await asyncio.wait_for(ws.recv(), timeout))
            if "method" in msg:
                events.append(msg)
                loaded = msg["method"] == "Page.loadEventFired"
        if not loaded:
            raise RuntimeError("the page did not finish loading within %g s" % timeout)
        await asyncio.sleep(0.3)  # late console messages
        probe = await call("Runtime.evaluate", {"expression": PROBE, "returnByValue": True})
        result = json.loads(probe["result"]["value"])
        if screenshot:
            shot = await call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
    return result, events


def problems_of(events):
    out = []
    for e in events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            out.append("console.%s: %s" % (p["type"], " ".join(str(a.get("value", a.get("description", "")))
                                                                for a in p.get("args", []))))
        elif m == "Runtime.exceptionThrown":
            out.append("exception: %s" % p.get("exceptionDetails", {}).get("text", ""))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            en = p["entry"]
            out.append("log %s (%s): %s %s" % (en.get("level"), en.get("source"), en.get("text"), en.get("url", "")))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("page")
    ap.add_argument("--rows", type=int, help="expected rows of #district-table")
    ap.add_argument("--images", type=int, help="expected number of <img>")
    ap.add_argument("--screenshot", help="write a full-page PNG screenshot here")
    ap.add_argument("--timeout", type=float, default=60.0)
    a = ap.parse_args()
    chromium = find_chromium()
    if chromium is None:
        skip_or_fail("no chromium (install Debian's chromium, see scripts/setup.sh)")
    try:
        import websockets  # noqa: F401
    except ImportError:
        skip_or_fail("no python3-websockets (install it, see scripts/setup.sh)")
    url = "file://" + os.path.abspath(a.page)
    profile = tempfile.mkdtemp(prefix="lantian_chromium_")
    cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
           "--disable-background-networking", "--remote-debugging-address=127.0.0.1",
           "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,1600", "about:blank"]
    log_path = os.path.join(profile, "chromium.log")
    proc = None
    failures = []
    try:
        with open(log_path, "w") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        port = wait_port(profile, proc, a.timeout)
        result, events = asyncio.run(inspect(page_ws_url(port, a.timeout), url, a.timeout, a.screenshot))
    except Exception as e:  # noqa: BLE001 - report any browser failure with its log
        print("FAIL: browser: %s" % e)
        if os.path.isfile(log_path):
            print("chromium log:\n" + open(log_path, errors="replace").read()[-3000:])
        return 1
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(profile, ignore_errors=True)

    failures += problems_of(events)
    if result["charset"].upper() != "UTF-8":
        failures.append("character set %s, not UTF-8" % result["charset"])
    for img in result["images"]:
        if not img["complete"] or img["width"] <= 0:
            failures.append("image not loaded: %s" % img["src"])
    if a.images is not None and len(result["images"]) != a.images:
        failures.append("%d images, expected %d" % (len(result["images"]), a.images))
    if a.rows is not None and result["rows"] != a.rows:
        failures.append("district table: %d rows, expected %d" % (result["rows"], a.rows))
    if result["external"]:
        failures.append("external resources: %s" % ", ".join(result["external"]))
    print("browser: title %r, %d district rows, %d images (%d loaded), %d console/log problems"
          % (result["title"], result["rows"], len(result["images"]),
             sum(1 for i in result["images"] if i["complete"] and i["width"] > 0), len(problems_of(events))))
    print("category colours as rendered: %s" % sorted({tuple(c) for c in result["catColours"]}))
    for f in failures:
        print("FAIL: %s" % f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
