//! A kill at any named step of a commit, and any sequence of add/change/delete runs, ends in
//! exactly the index a fresh build of the same corpus gives: passages, corpus-wide name aliases
//! and near-duplicate groups alike.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::TestEnv;
use newsdex::index::store::Store;
use newsdex::index::NewsIndex;
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::{TantivyDocument, Value};

/// Everything a user can see of an index, from the files on disk (so a stale file cannot hide
/// behind the re-derivation that opening does).
#[derive(Debug, PartialEq)]
struct State {
    passages: BTreeSet<(String, u64, String, Vec<String>)>,
    aliases: BTreeMap<String, String>,
    groups: Vec<Vec<String>>,
}

fn state(dir: &Path) -> State {
    let index = NewsIndex::open(dir).expect("open index");
    assert!(
        !index.derived_stale,
        "{}: aliases and groups were saved for the last commit",
        dir.display()
    );
    let searcher = index.index.reader().expect("reader").searcher();
    let mut passages = BTreeSet::new();
    for address in searcher
        .search(&AllQuery, &DocSetCollector)
        .expect("all docs")
    {
        let doc: TantivyDocument = searcher.doc(address).expect("stored doc");
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let speakers = doc
            .get_all(index.fields.speaker)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let number = doc
            .get_first(index.fields.passage)
            .and_then(|v| v.as_u64())
            .expect("passage number");
        let new = passages.insert((
            text(index.fields.article_id),
            number,
            text(index.fields.text),
            speakers,
        ));
        assert!(new, "a passage is in the index twice");
    }
    let store = Store::open_existing(dir)
        .expect("readable store")
        .expect("a side store");
    assert_eq!(
        store.derived_content().unwrap(),
        Some(index.payload.content),
        "the aliases and groups are stamped with the last commit"
    );
    State {
        passages,
        aliases: store.all_aliases().unwrap(),
        groups: store.all_groups().unwrap(),
    }
}

/// The same corpus indexed from scratch into `fresh`.
fn fresh(env: &TestEnv) -> State {
    let dir = env.path().join("fresh");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    env.run_ok(&["index", "corpus", "--index", "fresh", "--quiet"], 0);
    state(&dir)
}

/// Two articles of the corpus again under new ids, so the index has near-duplicate groups.
fn write_copies(env: &TestEnv) {
    let bbc = std::fs::read_to_string(env.path().join("corpus/bbc/bbc-2004-russia-ukraine.jsonl"))
        .unwrap();
    let mut lines = Vec::new();
    for (n, line) in bbc.lines().take(2).enumerate() {
        let mut article: serde_json::Value = serde_json::from_str(line).unwrap();
        article["id"] = format!("copy-{n}").into();
        lines.push(article.to_string());
    }
    std::fs::create_dir_all(env.path().join("corpus/copies")).unwrap();
    std::fs::write(
        env.path().join("corpus/copies/copies.jsonl"),
        lines.join("\n") + "\n",
    )
    .unwrap();
}

/// Run `index` armed to die at `step`; it must die there (by SIGKILL).
fn index_killed_at(env: &TestEnv, step: &str) {
    let output = env
        .command(&["index", "corpus", "--quiet"])
        .env("NEWSDEX_FAILPOINT", step)
        .output()
        .expect("run newsdex");
    assert_eq!(
        output.status.code(),
        None,
        "armed at {step}, the indexer was killed there: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_kill_at_every_step_of_a_commit_is_completed_to_a_fresh_build() {
    let main = Path::new("newsdex-index");
    for &step in newsdex::failpoint::STEPS {
        let env = TestEnv::with(&["corpus/bbc", "corpus/seed"]);
        env.index();
        // Grow: new files, copies that form groups.
        common::copy(
            &common::repo().join("corpus/txt"),
            &env.path().join("corpus"),
        );
        write_copies(&env);
        index_killed_at(&env, step);
        // Searches after the kill already see a consistent index (derived again on opening).
        let after_kill =
            env.search_json(&["Ukraine", "--facet", "speaker", "--index", "newsdex-index"]);
        env.index();
        let grown = fresh(&env);
        assert_eq!(
            state(&env.path().join(main)),
            grown,
            "grown, killed at {step}"
        );
        assert!(!grown.groups.is_empty(), "the copies form a group");
        let facets = env.search_json(&["Ukraine", "--facet", "speaker", "--index", "fresh"]);
        if !matches!(step, "before-ledger-commit" | "before-commit") {
            // The commit landed before the kill: what search saw then is the final state.
            assert_eq!(
                after_kill["facets"], facets["facets"],
                "facets after a kill at {step}"
            );
        }

        // Shrink: a folder and the copies go; their names and groups must go with them.
        std::fs::remove_dir_all(env.path().join("corpus/copies")).unwrap();
        std::fs::remove_dir_all(env.path().join("corpus/bbc")).unwrap();
        index_killed_at(&env, step);
        env.index();
        let shrunk = fresh(&env);
        assert_eq!(
            state(&env.path().join(main)),
            shrunk,
            "shrunk, killed at {step}"
        );
        assert!(shrunk.groups.is_empty());
    }
}

/// One change to the corpus between two runs, with what it does.
type Step<'a> = (&'a str, &'a dyn Fn(&TestEnv));

#[test]
fn runs_that_add_change_and_delete_end_as_a_fresh_build() {
    let env = TestEnv::with(&["corpus/seed", "corpus/txt"]);
    env.index();
    let steps: [Step; 5] = [
        ("add a folder and copies", &|env| {
            common::copy(
                &common::repo().join("corpus/bbc"),
                &env.path().join("corpus"),
            );
            write_copies(env);
        }),
        ("change an article", &|env| {
            let file = env.path().join("corpus/seed/kremlin-ceasefire.txt");
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&file, text.replace("Peskov", "Lavrov")).unwrap();
        }),
        ("delete a copy", &|env| {
            let file = env.path().join("corpus/copies/copies.jsonl");
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&file, text.lines().next().unwrap().to_string() + "\n").unwrap();
        }),
        (
            "an article leaves a file that also holds an empty one",
            &|env| {
                let file = env.path().join("corpus/bbc/bbc-2004-russia-ukraine.jsonl");
                let text = std::fs::read_to_string(&file).unwrap();
                let mut lines: Vec<&str> = text.lines().skip(1).collect();
                lines.push(r#"{"id": "empty-1", "title": "Nothing here", "body": ""}"#);
                std::fs::write(&file, lines.join("\n") + "\n").unwrap();
            },
        ),
        ("delete a folder", &|env| {
            std::fs::remove_dir_all(env.path().join("corpus/txt")).unwrap();
        }),
    ];
    for (what, change) in steps {
        change(&env);
        env.index();
        assert_eq!(
            state(&env.path().join("newsdex-index")),
            fresh(&env),
            "after: {what}"
        );
    }
}
