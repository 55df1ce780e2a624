#!/usr/bin/env bash
# Runs `grantdesk scope check` on the ApiScope conformance vectors and compares
# every answer with the vector's `expect`. Builds nothing.
#
#   scripts/check-vectors.sh BINARY [VECTORS.jsonl]
#
# VECTORS defaults to ../shared/conformance/apiscope-vectors.jsonl beside the
# repository, else the copy in Tests/Fixtures/GrantModel/.
# Exit 0 when every vector matches, 1 otherwise (or on a usage/run error).
set -euo pipefail

binary="${1:?usage: scripts/check-vectors.sh BINARY [VECTORS.jsonl]}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vectors="${2:-}"
if [[ -z "$vectors" ]]; then
    vectors="$root/../shared/conformance/apiscope-vectors.jsonl"
    [[ -f "$vectors" ]] || vectors="$root/Tests/Fixtures/GrantModel/apiscope-vectors.jsonl"
fi
[[ -x "$binary" ]] || { echo "check-vectors: $binary is not an executable" >&2; exit 1; }
[[ -f "$vectors" ]] || { echo "check-vectors: no vectors file at $vectors" >&2; exit 1; }

output="$(mktemp)"
trap 'rm -f "$output"' EXIT
"$binary" scope check --vectors "$vectors" >"$output"

python3 - "$vectors" "$output" <<'PY'
import json, sys

vectors_path, output_path = sys.argv[1], sys.argv[2]
expected = {}
order = []
with open(vectors_path, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            vector = json.loads(line)
            key = json.dumps(vector["id"])
            expected[key] = vector["expect"]
            order.append(key)

answers = {}
with open(output_path, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            answer = json.loads(line)
            answers[json.dumps(answer["id"])] = answer

passed = failed = 0
for key in order:
    answer = answers.get(key)
    if answer is None:
        failed += 1
        print(f"vector {key}: no output line")
    elif "error" in answer:
        failed += 1
        print(f"vector {key}: error {answer['error']!r}")
    elif answer.get("result") is not expected[key]:
        failed += 1
        print(f"vector {key}: got {answer.get('result')}, expected {expected[key]}")
    else:
        passed += 1
if len(answers) != len(order):
    print(f"{len(answers)} output lines for {len(order)} vectors")
    failed += max(0, len(answers) - len(order))
print(f"{passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
PY
