//! Timelines as pictures: a bar chart for the terminal and an SVG one to paste into a story.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::search::timeline::Timeline;

/// Widest bar in the terminal, in character cells.
const BAR_CELLS: usize = 50;

/// One line per period: label, bar (in eighths of a cell), count.
pub fn write_text<W: Write>(out: &mut W, timeline: &Timeline) -> io::Result<()> {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let what = if timeline.query.is_empty() {
        "all passages".to_string()
    } else {
        format!("\"{}\"", super::terminal::clean(&timeline.query))
    };
    writeln!(
        out,
        "{what}: {} matching passages, by {}",
        timeline.total,
        interval_name(timeline)
    )?;
    let max = busiest(timeline);
    let label_width = timeline
        .buckets
        .iter()
        .map(|b| b.start.len())
        .max()
        .unwrap_or(0);
    for bucket in &timeline.buckets {
        let eighths = (bucket.count * BAR_CELLS as u64 * 8).div_ceil(max) as usize;
        let bar = "█".repeat(eighths / 8) + EIGHTHS[eighths % 8];
        writeln!(
            out,
            "{:<label_width$}  {:<BAR_CELLS$} {}",
            bucket.start, bar, bucket.count
        )?;
    }
    Ok(())
}

/// The largest count (at least 1, so empty timelines scale too).
fn busiest(timeline: &Timeline) -> u64 {
    timeline
        .buckets
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(0)
        .max(1)
}

fn interval_name(timeline: &Timeline) -> &'static str {
    use crate::search::DateInterval::*;
    match timeline.interval {
        Day => "day",
        Week => "week",
        Month => "month",
        Year => "year",
    }
}

/// A self-contained SVG bar chart, with a title and a description for screen readers.
pub fn svg(timeline: &Timeline) -> String {
    const WIDTH: f64 = 800.0;
    const HEIGHT: f64 = 320.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 48.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = timeline.buckets.len().max(1);
    let max = busiest(timeline);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.8).max(0.5);
    let title = if timeline.query.is_empty() {
        format!("All passages by {}", interval_name(timeline))
    } else {
        format!(
            "\"{}\": passages by {}",
            timeline.query,
            interval_name(timeline)
        )
    };
    let first = timeline.buckets.first().map_or("", |b| b.start.as_str());
    let last = timeline.buckets.last().map_or("", |b| b.start.as_str());
    let peak = timeline.buckets.iter().max_by_key(|b| b.count);
    let desc = match peak {
        Some(peak) => format!(
            "{} matching passages from {first} to {last}; most in {} ({}).",
            timeline.total, peak.start, peak.count
        ),
        None => "No dated passages match.".to_string(),
    };
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="title desc" font-family="sans-serif">"#
    );
    let _ = writeln!(svg, r#"<title id="title">{}</title>"#, escape(&title));
    let _ = writeln!(svg, r#"<desc id="desc">{}</desc>"#, escape(&desc));
    let _ = writeln!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="24" font-size="16" fill="#222">{}</text>"##,
        escape(&title)
    );
    // Axes: the count scale at its top, the baseline.
    let base = TOP + plot_h;
    let _ = writeln!(
        svg,
        r##"<line x1="{LEFT}" y1="{base}" x2="{}" y2="{base}" stroke="#888"/>"##,
        WIDTH - RIGHT
    );
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#444">{max}</text>"##,
        LEFT - 6.0,
        TOP + 4.0
    );
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="{base}" font-size="12" text-anchor="end" fill="#444">0</text>"##,
        LEFT - 6.0
    );
    // At most about twelve period labels, evenly spaced, so they never overlap.
    let every = n.div_ceil(12);
    for (i, bucket) in timeline.buckets.iter().enumerate() {
        let h = plot_h * bucket.count as f64 / max as f64;
        let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
        let _ = writeln!(
            svg,
            r##"<rect x="{x:.2}" y="{:.2}" width="{bar_w:.2}" height="{h:.2}" fill="#3b6ea5"><title>{}: {}</title></rect>"##,
            base - h,
            escape(&bucket.start),
            bucket.count
        );
        if i % every == 0 {
            let _ = writeln!(
                svg,
                r##"<text x="{:.2}" y="{}" font-size="11" text-anchor="middle" fill="#444">{}</text>"##,
                LEFT + slot * (i as f64 + 0.5),
                base + 18.0,
                escape(&bucket.start)
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// DejaVu Sans (Bitstream Vera licence, `fonts/DejaVuSans-LICENSE.txt`), compiled in so a
/// picture's labels render the same on a machine without fonts.
const FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// The SVG chart rendered to PNG at twice its size, crisp on high-density screens and in print.
pub fn png(timeline: &Timeline) -> anyhow::Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(FONT.to_vec());
    fonts.set_sans_serif_family("DejaVu Sans");
    let tree = usvg::Tree::from_str(&svg(timeline), &options)?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width() * 2, size.height() * 2).ok_or_else(|| {
            anyhow::anyhow!(
                "cannot allocate a {}x{} picture",
                size.width(),
                size.height()
            )
        })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(2.0, 2.0),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap.encode_png()?)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::timeline::Bucket;
    use crate::search::DateInterval;

    fn timeline() -> Timeline {
        Timeline {
            query: "ceasefire <Kursk>".to_string(),
            interval: DateInterval::Month,
            total: 5,
            buckets: [("2025-01", 1), ("2025-02", 0), ("2025-03", 4)]
                .into_iter()
                .map(|(start, count)| Bucket {
                    start: start.to_string(),
                    count,
                })
                .collect(),
        }
    }

    #[test]
    fn terminal_bars_scale_to_the_busiest_period() {
        let mut out = Vec::new();
        write_text(&mut out, &timeline()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "\"ceasefire <Kursk>\": 5 matching passages, by month"
        );
        assert_eq!(lines[1], format!("2025-01  {:<50} 1", "█".repeat(12) + "▌"));
        assert_eq!(lines[2], format!("2025-02  {:<50} 0", ""));
        assert_eq!(lines[3], format!("2025-03  {} 4", "█".repeat(50)));
    }

    #[test]
    fn the_png_is_the_chart_at_twice_its_size_with_its_bars_drawn() {
        let png = png(&timeline()).unwrap();
        let decoded = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1600, 640));
        // The tallest bar (2025-03) is drawn in the bar colour at mid-height of the plot.
        let x = 2 * (56 + (688 * 5 / 6)) as u32;
        let pixel = decoded.pixel(x, 2 * 150).unwrap();
        assert_eq!(
            (pixel.red(), pixel.green(), pixel.blue()),
            (0x3b, 0x6e, 0xa5)
        );
        // The empty February has none there.
        let february = decoded.pixel(2 * (56 + 688 / 2) as u32, 2 * 150).unwrap();
        assert_eq!(
            (february.red(), february.green(), february.blue()),
            (255, 255, 255)
        );
    }

    #[test]
    fn the_svg_has_a_bar_per_period_and_escapes_the_query() {
        let svg = svg(&timeline());
        assert_eq!(svg.matches("<rect x=").count(), 3);
        assert!(svg.contains(
            "<title id=\"title\">&quot;ceasefire &lt;Kursk&gt;&quot;: passages by month</title>"
        ));
        assert!(svg.contains("<desc id=\"desc\">5 matching passages from 2025-01 to 2025-03; most in 2025-03 (4).</desc>"));
        assert!(svg.contains("<title>2025-02: 0</title>"));
    }
}
