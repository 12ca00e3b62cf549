//! Speakers: quotes and reported speech, attributed to canonical names.

use super::{Entity, Quote};

/// HELPER: implement.
pub fn extract(body: &str, entities: &[Entity]) -> Vec<Quote> {
    let _ = (body, entities);
    Vec::new()
}
