//! The other chart shapes: a weekday × hour heatmap, a trend line, stacked bars (channel mix
//! per week) and a before/after comparison with its interval. Each writes its numbers as text
//! too, so colour never carries the meaning alone.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bars::{responsive, truncate};
use super::{rgb, Palette};

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn finish(svg: String, r: DrawResult) -> String {
    if r.is_err() {
        String::new()
    } else {
        responsive(svg)
    }
}

fn mix(a: (u8, u8, u8), b: (u8, u8, u8), t: f64) -> RGBColor {
    let f = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
}

/// Weekday × hour heatmap: `rows` labels (Mon..Sun), `cols` labels (0..23), `values[row][col]`.
/// Cells are shaded from the background to the first series colour; counts are written in
/// cells large enough to hold them.
pub fn heatmap(rows: &[String], cols: &[String], values: &[Vec<f64>], bg: (u8, u8, u8), p: &Palette) -> String {
    let mut svg = String::new();
    let (cell_w, cell_h, left, top) = (30i32, 26i32, 44i32, 22i32);
    let w = (left + cell_w * cols.len() as i32 + 6) as u32;
    let h = (top + cell_h * rows.len() as i32 + 6) as u32;
    let r = (|| -> DrawResult {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let fg = rgb(p.fg);
        let font = ("sans-serif", 11).into_font().color(&fg);
        let max = values.iter().flatten().cloned().fold(0.0f64, f64::max).max(1e-9);
        for (j, c) in cols.iter().enumerate() {
            let x = left + j as i32 * cell_w + cell_w / 2;
            root.draw(&Text::new(c.clone(), (x, top - 4), font.clone().pos(Pos::new(HPos::Center, VPos::Bottom))))?;
        }
        for (i, row) in rows.iter().enumerate() {
            let y = top + i as i32 * cell_h;
            root.draw(&Text::new(row.clone(), (left - 6, y + cell_h / 2), font.clone().pos(Pos::new(HPos::Right, VPos::Center))))?;
            for (j, v) in values.get(i).into_iter().flatten().enumerate() {
                let x = left + j as i32 * cell_w;
                let t = v / max;
                let colour = mix(bg, p.series[0], 0.08 + 0.92 * t);
                root.draw(&Rectangle::new([(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)], colour.filled()))?;
                // Text colour that stays readable on the cell.
                let text_colour = if t > 0.55 { RGBColor(255, 255, 255) } else { fg };
                let text = if *v >= 1000.0 { format!("{:.1}k", v / 1000.0) } else { format!("{v:.0}") };
                root.draw(&Text::new(text, (x + cell_w / 2, y + cell_h / 2), ("sans-serif", 10).into_font().color(&text_colour).pos(Pos::new(HPos::Center, VPos::Center))))?;
            }
        }
        root.present()?;
        Ok(())
    })();
    finish(svg, r)
}

/// A trend line with dots and the first and last labels; `labels[i]` names point i.
pub fn trend(labels: &[String], values: &[f64], width: u32, height: u32, p: &Palette) -> String {
    let mut svg = String::new();
    let r = (|| -> DrawResult {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let fg = rgb(p.fg);
        let font = ("sans-serif", 12).into_font().color(&fg);
        let (left, right, top, bottom) = (48i32, 12i32, 12i32, 30i32);
        let pw = width as i32 - left - right;
        let ph = height as i32 - top - bottom;
        let max = values.iter().cloned().fold(0.0f64, f64::max).max(1e-9);
        let n = values.len().max(2) as f64 - 1.0;
        let pt = |i: usize, v: f64| (left + (i as f64 / n * pw as f64) as i32, top + ph - (v / max * ph as f64) as i32);
        for k in 0..=4 {
            let y = top + ph - (k as f64 / 4.0 * ph as f64) as i32;
            root.draw(&PathElement::new(vec![(left, y), (left + pw, y)], rgb(p.grid).stroke_width(1)))?;
            root.draw(&Text::new(format!("{:.0}", max * k as f64 / 4.0), (left - 6, y), font.clone().pos(Pos::new(HPos::Right, VPos::Center))))?;
        }
        let points: Vec<(i32, i32)> = values.iter().enumerate().map(|(i, v)| pt(i, *v)).collect();
        root.draw(&PathElement::new(points.clone(), rgb(p.series[0]).stroke_width(2)))?;
        for pnt in &points {
            root.draw(&Circle::new(*pnt, 2, rgb(p.series[0]).filled()))?;
        }
        let step = (labels.len() / 6).max(1);
        for (i, l) in labels.iter().enumerate().step_by(step) {
            let (x, _) = pt(i, 0.0);
            root.draw(&Text::new(l.clone(), (x, top + ph + 6), font.clone().pos(Pos::new(HPos::Center, VPos::Top))))?;
        }
        root.present()?;
        Ok(())
    })();
    finish(svg, r)
}

/// Stacked bars: one bar per category (`labels`), one segment per series (`series` names,
/// `values[series][category]`), with a legend.
pub fn stacked(labels: &[String], series: &[String], values: &[Vec<f64>], width: u32, height: u32, p: &Palette) -> String {
    let mut svg = String::new();
    let r = (|| -> DrawResult {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let fg = rgb(p.fg);
        let font = ("sans-serif", 12).into_font().color(&fg);
        let legend_h = 22;
        let (left, right, top, bottom) = (8i32, 8i32, legend_h + 8, 30i32);
        let pw = width as i32 - left - right;
        let ph = height as i32 - top - bottom;
        let totals: Vec<f64> = (0..labels.len()).map(|c| values.iter().map(|s| s.get(c).copied().unwrap_or(0.0)).sum()).collect();
        let max = totals.iter().cloned().fold(0.0f64, f64::max).max(1e-9);
        let slot = pw as f64 / labels.len().max(1) as f64;
        let mut lx = left;
        for (k, name) in series.iter().enumerate() {
            let c = rgb(p.series[k % p.series.len()]);
            root.draw(&Rectangle::new([(lx, 4), (lx + 12, 16)], c.filled()))?;
            root.draw(&Text::new(name.clone(), (lx + 16, 10), font.clone().pos(Pos::new(HPos::Left, VPos::Center))))?;
            lx += 24 + 8 * name.chars().count() as i32;
        }
        for (c, label) in labels.iter().enumerate() {
            let x0 = left + (c as f64 * slot + slot * 0.15) as i32;
            let x1 = left + ((c + 1) as f64 * slot - slot * 0.15) as i32;
            let mut y = top + ph;
            for (k, s) in values.iter().enumerate() {
                let v = s.get(c).copied().unwrap_or(0.0);
                let hgt = (v / max * ph as f64).round() as i32;
                if hgt > 0 {
                    root.draw(&Rectangle::new([(x0, y - hgt), (x1, y)], rgb(p.series[k % p.series.len()]).filled()))?;
                }
                y -= hgt;
            }
            root.draw(&Text::new(truncate(label, (slot / 7.0) as usize), ((x0 + x1) / 2, top + ph + 6), font.clone().pos(Pos::new(HPos::Center, VPos::Top))))?;
        }
        root.present()?;
        Ok(())
    })();
    finish(svg, r)
}

/// Before/after bars with the difference's interval drawn as an error bar on the "after" bar.
pub fn before_after(labels: [&str; 2], values: [f64; 2], interval: Option<(f64, f64)>, value_labels: [String; 2], p: &Palette) -> String {
    let mut svg = String::new();
    let (width, height) = (360u32, 220u32);
    let r = (|| -> DrawResult {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let fg = rgb(p.fg);
        let font = ("sans-serif", 13).into_font().color(&fg);
        let (top, bottom) = (24i32, 30i32);
        let ph = height as i32 - top - bottom;
        let hi_after = interval.map(|(_, hi)| values[0] + hi).unwrap_or(values[1]);
        let max = values[0].max(values[1]).max(hi_after).max(1e-9) * 1.05;
        let y = |v: f64| top + ph - (v / max * ph as f64) as i32;
        for i in 0..2 {
            let x0 = 40 + i as i32 * 150;
            let x1 = x0 + 100;
            root.draw(&Rectangle::new([(x0, y(values[i])), (x1, top + ph)], rgb(p.series[i]).filled()))?;
            // Above the bar, and above the interval drawn on the "after" bar.
            let top_of = if i == 1 { interval.map_or(y(values[1]), |(_, hi)| y(values[0] + hi).min(y(values[1]))) } else { y(values[0]) };
            root.draw(&Text::new(value_labels[i].clone(), ((x0 + x1) / 2 - if i == 1 && interval.is_some() { 24 } else { 0 }, top_of - 6), font.clone().pos(Pos::new(HPos::Center, VPos::Bottom))))?;
            root.draw(&Text::new(labels[i].to_string(), ((x0 + x1) / 2, top + ph + 6), font.clone().pos(Pos::new(HPos::Center, VPos::Top))))?;
        }
        if let Some((lo, hi)) = interval {
            // The interval of after − before, drawn around "before + difference".
            let x = 40 + 150 + 50;
            let (a, b) = (y(values[0] + lo), y(values[0] + hi));
            let accent = rgb(p.accent);
            root.draw(&PathElement::new(vec![(x, a), (x, b)], accent.stroke_width(2)))?;
            root.draw(&PathElement::new(vec![(x - 8, a), (x + 8, a)], accent.stroke_width(2)))?;
            root.draw(&PathElement::new(vec![(x - 8, b), (x + 8, b)], accent.stroke_width(2)))?;
        }
        root.present()?;
        Ok(())
    })();
    finish(svg, r)
}

/// A horizontal split bar: the self-service share `ss` (percent) filled, the target marked.
pub fn split_bar(ss: f64, target: f64, p: &Palette) -> String {
    let mut svg = String::new();
    let (w, h) = (300u32, 22u32);
    let r = (|| -> DrawResult {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let x = |pct: f64| (pct.clamp(0.0, 100.0) / 100.0 * w as f64).round() as i32;
        root.draw(&Rectangle::new([(0, 5), (w as i32, 17)], rgb(p.grid).filled()))?;
        root.draw(&Rectangle::new([(0, 5), (x(ss), 17)], rgb(p.series[0]).filled()))?;
        let t = x(target);
        root.draw(&Rectangle::new([(t - 1, 0), (t + 2, h as i32)], rgb(p.accent).filled()))?;
        root.present()?;
        Ok(())
    })();
    finish(svg, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::charts::LIGHT;

    #[test]
    fn heatmap_has_a_cell_per_value_and_writes_counts() {
        let rows = vec!["Mon".to_string(), "Tue".to_string()];
        let cols: Vec<String> = (0..3).map(|h| h.to_string()).collect();
        let svg = heatmap(&rows, &cols, &[vec![0.0, 5.0, 10.0], vec![1.0, 2.0, 3.0]], (255, 255, 255), &LIGHT);
        assert_eq!(svg.matches("<rect").count(), 6);
        assert!(svg.contains("10\n</text>"));
    }

    #[test]
    fn stacked_and_trend_and_interval_draw() {
        let s = stacked(&["W1".into(), "W2".into()], &["email".into(), "chat".into()], &[vec![3.0, 1.0], vec![2.0, 0.0]], 400, 200, &LIGHT);
        assert_eq!(s.matches("<rect").count(), 3 + 2, "three segments and two legend keys");
        let t = trend(&["a".into(), "b".into(), "c".into()], &[1.0, 3.0, 2.0], 400, 200, &LIGHT);
        assert!(t.contains("<polyline") || t.contains("<path"));
        let b = before_after(["before", "after"], [2.0, 1.5], Some((-0.8, -0.2)), ["2.0".into(), "1.5".into()], &LIGHT);
        assert!(b.contains("before\n</text>") && b.contains("after\n</text>"));
    }
}
