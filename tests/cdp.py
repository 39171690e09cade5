"""A headless Chromium driven over the DevTools protocol: open a page, run JavaScript, wait for a condition.

Used by tests/test_report_browser.py and bench/report.py. Chromium is started with
--remote-debugging-port=0 and writes the port it picked into DevToolsActivePort in its profile;
the page target's websocket is found through /json/list on 127.0.0.1 (nothing leaves the machine).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Optional

import websocket  # websocket-client

# The machine may have no network: nothing in the background may try to reach it.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions", "--mute-audio"]


def chromium_path() -> Optional[str]:
    """The Chromium (or Chrome) executable on PATH, None when there is none."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class BrowserError(RuntimeError):
    """The browser did not start, or a page did not reach the awaited state in time."""


class Browser:
    """One headless Chromium with one page; `with Browser() as b: b.open(path); b.wait("expr")`."""

    def __init__(self, executable: Optional[str] = None, timeout: float = 60.0, window: str = "1280,900"):
        self.executable = executable or chromium_path()
        if not self.executable:
            raise BrowserError("chromium not installed: run `make setup-views`")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="wersagtwas-chromium-")
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
             f"--window-size={window}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.events: list[dict] = []
        self._id = 0
        try:
            self.socket = websocket.create_connection(self._page_socket(), timeout=timeout, suppress_origin=True)
            for domain in ("Page", "Runtime", "Network", "Log"):
                self.call(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    def _page_socket(self) -> str:
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserError(f"chromium exited with status {self.process.returncode}")
            lines = port_file.read_text().splitlines() if port_file.exists() else []
            if len(lines) >= 2:
                with urllib.request.urlopen(f"http://127.0.0.1:{lines[0]}/json/list", timeout=self.timeout) as reply:
                    pages = [t for t in json.load(reply) if t.get("type") == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.05)
        raise BrowserError(f"chromium did not open its DevTools port within {self.timeout:.0f} s")

    def call(self, method: str, **params: Any) -> dict:
        """Send one DevTools command and return its result; events that arrive meanwhile are kept in `events`."""
        self._id += 1
        self.socket.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    def wait(self, expression: str, timeout: Optional[float] = None) -> Any:
        """Poll until the expression is truthy; its value. Raises BrowserError after `timeout` seconds."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            try:
                value = self.evaluate(expression)
            except BrowserError as err:  # a page half-way through loading has no document yet
                value, last = None, err
            else:
                last = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out after {timeout or self.timeout:.0f} s waiting for {expression!r}"
                                   + (f" ({last})" if last else ""))
            time.sleep(0.05)

    def open(self, page: Path, ready: str = "document.readyState === 'complete'") -> None:
        """Navigate to a file (with an optional #fragment) and wait until it has loaded and `ready` holds."""
        path, _, fragment = str(page).partition("#")
        url = Path(path).resolve().as_uri() + (f"#{fragment}" if fragment else "")
        self.call("Page.navigate", url=url)
        self.wait(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")
        self.wait(ready)

    def errors(self) -> list[str]:
        """Uncaught exceptions, console errors and log errors seen so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                found.append(" ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                found.append(params["entry"].get("text", ""))
        return found

    def requests(self) -> list[str]:
        """URLs of every request the pages made so far."""
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, path: Path) -> None:
        """A PNG of the visible page."""
        import base64

        Path(path).write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        socket = getattr(self, "socket", None)
        if socket is not None:
            socket.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
