"""Nameko 2.14 caller of benchmarks/peers/run.sh: `python3 peer_client.py INFLIGHT SECONDS WARMUP`.

Keeps INFLIGHT calls outstanding with call_async on one ClusterRpcProxy (each finished call is replaced by a new
one) and prints one JSON line like the other peers' clients.
"""
import eventlet
eventlet.monkey_patch()  # noqa: E402

import json
import os
import sys
import time
from collections import deque

from nameko.standalone.rpc import ClusterRpcProxy


def broker_cpu_ticks():
    pid = os.environ.get("BEAM_PID")
    if not pid:
        return -1
    with open("/proc/{}/stat".format(pid)) as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split(" ")
    return int(fields[11]) + int(fields[12])


def closed_loop(greeter, inflight, seconds):
    latencies = []
    start = time.monotonic()
    end = start + seconds
    calls = deque((time.monotonic(), greeter.hello.call_async("Matt")) for _ in range(inflight))
    while calls:
        sent, reply = calls.popleft()
        reply.result()
        now = time.monotonic()
        latencies.append((now - sent) * 1e6)
        if now < end:
            calls.append((time.monotonic(), greeter.hello.call_async("Matt")))
    return latencies, time.monotonic() - start


def main():
    inflight, seconds, warmup = (int(a) for a in sys.argv[1:4])
    config = {"AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672")}
    with ClusterRpcProxy(config) as proxy:
        closed_loop(proxy.peer_greeter, inflight, warmup)
        before = broker_cpu_ticks()
        latencies, elapsed = closed_loop(proxy.peer_greeter, inflight, seconds)
        ticks = broker_cpu_ticks() - before
    latencies.sort()
    print(json.dumps({
        "system": "nameko", "inflight": inflight, "per_second": len(latencies) / elapsed,
        "p50_us": round(latencies[len(latencies) // 2]), "errors": 0,
        "broker_cpu_us_per_call": None if before < 0 else ticks * 10000 / len(latencies)}))


if __name__ == "__main__":
    main()
