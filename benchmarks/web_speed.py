"""Print the web page's check-and-preview round trip on the example: median and 90th percentile at the server.

Each round trip is what the page sends after a keystroke: POST /api/check with the form's data, answered
with the findings and the draft's paragraphs (checks, render and self-check included), through a real
loopback HTTP request to the server `yusuan serve` runs. The target is a median under 50 ms.
Run: make bench   (or .venv/bin/python benchmarks/web_speed.py)
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023" / "区政府办公室.yaml"
ROUNDS = 200


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from generator.web.form import read_plain
    from generator.web.server import serve

    started, holder = threading.Event(), {}
    thread = threading.Thread(target=serve, kwargs=dict(
        browser=False, say=lambda _: None, ready=lambda s: (holder.update(server=s), started.set())))
    thread.start()
    started.wait(10)
    address = f"http://127.0.0.1:{holder['server'].server_port}/api/check"
    data = read_plain(EXAMPLE)[0]
    try:
        times = []
        for index in range(ROUNDS + 5):
            data["收入"]["合计"]["主要原因"] = f"第{index}次修改"  # a keystroke: the reason changes every time
            body = json.dumps({"data": data}, ensure_ascii=False).encode("utf-8")
            request = urllib.request.Request(address, body, {"Content-Type": "application/json"})
            start = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                result = json.loads(response.read())
            if index >= 5:  # the first rounds prepare the template and warm the caches
                times.append(time.perf_counter() - start)
        assert len(result["paragraphs"]) > 50 and result["drafted"], result["summary"]
    finally:
        holder["server"].shutdown()
        thread.join(10)
    times.sort()
    median, p90 = statistics.median(times) * 1000, times[int(len(times) * 0.9)] * 1000
    print(f"web check-and-preview round trip (example, {ROUNDS} requests over loopback): "
          f"median {median:.1f} ms, 90th percentile {p90:.1f} ms (target: median under 50 ms)")


if __name__ == "__main__":
    main()
