#!/usr/bin/env bash
# libFuzzer on the HTTP/1.1 request parser and connection state machine.
# FUZZ_SECONDS (default 600) bounds the run; crash inputs land in .build-fuzz/crashes/.
# A crash input found here belongs in Tests/HTTPServerTests/Fixtures/fuzz-regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-600}"
scratch=.build-fuzz
corpus="$scratch/corpus"
crashes="$scratch/crashes"
mkdir -p "$corpus" "$crashes"

# Release (still with ASan) for many more executions per second. -DFUZZING swaps the replay tool's main for LLVMFuzzerTestOneInput.
swift build -c release --product ParserFuzz --sanitize fuzzer --sanitize address --scratch-path "$scratch" -Xswiftc -DFUZZING

# Seed the corpus with the regression inputs and a few valid requests
# (the first byte of each input picks where the fuzzer splits it).
if [ -d Tests/HTTPServerTests/Fixtures/fuzz-regressions ]; then
    cp Tests/HTTPServerTests/Fixtures/fuzz-regressions/* "$corpus"/ 2>/dev/null || true
fi
printf '\x07GET / HTTP/1.1\r\nHost: a\r\n\r\n' > "$corpus/seed-get"
printf '\x20POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\n' > "$corpus/seed-post"
printf '\x30POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n' > "$corpus/seed-chunked"
printf '\x11HEAD / HTTP/1.0\r\nConnection: keep-alive\r\nExpect: 100-continue\r\n\r\n' > "$corpus/seed-head"

log="$scratch/fuzz.log"
set +e
SWIFT_BACKTRACE=enable=no "$scratch/release/ParserFuzz" "$corpus" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

executions=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
elapsed=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
crash_count=$(find "$crashes" -type f | wc -l)
echo "fuzz summary: executions=${executions:-?} exec/s=${elapsed:-?} seconds=${seconds} crashes=${crash_count} exit=${status}"
exit "$status"
