//! Near-duplicate stories on real AllSides articles: copies fold into one hit, near-misses stay
//! apart, `--all-copies` shows them all, and `stats` counts them.

mod common;

use common::TestEnv;
use serde_json::Value;

fn hits(results: &Value) -> Vec<(String, u64, usize)> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["article_id"].as_str().unwrap().to_string(),
                h["passage"].as_u64().unwrap(),
                h["copies"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn copies_of_a_story_are_one_hit_unless_all_copies_are_asked_for() {
    let env = TestEnv::with(&["tests/fixtures/duplicates", "corpus/seed"]);
    let summary = env.index();
    assert!(
        summary.contains(
            "9 new, 0 changed, 0 unchanged, 0 deleted; 6 near-duplicate articles in 3 groups"
        ),
        "{summary}"
    );

    // Reuters' story and its update: the withdrawn-bill passage once, with its copy under it.
    // The two passages score alike, so either article may stand for the pair.
    let pair = ["allsides-bNFvN0lGy1AbyeM3", "allsides-hSvdkWfp380aDTo6"];
    let folded = env.search_json(&["\"withdrew an extradition bill\""]);
    assert_eq!(folded["total"], 2, "both passages still count as matches");
    let shown = hits(&folded);
    assert_eq!(shown.len(), 1, "{folded}");
    assert!(pair.contains(&shown[0].0.as_str()) && shown[0].1 == 0 && shown[0].2 == 1);
    let copy = &folded["hits"][0]["copies"][0];
    assert!(pair.contains(&copy["article_id"].as_str().unwrap()));
    assert_ne!(copy["article_id"].as_str().unwrap(), shown[0].0);
    assert_eq!(copy["passage"], 0);
    assert_eq!(copy["source"], "Reuters");
    assert_eq!(
        folded["hits"][0]["group"],
        serde_json::json!({"id": pair[0], "members": pair})
    );

    let all = env.search_json(&["\"withdrew an extradition bill\"", "--all-copies"]);
    let mut each: Vec<(String, u64, usize)> = hits(&all);
    each.sort();
    assert_eq!(each, pair.map(|id| (id.to_string(), 0, 0)).to_vec());
    let text = env.run_ok(&["search", "\"withdrew an extradition bill\""], 0);
    assert!(
        text.contains("and 1 other copy: Reuters 2019-09-05"),
        "{text}"
    );

    // Filling a page past folded copies fetches more hits; totals and facets stay those of
    // every match.
    let page = env.search_json(&["extradition bill", "--limit", "5", "--facet", "source"]);
    let every = env.search_json(&[
        "extradition bill",
        "--limit",
        "5",
        "--facet",
        "source",
        "--all-copies",
    ]);
    assert_eq!(page["total"], every["total"]);
    assert_eq!(page["facets"], every["facets"]);
    assert_eq!(hits(&page).len(), 5);
    let ranks: Vec<u64> = page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5]);
    assert!(
        hits(&page).iter().all(|(_, _, copies)| *copies == 1),
        "{page}"
    );
    let second = env.search_json(&["extradition bill", "--limit", "5", "--offset", "5"]);
    assert_eq!(second["hits"][0]["rank"], 6);

    // The same op-ed in two papers folds too; Vox's rewritten explainer does not.
    let oped = env.search_json(&["\"whined about Trump authorizing a drone strike\""]);
    assert_eq!(oped["total"], 2);
    assert_eq!(hits(&oped).len(), 1, "{oped}");
    assert_eq!(hits(&oped)[0].2, 1);
    let vox = env.search_json(&["Senate", "--source", "Vox", "--limit", "50"]);
    assert!(hits(&vox).iter().all(|(_, _, copies)| *copies == 0));
    let articles: std::collections::BTreeSet<String> =
        hits(&vox).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(articles.len(), 2, "both Vox articles are hits of their own");

    let stats: Value =
        serde_json::from_str(&env.run_ok(&["stats", "--format", "json"], 0)).unwrap();
    assert_eq!(
        (
            stats["duplicate_articles"].as_u64(),
            stats["duplicate_groups"].as_u64()
        ),
        (Some(6), Some(3))
    );
}

#[test]
fn groups_follow_the_corpus_when_a_copy_is_deleted() {
    let env = TestEnv::with(&["tests/fixtures/duplicates"]);
    env.index();
    let file = env.path().join("corpus/duplicates/allsides-pairs.jsonl");
    let kept: Vec<String> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .filter(|line| !line.contains("allsides-hSvdkWfp380aDTo6"))
        .map(str::to_string)
        .collect();
    std::fs::write(&file, kept.join("\n") + "\n").unwrap();
    let summary = env.index();
    assert!(
        summary.contains("1 deleted; 4 near-duplicate articles in 2 groups"),
        "{summary}"
    );
    let results = env.search_json(&["\"withdrew an extradition bill\""]);
    assert_eq!(
        hits(&results),
        [("allsides-bNFvN0lGy1AbyeM3".to_string(), 0, 0)]
    );
}
