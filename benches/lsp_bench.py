#!/usr/bin/env python3
"""kafkalint server under a stream of edits, over standard I/O as an editor drives it.

Opens a 1,000-line producer config, then sends EDITS (default 10,000) incremental
changes to one value, each as its own didChange, and waits after each for the
diagnostics published with that version. Reports the latency from sending a
change to receiving its diagnostics, and the server's resident memory along the
way. Bounds (issue 10): p95 latency <= 50 ms; memory flat: RSS after the last
edit at most 8 MB above RSS after the first 500.

Usage: lsp_bench.py KAFKALINT_BINARY    (exit 0 met, 1 exceeded, 2 cannot run)
"""

import json
import os
import subprocess
import sys
import tempfile
import time

EDITS = int(os.environ.get("EDITS", "10000"))
LATENCY_BOUND_MS = 50.0
GROWTH_BOUND_MB = 8.0


def producer_config(lines):
    """A producer config of `lines` lines: real keys, comments, and the
    application's own keys (each an unknown-key finding with a "did you mean"
    search): more findings than a real file has."""
    head = [
        "bootstrap.servers=broker-1:9092,broker-2:9092",
        "acks=all",
        "enable.idempotence=true",
        "compression.type=zstd",
        "linger.ms=20",
        "batch.size=65536",
        "max.in.flight.requests.per.connection=5",
        "delivery.timeout.ms=120000",
        "request.timeout.ms=30000",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
    ]
    body = []
    i = 0
    while len(head) + len(body) < lines:
        body.append(f"# setting {i} of the application")
        body.append(f"app.setting.{i}={i * 7}")
        i += 1
    return "\n".join((head + body)[:lines]) + "\n"


class Server:
    def __init__(self, binary, cwd):
        self.proc = subprocess.Popen(
            [binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd
        )
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            m = self.receive()
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def published(self, uri, version):
        while True:
            m = self.receive()
            p = m.get("params") or {}
            if m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri and p.get("version") == version:
                return p["diagnostics"]

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="kafkalint-lsp-bench.")
    path = os.path.join(work, "producer.properties")
    text = producer_config(1000)
    with open(path, "w") as f:
        f.write(text)
    uri = "file://" + path
    server = Server(binary, work)
    server.request("initialize", {"processId": None, "rootUri": "file://" + work, "capabilities": {}})
    server.notify("initialized", {})
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "properties", "version": 0, "text": text}})
    findings = len(server.published(uri, 0))
    # The value of `app.setting.250`, rewritten by every edit.
    line = text.split("\n").index("app.setting.250=1750")
    start = len("app.setting.250=")
    value = "1750"
    latencies = []
    rss = {}
    for version in range(1, EDITS + 1):
        new = str(version % 100000)
        change = {
            "range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": start + len(value)}},
            "text": new,
        }
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        server.published(uri, version)
        latencies.append((time.perf_counter() - sent) * 1000)
        value = new
        if version in (500, EDITS // 2, EDITS):
            rss[version] = server.rss_mb()
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=10)
    p50, p95, worst = percentile(latencies, 0.5), percentile(latencies, 0.95), max(latencies)
    first, last = rss[min(rss)], rss[max(rss)]
    print(f"file: 1,000 lines, {findings} findings; {EDITS} edits")
    print(f"latency change -> diagnostics: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms (bound: p95 <= {LATENCY_BOUND_MS:.0f} ms)")
    print("resident memory: " + ", ".join(f"{rss[v]:.1f} MB after {v} edits" for v in sorted(rss)) + f" (bound: growth <= {GROWTH_BOUND_MB:.0f} MB)")
    ok = p95 <= LATENCY_BOUND_MS and last - first <= GROWTH_BOUND_MB
    print("ok" if ok else "BOUND EXCEEDED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
