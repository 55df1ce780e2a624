#!/usr/bin/env bash
# Differential framing test: our parser vs PyPI h11 and httptools (see compare_parsers.py).
# Uses the libFuzzer corpus in .build-fuzz/corpus too when `make fuzz` has run.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.build-differential/venv
if [ ! -x "$venv/bin/python" ]; then
    mkdir -p .build-differential
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet -r Tests/differential/requirements.txt
swift build --product ParserFuzz
"$venv/bin/python" Tests/differential/compare_parsers.py "$(swift build --show-bin-path)/ParserFuzz" .build-fuzz/corpus
