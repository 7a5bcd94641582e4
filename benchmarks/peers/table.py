"""Reads the JSON lines of benchmarks/peers/run.sh and prints the medians as a Markdown table with ratios."""
import json
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
for line in sys.stdin:
    r = json.loads(line)
    if not r.get("failed"):
        rows[(r["system"], r["inflight"])].append(r)


def median(system, level, key):
    values = [r[key] for r in rows.get((system, level), []) if r.get(key) is not None]
    return statistics.median(values) if values else None


systems = list(dict.fromkeys(s for s, _ in rows))
levels = sorted({lvl for _, lvl in rows})
print("| system | in flight | calls/s (median of rounds) | p50 µs | broker CPU µs/call | / Moleculer AMQP "
      "| / Moleculer TCP | / Nameko |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for system in systems:
    for level in levels:
        rate = median(system, level, "per_second")
        if rate is None:
            continue
        cpu = median(system, level, "broker_cpu_us_per_call")
        ratios = []
        for peer in ("moleculer-amqp", "moleculer-tcp", "nameko"):
            other = median(peer, level, "per_second")
            ratios.append("{:.2f}".format(rate / other) if other else "")
        print("| {} | {} | {:,.0f} | {:,.0f} | {} | {} |".format(
            system, level, rate, median(system, level, "p50_us"),
            "" if cpu is None else "{:.0f}".format(cpu), " | ".join(ratios)))
print("\nrounds per cell: " + ", ".join("{} @{}: {}".format(s, lvl, len(v)) for (s, lvl), v in sorted(rows.items())))
