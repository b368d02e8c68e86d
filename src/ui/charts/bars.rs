//! Bar charts (vertical for ordered categories such as buckets and hours, horizontal for long
//! labels such as agents or queries), with the value written on each bar so that colour is
//! never the only carrier of meaning, and an optional marker line (a target).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{rgb, Palette};

/// What to draw.
#[derive(Clone, Debug)]
pub struct Bars {
    /// Category labels.
    pub labels: Vec<String>,
    /// Values (non-negative).
    pub values: Vec<f64>,
    /// Text written on each bar (the formatted value).
    pub value_labels: Vec<String>,
    /// Width in px.
    pub width: u32,
    /// Height in px.
    pub height: u32,
    /// Horizontal bars (labels on the left).
    pub horizontal: bool,
    /// A vertical marker between categories, at this fractional category index (e.g. 1.0 =
    /// between the first and second bar), with its label.
    pub marker: Option<(f64, String)>,
    /// Bars at these indices use the second series colour (e.g. "no response").
    pub muted: Vec<usize>,
}

impl Bars {
    /// Bars from labels and values, labelled with `fmt`.
    pub fn new(labels: Vec<String>, values: Vec<f64>, fmt: impl Fn(f64) -> String) -> Bars {
        let value_labels = values.iter().map(|v| fmt(*v)).collect();
        Bars { labels, values, value_labels, width: 640, height: 260, horizontal: false, marker: None, muted: Vec::new() }
    }
}

/// Draws the chart as SVG text.
pub fn bar_chart(b: &Bars, p: &Palette) -> String {
    let mut svg = String::new();
    let result = if b.horizontal { draw_horizontal(b, p, &mut svg) } else { draw_vertical(b, p, &mut svg) };
    if result.is_err() {
        return String::new();
    }
    responsive(svg)
}

/// Makes a plotters SVG scale with its container.
pub fn responsive(svg: String) -> String {
    match svg.find("<svg") {
        Some(i) => {
            let (head, rest) = svg.split_at(i + 4);
            format!("{head} class=\"chart-svg\" aria-hidden=\"true\" focusable=\"false\"{rest}")
        }
        None => svg,
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw_vertical(b: &Bars, p: &Palette, out: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(out, (b.width, b.height)).into_drawing_area();
    let (w, h) = (b.width as i32, b.height as i32);
    let n = b.labels.len().max(1) as i32;
    let (left, right, top, bottom) = (8, 8, 22, 36);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = b.values.iter().cloned().fold(0.0f64, f64::max).max(1e-9);
    let slot = plot_w as f64 / n as f64;
    let fg = rgb(p.fg);
    let label_font = ("sans-serif", 13).into_font().color(&fg);
    let centre = Pos::new(HPos::Center, VPos::Top);
    let above = Pos::new(HPos::Center, VPos::Bottom);
    root.draw(&PathElement::new(vec![(left, top + plot_h), (left + plot_w, top + plot_h)], rgb(p.grid).stroke_width(1)))?;
    for (i, v) in b.values.iter().enumerate() {
        let x0 = left + (i as f64 * slot + slot * 0.15) as i32;
        let x1 = left + ((i + 1) as f64 * slot - slot * 0.15) as i32;
        let bar_h = ((v / max) * plot_h as f64).round() as i32;
        let colour = if b.muted.contains(&i) { rgb(p.series[5]) } else { rgb(p.series[0]) };
        if bar_h > 0 {
            root.draw(&Rectangle::new([(x0, top + plot_h - bar_h), (x1, top + plot_h)], colour.filled()))?;
        }
        let cx = (x0 + x1) / 2;
        if let Some(vl) = b.value_labels.get(i) {
            root.draw(&Text::new(vl.clone(), (cx, top + plot_h - bar_h - 3), label_font.clone().pos(above)))?;
        }
        if let Some(l) = b.labels.get(i) {
            root.draw(&Text::new(truncate(l, (slot / 7.0) as usize), (cx, top + plot_h + 6), label_font.clone().pos(centre)))?;
        }
    }
    if let Some((at, label)) = &b.marker {
        let x = left + (at * slot) as i32;
        let accent = rgb(p.accent);
        root.draw(&PathElement::new(vec![(x, top - 4), (x, top + plot_h)], accent.stroke_width(2)))?;
        root.draw(&Text::new(label.clone(), (x + 4, top - 18), ("sans-serif", 12).into_font().color(&accent)))?;
    }
    root.present()?;
    Ok(())
}

fn draw_horizontal(b: &Bars, p: &Palette, out: &mut String) -> DrawResult {
    let row_h = 26;
    let height = (b.labels.len() as u32 * row_h as u32 + 8).max(40);
    let root = SVGBackend::with_string(out, (b.width, height)).into_drawing_area();
    let w = b.width as i32;
    let label_w = (w as f64 * 0.38) as i32;
    let value_w = 90;
    let plot_w = (w - label_w - value_w - 16).max(10);
    let max = b.values.iter().cloned().fold(0.0f64, f64::max).max(1e-9);
    let fg = rgb(p.fg);
    let font = ("sans-serif", 13).into_font().color(&fg);
    let left_mid = Pos::new(HPos::Left, VPos::Center);
    let right_mid = Pos::new(HPos::Right, VPos::Center);
    for (i, v) in b.values.iter().enumerate() {
        let y = 4 + i as i32 * row_h;
        let mid = y + row_h / 2;
        if let Some(l) = b.labels.get(i) {
            root.draw(&Text::new(truncate(l, (label_w / 7) as usize), (label_w - 6, mid), font.clone().pos(right_mid)))?;
        }
        let bar_w = ((v / max) * plot_w as f64).round() as i32;
        let colour = if b.muted.contains(&i) { rgb(p.series[5]) } else { rgb(p.series[0]) };
        if bar_w > 0 {
            root.draw(&Rectangle::new([(label_w, y + 4), (label_w + bar_w, y + row_h - 4)], colour.filled()))?;
        }
        if let Some(vl) = b.value_labels.get(i) {
            root.draw(&Text::new(vl.clone(), (label_w + bar_w + 6, mid), font.clone().pos(left_mid)))?;
        }
    }
    root.present()?;
    Ok(())
}

/// Shortens a label to `max` characters with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    let max = max.max(4);
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::charts::LIGHT;

    #[test]
    fn draws_one_bar_per_value_with_labels() {
        let b = Bars::new(vec!["<1h".into(), "1-2h".into(), "none".into()], vec![3.0, 1.0, 0.0], |v| format!("{v}"));
        let svg = bar_chart(&b, &LIGHT);
        assert!(svg.starts_with("<svg class=\"chart-svg\""));
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains("&lt;1h"));
        assert!(svg.contains("1-2h\n</text>"));
    }

    #[test]
    fn labels_from_files_are_escaped() {
        let b = Bars {
            horizontal: true,
            ..Bars::new(vec!["<script>window.pwned=1</script>".into()], vec![1.0], |v| format!("{v}"))
        };
        let svg = bar_chart(&b, &LIGHT);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script"));
    }
}
