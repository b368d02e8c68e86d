//! The foundation slice, hand-worked: `tests/fixtures/e2e_tickets.csv` read by the engine gives
//! the same numbers the end-to-end test reads from the page.

use deflect::engine::params::Params;

use super::{read_fixture, report_of};

fn fixture_text() -> String {
    std::fs::read_to_string(super::fixture("e2e_tickets.csv")).expect("fixture")
}

#[test]
fn fixture_e2e_tickets_accounting() {
    let ing = read_fixture("e2e_tickets.csv", "UTC");
    let s = &ing.parts[0].summary;
    // 11 data rows: T11's `31/02/2026 10:00` is no date → rejected; T8's response precedes
    // its creation → a warning, the row is used.
    assert_eq!((s.rows, s.used, s.rejected, s.warnings), (11, 10, 1, 1));
    assert_eq!(s.format, "canonical_contacts");
    let rejected: Vec<String> = ing.parts[0].diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(rejected.contains(&"line 12, column `created`: `31/02/2026 10:00` is not a date".to_string()), "{rejected:?}");
    assert!(rejected.iter().any(|d| d.starts_with("line 9, column `first_response`: `first_response` is 3600 s before")), "{rejected:?}");
}

#[test]
fn fixture_e2e_tickets_hand_worked() {
    let r = report_of(&[("e2e_tickets.csv", &fixture_text())], &Params::default());
    // Volume: T1..T10 = 10; email T1 T2 T6 T7 T10 = 5, chat T3 T9 = 2, web_form T4 T8 = 2, phone T5 = 1.
    let v = |by: &str, g: &str| r.group("contact_volume", by, g).and_then(|x| x.value).map(|x| x.as_f64());
    assert_eq!(r.headline("contact_volume").and_then(|x| x.value).map(|x| x.as_f64()), Some(10.0));
    assert_eq!((v("channel", "email"), v("channel", "chat"), v("channel", "web_form"), v("channel", "phone")), (Some(5.0), Some(2.0), Some(2.0), Some(1.0)));
    // First response (s): T1 1800, T2 5400, T3 120, T4 14400, T5 45, T6 36000, T9 97200,
    // T10 25200; T7 none; T8 left out. Sorted: 45 120 1800 5400 14400 25200 36000 97200.
    // n = 8 (even): median = (5400 + 14400) / 2 = 9900; mean = 180165 / 8 = 22520.625;
    // p90 = x⌈7.2⌉ = x8 = 97200.
    let f = r.headline("first_response_time").expect("frt");
    assert_eq!((f.median, f.mean, f.p90, f.n), (Some(9900.0), Some(22520.625), Some(97200.0), Some(8)));
    // Buckets: <1h 45,120,1800 = 3; 1-2h 5400 = 1; 2-6h 14400 = 1; 6-12h 25200,36000 = 2;
    // 12-24h 0; >24h 97200 = 1; none T7 = 1 (T8 is in no bucket): 9 = 10 − 1.
    let b = r.headline("first_response_buckets").and_then(|x| x.counts.clone()).expect("buckets");
    let got: Vec<(String, u64)> = b.0;
    let want: Vec<(String, u64)> = [("<1h", 3), ("1-2h", 1), ("2-6h", 1), ("6-12h", 2), ("12-24h", 0), (">24h", 1), ("none", 1)]
        .iter()
        .map(|(k, n)| (k.to_string(), *n))
        .collect();
    assert_eq!(got, want);
    // Resolution (s): T1 10800, T2 86400, T3 1200, T5 600, T6 172800, T8 7200, T9 100800.
    // Sorted: 600 1200 7200 10800 86400 100800 172800; n = 7: median = 10800;
    // mean = 379800 / 7; p90 = x⌈6.3⌉ = x7 = 172800.
    let res = r.headline("resolution_time").expect("resolution");
    assert_eq!((res.median, res.p90, res.n), (Some(10800.0), Some(172800.0), Some(7)));
    assert_eq!(res.mean, Some(379800.0 / 7.0));
}
