#!/usr/bin/env python3
"""Prints the benchmark table from the TSV rows scripts/bench.sh collected.

Input lines: "run<TAB>ROW<TAB>SERVER<TAB>ROUND<TAB>RPS<TAB>P50<TAB>P99<TAB>ERRORS<TAB>CPU_TICKS"
and "rss<TAB>LABEL<TAB>KIB<TAB>NOTE".
Usage: report.py RESULTS_TSV RSS_LIMIT_MIB CLK_TCK SECONDS

Each figure is the median over the rounds of one (row, server). The goals
(issue 13), per row:
  - ours >= 1.5x Hummingbird's req/s;
  - ours >= 0.5x nginx's req/s (on the way to 0.7x);
  - our p99 <= min(Hummingbird's p99, 2x nginx's p99).
"cpu us/req" divides a server's CPU time during the measured run (user +
system, all its threads or worker processes) by the requests it served.
"""
import statistics
import sys

SERVERS = ("nginx", "hummingbird", "ours")
HB_RATIO, NGINX_RATIO, NGINX_P99_FACTOR = 1.5, 0.5, 2.0


def median(values):
    values = [v for v in values if v == v]  # drop NaN
    return statistics.median(values) if values else float("nan")


def number(text):
    try:
        return float(text)
    except ValueError:
        return float("nan")


def main():
    path, rss_limit = sys.argv[1], float(sys.argv[2])
    ticks_per_second, seconds = float(sys.argv[3]), float(sys.argv[4])
    runs, rss, order = {}, [], []
    with open(path) as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "run":
                row, server = fields[1], fields[2]
                rps, p50, p99, errors, ticks = (number(f) for f in fields[4:9])
                if row not in order:
                    order.append(row)
                cpu = ticks / ticks_per_second * 1e6 / (rps * seconds) if rps and rps == rps else float("nan")
                runs.setdefault((row, server), []).append((rps, p50, p99, errors, cpu))
            elif fields[0] == "rss":
                rss.append(fields[1:])

    def stat(row, server, index):
        samples = runs.get((row, server))
        if not samples:
            return float("nan")
        if index == 3:
            return sum(s[3] for s in samples)
        return median([s[index] for s in samples])

    def show(value, digits=0):
        return "–" if value != value else f"{value:,.{digits}f}"

    header = (f"{'row':<19} {'nginx req/s':>11} {'HB req/s':>9} {'ours req/s':>10} {'ours/nginx':>10} {'ours/HB':>8}"
              f"  {'p99 ms nginx / HB / ours':>26}  {'cpu us/req n/HB/ours':>20} {'err':>5}  goal")
    print(header)
    print("-" * len(header))
    verdicts = []
    for row in order:
        rps = {s: stat(row, s, 0) for s in SERVERS}
        p99 = {s: stat(row, s, 2) for s in SERVERS}
        cpu = {s: stat(row, s, 4) for s in SERVERS}
        errors = sum(stat(row, s, 3) for s in SERVERS if runs.get((row, s)))
        to_nginx = rps["ours"] / rps["nginx"] if rps["nginx"] else float("nan")
        to_hb = rps["ours"] / rps["hummingbird"] if rps["hummingbird"] else float("nan")
        # The lower of Hummingbird's p99 and twice nginx's, over the peers this row has.
        limits = [x for x in (p99["hummingbird"], NGINX_P99_FACTOR * p99["nginx"]) if x == x]
        p99_limit = min(limits) if limits else float("nan")
        missed = []
        if to_hb == to_hb and to_hb < HB_RATIO:
            missed.append(f"{to_hb:.2f}x HB < {HB_RATIO}x")
        if to_nginx == to_nginx and to_nginx < NGINX_RATIO:
            missed.append(f"{to_nginx:.2f}x nginx < {NGINX_RATIO}x")
        if p99_limit == p99_limit and p99["ours"] > p99_limit:
            missed.append(f"p99 {p99['ours']:.1f} > {p99_limit:.1f} ms")
        if rps["ours"] != rps["ours"]:
            verdict = "no figures for ours"
        else:
            verdict = "met" if not missed else "MISSED: " + "; ".join(missed)
            verdicts.append(not missed)
        p99_text = " / ".join(show(p99[s], 1) for s in SERVERS)
        cpu_text = "/".join(show(cpu[s]) for s in SERVERS)
        print(f"{row:<19} {show(rps['nginx']):>11} {show(rps['hummingbird']):>9} {show(rps['ours']):>10} "
              f"{show(to_nginx, 2):>10} {show(to_hb, 2):>8}  {p99_text:>26}  {cpu_text:>20} {errors:>5.0f}  {verdict}")
    print(f"\nrows meeting every goal: {sum(verdicts)} of {len(verdicts)} "
          f"(>= {HB_RATIO}x Hummingbird, >= {NGINX_RATIO}x nginx, p99 <= min(HB, {NGINX_P99_FACTOR:.0f}x nginx))")
    print()
    for label, kib, note in rss:
        mib = int(kib) / 1024 if kib.isdigit() else float("nan")
        verdict = "" if not label.startswith("ours") else ("ok" if mib < rss_limit else f"MISSED (limit {rss_limit:.0f} MB)")
        print(f"{label:<44} {mib:>8.1f} MB  {note}  {verdict}")


if __name__ == "__main__":
    main()
