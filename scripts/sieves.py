#!/usr/bin/env python3
"""Score each attribution sieve on its own: the rows one sieve decided, against the gold.

Usage: scripts/sieves.py TASK GOLD PRED INPUT
  TASK   quotes-polnear or quotes-ggt (as ../shared/eval/score.py names them)
  GOLD   the gold JSONL
  PRED   `newsdex extract --explain INPUT` output (each quote names its sieve)
  INPUT  the input the predictions were made from (gold-to-input.py output)

For each sieve: its rows, the detection precision of those rows, the attribution accuracy
of the rows that matched a gold quote with a named source, and end-to-end precision. A
sieve's recall is not shown: the gold does not say which sieve should have found a quote.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

EVAL = os.environ.get("NEWSDEX_EVAL_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    task, gold, pred, corpus = sys.argv[1:5]
    records = [json.loads(line) for line in open(pred, encoding="utf-8")]
    sieves = collections.Counter(q.get("sieve", "?") for r in records for q in r["quotes"])
    if "?" in sieves:
        sys.exit(f"{pred}: quotes without a sieve; run `newsdex extract --explain`")
    print(f"{'sieve':24} {'rows':>5} {'det.P':>6} {'attribution':>16} {'e2e.P':>6}")
    for sieve, rows in sieves.most_common():
        with tempfile.NamedTemporaryFile("w", delete=False, suffix=".pred", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(dict(r, quotes=[q for q in r["quotes"] if q["sieve"] == sieve])) + "\n")
        try:
            out = subprocess.run(
                ["python3", "-B", os.path.join(EVAL, "score.py"), task, "--gold", gold,
                 "--pred", f.name, "--corpus", corpus, "--json"],
                capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(f.name)
        m = json.loads(out)["metrics"]
        det, attr, e2e = m["detection"], m["attribution"], m.get("end_to_end", {})
        accuracy = attr["correct"] / attr["total"] if attr["total"] else 0.0
        print(f"{sieve:24} {rows:5} {det['precision']:6.3f} "
              f"{attr['correct']:5}/{attr['total']:<5} {accuracy:5.3f} {e2e.get('precision', 0.0):6.3f}")


if __name__ == "__main__":
    main()
