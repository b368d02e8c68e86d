//! Date, time, duration and number parsing: every reader on the same text, every resolution
//! in zones with and without DST, and the arithmetic the metrics do on the results.
#![no_main]

use deflect::engine::time::{parse_date, parse_duration, parse_number, parse_written, resolve, DateOrder, DurationUnit, Zone};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let zones = [Zone::utc(), Zone::get("Europe/Rome").unwrap_or_else(|_| Zone::utc()), Zone::get("Pacific/Kiritimati").unwrap_or_else(|_| Zone::utc())];
    if let Some(w) = parse_written(text) {
        for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
            for zone in &zones {
                if let Ok((ms, _)) = resolve(&w, order, zone) {
                    let local = zone.local(ms);
                    let _ = zone.day_start(local.date);
                }
            }
        }
    }
    let _ = parse_date(text);
    for comma in [false, true] {
        let _ = parse_number(text, comma);
        for unit in [DurationUnit::Millis, DurationUnit::Seconds, DurationUnit::Minutes, DurationUnit::Hours] {
            let _ = parse_duration(text, unit, comma);
        }
    }
});
