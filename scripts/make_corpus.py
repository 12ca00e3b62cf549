#!/usr/bin/env python3
"""Build newsdex's bundled sample corpus (corpus/) from the research data in shared/data.

Usage: python3 scripts/make_corpus.py [DATA_DIR] [--out CORPUS_DIR]

DATA_DIR defaults to ../shared/data relative to the repository root, CORPUS_DIR to corpus/ in the
repository root. Python 3.11 standard library only. The output is deterministic: selection uses
fixed rules and sorted keys, never randomness, and the .gz is written with mtime 0, so running
the script twice gives byte-identical files (and a clean `git diff`).

The corpus is small on purpose: a research sample of copyrighted news texts, big enough to exercise
every input format newsdex reads and to make searches about Russia, Ukraine and NATO interesting.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# How many articles of each kind. AllSides is the bulk because it is the only set that covers the
# 2014-2020 Russia/Ukraine story; Reuters and BBC add older, differently shaped text.
ALLSIDES_DATED = 192
ALLSIDES_UNDATED = 8
ALLSIDES_TXT = 10
ALLSIDES_PER_OUTLET = 12
REUTERS_COUNT = 30
BBC_COUNT = 10
# Very short pieces are mostly teasers; very long ones would dominate the size budget.
MIN_BODY = 600
MAX_BODY = 12_000
SIZE_BUDGET = 3_500_000  # bytes of article text, leaving headroom under the 4 MB limit

SEED = {
    "title": "Kremlin studies U.S.-Ukraine proposal for a 30-day ceasefire",
    "date": "2025-03-12",
    "source": "Seed Report",
    "id": "seed-kremlin-ceasefire",
}

# "Russia" alone is not enough: in 2017-2019 it mostly means the election-interference inquiry.
# An article is about our topic when it also names the war, the alliance or the Kremlin itself;
# and "ceasefire" alone is not enough either (Gaza, Syria), hence the separate CORE count.
ANY_TERM = re.compile(
    r"\b(Russia\w*|Ukrain\w*|NATO|Putin\w*|Zelensk\w*|Zelenskiy|Poroshenko|Kremlin|Crimea\w*|"
    r"cease-?fires?|sanctions)\b",
    re.IGNORECASE,
)
STRONG_TERM = re.compile(
    r"\b(Ukrain\w*|NATO|Putin\w*|Zelensk\w*|Poroshenko|Kremlin|Crimea\w*|cease-?fires?)\b",
    re.IGNORECASE,
)
CORE_TERM = re.compile(
    r"\b(Russia\w*|Ukrain\w*|NATO|Putin\w*|Zelensk\w*|Poroshenko|Kremlin|Crimea\w*)\b",
    re.IGNORECASE,
)
TITLE_TERM = re.compile(
    r"\b(Russia\w*|Ukrain\w*|NATO|Putin\w*|Zelensk\w*|Poroshenko|Kremlin|Crimea\w*|"
    r"cease-?fires?|Moscow)\b",
    re.IGNORECASE,
)
REUTERS_TERM = re.compile(
    r"\b(Soviets?|USSR|Moscow|NATO|Gorbachev|Kremlin|arms|missiles?)\b", re.IGNORECASE
)
# The 1987 wire is mostly grain and oil trade; politics and arms talks are what connect to the rest.
REUTERS_POLITICS = re.compile(
    r"\b(NATO|Gorbachev|Kremlin|arms|missiles?|treaty|Shultz|Reagan|summit)\b", re.IGNORECASE
)
BBC_TERM = re.compile(r"\b(Russia\w*|Putin|Ukrain\w*|NATO|Kremlin|Moscow)\b")

FIELDS = ("id", "title", "date", "source", "url", "author", "body")
# The names other news dumps use, to exercise newsdex's field aliases in one file.
NEWS_DUMP_NAMES = {
    "id": "id",
    "title": "headline",
    "date": "published",
    "source": "outlet",
    "url": "link",
    "author": "author",
    "body": "text",
}


def read_jsonl(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def record(a: dict, author: str | None = None) -> dict:
    """The fields newsdex reads, in a fixed order; meta is dropped."""
    return {
        "id": a["id"],
        "title": a.get("title") or "",
        "date": a.get("date"),
        "source": a.get("source"),
        "url": a.get("url"),
        "author": author,
        "body": a["body"],
    }


def norm_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def select_allsides(path: Path) -> tuple[list[dict], list[dict]]:
    """Dated and undated picks: topic-central articles, a spread over years, capped per outlet."""
    by_year: dict[str, list[tuple]] = collections.defaultdict(list)
    for a in read_jsonl(path):
        body, title = a.get("body") or "", a.get("title") or ""
        if not (MIN_BODY <= len(body) <= MAX_BODY) or not title.strip():
            continue
        text = title + "\n" + body
        total = len(ANY_TERM.findall(text))
        strong = len(STRONG_TERM.findall(text))
        core = len(CORE_TERM.findall(text))
        if total < 3 or strong < 2 or core < 3:
            continue
        title_hit = bool(TITLE_TERM.search(title))
        year = (a.get("date") or "")[:4] or "undated"
        author = (a.get("meta") or {}).get("authors") or None
        # Central first: named in the headline, then by how often the strong terms recur.
        key = (not title_hit, -strong, -total, a["id"])
        by_year[year].append((key, record(a, author)))
    for items in by_year.values():
        items.sort(key=lambda item: item[0])

    per_outlet: collections.Counter = collections.Counter()
    seen_titles: set[str] = set()
    seen_bodies: set[str] = set()

    def take(queue: list[tuple]) -> dict | None:
        while queue:
            _, r = queue.pop(0)
            t, b = norm_title(r["title"]), r["body"][:300]
            if t in seen_titles or b in seen_bodies or per_outlet[r["source"]] >= ALLSIDES_PER_OUTLET:
                continue
            seen_titles.add(t)
            seen_bodies.add(b)
            per_outlet[r["source"]] += 1
            return r
        return None

    years = sorted(y for y in by_year if y != "undated")
    dated: list[dict] = []
    # Round-robin over years so the busy 2017-2019 do not crowd out 2012-2014.
    while len(dated) < ALLSIDES_DATED and any(by_year[y] for y in years):
        for y in years:
            if len(dated) >= ALLSIDES_DATED:
                break
            r = take(by_year[y])
            if r is not None:
                dated.append(r)
    undated: list[dict] = []
    while len(undated) < ALLSIDES_UNDATED and by_year["undated"]:
        r = take(by_year["undated"])
        if r is not None:
            undated.append(r)
    return dated, undated


def select_reuters(path: Path) -> list[dict]:
    """Cold-war coverage: Soviet, Moscow, NATO and arms-talk stories, spread over the months."""
    by_month: dict[str, list[tuple]] = collections.defaultdict(list)
    for a in read_jsonl(path):
        body, title = a.get("body") or "", a.get("title") or ""
        if not (MIN_BODY <= len(body.strip()) <= MAX_BODY) or not title.strip():
            continue
        score = len(REUTERS_TERM.findall(title + "\n" + body))
        if score < 3:
            continue
        politics = bool(REUTERS_POLITICS.search(title + "\n" + body))
        key = (not REUTERS_TERM.search(title), not politics, -score, a["id"])
        by_month[(a.get("date") or "")[:7]].append((key, record(a)))
    for items in by_month.values():
        items.sort(key=lambda item: item[0])
    picked: list[dict] = []
    seen: set[str] = set()
    months = sorted(by_month)
    while len(picked) < REUTERS_COUNT and any(by_month[m] for m in months):
        for m in months:
            while by_month[m] and len(picked) < REUTERS_COUNT:
                _, r = by_month[m].pop(0)
                # Reuters often reran a story under a reworded headline: compare openings too.
                t, b = norm_title(r["title"]), r["body"][:200]
                if t not in seen and b not in seen:
                    seen.update((t, b))
                    picked.append(r)
                    break
    return sorted(picked, key=lambda r: (r["date"] or "", r["id"]))


def select_bbc(path: Path) -> list[dict]:
    """News (not sport or entertainment) where Russia or Ukraine is the subject."""
    scored = []
    for a in read_jsonl(path):
        if (a.get("meta") or {}).get("category") not in ("business", "politics"):
            continue
        score = len(BBC_TERM.findall(a["title"] + "\n" + a["body"]))
        if score >= 6:
            scored.append(((-score, a["id"]), record(a)))
    scored.sort(key=lambda item: item[0])
    picked, seen = [], set()
    for _, r in scored:
        if norm_title(r["title"]) not in seen and len(picked) < BBC_COUNT:
            seen.add(norm_title(r["title"]))
            picked.append(r)
    return sorted(picked, key=lambda r: r["id"])


def slug(title: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "article"


def header_safe(value: str | None) -> bool:
    return value is not None and "\n" not in value and "\r" not in value


def pick_txt(articles: list[dict]) -> list[dict]:
    """Evenly spaced (by date) articles whose every header value fits on one line."""
    fit = [
        r
        for r in articles
        if r["date"]
        and all(header_safe(r[k]) for k in ("title", "source", "url", "id"))
        and header_safe(r["author"] or "")
        and r["body"][:1].strip()  # a body starting blank would blur the header/body boundary
        and TITLE_TERM.search(r["title"])
    ]
    fit.sort(key=lambda r: (r["date"], r["id"]))
    if len(fit) <= ALLSIDES_TXT:
        return fit
    step = len(fit) / ALLSIDES_TXT
    return [fit[int(i * step + step / 2)] for i in range(ALLSIDES_TXT)]


def text_file(header: list[tuple[str, str | None]], body: str) -> str:
    lines = [f"{k}: {v}" for k, v in header if v]
    return "\n".join(lines) + "\n\n" + body


def jsonl(records: list[dict], names: dict[str, str] | None = None) -> str:
    out = []
    for r in records:
        obj = {(names or {}).get(k, k): r[k] for k in FIELDS}
        out.append(json.dumps(obj, ensure_ascii=False))
    return "\n".join(out) + "\n"


def text_size(r: dict) -> int:
    return len(r["body"].encode("utf-8"))


def mentions(records: list[dict], pattern: str, flags: int = 0) -> int:
    rx = re.compile(pattern, flags)
    return sum(1 for r in records if rx.search(r["title"] + "\n" + r["body"]))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "corpus")
    args = ap.parse_args(argv)
    data, out = args.data, args.out
    news = data / "news"

    dated, undated = select_allsides(news / "allsides-2012-2020.jsonl.gz")
    reuters = select_reuters(news / "reuters-1987.jsonl")
    bbc = select_bbc(news / "bbc-2004.jsonl")

    # Keep within the size budget by dropping the longest AllSides articles, never the short ones.
    allsides = dated + undated
    total = sum(map(text_size, allsides + reuters + bbc))
    for r in sorted(allsides, key=lambda r: (-text_size(r), r["id"])):
        if total <= SIZE_BUDGET:
            break
        total -= text_size(r)
        dated = [d for d in dated if d is not r]
        undated = [d for d in undated if d is not r]

    txt = pick_txt(dated)
    txt_ids = {r["id"] for r in txt}
    dated = sorted((r for r in dated if r["id"] not in txt_ids), key=lambda r: (r["date"], r["id"]))
    undated = sorted(undated, key=lambda r: r["id"])

    def years(lo: str, hi: str) -> list[dict]:
        return [r for r in dated if lo <= r["date"][:4] <= hi]

    files: dict[str, tuple[str, list[dict]]] = {}  # relative path -> (format note, articles)
    files["allsides/allsides-2012-2014.jsonl"] = ("JSON Lines", years("2012", "2014"))
    files["allsides/allsides-2015-2016.jsonl"] = ("JSON Lines", years("2015", "2016"))
    files["allsides/allsides-2017-2018.jsonl.gz"] = ("gzipped JSON Lines", years("2017", "2018"))
    files["allsides/allsides-2019-2020-newsdump.jsonl"] = (
        "JSON Lines, news-dump field names: headline, text, published, outlet, link",
        years("2019", "2020"),
    )
    files["allsides/allsides-undated.jsonl"] = ("JSON Lines, `date` null", undated)
    files["reuters/reuters-1987-soviet.json"] = ("JSON array", reuters)
    files["bbc/bbc-2004-russia-ukraine.jsonl"] = ("JSON Lines, `date` and `url` null", bbc)

    seed_body = (data / "seed-article.txt").read_bytes()
    seed_record = {
        "id": SEED["id"],
        "title": SEED["title"],
        "date": SEED["date"],
        "source": SEED["source"],
        "url": None,
        "author": None,
        "body": seed_body.decode("utf-8"),
    }

    # Regenerate from scratch so articles dropped by a rule change do not linger; only what this
    # script writes is removed, so a mistyped --out cannot wipe anything else.
    for name in ("allsides", "reuters", "bbc", "txt", "seed"):
        shutil.rmtree(out / name, ignore_errors=True)
    (out / "README.md").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)

    for rel, (_, records) in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".json"):
            text = json.dumps([{k: r[k] for k in FIELDS} for r in records], ensure_ascii=False, indent=1) + "\n"
        elif "newsdump" in rel:
            text = jsonl(records, NEWS_DUMP_NAMES)
        else:
            text = jsonl(records)
        if rel.endswith(".gz"):
            path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        else:
            path.write_text(text, encoding="utf-8")

    (out / "seed").mkdir()
    seed_header = text_file(
        [("Title", SEED["title"]), ("Date", SEED["date"]), ("Source", SEED["source"]), ("Id", SEED["id"])],
        "",
    )
    (out / "seed" / "kremlin-ceasefire.txt").write_bytes(seed_header.encode("utf-8") + seed_body)

    (out / "txt").mkdir()
    txt_names = []
    for r in txt:
        name = f"txt/{slug(r['title'])}.txt"
        header = [
            ("Title", r["title"]),
            ("Date", r["date"]),
            ("Source", r["source"]),
            ("URL", r["url"]),
            ("Author", r["author"]),
            ("Id", r["id"]),
        ]
        (out / name).write_text(text_file(header, r["body"]), encoding="utf-8")
        txt_names.append(name)

    everything = [r for _, recs in files.values() for r in recs] + txt + [seed_record]
    stats = {
        "ceasefire": mentions(everything, r"\bcease-?fires?\b", re.IGNORECASE),
        "Peskov": mentions(everything, r"\bPeskov\b"),
        "NATO": mentions(everything, r"\bNATO\b"),
    }
    dates = sorted(r["date"][:10] for r in everything if r["date"])

    rows = [(rel, note, len(recs)) for rel, (note, recs) in files.items()]
    rows.append(("txt/*.txt", "text with `Key: value` header (AllSides)", len(txt)))
    rows.append(("seed/kremlin-ceasefire.txt", "text with `Key: value` header", 1))
    write_readme(out, rows, len(everything), stats, dates, txt_names)

    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    for rel, note, n in rows:
        print(f"{n:4d}  {rel}  ({note})")
    print(f"{len(everything):4d}  articles in total, {size / 1e6:.2f} MB on disk (before block rounding)")
    for word, n in stats.items():
        print(f"{n:4d}  mention {word}")
    print(f"dates: {dates[0]} .. {dates[-1]} ({len(dates)} dated)")
    return 0


def write_readme(out: Path, rows, total: int, stats: dict, dates: list[str], txt_names) -> None:
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    table = "\n".join(f"| `{rel}` | {note} | {n} |" for rel, note, n in rows)
    readme = f"""# Sample corpus

A small research sample of real news articles for trying newsdex out, for its integration tests
and for demos: coverage of Russia, Ukraine, NATO, the Kremlin and ceasefire talks from 1987 to 2025,
in every input format `newsdex index` reads (`newsdex index corpus/` takes it all in at once).

## What is in it

{total} articles, {size / 1e6:.1f} MB on disk; dated {dates[0]} to {dates[-1]}
({len(dates)} of them dated). {stats['ceasefire']} mention a ceasefire, {stats['Peskov']} Peskov,
{stats['NATO']} NATO.

| file | format | articles |
| --- | --- | --- |
{table}

Every article keeps its original `id`, `title`, `date`, `source`, `url` and `body` unchanged
(the `author` of AllSides articles comes from the dataset's metadata; other metadata is dropped).
`allsides-2019-2020-newsdump.jsonl` spells the same fields as other news dumps do (`headline`,
`published`, `outlet`, `link`, `text`) so that the field aliases are exercised. The `.txt` files
carry a header of `Title`, `Date`, `Source`, `URL`, `Author` and `Id` lines, a blank line, then the
body byte for byte. Bodies keep their quirks: Reuters texts end in ` Reuter` and a control
character (U+0003), as in the original SGML.

## How it was selected

`scripts/make_corpus.py` writes this whole folder (README included) from the project's research
data; the rules are fixed and the output is byte-for-byte reproducible:

```
python3 scripts/make_corpus.py ../shared/data
```

- **AllSides** (`allsides-2012-2020.jsonl.gz`): bodies of {MIN_BODY}-{MAX_BODY} characters that
  name Russia, Ukraine, NATO, Putin, Zelensky/Zelenskiy, Poroshenko, the Kremlin or Crimea at
  least 3 times, and at least twice by a term other than Russia (Ukraine, NATO, Putin, ...,
  ceasefire), so that the 2017-2019 election-inquiry stories do not dominate. Articles with such a term in
  the headline come first, then by number of mentions; picked round-robin over the years 2012-2020,
  at most {ALLSIDES_PER_OUTLET} per outlet, duplicates (same headline or opening) dropped, plus
  {ALLSIDES_UNDATED} undated ones. {ALLSIDES_TXT} of them, evenly spaced by date, are written as
  `.txt` files named by headline slug.
- **Reuters-21578** (`reuters-1987.jsonl`): {REUTERS_COUNT} non-empty stories naming the Soviets,
  the USSR, Moscow, NATO, Gorbachev, arms or missiles at least 3 times; headline hits first, then
  political and arms-talk stories before trade ones; spread over the months of 1987.
- **BBC News** (`bbc-2004.jsonl`): the {BBC_COUNT} business and politics stories that name Russia,
  Putin, Ukraine, NATO, the Kremlin or Moscow most often.
- **Seed**: the article the project started from, with a header added.

If the text grows past {SIZE_BUDGET / 1e6:.1f} MB the longest AllSides articles are dropped first.

## Credits and licences

The texts remain copyright of their publishers. They are included here only as a small sample for
research, testing and demonstration, as their datasets permit; do not redistribute them for other
purposes.

- **AllSides**: Ramy Baly, Giovanni Da San Martino, James Glass and Preslav Nakov, "We Can Detect
  Your Bias: Predicting the Political Ideology of News Articles", EMNLP 2020
  (<https://github.com/ramybaly/Article-Bias-Prediction>; the repository is Apache-2.0, the
  article texts belong to their outlets and are distributed for research use).
- **Reuters-21578**, Distribution 1.0: David D. Lewis et al.; Reuters Ltd. and Carnegie Group,
  Inc. Research use only.
- **BBC News dataset**: Derek Greene and Pádraig Cunningham, "Practical Solutions to the Problem of
  Diagonal Dominance in Kernel Document Clustering", ICML 2006. Research use only; texts
  copyright BBC.
- **Seed article** (`seed/kremlin-ceasefire.txt`): a news report on the proposed 30-day ceasefire
  in Ukraine (March 2025), adapted; the headline, date and source name in its header were added
  for this corpus.
"""
    (out / "README.md").write_text(readme, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
