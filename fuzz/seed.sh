#!/usr/bin/env bash
# Builds the fuzzers' seed corpus from the shipped policies, fixtures and examples, into
# fuzz/corpus/<target>/. Each target reads its first byte as a mode (see fuzz_targets/*.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out/check" "$out/records" "$out/eval"

# A file with one mode byte in front.
seed() { # seed TARGET MODE FILE NAME
    { printf "\\x$(printf %02x "$2")"; cat "$3"; } > "$out/$1/$4"
}

# check: policies as text with a calendar (mode 2; mode 6 draws in English), the calendar as
# policy and calendar at once (mode 1), and generator choices (mode 0).
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    seed check $((n % 2 * 4 + 2)) "$f" "policy-$n"
done < <(find policies tests/fixtures docs/examples -name '*.rung' -print0)
seed check 1 policies/calendars/cn-2020-2026.csv calendar

# records: mode bit 0 picks the policy (0 reference, 1 probation), bits 1-3 the format (0 json,
# 1 jsonl, 2 csv, 3 tsv, 4 workbook), bits 4-5 the encoding (0 auto, 1 utf-8, 2 gb18030), bit 7
# the language.
seed records $((1 << 1)) examples/roster.jsonl roster-jsonl
seed records $((2 << 1)) examples/roster.csv roster-csv
seed records $((3 << 1)) examples/roster.csv roster-as-tsv
seed records $((1 << 1 | 1)) tests/fixtures/records/roster.jsonl probation-jsonl
seed records $((2 << 1 | 1 | 2 << 4)) tests/fixtures/records/roster-gbk.csv probation-gbk
seed records $((2 << 1 | 1)) tests/fixtures/records/mistakes.csv probation-mistakes
seed records $((4 << 1 | 1)) tests/fixtures/records/mistakes.xlsx probation-xlsx
{ printf '\x00['; paste -sd, examples/roster.jsonl; printf ']'; } > "$out/records/roster-json"

# eval and check (mode 0): the generator's choices; any bytes make a case.
for i in $(seq 1 64); do
    head -c $((64 + i * 16)) /dev/urandom > "$out/eval/random-$i"
    { printf '\x00'; head -c $((64 + i * 16)) /dev/urandom; } > "$out/check/gen-$i"
done
echo "seeds: $(ls "$out/check" | wc -l) check, $(ls "$out/records" | wc -l) records, $(ls "$out/eval" | wc -l) eval"
