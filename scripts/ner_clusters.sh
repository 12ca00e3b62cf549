#!/bin/sh
# Rebuilds src/extract/data/word_clusters.txt, the tagger's word classes, from the
# unlabelled news in ../shared/data/news (Reuters 1987, BBC 2004, AllSides 2012-2020).
# Deterministic: the same corpus gives the same file. Takes a few minutes on one core.
set -eu
news=${NEWS:-../shared/data/news}
out=${OUT:-src/extract/data/word_clusters.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rustc -O -o "$tmp/ner_clusters" scripts/ner_clusters.rs
{
  echo "# Word classes for the entity tagger: spherical k-means over left/right neighbour-word"
  echo "# PPMI vectors of the 60,000 most frequent lower-cased words in unlabelled news"
  echo "# (Reuters-21578 1987, BBC 2004, AllSides 2012-2020; ../shared/data/news)."
  echo "# Made by scripts/ner_clusters.sh. One line per class: top mid fine<TAB>words."
  python3 - "$news" <<'PY' | "$tmp/ner_clusters"
import gzip, json, sys
d = sys.argv[1]
for path, op in ((d + "/reuters-1987.jsonl", open), (d + "/bbc-2004.jsonl", open),
                 (d + "/allsides-2012-2020.jsonl.gz", gzip.open)):
    with op(path, "rt", encoding="utf-8") as f:
        for line in f:
            body = json.loads(line).get("body") or ""
            sys.stdout.write(" ".join(body.split()) + "\n")
PY
} > "$tmp/out.txt"
mv "$tmp/out.txt" "$out"
