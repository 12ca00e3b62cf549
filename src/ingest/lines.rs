//! Reading lines with a ceiling, so that one corrupt multi-gigabyte "line" in a dump cannot take
//! all the memory. Takes a `BufRead`, gives one line at a time (newline and `\r` removed).

use std::io::{self, BufRead};

/// The longest JSON Lines line kept; a longer one is skipped to its newline.
pub const MAX_LINE: usize = 64 << 20;

#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line is in the buffer passed to `read_line`.
    Read,
    /// Longer than the ceiling: consumed up to and including its newline, and dropped.
    TooLong,
    Eof,
}

/// Read one line into `buf` (cleared first), keeping at most `max` bytes of it.
pub fn read_line<R: BufRead>(r: &mut R, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    let mut seen_any = false;
    let mut too_long = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        seen_any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let take = newline.unwrap_or(available.len());
        if !too_long {
            if buf.len() + take > max {
                too_long = true;
                // Give the memory back now rather than after the rest of the line streams by.
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(&available[..take]);
            }
        }
        let consumed = newline.map_or(take, |n| n + 1);
        r.consume(consumed);
        if newline.is_some() {
            break;
        }
    }
    if !seen_any {
        return Ok(Line::Eof);
    }
    if too_long {
        return Ok(Line::TooLong);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], max: usize, capacity: usize) -> Vec<Result<String, Line>> {
        let mut r = io::BufReader::with_capacity(capacity, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_line(&mut r, &mut buf, max).unwrap() {
                Line::Read => out.push(Ok(String::from_utf8_lossy(&buf).into_owned())),
                Line::Eof => return out,
                other => out.push(Err(other)),
            }
        }
    }

    #[test]
    fn lines_with_ceiling_across_small_buffers() {
        let input = b"BAHIA COCOA REVIEW\r\n\nShowers continued throughout the week\nlast";
        for capacity in [1, 3, 64] {
            assert_eq!(
                all(input, 20, capacity),
                vec![
                    Ok("BAHIA COCOA REVIEW".to_string()),
                    Ok(String::new()),
                    Err(Line::TooLong),
                    Ok("last".to_string()),
                ],
                "capacity {capacity}"
            );
        }
        assert_eq!(all(b"", 20, 8), vec![]);
        assert_eq!(
            all(b"exactly 20 bytes....\n", 20, 8),
            vec![Ok("exactly 20 bytes....".into())]
        );
    }
}
