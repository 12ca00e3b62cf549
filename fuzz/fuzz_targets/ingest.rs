//! The article readers on arbitrary bytes. The first byte picks the format (text, JSON, JSON
//! Lines) and how the rest is fed: as is, gzipped by the harness (so the decoder hands the
//! parsers well-formed streams), or as is to the gzip decoder (corrupt streams).
#![no_main]

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use libfuzzer_sys::fuzz_target;
use newsdex::ingest::{read_bytes, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = match pick % 3 {
        0 => Format::Text,
        1 => Format::Json,
        _ => Format::JsonLines,
    };
    let (gzip, bytes) = match (pick / 3) % 3 {
        0 => (false, rest.to_vec()),
        1 => {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(rest).expect("writing to a Vec");
            (true, encoder.finish().expect("writing to a Vec"))
        }
        _ => (true, rest.to_vec()),
    };
    let path = Path::new("fuzz-input");
    let mut articles = read_bytes(path, format, gzip, bytes.clone());
    for item in articles.by_ref() {
        match item {
            Ok(article) => {
                assert!(
                    !article.body.trim().is_empty(),
                    "an article with an empty body"
                );
                assert!(!article.id.is_empty(), "an article without an id");
            }
            Err(problem) => {
                // Every problem renders (the CLI prints them all).
                let _ = problem.to_string();
            }
        }
    }
    assert!(articles.bytes_read() <= bytes.len() as u64);
});
