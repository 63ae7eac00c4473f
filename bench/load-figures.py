#!/usr/bin/env python3
"""Throughput and latency percentiles of h2load runs from their --log-file (start µs, status, duration µs per request),
and the throughput ratio of the second run to the first.

usage: load-figures.py HEALTH.log ESTIMATE.log  ->  one line of JSON
"""
import json
import sys


def figures(log):
    starts, durations = [], []
    with open(log) as lines:
        for line in lines:
            start, status, duration = line.split()[:3]
            if status == "200":
                starts.append(int(start))
                durations.append(int(duration))
    span = (max(s + d for s, d in zip(starts, durations)) - min(starts)) / 1e6
    durations.sort()

    def percentile(p):
        return round(durations[min(len(durations) - 1, int(p * len(durations)))] / 1000, 2)

    return {"calls": len(durations), "per_second": round(len(durations) / span), "p50_ms": percentile(0.50), "p99_ms": percentile(0.99)}


health, estimate = figures(sys.argv[1]), figures(sys.argv[2])
print(json.dumps({"health": health, "estimate": estimate, "ratio": round(estimate["per_second"] / health["per_second"], 3)}))
