#!/usr/bin/env bash
# Differential framing test: our parser vs PyPI h11 and httptools (see compare_parsers.py).
# Replays the regression inputs (Tests/differential/regressions) and the kept,
# minimised fuzz corpus (Tests/differential/corpus, see scripts/fuzz.sh) through the
# fuzz harness's invariants and the comparison, and the libFuzzer corpus in
# .build-fuzz/corpus too when `make fuzz` has run.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.build-differential/venv
if [ ! -x "$venv/bin/python" ]; then
    mkdir -p .build-differential
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet -r Tests/differential/requirements.txt
swift build --product ParserFuzz
bin="$(swift build --show-bin-path)/ParserFuzz"
kept=(Tests/differential/regressions Tests/differential/corpus)
# The replay tool traps on the first input that breaks an invariant.
find "${kept[@]}" -type f -print0 | xargs -0 -n 200 "$bin" >/dev/null
echo "replay: $(find "${kept[@]}" -type f | wc -l) kept inputs (regressions and minimised corpus) pass the fuzz harness's checks"
"$venv/bin/python" Tests/differential/compare_parsers.py "$bin" "${kept[@]}" .build-fuzz/corpus
