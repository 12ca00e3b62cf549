//! Extraction speed on one thread: `extract::annotate` over every article, in tokens per second,
//! against counting the tokens alone.

use std::hint::black_box;
use std::time::Instant;

use newsdex::article::Article;
use newsdex::extract;
use serde_json::{json, Value};

use crate::corpus::count_tokens;

pub fn run(articles: &[Article]) -> Value {
    // Profiling one stage alone: `NEWSDEX_BENCH_STAGE=speaker|dates` skips the rest, so a
    // profile of the run is that stage's (entities for the speaker stage are found untimed).
    if let Ok(stage) = std::env::var("NEWSDEX_BENCH_STAGE") {
        return run_stage(articles, &stage);
    }
    let started = Instant::now();
    let tokens: usize = articles
        .iter()
        .map(|a| count_tokens(black_box(&a.body)))
        .sum();
    let counting = started.elapsed().as_secs_f64();

    // Warm the lazily built models and automata first, so the timing is of extraction only.
    if let Some(first) = articles.first() {
        black_box(extract::annotate(first));
    }
    let started = Instant::now();
    let mut passages = 0;
    for article in articles {
        passages += black_box(extract::annotate(article)).passages.len();
    }
    let extracting = started.elapsed().as_secs_f64();

    // Each stage alone, to show where the time goes.
    let stage = |f: &dyn Fn(&Article) -> usize| {
        let started = Instant::now();
        let n: usize = articles.iter().map(|a| black_box(f(a))).sum();
        (started.elapsed().as_secs_f64(), n)
    };
    let stages = [
        (
            "passage::split",
            stage(&|a| extract::passage::split(&a.body).len()),
        ),
        (
            "entity::extract",
            stage(&|a| extract::entity::extract(&a.body).len()),
        ),
        (
            "dates::extract",
            stage(&|a| extract::dates::extract(&a.body, a.published.map(|p| p.date())).len()),
        ),
        (
            "dedup::Signature::of",
            stage(&|a| usize::from(newsdex::dedup::Signature::of(&a.body).is_some())),
        ),
    ];
    let entities: Vec<_> = articles
        .iter()
        .map(|a| extract::entity::extract(&a.body))
        .collect();
    let started = Instant::now();
    for (article, entities) in articles.iter().zip(&entities) {
        black_box(extract::speaker::extract(&article.body, entities));
    }
    let speakers = started.elapsed().as_secs_f64();

    let long = long_bodies(articles);
    let rate = tokens as f64 / extracting;
    let baseline = tokens as f64 / counting;
    println!("extraction, one thread");
    println!("  {:<28} {:>12} {:>14}", "", "seconds", "tokens/s");
    println!(
        "  {:<28} {:>12.2} {:>14.0}",
        "count tokens (baseline)", counting, baseline
    );
    println!(
        "  {:<28} {:>12.2} {:>14.0}",
        "extract::annotate", extracting, rate
    );
    for (name, (seconds, _)) in &stages {
        println!(
            "    {:<26} {:>12.2} {:>14.0}",
            name,
            seconds,
            tokens as f64 / seconds
        );
    }
    println!(
        "    {:<26} {:>12.2} {:>14.0}",
        "speaker::extract",
        speakers,
        tokens as f64 / speakers
    );
    println!(
        "  {tokens} tokens, {passages} passages; extraction at {:.3}x the counting pass",
        rate / baseline
    );
    json!({
        "long_bodies": long,
        "tokens": tokens,
        "passages": passages,
        "count_seconds": counting,
        "extract_seconds": extracting,
        "tokens_per_second": rate,
        "stage_seconds": {
            "passages": stages[0].1.0, "entities": stages[1].1.0, "dates": stages[2].1.0,
            "signature": stages[3].1.0, "speakers": speakers,
        },
        "baseline_tokens_per_second": baseline,
    })
}

/// One article whose body is the corpus's bodies run together, at 1, 2, 4 and 8 MB: extraction
/// must stay linear in a body's length (seconds per MB about the same in every row).
fn long_bodies(articles: &[Article]) -> Value {
    let Some(first) = articles.first() else {
        return Value::Null;
    };
    if articles.iter().all(|a| a.body.is_empty()) {
        return Value::Null;
    }
    println!("one long body, extract::annotate");
    println!(
        "  {:<10} {:>10} {:>12} {:>16}",
        "body", "seconds", "s per MB", "vs the 1 MB row"
    );
    let mut rows = Vec::new();
    let mut per_mb_of_first = None;
    for mb in [1usize, 2, 4, 8] {
        let want = mb * 1_000_000;
        let mut body = String::with_capacity(want + 100_000);
        for article in articles.iter().cycle() {
            if body.len() >= want {
                break;
            }
            body.push_str(&article.body);
            body.push_str("\n\n");
        }
        let article = Article {
            body,
            ..first.clone()
        };
        let started = Instant::now();
        black_box(extract::annotate(&article));
        let seconds = started.elapsed().as_secs_f64();
        let per_mb = seconds / (article.body.len() as f64 / 1e6);
        let first = *per_mb_of_first.get_or_insert(per_mb);
        println!(
            "  {:<10} {:>10.2} {:>12.2} {:>15.2}x",
            format!("{mb} MB"),
            seconds,
            per_mb,
            per_mb / first
        );
        rows.push(json!({ "mb": mb, "seconds": seconds, "seconds_per_mb": per_mb }));
    }
    Value::Array(rows)
}

fn run_stage(articles: &[Article], stage: &str) -> Value {
    let tokens: usize = articles.iter().map(|a| count_tokens(&a.body)).sum();
    let entities: Vec<_> = if stage == "speaker" {
        articles
            .iter()
            .map(|a| extract::entity::extract(&a.body))
            .collect()
    } else {
        Vec::new()
    };
    let started = Instant::now();
    let found: usize = match stage {
        "speaker" => articles
            .iter()
            .zip(&entities)
            .map(|(a, e)| black_box(extract::speaker::extract(&a.body, e)).len())
            .sum(),
        "dates" => articles
            .iter()
            .map(|a| {
                black_box(extract::dates::extract(
                    &a.body,
                    a.published.map(|p| p.date()),
                ))
                .len()
            })
            .sum(),
        _ => {
            eprintln!("NEWSDEX_BENCH_STAGE: speaker or dates, not {stage:?}");
            0
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "  {stage:<28} {seconds:>12.2} {:>14.0}   ({found} found)",
        tokens as f64 / seconds
    );
    json!({ "stage": stage, "seconds": seconds, "tokens": tokens, "found": found })
}
