#!/usr/bin/env python3
"""Reads `wrk --latency` output on stdin; prints "RPS P50_MS P99_MS ERRORS" (tab-separated).
ERRORS counts socket errors plus non-2xx/3xx responses."""
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def main():
    text = sys.stdin.read()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if non2xx:
        errors += int(non2xx.group(1))
    if not (rps and p50 and p99):
        print("nan\tnan\tnan\t-1")
        return
    print(f"{float(rps.group(1)):.0f}\t{to_ms(p50.group(1)):.3f}\t{to_ms(p99.group(1)):.3f}\t{errors}")


if __name__ == "__main__":
    main()
