//! Time zones, timestamp and duration parsing, and the business-hours calendar.
//!
//! Instants are Unix milliseconds. A timestamp without an offset is local time in its file's
//! zone; skipped local times (DST gap) move forward and repeated ones (DST fold) take the
//! earlier instant, jiff's "compatible" rule (METRICS.md §4a). Grouping by day, weekday and
//! hour uses the report zone.

use std::collections::BTreeSet;

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::{Millis, DAY, HOUR, MINUTE, SECOND};

/// An IANA time zone with its name.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
    /// The last span of instants found to share one offset: metrics ask for the local time of
    /// a million contacts, mostly a few seconds apart, and a lookup in the zone's rules for each
    /// would be most of the work.
    span: std::cell::Cell<OffsetSpan>,
    /// The last local day asked for, by its number since 1970-01-01, with its date.
    day: std::cell::Cell<(i64, Option<Date>)>,
}

/// Instants `[lo, hi)` (Unix ms) during which a zone's offset is `offset_ms`.
#[derive(Clone, Copy, Debug)]
struct OffsetSpan {
    lo: Millis,
    hi: Millis,
    offset_ms: i64,
}

impl OffsetSpan {
    const EMPTY: OffsetSpan = OffsetSpan { lo: 1, hi: 0, offset_ms: 0 };
}

/// Distance from a zone transition inside which local times are resolved by the zone's rules,
/// not by the cached offset (more than any offset difference, so no other instant can have
/// the same local time).
const SAFE_MARGIN: i64 = 3 * DAY;

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// How a local time mapped onto an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalKind {
    /// Exactly one instant.
    Normal,
    /// Skipped by a DST change; moved forward.
    Gap,
    /// Repeated by a DST change; the earlier instant.
    Fold,
}

/// A local calendar position of an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Local {
    /// Local date.
    pub date: Date,
    /// 0 = Monday .. 6 = Sunday.
    pub weekday: u8,
    /// 0..=23.
    pub hour: u8,
    /// Minutes since local midnight.
    pub minute_of_day: u16,
}

/// Weekday labels used in `metrics.json` (METRICS.md §5).
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone { name: "UTC".into(), tz: TimeZone::UTC, span: std::cell::Cell::new(OffsetSpan::EMPTY), day: std::cell::Cell::new((0, None)) }
    }

    /// Looks up an IANA zone name (bundled database, so results do not depend on the host).
    pub fn get(name: &str) -> Result<Zone, String> {
        let trimmed = name.trim();
        if trimmed.eq_ignore_ascii_case("utc") || trimmed.eq_ignore_ascii_case("etc/utc") {
            return Ok(Zone::utc());
        }
        TimeZone::get(trimmed)
            .map(|tz| Zone { name: trimmed.to_string(), tz, span: std::cell::Cell::new(OffsetSpan::EMPTY), day: std::cell::Cell::new((0, None)) })
            .map_err(|e| format!("unknown time zone `{trimmed}`: {e}"))
    }

    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The span of constant offset around `ms` (cached).
    fn span_at(&self, ms: Millis) -> OffsetSpan {
        let c = self.span.get();
        if c.lo <= ms && ms < c.hi {
            return c;
        }
        let Ok(ts) = Timestamp::from_millisecond(ms) else {
            return OffsetSpan::EMPTY;
        };
        let offset = self.tz.to_offset(ts);
        let lo = self.tz.preceding(ts).map(|t| t.timestamp()).find(|t| *t <= ts);
        let hi = self.tz.following(ts).map(|t| t.timestamp()).find(|t| *t > ts);
        let lo_ms = lo.map_or(i64::MIN, |t| t.as_millisecond());
        let hi_ms = hi.map_or(i64::MAX, |t| t.as_millisecond());
        // Both ends must carry the same offset as `ms`, or the span is not trusted.
        let same = |t: Option<Timestamp>| t.is_none_or(|t| self.tz.to_offset(t) == offset);
        let last = hi.and_then(|t| t.checked_sub(jiff::SignedDuration::from_millis(1)).ok());
        let span = if same(lo) && same(last) {
            OffsetSpan { lo: lo_ms, hi: hi_ms, offset_ms: offset.seconds() as i64 * SECOND }
        } else {
            OffsetSpan { lo: ms, hi: ms + 1, offset_ms: offset.seconds() as i64 * SECOND }
        };
        self.span.set(span);
        span
    }

    /// The instant of a local time given as milliseconds since the local epoch, when it is
    /// unambiguous and away from any transition; `None` sends the caller to [`Zone::instant`].
    pub fn fast_instant(&self, local_ms: i64) -> Option<Millis> {
        let inside = |s: OffsetSpan, t: i64| s.lo.saturating_add(SAFE_MARGIN) <= t && t < s.hi.saturating_sub(SAFE_MARGIN);
        let s = self.span.get();
        let t = local_ms.checked_sub(s.offset_ms)?;
        if s.lo <= s.hi && inside(s, t) {
            return Some(t);
        }
        let s = self.span_at(t);
        let t = local_ms.checked_sub(s.offset_ms)?;
        inside(s, t).then_some(t)
    }

    /// Local date, weekday and hour of an instant.
    pub fn local(&self, ms: Millis) -> Local {
        let s = self.span_at(ms);
        if s.lo <= ms && ms < s.hi {
            if let Some(l) = ms.checked_add(s.offset_ms).and_then(|t| local_of(t, &self.day)) {
                return l;
            }
        }
        let ts = Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
        let dt = self.tz.to_datetime(ts);
        Local {
            date: dt.date(),
            weekday: dt.weekday().to_monday_zero_offset() as u8,
            hour: dt.hour() as u8,
            minute_of_day: dt.hour() as u16 * 60 + dt.minute() as u16,
        }
    }

    /// The instant of a local date and time, with how it was resolved.
    pub fn instant(&self, dt: DateTime) -> (Millis, LocalKind) {
        let amb = self.tz.to_ambiguous_timestamp(dt);
        let kind = match amb.offset() {
            AmbiguousOffset::Unambiguous { .. } => LocalKind::Normal,
            AmbiguousOffset::Gap { .. } => LocalKind::Gap,
            AmbiguousOffset::Fold { .. } => LocalKind::Fold,
        };
        let ms = amb.compatible().map(|t| t.as_millisecond()).unwrap_or(0);
        (ms, kind)
    }

    /// The instant a local date starts (its midnight, or the first instant after a gap).
    pub fn day_start(&self, date: Date) -> Millis {
        self.instant(date.to_datetime(jiff::civil::Time::midnight())).0
    }
}

/// Local parts of milliseconds since the local epoch (1970-01-01T00:00 local).
fn local_of(local_ms: i64, cache: &std::cell::Cell<(i64, Option<Date>)>) -> Option<Local> {
    let days = local_ms.div_euclid(DAY);
    let in_day = local_ms.rem_euclid(DAY);
    let date = match cache.get() {
        (n, Some(date)) if n == days => date,
        _ => {
            let (y, m, d) = civil_from_days(days);
            let date = Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()?;
            cache.set((days, Some(date)));
            date
        }
    };
    let minute = in_day / MINUTE;
    Some(Local {
        date,
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        weekday: (days + 3).rem_euclid(7) as u8,
        hour: (in_day / HOUR) as u8,
        minute_of_day: minute as u16,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The common case of [`parse_written`] + [`resolve`], without either: ISO 8601
/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` with `Z`, `±HH:MM`, `±HHMM`, `±HH` or no offset (local time
/// in `zone`, away from DST changes), years 1970–2199. Anything else, and anything invalid,
/// gives `None` and goes the general way, which says why; what this accepts, it reads exactly
/// as the general way does.
pub fn fast_iso_instant(text: &str, zone: &Zone) -> Option<Millis> {
    let b = text.as_bytes();
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' {
        return None;
    }
    let d = |i: usize| -> Option<i64> {
        let c = b.get(i)?.wrapping_sub(b'0');
        (c < 10).then_some(c as i64)
    };
    let y = d(0)? * 1000 + d(1)? * 100 + d(2)? * 10 + d(3)?;
    let mo = d(5)? * 10 + d(6)?;
    let da = d(8)? * 10 + d(9)?;
    let h = d(11)? * 10 + d(12)?;
    let mi = d(14)? * 10 + d(15)?;
    let (mut s, mut ms) = (0, 0);
    let mut i = 16;
    if b.get(i) == Some(&b':') {
        s = d(i + 1)? * 10 + d(i + 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 3 {
                    ms = ms * 10 + (b[i] - b'0') as i64;
                }
                i += 1;
            }
            let n = i - start;
            if n == 0 || n > 9 {
                return None;
            }
            for _ in n..3 {
                ms *= 10;
            }
        }
    }
    let offset = match &b[i..] {
        [] => None,
        [b'Z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (oh, om) = match rest {
                [a, b2] => (two(*a, *b2)?, 0),
                [a, b2, b':', c, e] | [a, b2, c, e] => (two(*a, *b2)?, two(*c, *e)?),
                _ => return None,
            };
            if oh > 18 || om > 59 {
                return None;
            }
            Some(if *sign == b'-' { -1 } else { 1 } * (oh * 3600 + om * 60))
        }
        _ => return None,
    };
    if !(1970..=2199).contains(&y) || !(1..=12).contains(&mo) || da < 1 || da > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let local = days_from_civil(y, mo, da) * DAY + h * HOUR + mi * MINUTE + s * SECOND + ms;
    let t = match offset {
        Some(off) => local - off * SECOND,
        None => zone.fast_instant(local)?,
    };
    (MIN_INSTANT..MAX_INSTANT).contains(&t).then_some(t)
}

fn two(a: u8, b: u8) -> Option<i64> {
    let (a, b) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (a < 10 && b < 10).then_some(a as i64 * 10 + b as i64)
}

/// `2026-03-02` for a date.
pub fn date_label(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// ISO week label `2026-W10` for a date.
pub fn iso_week_label(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let mut it = s.split('-');
    let y: i16 = it.next()?.parse().ok()?;
    let m: i8 = it.next()?.parse().ok()?;
    let d: i8 = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    Date::new(y, m, d).ok()
}

// ---------------------------------------------------------------------------------------------
// Timestamps

/// The date part of a parsed timestamp before the column's day/month order is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePart {
    /// Year, month, day known.
    Ymd(i32, i32, i32),
    /// `a/b/year` where a and b are day and month in the column's order.
    Ambiguous(i32, i32, i32),
}

/// A timestamp as written: date, time of day, optional UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawTimestamp {
    /// The date.
    pub date: DatePart,
    /// Hour, minute, second, millisecond.
    pub time: (i32, i32, i32, i32),
    /// Offset from UTC in seconds, when written.
    pub offset: Option<i32>,
}

/// A timestamp that is already an instant (epoch numbers, Excel serials are local).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Written {
    /// Calendar text.
    Text(RawTimestamp),
    /// Unix seconds or milliseconds, already an instant.
    Epoch(Millis),
    /// Excel serial day number (local time).
    ExcelSerial(f64),
}

/// Day/month order of a column's `a/b/yyyy` dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Day first (`02/03/2026` = 2 March). The default for this app's users.
    #[default]
    DayFirst,
    /// Month first (`02/03/2026` = 3 February).
    MonthFirst,
}

impl DateOrder {
    /// "dd/mm" or "mm/dd".
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "dd/mm",
            DateOrder::MonthFirst => "mm/dd",
        }
    }
}

/// What a column's values say about its date order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateOrderEvidence {
    /// Some `a/b/y` value had a > 12 (so day first).
    pub day_first: bool,
    /// Some value had b > 12 (so month first).
    pub month_first: bool,
    /// Some value was `a/b/y` at all.
    pub any_ambiguous: bool,
}

impl DateOrderEvidence {
    /// Adds one value's evidence.
    pub fn observe(&mut self, w: &Written) {
        if let Written::Text(RawTimestamp { date: DatePart::Ambiguous(a, b, _), .. }) = w {
            self.any_ambiguous = true;
            if *a > 12 {
                self.day_first = true;
            }
            if *b > 12 {
                self.month_first = true;
            }
        }
    }

    /// The order the values prove, if they prove one.
    pub fn decided(&self) -> Option<DateOrder> {
        match (self.day_first, self.month_first) {
            (true, false) => Some(DateOrder::DayFirst),
            (false, true) => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }

    /// True when `a/b/y` values exist but none tells the order (or they contradict).
    pub fn is_ambiguous(&self) -> bool {
        self.any_ambiguous && self.decided().is_none()
    }
}

const MONTHS: &[(&str, i32)] = &[
    ("jan", 1), ("ene", 1), ("gen", 1), ("janv", 1),
    ("feb", 2), ("fev", 2), ("fév", 2), ("febr", 2),
    ("mar", 3), ("mär", 3),
    ("apr", 4), ("abr", 4), ("avr", 4),
    ("may", 5), ("mag", 5), ("mai", 5),
    ("jun", 6), ("giu", 6), ("juin", 6),
    ("jul", 7), ("lug", 7), ("juil", 7),
    ("aug", 8), ("ago", 8), ("aoû", 8),
    ("sep", 9), ("set", 9), ("sept", 9),
    ("oct", 10), ("ott", 10), ("out", 10),
    ("nov", 11),
    ("dec", 12), ("dic", 12), ("dez", 12), ("déc", 12),
];

fn month_from_name(word: &str) -> Option<i32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().find(|(name, _)| w.starts_with(name)).map(|(_, m)| *m)
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Up to `max` digits; returns (value, count).
    fn digits(&mut self, max: usize) -> Option<(i32, usize)> {
        let start = self.i;
        let mut v: i32 = 0;
        while self.i - start < max {
            match self.peek() {
                Some(c @ b'0'..=b'9') => {
                    v = v * 10 + (c - b'0') as i32;
                    self.i += 1;
                }
                _ => break,
            }
        }
        let n = self.i - start;
        (n > 0).then_some((v, n))
    }
    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }
    fn word(&mut self) -> &'a str {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphabetic() || c >= 0x80 || c == b'.' {
                self.i += 1;
            } else {
                break;
            }
        }
        std::str::from_utf8(&self.s[start..self.i]).unwrap_or("")
    }
    fn rest(&self) -> &'a [u8] {
        &self.s[self.i..]
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
}

/// Reads a timestamp as written. Accepts ISO 8601 (with or without `T`, seconds, fraction and
/// offset), `dd/mm/yyyy` and `mm/dd/yyyy` (`/`, `-` or `.`; two-digit years), month names in
/// English, Italian, Portuguese, Spanish and French (`25/Feb/26 10:17 PM`), 12-hour clocks,
/// Unix seconds (10 digits) and milliseconds (13 digits), and Excel serial numbers.
/// Returns `None` when the text is none of these.
pub fn parse_written(text: &str) -> Option<Written> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let b = t.as_bytes();
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'.' || *c == b',') {
        return parse_numeric_timestamp(t);
    }
    let mut c = Cursor { s: b, i: 0 };
    let (d1, n1) = c.digits(4)?;
    let date = if n1 == 4 {
        // Year first: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
        let sep = c.peek()?;
        if !matches!(sep, b'-' | b'/' | b'.') {
            return None;
        }
        c.i += 1;
        let (m, _) = c.digits(2)?;
        if !c.eat(sep) {
            return None;
        }
        let (d, _) = c.digits(2)?;
        DatePart::Ymd(d1, m, d)
    } else {
        let sep = c.peek()?;
        if !matches!(sep, b'-' | b'/' | b'.' | b' ') {
            return None;
        }
        c.i += 1;
        let named_month = if c.peek().is_some_and(|x| x.is_ascii_alphabetic() || x >= 0x80) {
            Some(month_from_name(c.word())?)
        } else {
            None
        };
        let second = match named_month {
            Some(m) => m,
            None => c.digits(2)?.0,
        };
        if !c.eat(sep) {
            return None;
        }
        let (y, ny) = c.digits(4)?;
        let year = match ny {
            2 => {
                if y < 70 {
                    2000 + y
                } else {
                    1900 + y
                }
            }
            4 => y,
            _ => return None,
        };
        match named_month {
            Some(m) => DatePart::Ymd(year, m, d1),
            None => DatePart::Ambiguous(d1, second, year),
        }
    };
    let mut time = (0, 0, 0, 0);
    let mut offset = None;
    if !c.done() {
        if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
            return None;
        }
        c.skip_spaces();
        let (h, _) = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        let (mi, _) = c.digits(2)?;
        let mut s = 0;
        let mut ms = 0;
        if c.eat(b':') {
            s = c.digits(2)?.0;
            if c.eat(b'.') || c.eat(b',') {
                let start = c.i;
                let (frac, n) = c.digits(9)?;
                let _ = start;
                ms = match n {
                    1 => frac * 100,
                    2 => frac * 10,
                    3 => frac,
                    n => frac / 10_i32.pow((n - 3) as u32),
                };
            }
        }
        let mut hour = h;
        c.skip_spaces();
        let rest = c.rest();
        // `AM`, `a.m.` and the Spanish `a. m.`: letters with dots and spaces between them.
        let ampm = |r: &[u8]| -> Option<bool> {
            let up: Vec<u8> = r.iter().take(6).filter(|x| **x != b'.' && **x != b' ').map(|x| x.to_ascii_uppercase()).collect();
            if up.starts_with(b"AM") {
                Some(false)
            } else if up.starts_with(b"PM") {
                Some(true)
            } else {
                None
            }
        };
        if let Some(pm) = ampm(rest) {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
            // Past the two letters and the dots and spaces inside the marker.
            let mut letters = 0;
            while letters < 2 || c.peek() == Some(b'.') {
                match c.peek() {
                    Some(x) if x.is_ascii_alphabetic() => letters += 1,
                    Some(b'.') | Some(b' ') => {}
                    _ => break,
                }
                c.i += 1;
            }
            c.skip_spaces();
        }
        time = (hour, mi, s, ms);
        if !c.done() {
            offset = Some(parse_offset(c.rest())?);
        }
    }
    Some(Written::Text(RawTimestamp { date, time, offset }))
}

fn parse_offset(r: &[u8]) -> Option<i32> {
    let s = std::str::from_utf8(r).ok()?.trim();
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") || s.eq_ignore_ascii_case("gmt") {
        return Some(0);
    }
    let s = s.strip_prefix("UTC").or_else(|| s.strip_prefix("GMT")).unwrap_or(s);
    let (sign, body) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = body.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    if h > 18 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

fn parse_numeric_timestamp(t: &str) -> Option<Written> {
    let int_part = t.split(['.', ',']).next().unwrap_or("");
    let digits = int_part.len();
    if t.contains(['.', ',']) {
        let v: f64 = t.replace(',', ".").parse().ok()?;
        // Unix seconds with a fraction (Rasa's tracker store writes `1700000000.123456`).
        if matches!(digits, 9 | 10) && t.matches(['.', ',']).count() == 1 {
            return Some(Written::Epoch((v * SECOND as f64).round() as i64));
        }
        // Excel serial with a time fraction.
        return (digits <= 5 && v >= 1.0).then_some(Written::ExcelSerial(v));
    }
    let v: i64 = t.parse().ok()?;
    match digits {
        9 | 10 => Some(Written::Epoch(v * SECOND)),
        12 | 13 => Some(Written::Epoch(v)),
        1..=5 if v >= 1 => Some(Written::ExcelSerial(v as f64)),
        _ => None,
    }
}

/// Why a written timestamp could not become an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampError {
    /// Not a valid calendar date/time (e.g. 31 February, 25:00).
    Invalid,
    /// Outside the years this app accepts (1970-2200).
    OutOfRange,
}

/// Earliest accepted instant: 1970-01-01T00:00:00Z.
pub const MIN_INSTANT: Millis = 0;
/// Latest accepted instant: 2200-01-01T00:00:00Z.
pub const MAX_INSTANT: Millis = 7_258_118_400_000;

/// Turns a written timestamp into an instant: offsets are honoured, local times are read in
/// `zone` with the compatible DST rule, `a/b/y` dates in `order`.
pub fn resolve(w: &Written, order: DateOrder, zone: &Zone) -> Result<(Millis, LocalKind), TimestampError> {
    let (ms, kind) = match *w {
        Written::Epoch(ms) => (ms, LocalKind::Normal),
        Written::ExcelSerial(v) => {
            // Excel day 1 = 1900-01-01, with the fictional 1900-02-29: serial 25569 = 1970-01-01.
            // Only serials within a day of the accepted instants (1970-2199): beyond them the
            // zone cannot place every local time (jiff ends in 9999) and nothing else is valid.
            if !(25_568.0..109_577.0).contains(&v) {
                return Err(TimestampError::OutOfRange);
            }
            let local_ms = ((v - 25_569.0) * DAY as f64).round() as i64;
            let date_days = local_ms.div_euclid(DAY);
            let in_day = local_ms.rem_euclid(DAY);
            let date = Date::new(1970, 1, 1)
                .ok()
                .and_then(|d| d.checked_add(jiff::Span::new().days(date_days)).ok())
                .ok_or(TimestampError::OutOfRange)?;
            let time = jiff::civil::Time::new(
                (in_day / HOUR) as i8,
                ((in_day % HOUR) / MINUTE) as i8,
                ((in_day % MINUTE) / SECOND) as i8,
                ((in_day % SECOND) * 1_000_000) as i32,
            )
            .map_err(|_| TimestampError::Invalid)?;
            zone.instant(date.to_datetime(time))
        }
        Written::Text(raw) => {
            let (y, m, d) = match raw.date {
                DatePart::Ymd(y, m, d) => (y, m, d),
                DatePart::Ambiguous(a, b, y) => match order {
                    DateOrder::DayFirst => (y, b, a),
                    DateOrder::MonthFirst => (y, a, b),
                },
            };
            let (h, mi, s, ms) = raw.time;
            // Years outside the accepted instants (1970-2199, a day either side for offsets)
            // are out of range here: `31/12/9999 23:59` is past what the zone can place, and
            // must not fall back to some other instant.
            if !(1969..=2200).contains(&y) {
                return Err(TimestampError::OutOfRange);
            }
            let dt = DateTime::new(y as i16, m as i8, d as i8, h as i8, mi as i8, s as i8, ms * 1_000_000)
                .map_err(|_| TimestampError::Invalid)?;
            match raw.offset {
                Some(off) => {
                    let offset = jiff::tz::Offset::from_seconds(off).map_err(|_| TimestampError::Invalid)?;
                    let ts = offset.to_timestamp(dt).map_err(|_| TimestampError::OutOfRange)?;
                    (ts.as_millisecond(), LocalKind::Normal)
                }
                None => zone.instant(dt),
            }
        }
    };
    if !(MIN_INSTANT..MAX_INSTANT).contains(&ms) {
        return Err(TimestampError::OutOfRange);
    }
    Ok((ms, kind))
}

// ---------------------------------------------------------------------------------------------
// Numbers and durations

/// Parses a number written with a decimal point or a decimal comma, with optional thousands
/// separators: `1234.5`, `1.234,5`, `1,234.5`, `1 234,5`. With `decimal_comma`, a lone comma is
/// the decimal separator; otherwise a lone comma followed by exactly three digits groups
/// thousands and any other lone comma is decimal.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // The usual cell (a spreadsheet's serial date, a plain count or decimal): digits, a sign
    // and at most one dot that is not a thousands separator read as they are, with no copy.
    let b = t.as_bytes();
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'.' || *c == b'-') {
        let mut dots = b.iter().enumerate().filter(|(_, c)| **c == b'.');
        let plain = match (dots.next(), dots.next()) {
            (None, _) => true,
            (Some((d, _)), None) => !(decimal_comma && b.len() - d - 1 == 3),
            _ => false,
        };
        if plain {
            let v: f64 = t.parse().ok()?;
            return v.is_finite().then_some(v);
        }
    }
    let t: String = t.chars().filter(|c| *c != ' ' && *c != '\u{a0}' && *c != '\'').collect();
    let last_dot = t.rfind('.');
    let last_comma = t.rfind(',');
    let normalised = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(c)) => {
            let commas = t.matches(',').count();
            let after = t.len() - c - 1;
            if commas > 1 || (!decimal_comma && after == 3) {
                t.replace(',', "")
            } else {
                t.replace(',', ".")
            }
        }
        (Some(d), None) => {
            let dots = t.matches('.').count();
            let after = t.len() - d - 1;
            if dots > 1 || (decimal_comma && after == 3) {
                t.replace('.', "")
            } else {
                t
            }
        }
        (None, None) => t,
    };
    let v: f64 = normalised.parse().ok()?;
    v.is_finite().then_some(v)
}

/// The unit of a numeric duration column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// Milliseconds.
    Millis,
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
}

impl DurationUnit {
    fn ms(self) -> f64 {
        match self {
            DurationUnit::Millis => 1.0,
            DurationUnit::Seconds => SECOND as f64,
            DurationUnit::Minutes => MINUTE as f64,
            DurationUnit::Hours => HOUR as f64,
        }
    }
}

/// Parses a duration: a number in `unit`, or a clock `[-]H:MM[:SS[.fff]]` (hours first,
/// whatever the unit). Returns milliseconds; negative values are returned as such.
pub fn parse_duration(text: &str, unit: DurationUnit, decimal_comma: bool) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.contains(':') {
        let (neg, body) = match t.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, t),
        };
        let parts: Vec<&str> = body.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return None;
        }
        let h: i64 = parts[0].trim().parse().ok()?;
        let m: i64 = parts[1].trim().parse().ok()?;
        if !(0..60).contains(&m) || h < 0 {
            return None;
        }
        let s_ms: i64 = match parts.get(2) {
            Some(s) => {
                let v = parse_number(s, false)?;
                if !(0.0..60.0).contains(&v) {
                    return None;
                }
                (v * 1000.0).round() as i64
            }
            None => 0,
        };
        // Checked: `99999999999999:00` must be "not a duration", not an overflow.
        let ms = h.checked_mul(HOUR)?.checked_add(m * MINUTE + s_ms)?;
        return (ms < 1_000_000_000_000_000).then_some(if neg { -ms } else { ms });
    }
    let v = parse_number(t, decimal_comma)?;
    let ms = v * unit.ms();
    (ms.abs() < 1e15).then_some(ms.round() as i64)
}

// ---------------------------------------------------------------------------------------------
// Business hours

/// A weekly schedule of open intervals plus holidays, in the report zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// Per weekday (0 = Monday), open intervals in minutes since midnight `[start, end)`,
    /// sorted and non-overlapping; several per day allow split shifts.
    pub week: [Vec<(u16, u16)>; 7],
    /// Closed dates.
    pub holidays: BTreeSet<Date>,
}

impl Default for BusinessHours {
    /// Monday to Friday, 09:00-18:00, no holidays (METRICS.md §2).
    fn default() -> Self {
        let day = vec![(9 * 60, 18 * 60)];
        BusinessHours {
            week: [day.clone(), day.clone(), day.clone(), day.clone(), day, vec![], vec![]],
            holidays: BTreeSet::new(),
        }
    }
}

impl BusinessHours {
    /// Is the instant inside business hours?
    pub fn is_open(&self, zone: &Zone, t: Millis) -> bool {
        self.is_open_local(&zone.local(t))
    }

    /// Is a local time (from [`Zone::local`] in the report zone) inside business hours?
    pub fn is_open_local(&self, l: &Local) -> bool {
        if self.holidays.contains(&l.date) {
            return false;
        }
        self.week[l.weekday as usize]
            .iter()
            .any(|&(s, e)| l.minute_of_day >= s && l.minute_of_day < e)
    }

    fn open_intervals(&self, zone: &Zone, date: Date) -> impl Iterator<Item = (Millis, Millis)> + '_ {
        let closed = self.holidays.contains(&date);
        let wd = date.weekday().to_monday_zero_offset() as usize;
        let zone = zone.clone();
        self.week[wd].iter().filter(move |_| !closed).map(move |&(s, e)| {
            (minute_instant(&zone, date, s), minute_instant(&zone, date, e))
        })
    }

    /// Elapsed time inside business hours between `a` and `b` (0 if b <= a).
    pub fn business_ms(&self, zone: &Zone, a: Millis, b: Millis) -> i64 {
        if b <= a {
            return 0;
        }
        let mut total = 0;
        let mut date = zone.local(a).date;
        let last = zone.local(b).date;
        while date <= last {
            for (s, e) in self.open_intervals(zone, date) {
                let lo = s.max(a);
                let hi = e.min(b);
                if hi > lo {
                    total += hi - lo;
                }
            }
            match date.tomorrow() {
                Ok(d) => date = d,
                Err(_) => break,
            }
        }
        total
    }

    /// Business hours (as milliseconds) on the dates `first..=last`.
    pub fn open_ms_on_dates(&self, zone: &Zone, first: Date, last: Date) -> i64 {
        let mut total = 0;
        let mut date = first;
        while date <= last {
            for (s, e) in self.open_intervals(zone, date) {
                total += (e - s).max(0);
            }
            match date.tomorrow() {
                Ok(d) => date = d,
                Err(_) => break,
            }
        }
        total
    }

    /// Weekday schedule as text, e.g. "Mon 09:00-18:00; ...".
    pub fn describe(&self) -> String {
        let mut out = Vec::new();
        for (i, day) in self.week.iter().enumerate() {
            if day.is_empty() {
                continue;
            }
            let spans: Vec<String> = day
                .iter()
                .map(|(s, e)| format!("{:02}:{:02}-{:02}:{:02}", s / 60, s % 60, e / 60, e % 60))
                .collect();
            out.push(format!("{} {}", WEEKDAYS[i], spans.join(",")));
        }
        out.join("; ")
    }
}

fn minute_instant(zone: &Zone, date: Date, minute: u16) -> Millis {
    if minute >= 24 * 60 {
        return match date.tomorrow() {
            Ok(d) => zone.day_start(d),
            Err(_) => zone.day_start(date) + DAY,
        };
    }
    let t = jiff::civil::Time::new((minute / 60) as i8, (minute % 60) as i8, 0, 0).unwrap_or_default();
    zone.instant(date.to_datetime(t)).0
}

/// Weekday from its 0-based Monday index.
pub fn weekday_from_index(i: u8) -> Weekday {
    Weekday::from_monday_zero_offset(i as i8).unwrap_or(Weekday::Monday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rome() -> Zone {
        Zone::get("Europe/Rome").expect("bundled zone")
    }

    fn at(zone: &Zone, s: &str, order: DateOrder) -> Millis {
        let w = parse_written(s).expect("parses");
        resolve(&w, order, zone).expect("resolves").0
    }

    fn utc(s: &str) -> Millis {
        s.parse::<Timestamp>().expect("iso").as_millisecond()
    }

    /// The fast ISO reader gives what the general reader gives, or defers to it.
    #[test]
    fn fast_iso_agrees_with_the_general_reader() {
        let zones = [Zone::utc(), rome(), Zone::get("America/New_York").expect("zone"), Zone::get("Australia/Lord_Howe").expect("zone")];
        let mut texts: Vec<String> = [
            "2026-03-29T02:30:00", "2026-03-29 01:59:59", "2026-10-25T02:30:00", "2026-10-25T01:30:00", "2026-03-08T02:30:00",
            "2026-11-01T01:30:00", "2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z",
            "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "2026-01-01T10:00:00.5Z",
            "2026-01-01T10:00:00.123456789Z", "2026-01-01T10:00:00.1234567891Z", "2026-01-01T10:00:00,5Z", "2026-01-01T10:00+01:00",
            "2026-01-01T10:00:00-0530", "2026-01-01T10:00:00+19:00", "2026-01-01T10:00:00+01", "2026-01-01T10:00:00 Z",
            "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2199-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "2026-01-01t10:00:00Z",
            "2026-01-01T10:00:00z", "2026-01-01T10:00:00UTC", "2026-1-01T10:00:00Z", "2026-01-01T1:00:00Z", "2026-01-01T10:00",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every half hour of two years, around the DST changes of every zone above.
        for h in 0..(2 * 365 * 48) {
            let t = utc("2025-01-01T00:00:00Z") + h * 30 * MINUTE + 17 * SECOND;
            let l = Zone::utc().local(t);
            texts.push(format!("{} {:02}:{:02}:17", date_label(l.date), l.hour, l.minute_of_day % 60));
        }
        for zone in &zones {
            for t in &texts {
                let general = parse_written(t).and_then(|w| resolve(&w, DateOrder::DayFirst, zone).ok()).filter(|(_, k)| *k == LocalKind::Normal);
                if let Some(fast) = fast_iso_instant(t, zone) {
                    assert_eq!(Some(fast), general.map(|(ms, _)| ms), "{t} in {}", zone.name());
                }
            }
        }
        // The common forms do take the fast way.
        assert_eq!(fast_iso_instant("2026-03-02T09:00:00Z", &Zone::utc()), Some(utc("2026-03-02T09:00:00Z")));
        assert_eq!(fast_iso_instant("2026-03-02 10:00:00", &rome()), Some(utc("2026-03-02T09:00:00Z")));
    }

    /// Local parts from the cached offset are the zone's own.
    #[test]
    fn cached_local_parts_agree_with_the_zone() {
        for zone in [rome(), Zone::get("America/New_York").expect("zone"), Zone::get("Asia/Kolkata").expect("zone")] {
            for h in 0..(2 * 365 * 24 * 4) {
                let t = utc("2025-01-01T00:00:00Z") + h * 15 * MINUTE + 7 * SECOND;
                let dt = zone.tz.to_datetime(Timestamp::from_millisecond(t).expect("ts"));
                let l = zone.local(t);
                assert_eq!((l.date, l.hour as i8, l.minute_of_day as i32), (dt.date(), dt.hour(), dt.hour() as i32 * 60 + dt.minute() as i32), "{t}");
                assert_eq!(l.weekday as i8, dt.weekday().to_monday_zero_offset());
            }
        }
    }

    #[test]
    fn iso_with_and_without_offset() {
        let z = rome();
        assert_eq!(at(&z, "2026-03-02T10:00:00Z", DateOrder::DayFirst), utc("2026-03-02T10:00:00Z"));
        assert_eq!(at(&z, "2026-03-02T10:00:00+02:00", DateOrder::DayFirst), utc("2026-03-02T08:00:00Z"));
        // Rome is UTC+1 in March before the change: 10:00 local = 09:00Z.
        assert_eq!(at(&z, "2026-03-02 10:00:00", DateOrder::DayFirst), utc("2026-03-02T09:00:00Z"));
        assert_eq!(at(&z, "2026-03-02 10:00", DateOrder::DayFirst), utc("2026-03-02T09:00:00Z"));
        assert_eq!(at(&z, "2026-03-02T10:00:00.250Z", DateOrder::DayFirst), utc("2026-03-02T10:00:00.25Z"));
        assert_eq!(at(&z, "2026-03-02", DateOrder::DayFirst), utc("2026-03-01T23:00:00Z"));
    }

    #[test]
    fn day_first_and_month_first() {
        let z = Zone::utc();
        assert_eq!(at(&z, "02/03/2026 10:00", DateOrder::DayFirst), utc("2026-03-02T10:00:00Z"));
        assert_eq!(at(&z, "02/03/2026 10:00", DateOrder::MonthFirst), utc("2026-02-03T10:00:00Z"));
        assert_eq!(at(&z, "08-04-2023 20:52", DateOrder::DayFirst), utc("2023-04-08T20:52:00Z"));
        assert_eq!(at(&z, "25/Feb/26 10:17 PM", DateOrder::MonthFirst), utc("2026-02-25T22:17:00Z"));
        assert_eq!(at(&z, "25/feb/26 10:17 p. m.", DateOrder::DayFirst), utc("2026-02-25T22:17:00Z"));
        assert_eq!(at(&z, "02/mar/26 9:15 a.m.", DateOrder::DayFirst), utc("2026-03-02T09:15:00Z"));
        assert_eq!(at(&z, "5/29/2019 11:35 PM +02:00", DateOrder::MonthFirst), utc("2019-05-29T21:35:00Z"));
        assert_eq!(at(&z, "5/29/2019 11:35 AM", DateOrder::MonthFirst), utc("2019-05-29T11:35:00Z"));
        assert_eq!(at(&z, "12/01/2026 12:05 AM", DateOrder::DayFirst), utc("2026-01-12T00:05:00Z"));
        assert_eq!(at(&z, "02.03.2026 10:00:30", DateOrder::DayFirst), utc("2026-03-02T10:00:30Z"));
    }

    #[test]
    fn invalid_dates_are_errors() {
        let z = Zone::utc();
        let w = parse_written("31/02/2026").expect("shape is a date");
        assert_eq!(resolve(&w, DateOrder::DayFirst, &z), Err(TimestampError::Invalid));
        assert!(parse_written("01:42.3").is_none());
        assert!(parse_written("yesterday").is_none());
        assert!(parse_written("2026-03-02 25").is_none());
    }

    #[test]
    fn evidence_decides_the_order() {
        let mut e = DateOrderEvidence::default();
        e.observe(&parse_written("02/03/2026").expect("date"));
        assert!(e.is_ambiguous());
        e.observe(&parse_written("25/03/2026").expect("date"));
        assert_eq!(e.decided(), Some(DateOrder::DayFirst));
    }

    #[test]
    fn epoch_and_excel_serials() {
        let z = Zone::utc();
        assert_eq!(at(&z, "1596512941", DateOrder::DayFirst), 1_596_512_941_000);
        assert_eq!(at(&z, "1596512941123", DateOrder::DayFirst), 1_596_512_941_123);
        assert_eq!(at(&z, "1596512941.25", DateOrder::DayFirst), 1_596_512_941_250);
        // 46083 = 2026-03-02 (25569 = 1970-01-01; 46083 - 25569 = 20514 days).
        assert_eq!(at(&z, "46083.5", DateOrder::DayFirst), utc("2026-03-02T12:00:00Z"));
    }

    #[test]
    fn dst_gap_moves_forward_and_fold_takes_earlier() {
        let z = rome();
        // 2026-03-29 02:30 does not exist in Rome (02:00 -> 03:00): moved forward to 03:30 CEST = 01:30Z.
        let w = parse_written("2026-03-29 02:30").expect("date");
        let (ms, kind) = resolve(&w, DateOrder::DayFirst, &z).expect("resolves");
        assert_eq!(kind, LocalKind::Gap);
        assert_eq!(ms, utc("2026-03-29T01:30:00Z"));
        // 2026-10-25 02:30 happens twice; earlier is CEST (+02:00) = 00:30Z.
        let w = parse_written("2026-10-25 02:30").expect("date");
        let (ms, kind) = resolve(&w, DateOrder::DayFirst, &z).expect("resolves");
        assert_eq!(kind, LocalKind::Fold);
        assert_eq!(ms, utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn numbers_with_either_decimal_separator() {
        assert_eq!(parse_number("1.234,5", true), Some(1234.5));
        assert_eq!(parse_number("1,234.5", false), Some(1234.5));
        assert_eq!(parse_number("12,5", false), Some(12.5));
        assert_eq!(parse_number("12,5", true), Some(12.5));
        assert_eq!(parse_number("1,234", false), Some(1234.0));
        assert_eq!(parse_number("1,234", true), Some(1.234));
        assert_eq!(parse_number("-3", false), Some(-3.0));
        assert_eq!(parse_number("abc", false), None);
        assert_eq!(parse_number("NaN", false), None);
        // The plain way (digits, sign, one dot) agrees with the general one.
        assert_eq!(parse_number("45678.25", false), Some(45678.25));
        assert_eq!(parse_number("45678.25", true), Some(45678.25));
        assert_eq!(parse_number("1.234", false), Some(1.234));
        assert_eq!(parse_number("1.234", true), Some(1234.0));
        assert_eq!(parse_number("1.234.567", false), Some(1234567.0));
        assert_eq!(parse_number(" -12 ", true), Some(-12.0));
        assert_eq!(parse_number(".", false), None);
        assert_eq!(parse_number("-", false), None);
        assert_eq!(parse_number("1-2", false), None);
        assert_eq!(parse_number("1e400", false), None);
    }

    #[test]
    fn durations_in_units_and_clocks() {
        assert_eq!(parse_duration("90", DurationUnit::Seconds, false), Some(90_000));
        assert_eq!(parse_duration("1,5", DurationUnit::Minutes, true), Some(90_000));
        assert_eq!(parse_duration("00:02:23", DurationUnit::Seconds, false), Some(143_000));
        assert_eq!(parse_duration("26:00", DurationUnit::Hours, false), Some(26 * HOUR));
        assert_eq!(parse_duration("-2:30", DurationUnit::Hours, false), Some(-(2 * HOUR + 30 * MINUTE)));
        assert_eq!(parse_duration("1500", DurationUnit::Millis, false), Some(1500));
        assert_eq!(parse_duration("x", DurationUnit::Seconds, false), None);
    }

    #[test]
    fn business_time_skips_nights_weekends_and_holidays() {
        let z = Zone::utc();
        let mut bh = BusinessHours::default();
        // Fri 2026-03-06 17:00 -> Tue 2026-03-10 10:00: Fri 1 h + Mon 9 h + Tue 1 h = 11 h.
        let a = utc("2026-03-06T17:00:00Z");
        let b = utc("2026-03-10T10:00:00Z");
        assert_eq!(bh.business_ms(&z, a, b), 11 * HOUR);
        // Monday a holiday: 1 + 1 = 2 h.
        bh.holidays.insert(Date::constant(2026, 3, 9));
        assert_eq!(bh.business_ms(&z, a, b), 2 * HOUR);
        assert!(bh.business_ms(&z, a, b) <= b - a);
        assert_eq!(bh.business_ms(&z, b, a), 0);
    }

    #[test]
    fn business_time_with_split_shifts_across_dst() {
        let z = rome();
        let mut bh = BusinessHours::default();
        // Sunday 2026-03-29 (DST starts) open 00:00-04:00 local: only 3 real hours exist.
        bh.week[6] = vec![(0, 4 * 60)];
        let a = utc("2026-03-28T20:00:00Z");
        let b = utc("2026-03-29T10:00:00Z");
        assert_eq!(bh.business_ms(&z, a, b), 3 * HOUR);
        // Split shift Monday 09-12 and 14-18 = 7 h.
        bh.week[0] = vec![(9 * 60, 12 * 60), (14 * 60, 18 * 60)];
        let mon = Date::constant(2026, 3, 30);
        assert_eq!(bh.open_ms_on_dates(&z, mon, mon), 7 * HOUR);
    }

    #[test]
    fn local_parts_follow_the_zone() {
        let z = rome();
        let l = z.local(utc("2026-03-01T23:30:00Z"));
        assert_eq!(date_label(l.date), "2026-03-02");
        assert_eq!(l.weekday, 0);
        assert_eq!(l.hour, 0);
        assert_eq!(iso_week_label(l.date), "2026-W10");
    }
}
