//! Charts: pure functions from numbers to SVG text, drawn with plotters' SVG backend.
//!
//! They run on the main thread (plotters measures text through `document` in the browser) and
//! natively in tests (plotters' estimate). Text is escaped by plotters, so labels from a file
//! can never become markup. Colours come from a [`Palette`] so the light and dark themes each
//! get a chart drawn for them.

pub mod bars;
pub mod more;

/// Colours of a chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Text and axes.
    pub fg: (u8, u8, u8),
    /// Grid lines.
    pub grid: (u8, u8, u8),
    /// Series colours (distinguishable without colour too: charts also label values).
    pub series: [(u8, u8, u8); 6],
    /// Highlight (targets).
    pub accent: (u8, u8, u8),
}

/// Light theme colours (WCAG AA against white).
pub const LIGHT: Palette = Palette {
    fg: (33, 37, 41),
    grid: (222, 226, 230),
    series: [(31, 94, 168), (178, 83, 0), (25, 125, 76), (155, 44, 96), (92, 80, 168), (110, 110, 110)],
    accent: (196, 30, 58),
};

/// Dark theme colours (WCAG AA against #15181c).
pub const DARK: Palette = Palette {
    fg: (230, 232, 235),
    grid: (60, 66, 74),
    series: [(110, 168, 240), (245, 160, 80), (96, 200, 140), (235, 120, 175), (170, 160, 245), (180, 180, 180)],
    accent: (255, 110, 120),
};

/// Plotters colour of a tuple.
pub fn rgb(c: (u8, u8, u8)) -> plotters::style::RGBColor {
    plotters::style::RGBColor(c.0, c.1, c.2)
}
