#!/usr/bin/env python3
"""Prints the benchmark table from the TSV rows scripts/bench.sh collected.

Input lines: "run<TAB>ROW<TAB>SERVER<TAB>RPS<TAB>P50<TAB>P99<TAB>ERRORS<TAB>CPU_TICKS"
and "rss<TAB>LABEL<TAB>KIB<TAB>NOTE".
Usage: report.py RESULTS_TSV TARGET_RATIO RSS_LIMIT_MIB CLK_TCK SECONDS

The "cpu us/req" columns divide the server's CPU time during the measured run
(user + system, all its threads or worker processes) by the requests served.
"""
import sys


def main():
    path, target, rss_limit = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    ticks_per_second, seconds = float(sys.argv[4]), float(sys.argv[5])
    runs, rss = {}, []
    order = []
    with open(path) as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "run":
                row, server = fields[1], fields[2]
                if row not in order:
                    order.append(row)
                runs[(row, server)] = fields[3:]
            elif fields[0] == "rss":
                rss.append(fields[1:])
    def cpu_per_request(fields):
        try:
            return f"{float(fields[4]) / ticks_per_second * 1e6 / (float(fields[0]) * seconds):.0f}"
        except (ValueError, ZeroDivisionError, IndexError):
            return "nan"

    header = (f"{'row':<22} {'ours req/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'nginx req/s':>12} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'ratio':>6} {'errors':>7} {'cpu us/req':>11}  target")
    print(header)
    print("-" * len(header))
    for row in order:
        ours = runs.get((row, "ours"), ["nan"] * 5)
        nginx = runs.get((row, "nginx"), ["nan"] * 5)
        try:
            ratio = float(ours[0]) / float(nginx[0])
        except (ValueError, ZeroDivisionError):
            ratio = float("nan")
        errors = f"{ours[3]}/{nginx[3]}"
        verdict = "ok" if ratio >= target else f"MISSED ({ratio / target * 100 - 100:+.0f}% vs {target}x)"
        cpu = f"{cpu_per_request(ours)}/{cpu_per_request(nginx)}"
        print(f"{row:<22} {ours[0]:>11} {ours[1]:>8} {ours[2]:>8} {nginx[0]:>12} {nginx[1]:>8} {nginx[2]:>8} "
              f"{ratio:>6.2f} {errors:>7} {cpu:>11}  {verdict}")
    print()
    for label, kib, note in rss:
        mib = int(kib) / 1024 if kib.isdigit() else float("nan")
        verdict = "" if not label.startswith("ours") else ("ok" if mib < rss_limit else f"MISSED (limit {rss_limit:.0f} MB)")
        print(f"{label:<44} {mib:>8.1f} MB  {note}  {verdict}")


if __name__ == "__main__":
    main()
