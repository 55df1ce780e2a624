#!/usr/bin/env bash
# libFuzzer on the HTTP/1.1 request parser and connection state machine.
# FUZZ_SECONDS (default 600) bounds the run; crash inputs land in .build-fuzz/crashes/
# and belong, once fixed, in Tests/differential/regressions/ (named for what they
# caught) beside a byte-level parser test; Tests/differential/run.sh replays those
# and the kept corpus Tests/differential/corpus/. FUZZ_UPDATE_CORPUS=1 merges what the run
# found into that kept corpus with libFuzzer's -merge=1 (minimised to the fewest
# inputs that reach every covered edge: hit counts and comparisons are ignored,
# which keeps it at a few hundred small files).
#
# A run without coverage feedback is worthless ("0 crashes" from a blind run
# means little), so the build is checked twice before fuzzing: the parser's own
# objects and the linked binary must carry SanitizerCoverage counters, and a
# dry run over the seeds must report `INITED cov:` of at least FUZZ_MIN_COV. A
# blind build is thrown away and rebuilt once from scratch; if it is still
# blind, the script stops with an error instead of fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-600}"
min_cov="${FUZZ_MIN_COV:-300}"
scratch=.build-fuzz
products="$scratch/x86_64-unknown-linux-gnu/release"
binary="$scratch/release/ParserFuzz"
corpus="$scratch/corpus"
crashes="$scratch/crashes"
kept=Tests/differential/corpus
regressions=Tests/differential/regressions
mkdir -p "$corpus" "$crashes"

build() {
    # Release (still with ASan) for many more executions per second; -DFUZZING swaps
    # the replay tool's main for LLVMFuzzerTestOneInput.
    #
    # Not `--sanitize fuzzer --sanitize address`: SwiftPM turns those into two
    # `-sanitize=` options in the order of a Swift Set, which changes from one run to
    # the next, and swiftc keeps only the last one. Half the builds were compiled
    # with ASan and no coverage (the blind runs), the others with coverage and no
    # ASan; and every change of order rebuilt everything. So `--sanitize fuzzer` alone
    # (SwiftPM then leaves `main` to libFuzzer), and after it, for every module
    # (HTTPServer included) and the link, one option carrying both, which wins.
    swift build -c release --product ParserFuzz --scratch-path "$scratch" --sanitize fuzzer \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
}

# Size of the __sancov_cntrs section (one byte per instrumented edge) in a file; 0 if absent.
counters() {
    local total=0 size
    for size in $(objdump -h "$1" 2>/dev/null | awk '$2 == "__sancov_cntrs" { print $3 }'); do
        total=$((total + 16#$size))
    done
    echo "$total"
}

# Coverage a dry run over the seeds reaches: the cov: of libFuzzer's INITED line (0 when it prints none).
initial_coverage() {
    local seeds
    seeds=$(mktemp -d)
    cp "$kept"/* "$regressions"/* "$seeds"/ 2>/dev/null || true
    seed_inputs "$seeds"
    SWIFT_BACKTRACE=enable=no "$binary" "$seeds" -runs=0 -max_len=4096 2>&1 \
        | sed -n 's/.*INITED cov: \([0-9]*\).*/\1/p' | head -1 | grep . || echo 0
    rm -rf "$seeds"
}

# A few valid requests (the first byte of each input picks where the harness splits it).
seed_inputs() {
    printf '\x07GET / HTTP/1.1\r\nHost: a\r\n\r\n' > "$1/seed-get"
    printf '\x20POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\n' > "$1/seed-post"
    printf '\x30POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n' > "$1/seed-chunked"
    printf '\x11HEAD / HTTP/1.0\r\nConnection: keep-alive\r\nExpect: 100-continue\r\n\r\n' > "$1/seed-head"
}

# Instrumented means: the parser's object file has coverage counters and ASan
# checks, the binary has counters, and they fire.
instrumented() {
    local parser_object="$products/HTTPServer.build/RequestParser+Head.swift.o"
    local object_counters binary_counters asan_checks coverage
    object_counters=$(counters "$parser_object")
    binary_counters=$(counters "$binary")
    asan_checks=$(nm "$parser_object" 2>/dev/null | grep -c '__asan_report_' || true)
    coverage=$(initial_coverage)
    echo "fuzz: RequestParser+Head.swift.o: ${object_counters} coverage counters, ${asan_checks} kinds of ASan check;" \
        "ParserFuzz: ${binary_counters} counters; INITED cov: ${coverage} (need ${min_cov})"
    [ "$object_counters" -gt 0 ] && [ "$asan_checks" -gt 0 ] && [ "$binary_counters" -gt 0 ] && [ "$coverage" -ge "$min_cov" ]
}

build
if ! instrumented; then
    echo "fuzz: the build is not instrumented (coverage and ASan); rebuilding $products from scratch" >&2
    rm -rf "$products"
    build
    if ! instrumented; then
        echo "fuzz: refusing a blind run: libFuzzer would get no coverage feedback from the parser" >&2
        exit 1
    fi
fi

# Seed the corpus with the kept corpus, the regression inputs and a few valid requests.
cp "$kept"/* "$regressions"/* "$corpus"/ 2>/dev/null || true
seed_inputs "$corpus"

log="$scratch/fuzz.log"
set +e
SWIFT_BACKTRACE=enable=no "$binary" "$corpus" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

executions=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
initial=$(sed -n 's/.*INITED cov: \([0-9]*\).*/\1/p' "$log" | head -1)
final=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+' "$log" | tail -1)
crash_count=$(find "$crashes" -type f | wc -l)
echo "fuzz summary: executions=${executions:-?} exec/s=${rate:-?} seconds=${seconds} coverage: INITED cov=${initial:-0}, final ${final:-none} corpus_files=$(find "$corpus" -type f | wc -l) crashes=${crash_count} exit=${status}"

if [ "${FUZZ_UPDATE_CORPUS:-0}" = 1 ]; then
    mkdir -p "$kept"
    merged=$(mktemp -d)
    SWIFT_BACKTRACE=enable=no "$binary" -merge=1 -use_counters=0 -use_cmp=0 -max_len=4096 "$merged" "$kept" "$corpus" 2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files' || true
    if [ -z "$(ls -A "$merged")" ]; then
        echo "fuzz: the merge produced nothing; $kept left as it was" >&2
        exit 1
    fi
    rm -rf "$kept" && mkdir -p "$kept"
    # Content-addressed names, so reruns do not duplicate inputs.
    for file in "$merged"/*; do cp "$file" "$kept/$(sha1sum "$file" | cut -c1-16)"; done
    rm -rf "$merged"
    echo "fuzz: kept corpus now $(find "$kept" -type f | wc -l) files in $kept"
fi
exit "$status"
