//! Word classes for the entity tagger, from unlabelled news text (standalone: `rustc -O`).
//!
//! Reads plain text on standard input (one document per line), lower-cases and tokenizes
//! it, keeps the `VOCAB` most frequent words, and describes each by the words right before
//! and after it (counts over the `CTX` most frequent words, PPMI-weighted, randomly
//! projected to `DIM` dimensions, L2-normalised). Spherical k-means makes `K` fine
//! classes; k-means over their centroids makes the coarser levels, so each word gets a
//! path of three nested class ids, like a Brown-cluster bit prefix. Deterministic: fixed
//! seeds, one thread, ties by index. Output (stdout): one line per fine class,
//! `coarse mid fine<TAB>word word …`. See `scripts/ner_clusters.sh`.

use std::collections::HashMap;
use std::io::{BufRead, Write};

const VOCAB: usize = 60_000;
const CTX: usize = 400;
const DIM: usize = 128;
const K: usize = 1024;
const K_MID: usize = 128;
const K_TOP: usize = 32;

fn tokens(line: &str, out: &mut Vec<String>) {
    out.clear();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        while cur.ends_with(['.', '\'', '-']) {
            cur.pop();
        }
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
        cur.clear();
    };
    for c in line.chars() {
        if c.is_alphanumeric() || (!cur.is_empty() && matches!(c, '.' | '-' | '\'' | '&')) {
            for l in c.to_lowercase() {
                cur.push(l);
            }
        } else {
            flush(&mut cur, out);
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
    }
    flush(&mut cur, out);
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Spherical k-means of the rows of `x` (`n` x `DIM`), seeded with evenly spaced rows
/// (rows come most frequent first). Returns the assignment and the centroids.
fn kmeans(x: &[f32], n: usize, k: usize, iters: usize) -> (Vec<usize>, Vec<f32>) {
    let mut c: Vec<f32> = (0..k)
        .flat_map(|j| x[(j * n / k) * DIM..(j * n / k + 1) * DIM].to_vec())
        .collect();
    let mut assign = vec![0usize; n];
    for it in 0..iters {
        let mut moved = 0;
        for i in 0..n {
            let row = &x[i * DIM..(i + 1) * DIM];
            let mut best = (f32::MIN, 0);
            for j in 0..k {
                let cj = &c[j * DIM..(j + 1) * DIM];
                let d: f32 = row.iter().zip(cj).map(|(a, b)| a * b).sum();
                if d > best.0 {
                    best = (d, j);
                }
            }
            if assign[i] != best.1 {
                moved += 1;
            }
            assign[i] = best.1;
        }
        let mut sum = vec![0f32; k * DIM];
        for i in 0..n {
            for d in 0..DIM {
                sum[assign[i] * DIM + d] += x[i * DIM + d];
            }
        }
        for j in 0..k {
            let s = &mut sum[j * DIM..(j + 1) * DIM];
            if s.iter().all(|v| *v == 0.0) {
                // An empty class keeps its old centroid.
                s.copy_from_slice(&c[j * DIM..(j + 1) * DIM]);
            }
            normalise(s);
        }
        c = sum;
        eprintln!("k={k} iteration {it}: {moved} moved");
        if moved == 0 {
            break;
        }
    }
    (assign, c)
}

fn main() {
    let stdin = std::io::stdin();
    let mut docs: Vec<Vec<u32>> = Vec::new();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut freq: Vec<u64> = Vec::new();
    let mut toks = Vec::new();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { continue };
        tokens(&line, &mut toks);
        let mut doc = Vec::with_capacity(toks.len());
        for t in toks.drain(..) {
            let id = *ids.entry(t.clone()).or_insert_with(|| {
                names.push(t);
                freq.push(0);
                (names.len() - 1) as u32
            });
            freq[id as usize] += 1;
            doc.push(id);
        }
        docs.push(doc);
    }
    let total: u64 = freq.iter().sum();
    eprintln!("{} documents, {total} tokens, {} types", docs.len(), names.len());
    // Rank by frequency, ties by word, so the order does not depend on the hash map.
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by(|&a, &b| {
        freq[b as usize]
            .cmp(&freq[a as usize])
            .then_with(|| names[a as usize].cmp(&names[b as usize]))
    });
    let mut rank = vec![u32::MAX; names.len()];
    for (r, &id) in order.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    let v = VOCAB.min(order.len());
    // Context slot: rank < CTX, else CTX ("other"); left in [0, CTX], right after it.
    let width = 2 * (CTX + 1);
    let mut counts = vec![0u32; v * width];
    let slot = |id: Option<&u32>| id.map_or(CTX, |&i| (rank[i as usize] as usize).min(CTX));
    for doc in &docs {
        for (i, &w) in doc.iter().enumerate() {
            let r = rank[w as usize] as usize;
            if r >= v {
                continue;
            }
            let l = slot(if i > 0 { doc.get(i - 1) } else { None });
            let rt = slot(doc.get(i + 1));
            counts[r * width + l] += 1;
            counts[r * width + CTX + 1 + rt] += 1;
        }
    }
    drop(docs);
    // PPMI per side.
    let mut col = vec![0f64; width];
    for r in 0..v {
        for c in 0..width {
            col[c] += f64::from(counts[r * width + c]);
        }
    }
    let side_total: f64 = col[..CTX + 1].iter().sum();
    let mut rng = Rng(0x636c_7573_7465_72);
    // A random +-1 projection per context slot.
    let proj: Vec<f32> = (0..width * DIM)
        .map(|_| if rng.next() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    let mut x = vec![0f32; v * DIM];
    for r in 0..v {
        let row_total: f64 = counts[r * width..r * width + CTX + 1]
            .iter()
            .map(|&c| f64::from(c))
            .sum();
        let out = &mut x[r * DIM..(r + 1) * DIM];
        for c in 0..width {
            let n = f64::from(counts[r * width + c]);
            if n == 0.0 || col[c] == 0.0 {
                continue;
            }
            let pmi = (n * side_total / (row_total * col[c])).ln();
            if pmi <= 0.0 {
                continue;
            }
            let p = &proj[c * DIM..(c + 1) * DIM];
            for d in 0..DIM {
                out[d] += (pmi as f32) * p[d];
            }
        }
        normalise(out);
    }
    let (fine, cent) = kmeans(&x, v, K, 12);
    let (mid, cent_mid) = kmeans(&cent, K, K_MID, 20);
    let (top, _) = kmeans(&cent_mid, K_MID, K_TOP, 20);
    let mut classes: Vec<Vec<&str>> = vec![Vec::new(); K];
    for r in 0..v {
        classes[fine[r]].push(&names[order[r] as usize]);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (j, words) in classes.iter().enumerate() {
        if words.is_empty() {
            continue;
        }
        let m = mid[j];
        let _ = writeln!(out, "{} {} {}\t{}", top[m], m, j, words.join(" "));
    }
}
