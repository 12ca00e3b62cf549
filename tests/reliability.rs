//! Incremental re-indexing, crash safety and concurrent use, on the real binary and real text.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::TestEnv;
use newsdex::index::NewsIndex;
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::{TantivyDocument, Value};

/// Every passage in the index as (article id, passage number, text): what "the same index"
/// means when runs are compared.
fn passages(dir: &Path) -> BTreeSet<(String, u64, String)> {
    let index = NewsIndex::open(dir).expect("open index");
    let searcher = index.index.reader().expect("reader").searcher();
    let addresses = searcher
        .search(&AllQuery, &DocSetCollector)
        .expect("all docs");
    let mut all = BTreeSet::new();
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address).expect("stored doc");
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let number = doc
            .get_first(index.fields.passage)
            .and_then(|v| v.as_u64())
            .expect("passage number");
        let new = all.insert((
            text(index.fields.article_id),
            number,
            text(index.fields.text),
        ));
        assert!(new, "a passage is in the index twice");
    }
    all
}

fn articles(set: &BTreeSet<(String, u64, String)>) -> BTreeSet<String> {
    set.iter().map(|(id, _, _)| id.clone()).collect()
}

/// From the summary: files read, and the article counts.
fn counts(summary: &str) -> (String, String) {
    let mut lines = summary.lines();
    let files = lines.next().unwrap_or_default();
    let files = files
        .split(" from ")
        .nth(1)
        .and_then(|rest| rest.split(" into ").next())
        .unwrap_or_default()
        .to_string();
    let counts = lines.next().unwrap_or_default();
    // The article counts, without the near-duplicates that follow them.
    let counts = counts.split(';').next().unwrap_or_default();
    (files, counts.to_string())
}

#[test]
fn an_unchanged_corpus_is_not_read_again() {
    let env = TestEnv::with(&["corpus/allsides", "corpus/bbc", "corpus/seed"]);
    let first = env.index();
    assert_eq!(
        counts(&first),
        (
            "7 of 7 files".to_string(),
            "201 new, 0 changed, 0 unchanged, 0 deleted".to_string()
        )
    );
    let before = passages(&env.path().join("newsdex-index"));
    let second = env.index();
    assert_eq!(
        counts(&second),
        (
            "0 of 7 files".to_string(),
            "0 new, 0 changed, 201 unchanged, 0 deleted".to_string()
        )
    );
    assert!(
        second.starts_with("indexed 0 articles (0 passages)"),
        "{second}"
    );
    assert_eq!(passages(&env.path().join("newsdex-index")), before);

    // A new modification time with the same bytes is hashed, not read.
    let file = env.path().join("corpus/seed/kremlin-ceasefire.txt");
    let text = std::fs::read(&file).unwrap();
    sleep(Duration::from_millis(20));
    std::fs::write(&file, text).unwrap();
    let third = env.index();
    assert_eq!(
        counts(&third),
        (
            "0 of 7 files".to_string(),
            "0 new, 0 changed, 201 unchanged, 0 deleted".to_string()
        )
    );
}

#[test]
fn changed_added_and_deleted_articles_end_exactly_as_a_clean_run() {
    let env = TestEnv::with(&["corpus/bbc", "corpus/seed", "corpus/txt"]);
    env.index();
    let bbc = env.path().join("corpus/bbc/bbc-2004-russia-ukraine.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(&bbc)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    // Change the first article, drop the second, keep the rest.
    let mut first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    let changed_id = first["id"].as_str().unwrap().to_string();
    let dropped: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    let dropped_id = dropped["id"].as_str().unwrap().to_string();
    let body = format!(
        "{}\n\nUkraine's president, Volodymyr Zelensky, said on Tuesday that Kursk was calm.",
        first["body"].as_str().unwrap()
    );
    first["body"] = body.into();
    let mut kept = vec![first.to_string()];
    kept.extend(lines[2..].iter().cloned());
    std::fs::write(&bbc, kept.join("\n") + "\n").unwrap();
    std::fs::remove_file(env.path().join("corpus/seed/kremlin-ceasefire.txt")).unwrap();
    std::fs::write(
        env.path().join("corpus/txt/added.txt"),
        "Title: Kremlin welcomes talks\nDate: 2025-03-12\n\n\
         Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow welcomed the talks.\n",
    )
    .unwrap();

    let summary = env.index();
    assert_eq!(
        counts(&summary),
        (
            "2 of 12 files".to_string(),
            "1 new, 1 changed, 18 unchanged, 2 deleted".to_string()
        )
    );
    let incremental = passages(&env.path().join("newsdex-index"));
    let ids = articles(&incremental);
    assert!(ids.contains(&changed_id) && ids.contains("corpus/txt/added.txt"));
    assert!(!ids.contains(&dropped_id));
    assert!(
        !ids.iter().any(|id| id.contains("kremlin-ceasefire")),
        "{ids:?}"
    );
    let kursk = env.search_json(&["Kursk Zelensky"]);
    assert_eq!(kursk["hits"][0]["article_id"], changed_id.as_str());

    // The same corpus indexed from scratch gives the same passages.
    env.run_ok(&["index", "corpus", "--index", "clean", "--quiet"], 0);
    assert_eq!(incremental, passages(&env.path().join("clean")));

    // --keep-deleted keeps a gone file's articles; --rebuild starts over.
    std::fs::remove_file(env.path().join("corpus/txt/added.txt")).unwrap();
    let kept = env.run_ok(&["index", "corpus", "--quiet", "--keep-deleted"], 0);
    assert_eq!(counts(&kept).1, "0 new, 0 changed, 19 unchanged, 0 deleted");
    assert!(articles(&passages(&env.path().join("newsdex-index"))).contains("corpus/txt/added.txt"));
    let rebuilt = env.run_ok(&["index", "corpus", "--quiet", "--rebuild"], 0);
    assert_eq!(
        counts(&rebuilt).1,
        "19 new, 0 changed, 0 unchanged, 0 deleted"
    );
    assert!(
        !articles(&passages(&env.path().join("newsdex-index"))).contains("corpus/txt/added.txt")
    );
}

#[test]
fn an_id_that_comes_twice_keeps_the_last_version_and_says_so() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path().join("corpus")).unwrap();
    let line = |body: &str| {
        serde_json::json!({"id": "wire-1", "title": "Talks", "date": "2025-03-11", "body": body})
            .to_string()
    };
    std::fs::write(
        env.path().join("corpus/a.jsonl"),
        format!(
            "{}\n{}\n",
            line("Peskov said the Kremlin was studying the proposal."),
            line("Peskov said the Kremlin was carefully studying the proposal.")
        ),
    )
    .unwrap();
    let output = env.run(&["index", "corpus"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "corpus/a.jsonl:2: id \"wire-1\" also at corpus/a.jsonl:1; keeping this later version"
        ),
        "{stderr}"
    );
    let all = passages(&env.path().join("newsdex-index"));
    let texts: Vec<&str> = all.iter().map(|(_, _, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["Peskov said the Kremlin was carefully studying the proposal."]
    );
}

#[test]
fn a_second_indexer_is_refused_with_the_holders_pid() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    let dir = env.path().join("newsdex-index");
    std::fs::create_dir_all(&dir).unwrap();
    let held = newsdex::index::lock::IndexLock::acquire(&dir).unwrap();
    let output = env.run(&["index", "corpus"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        format!(
            "newsdex: error: newsdex-index is being indexed by another newsdex process (pid {})",
            std::process::id()
        )
    );
    drop(held);
    env.index();
}

#[test]
fn an_index_of_another_format_asks_for_a_rebuild() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let meta = env.path().join("newsdex-index/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let older = text.replace("\\\"format\\\":4", "\\\"format\\\":1");
    assert_ne!(text, older, "the payload carries the format: {text}");
    std::fs::write(&meta, older).unwrap();
    for args in [&["search", "talks"][..], &["index", "corpus"][..]] {
        let output = env.run(args);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("index format 1, this newsdex reads format 4")
                && stderr.contains("newsdex index --rebuild"),
            "{stderr}"
        );
    }
    env.run_ok(&["index", "corpus", "--rebuild", "--quiet"], 0);
    env.run_ok(&["search", "talks"], 0);
}

/// Index `corpus` into `dir` in a child that commits every 100 ms.
fn spawn_indexer(env: &TestEnv, dir: &str) -> Child {
    env.command(&[
        "index",
        "corpus",
        "--index",
        dir,
        "--quiet",
        "--commit-every",
        "100ms",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn newsdex index")
}

/// The commit generation of the index, 0 before the first commit.
fn generation(dir: &Path) -> u64 {
    let Ok(text) = std::fs::read_to_string(dir.join("meta.json")) else {
        return 0;
    };
    let meta: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    meta["payload"]
        .as_str()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|p| p["generation"].as_u64())
        .unwrap_or(0)
}

/// Wait until the child has made `commits` commits (or ended); whether it is still running.
fn wait_for_commits(child: &mut Child, dir: &Path, commits: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if child.try_wait().expect("poll child").is_some() {
            return false;
        }
        if generation(dir) >= commits {
            return true;
        }
        sleep(Duration::from_millis(5));
    }
    panic!("no commit {commits} within two minutes");
}

#[test]
fn killing_the_indexer_at_any_point_loses_nothing_and_duplicates_nothing() {
    let env = TestEnv::with(&["corpus"]);
    env.run_ok(&["index", "corpus", "--index", "clean", "--quiet"], 0);
    let clean = passages(&env.path().join("clean"));
    assert_eq!(articles(&clean).len(), 241);

    let dir = env.path().join("killed");
    let mut killed_mid_run = 0;
    for commits in [1, 3, 6] {
        let mut child = spawn_indexer(&env, "killed");
        if wait_for_commits(&mut child, &dir, generation(&dir) + commits) {
            child.kill().expect("SIGKILL the indexer");
            killed_mid_run += 1;
        }
        child.wait().expect("reap");
        // What the last commit holds is searchable and has no duplicates.
        let partial = passages(&dir);
        assert!(partial.is_subset(&clean));
    }
    assert!(
        killed_mid_run >= 2,
        "the indexer finished before it could be killed"
    );
    env.run_ok(&["index", "corpus", "--index", "killed", "--quiet"], 0);
    assert_eq!(passages(&dir), clean);
}

#[test]
fn ctrl_c_commits_what_is_indexed_and_the_next_run_finishes() {
    let env = TestEnv::with(&["corpus"]);
    let dir = env.path().join("newsdex-index");
    let mut child = spawn_indexer(&env, "newsdex-index");
    assert!(
        wait_for_commits(&mut child, &dir, 2),
        "finished before Ctrl-C"
    );
    // SAFETY: kill(2) on our own child's pid has no memory-safety preconditions.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let output = child.wait_with_output().expect("wait for the indexer");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(130), "{stdout}");
    assert!(
        stdout.starts_with("interrupted: what was indexed is committed"),
        "{stdout}"
    );
    let partial = articles(&passages(&dir));
    assert!(
        !partial.is_empty() && partial.len() < 241,
        "{}",
        partial.len()
    );

    let rest = env.index();
    let (_, line) = counts(&rest);
    let new: usize = line.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(new, 241 - partial.len(), "{rest}");
    assert_eq!(articles(&passages(&dir)).len(), 241);
}

#[test]
fn searches_while_indexing_see_the_last_commit_and_never_fail() {
    let env = TestEnv::with(&["corpus"]);
    let dir = env.path().join("newsdex-index");
    let mut child = spawn_indexer(&env, "newsdex-index");
    assert!(
        wait_for_commits(&mut child, &dir, 1),
        "finished before the first search"
    );
    let mut searches = 0;
    let mut hits_seen = Vec::new();
    while child.try_wait().expect("poll").is_none() {
        let output = env.run(&[
            "search", "Kremlin", "--format", "json", "--facet", "speaker",
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0) | Some(1)),
            "search failed during indexing: {stderr}"
        );
        let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        hits_seen.push(results["total"].as_u64().unwrap());
        searches += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(searches >= 2, "only {searches} searches ran");
    // Commits only add: later searches never see fewer matches.
    assert!(hits_seen.windows(2).all(|w| w[0] <= w[1]), "{hits_seen:?}");
    let last = env.search_json(&["Kremlin"]);
    assert!(last["total"].as_u64().unwrap() >= *hits_seen.last().unwrap());
}

#[test]
fn a_disk_that_fills_during_indexing_leaves_the_last_commit_intact() {
    use std::os::unix::process::CommandExt;
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let before = passages(&env.path().join("newsdex-index"));
    std::fs::create_dir_all(env.path().join("more")).unwrap();
    common::copy(
        &common::repo().join("corpus/allsides"),
        &env.path().join("more"),
    );

    // A file-size limit makes every write past 200 KB fail as on a full disk.
    let mut command = env.command(&["index", "more", "--quiet"]);
    // SAFETY: between fork and exec the child only calls async-signal-safe signal/setrlimit.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 200 * 1024,
                rlim_max: 200 * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "writing the index failed (disk full or not writable?); the last commit is intact"
        ),
        "{stderr}"
    );
    assert_eq!(passages(&env.path().join("newsdex-index")), before);

    // With room again, the same command finishes.
    let summary = env.run_ok(&["index", "more", "--quiet"], 0);
    assert!(
        summary.contains("190 new, 0 changed, 0 unchanged, 0 deleted"),
        "{summary}"
    );
}

#[test]
fn oversized_queries_and_limits_get_a_message() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let long = "ceasefire ".repeat(10_000);
    let output = env.run(&["search", &long]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "newsdex: error: query is 100000 bytes long; the most is 65536 (search for its key words)"
    );
    let output = env.run(&["search", "talks", "--limit", "100000000"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "newsdex: error: --limit must be between 1 and 10000, not 100000000"
    );

    // In a batch, a 1 MB line is one failed query; the others are answered.
    let batch = env.path().join("queries.txt");
    std::fs::write(&batch, format!("{}\ntalks\n", "ceasefire ".repeat(100_000))).unwrap();
    let output = env.run(&["search", "--batch", "queries.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("query is 65537 bytes long"));
    assert!(lines[1]["total"].as_u64().unwrap() > 0, "{stdout}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_indexed_found_again_and_removed() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::with(&["corpus/seed"]);
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.txt");
    let odd = env.path().join("corpus/seed").join(name);
    std::fs::write(
        &odd,
        "Title: Grain deal talks\nDate: 2025-03-12\n\n\
         Kremlin spokesman Dmitry Peskov said on Tuesday that the grain deal talks would go on.\n",
    )
    .unwrap();
    let first = env.index();
    assert_eq!(
        counts(&first).1,
        "2 new, 0 changed, 0 unchanged, 0 deleted",
        "{first}"
    );
    let hits = env.search_json(&["grain"]);
    assert_eq!(hits["total"], 1, "{hits}");
    // Found again by its exact bytes: nothing is read on the next run.
    let second = env.index();
    assert_eq!(
        counts(&second),
        (
            "0 of 2 files".to_string(),
            "0 new, 0 changed, 2 unchanged, 0 deleted".to_string()
        )
    );
    std::fs::remove_file(&odd).unwrap();
    let third = env.index();
    assert_eq!(counts(&third).1, "0 new, 0 changed, 1 unchanged, 1 deleted");
    assert_eq!(env.search_json(&["grain"])["total"], 0);
}

/// Ids of the segments whose files are in `dir`.
fn segments_on_disk(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.split('.').next()?.to_string();
            (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
        })
        .collect()
}

/// Ids of the segments the last commit names.
fn committed_segments(dir: &Path) -> BTreeSet<String> {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect()
}

#[test]
fn segments_of_a_failed_run_are_collected_by_the_next() {
    let env = TestEnv::with(&["corpus/seed", "corpus/txt"]);
    let dir = env.path().join("newsdex-index");
    env.index();
    let killed_before_commit = || {
        let output = env
            .command(&["index", "corpus", "--quiet"])
            .env("NEWSDEX_FAILPOINT", "before-commit")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), None, "killed before its commit");
    };
    // A run killed before its commit leaves segment files that no commit names.
    std::fs::remove_dir_all(env.path().join("corpus/txt")).unwrap();
    common::copy(
        &common::repo().join("corpus/bbc"),
        &env.path().join("corpus"),
    );
    killed_before_commit();
    let orphans: BTreeSet<String> = segments_on_disk(&dir)
        .difference(&committed_segments(&dir))
        .cloned()
        .collect();
    assert!(!orphans.is_empty(), "the killed run wrote segments");
    // The next run, failed or not, deletes them first.
    killed_before_commit();
    assert!(
        segments_on_disk(&dir).is_disjoint(&orphans),
        "orphans of the first failed run remain"
    );
    env.index();
    assert_eq!(segments_on_disk(&dir), committed_segments(&dir));
    let clean = TestEnv::with(&["corpus/seed", "corpus/bbc"]);
    clean.index();
    assert_eq!(
        passages(&dir),
        passages(&clean.path().join("newsdex-index"))
    );
}

#[test]
fn sigterm_stops_the_indexer_inside_a_body_of_megabytes() {
    let env = TestEnv::with(&["corpus/seed"]);
    // A body of 8 MB written from the bundled corpus's own text: seconds of extraction in a
    // debug build. An optimised build extracts 8 MB in about two seconds, close to the wait
    // below, so it gets 40.
    let megabytes = if cfg!(debug_assertions) { 8 } else { 40 };
    let seed =
        std::fs::read_to_string(env.path().join("corpus/seed/kremlin-ceasefire.txt")).unwrap();
    let body = seed.split_once("\n\n").unwrap().1;
    let huge = format!(
        "Title: Everything at once\nDate: 2025-03-12\n\n{}",
        body.repeat(megabytes * 1_000_000 / body.len())
    );
    std::fs::write(env.path().join("corpus/seed/huge.txt"), huge).unwrap();
    let mut child = env
        .command(&["index", "corpus", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Long enough to be deep inside the huge body (it takes far longer than this to extract).
    sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the indexer finished before SIGTERM"
    );
    let sent = Instant::now();
    // SAFETY: kill(2) on our own child's pid has no memory-safety preconditions.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let output = child.wait_with_output().unwrap();
    let took = sent.elapsed();
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Within a second on a quiet machine; the bound leaves room for a busy one, and is far
    // below the time the body takes to extract.
    assert!(took < Duration::from_secs(5), "SIGTERM took {took:?}");
    // The next run reads the huge file again and indexes it.
    let rest = env.index();
    assert!(rest.contains("1 new"), "{rest}");
    assert_eq!(
        env.search_json(&["ceasefire"])["total"]
            .as_u64()
            .map(|n| n > 1000),
        Some(true)
    );
}

#[test]
fn a_damaged_segment_or_a_lost_ledger_asks_for_a_rebuild() {
    let env = TestEnv::with(&["corpus/seed", "corpus/txt"]);
    env.index();
    let dir = env.path().join("newsdex-index");
    let store = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "store"))
        .expect("a segment's store file");
    let name = store.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::write(&store, b"not a store file").unwrap();
    for args in [&["index", "corpus"][..], &["search", "talks"][..]] {
        let output = env.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("is damaged ({name}: "))
                && stderr.contains("rebuild it with newsdex index --rebuild"),
            "{args:?}: {stderr}"
        );
    }
    env.run_ok(&["index", "corpus", "--rebuild", "--quiet"], 0);
    assert!(env.search_json(&["talks"])["total"].as_u64().unwrap() > 0);

    // Without its ledger (the side store lost, or overwritten) the index is searched as
    // before but not updated.
    let store = dir.join("state.sqlite");
    let expected = env.search_json(&["talks", "--facet", "speaker"]);
    for (damage, why) in [
        (None, "state.sqlite: missing; "),
        (
            Some(&b"not a database, not at all"[..]),
            "state.sqlite: file is not a database; ",
        ),
    ] {
        match damage {
            None => std::fs::remove_file(&store).unwrap(),
            Some(bytes) => std::fs::write(&store, bytes.repeat(200)).unwrap(),
        }
        let output = env.run(&["index", "corpus"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("{why}the index cannot be updated without its ledger: rebuild it with newsdex index --rebuild")),
            "{stderr}"
        );
        assert!(!stderr.contains("An IO error occurred"), "{stderr}");
        // Searches derive the aliases and groups from the passages instead.
        let found = env.search_json(&["talks", "--facet", "speaker"]);
        assert_eq!(found["total"], expected["total"]);
        assert_eq!(found["facets"], expected["facets"]);
    }
}

#[cfg(unix)]
#[test]
fn a_hard_link_is_read_once_and_a_fifo_is_named_not_read() {
    let env = TestEnv::with(&["corpus/seed"]);
    let seed = env.path().join("corpus/seed/kremlin-ceasefire.txt");
    std::fs::hard_link(&seed, env.path().join("corpus/seed/same-file.txt")).unwrap();
    for fifo in ["corpus/seed/pipe.jsonl", "named.fifo"] {
        let path = std::ffi::CString::new(env.path().join(fifo).to_str().unwrap()).unwrap();
        // SAFETY: mkfifo(3) with a valid NUL-terminated path has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    }
    let output = env.run(&["index", "corpus", "named.fifo"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // One article, read once: no duplicate-id warning for the second name.
    assert_eq!(
        counts(&stdout).1,
        "1 new, 0 changed, 0 unchanged, 0 deleted",
        "{stdout}"
    );
    assert!(!stderr.contains("also at"), "{stderr}");
    let mut warnings: Vec<&str> = stderr.lines().collect();
    warnings.sort();
    assert_eq!(
        warnings,
        [
            "newsdex: warning: corpus/seed/pipe.jsonl: cannot read: not a regular file (a FIFO); not read",
            "newsdex: warning: named.fifo: cannot read: not a regular file (a FIFO); not read",
        ],
        "{stderr}"
    );

    // The article's file becomes a FIFO: it holds no article now, and a FIFO hides nothing
    // the way an unreadable folder would, so the article is removed.
    std::fs::remove_file(env.path().join("corpus/seed/same-file.txt")).unwrap();
    std::fs::remove_file(&seed).unwrap();
    let path = std::ffi::CString::new(seed.to_str().unwrap()).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    std::fs::write(
        env.path().join("corpus/seed/other.txt"),
        "Talks resume\n\nNegotiators met again in Geneva on Monday, officials said.\n",
    )
    .unwrap();
    let output = env.run(&["index", "corpus"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        counts(&stdout).1,
        "1 new, 0 changed, 0 unchanged, 1 deleted",
        "{stdout}"
    );
}
