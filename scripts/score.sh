#!/usr/bin/env bash
# Score `newsdex extract` against the development gold sets in ../shared/data, with the scorer in
# ../shared/eval. Usage: scripts/score.sh [--json]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
E=${NEWSDEX_EVAL_DIR:-../shared/eval}
D=${NEWSDEX_DATA_DIR:-../shared/data}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/newsdex

python3 "$E/gold-to-input.py" --gold "$D/entities/conll2003-dev.jsonl" > "$out/conll-dev.jsonl"
python3 "$E/gold-to-input.py" --gold "$D/speakers/polnear-dev.gold.jsonl" \
    --corpus "$D/speakers/polnear-articles.jsonl" > "$out/polnear-dev.jsonl"
for set in timebank aquaint; do
    python3 "$E/gold-to-input.py" --gold "$D/dates/tempeval3-$set.gold.jsonl" \
        --corpus "$D/dates/tempeval3-articles.jsonl" > "$out/te3-$set.jsonl"
done

for input in "$out"/*.jsonl; do
    "$bin" extract "$input" > "${input%.jsonl}.pred" 2>"${input%.jsonl}.warnings"
done

echo "== entities (CoNLL-2003 dev)"
python3 -B "$E/score.py" entities --gold "$D/entities/conll2003-dev.jsonl" \
    --pred "$out/conll-dev.pred" "$@"
echo "== speakers (PolNeAR dev)"
python3 -B "$E/score.py" quotes-polnear --gold "$D/speakers/polnear-dev.gold.jsonl" \
    --pred "$out/polnear-dev.pred" --corpus "$out/polnear-dev.jsonl" "$@"
for set in timebank aquaint; do
    echo "== dates (TempEval-3 $set)"
    python3 -B "$E/score.py" dates --gold "$D/dates/tempeval3-$set.gold.jsonl" \
        --pred "$out/te3-$set.pred" --corpus "$out/te3-$set.jsonl" "$@"
done
