//! Metric tests: a hand-worked case for every metric id of METRICS.md (3–10 records, the
//! arithmetic in a comment), the edge cases of each family, METRICS.md §7 verbatim, and
//! property tests. Tests are named after the metric id they check.

use deflect::engine::catalogue::{Unit, CATALOGUE};
use deflect::engine::dataset::Dataset;
use deflect::engine::ingest::{ingest_bytes, IngestOptions};
use deflect::engine::metrics::{compute, Ctx, MetricRow, Num};
use deflect::engine::params::{Filters, Params};
use deflect::engine::record::Channel;
use deflect::engine::report::Report;
use deflect::engine::stats::percent_text;

use super::report_of;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A CSV document from a header and rows.
fn csv(header: &str, rows: &[&str]) -> String {
    let mut s = String::from(header);
    s.push('\n');
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

/// Parameters with some set by name.
fn params(pairs: &[(&str, &str)]) -> Params {
    let mut p = Params::default();
    for (k, v) in pairs.iter().filter(|(k, _)| *k == "time_zone") {
        p.set(k, v).expect("time zone");
    }
    for (k, v) in pairs.iter().filter(|(k, _)| *k != "time_zone") {
        p.set(k, v).unwrap_or_else(|e| panic!("{k}={v}: {e}"));
    }
    p
}

/// A report over inline files; every row must be used (no typo in a test's CSV).
fn report(files: &[(&str, &str)], p: &Params) -> Report {
    let r = report_of(files, p);
    for i in &r.inputs {
        assert_eq!(i.rejected, 0, "{} rejected rows", i.file);
    }
    r
}

fn head<'a>(r: &'a Report, id: &str) -> &'a MetricRow {
    r.headline(id).unwrap_or_else(|| panic!("no headline row for {id}"))
}

fn group<'a>(r: &'a Report, id: &str, by: &str, g: &str) -> &'a MetricRow {
    r.group(id, by, g).unwrap_or_else(|| panic!("no row {id} by {by} = {g}"))
}

fn int(n: Option<Num>) -> u64 {
    match n {
        Some(Num::Int(i)) => i as u64,
        other => panic!("expected an integer, got {other:?}"),
    }
}

/// (num, den) of a rate row, which must be available.
fn nd(row: &MetricRow) -> (u64, u64) {
    assert!(row.unavailable.is_none(), "{} unavailable: {:?}", row.id, row.unavailable);
    let (n, d) = (int(row.num), int(row.den));
    let v = row.value.map(Num::as_f64).expect("value");
    assert!((v - n as f64 / d as f64).abs() < 1e-12, "{}: value {v} is not {n}/{d}", row.id);
    (n, d)
}

fn rate(r: &Report, id: &str) -> (u64, u64) {
    nd(head(r, id))
}

fn rate_by(r: &Report, id: &str, by: &str, g: &str) -> (u64, u64) {
    nd(group(r, id, by, g))
}

fn value(row: &MetricRow) -> f64 {
    assert!(row.unavailable.is_none(), "{} unavailable: {:?}", row.id, row.unavailable);
    row.value.map(Num::as_f64).expect("value")
}

fn unavailable(r: &Report, id: &str) -> String {
    head(r, id).unavailable.clone().unwrap_or_else(|| panic!("{id} should be unavailable: {:?}", head(r, id)))
}

fn note(row: &MetricRow) -> &str {
    row.note.as_deref().unwrap_or("")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * (1.0 + b.abs())
}

/// Canonical session header.
const SESSIONS: &str = "id,customer,kind,started,query,outcome,contact_id";

// ---------------------------------------------------------------------------------------------
// Self-service and deflection

/// Six sessions, four contacts (UTC); the period ends 2026-03-31 so the as-of time is
/// 2026-04-01T00:00Z and every window is over.
fn selfservice_case() -> (String, String) {
    let contacts = csv(
        "id,customer,channel,created,issue_type",
        &[
            "C1,c@x.com,email,2026-03-03T10:00:00Z,billing", // c: 23 h after S3 → within W
            "C2,d@x.com,email,2026-03-03T13:00:00Z,billing", // d: 25 h after S4 → outside W
            "C3,f@x.com,phone,2026-03-04T09:00:00Z,login",
            "C4,g@x.com,chat,2026-03-05T09:00:00Z,login",
        ],
    );
    let sessions = csv(
        SESSIONS,
        &[
            "S1,a@x.com,help_center,2026-03-02T09:00:00Z,reset password,resolved,", // deflected
            "S2,b@x.com,chatbot,2026-03-02T10:00:00Z,refund,handoff,",              // handoff → not
            "S3,c@x.com,help_center,2026-03-02T11:00:00Z,invoice,no_result,",       // C1 within W → not
            "S4,d@x.com,faq,2026-03-02T12:00:00Z,invoice,abandoned,",               // C2 after W → deflected
            "S5,,help_center,2026-03-02T13:00:00Z,invoice,no_result,",              // unknown customer: outcome alone → deflected
            "S6,e@x.com,portal,2026-03-02T14:00:00Z,refund,resolved,C9",            // own contact id → not
        ],
    );
    (contacts, sessions)
}

#[test]
fn self_service_rate_hand_worked() {
    let (c, s) = selfservice_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // Deflected: S1, S4, S5 = 3. Assisted contacts: C1..C4 = 4. SSR = 3 / (3 + 4) = 3/7.
    assert_eq!(rate(&r, "self_service_rate"), (3, 7));
    assert_eq!(percent_text(3, 7, '.').as_deref(), Some("42.9"));
    assert!(note(head(&r, "self_service_rate")).contains("1 session with an unknown customer judged by their outcome alone"));
}

#[test]
fn self_service_deflection_rate_hand_worked() {
    let (c, s) = selfservice_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // 3 deflected of 6 sessions.
    assert_eq!(rate(&r, "self_service_deflection_rate"), (3, 6));
}

#[test]
fn case_deflection_rate_by_kind() {
    let (c, s) = selfservice_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // help_center: S1 ✓, S3 ✗, S5 ✓ = 2/3; chatbot S2 ✗ = 0/1; faq S4 ✓ = 1/1; portal S6 ✗ = 0/1.
    assert_eq!(rate_by(&r, "case_deflection_rate", "kind", "help_center"), (2, 3));
    assert_eq!(rate_by(&r, "case_deflection_rate", "kind", "chatbot"), (0, 1));
    assert_eq!(rate_by(&r, "case_deflection_rate", "kind", "faq"), (1, 1));
    assert_eq!(rate_by(&r, "case_deflection_rate", "kind", "portal"), (0, 1));
    // The headline is every kind: 3/6, and the kinds add up to it.
    assert_eq!(rate(&r, "case_deflection_rate"), (3, 6));
    assert!(r.group("case_deflection_rate", "kind", "ivr").is_none());
}

#[test]
fn self_service_ratio_hand_worked() {
    let (c, s) = selfservice_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // SSR = 3/7 = 42.857 % → r = ⌊(600 + 7) / 14⌋ = 43 → 43:57.
    let row = head(&r, "self_service_ratio");
    assert_eq!(row.value, Some(Num::Int(43)));
    let counts = row.counts.as_ref().expect("counts");
    assert_eq!((counts.get("self_service"), counts.get("assisted")), (Some(43), Some(57)));
    assert!(note(row).starts_with("43:57"));
}

#[test]
fn self_service_ratio_rounds_half_away_from_zero() {
    use deflect::engine::metrics::selfservice::percent_half_away;
    // 1/8 = 12.5 % → 13; 7/8 = 87.5 % → 88; 1/3 = 33.3 % → 33; 2/3 = 66.7 % → 67.
    assert_eq!(percent_half_away(1, 8), 13);
    assert_eq!(percent_half_away(7, 8), 88);
    assert_eq!(percent_half_away(1, 3), 33);
    assert_eq!(percent_half_away(2, 3), 67);
    assert_eq!(percent_half_away(0, 5), 0);
    assert_eq!(percent_half_away(5, 5), 100);
    // One deflected session and seven contacts: 1/8 → 13:87.
    let c = csv(
        "id,customer,channel,created",
        &(1..=7).map(|i| format!("C{i},c{i}@x.com,email,2026-03-0{i}T09:00:00Z")).collect::<Vec<_>>().iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let s = csv(SESSIONS, &["S1,a@x.com,faq,2026-03-01T08:00:00Z,q,resolved,"]);
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    assert_eq!(rate(&r, "self_service_rate"), (1, 8));
    assert_eq!(head(&r, "self_service_ratio").value, Some(Num::Int(13)));
}

#[test]
fn bot_containment_rate_hand_worked() {
    let c = csv("id,customer,channel,created", &["C1,c@x.com,chat,2026-03-02T12:00:00Z"]);
    let s = csv(
        SESSIONS,
        &[
            "B1,a@x.com,chatbot,2026-03-02T09:00:00Z,q,resolved,",  // contained
            "B2,b@x.com,chatbot,2026-03-02T09:00:00Z,q,handoff,",   // handed off
            "B3,c@x.com,chatbot,2026-03-02T10:00:00Z,q,abandoned,", // C1 2 h later → not contained
            "B4,d@x.com,chatbot,2026-03-02T10:00:00Z,q,no_result,", // no contact → contained (inferred)
            "H1,e@x.com,help_center,2026-03-02T10:00:00Z,q,resolved,", // not a chatbot
        ],
    );
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // 2 contained (B1, B4) of 4 chatbot sessions.
    assert_eq!(rate(&r, "bot_containment_rate"), (2, 4));
}

#[test]
fn bot_containment_rate_without_chatbot_sessions_is_unavailable() {
    let s = csv(SESSIONS, &["H1,e@x.com,help_center,2026-03-02T10:00:00Z,q,resolved,"]);
    let r = report(&[("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    assert!(unavailable(&r, "bot_containment_rate").contains("chatbot sessions"));
}

#[test]
fn self_service_score_hand_worked() {
    let (c, s) = selfservice_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // Session customers {a, b, c, d, e} = 5 (S5 unknown, left out); contact customers
    // {c, d, f, g} = 4. Score = 5/4 = 1.25 (may exceed 1).
    let row = head(&r, "self_service_score");
    assert_eq!((int(row.num), int(row.den)), (5, 4));
    assert_eq!(value(row), 1.25);
    assert!(note(row).contains("1 session with an unknown customer"));
}

#[test]
fn self_service_rate_window_edge_is_half_open() {
    // W = 24 h. S1's customer contacts exactly 24 h later: inside (t, t + W] → not deflected.
    // S2's customer contacts at the very instant S2 starts: not after t → deflected.
    // S3's customer contacts 24 h + 1 s later → deflected.
    let c = csv(
        "id,customer,channel,created",
        &["C1,a@x.com,email,2026-03-03T09:00:00Z", "C2,b@x.com,email,2026-03-02T09:00:00Z", "C3,c@x.com,email,2026-03-03T09:00:01Z"],
    );
    let s = csv(
        SESSIONS,
        &["S1,a@x.com,faq,2026-03-02T09:00:00Z,q,resolved,", "S2,b@x.com,faq,2026-03-02T09:00:00Z,q,resolved,", "S3,c@x.com,faq,2026-03-02T09:00:00Z,q,resolved,"],
    );
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // Deflected: S2, S3 = 2 of 3.
    assert_eq!(rate(&r, "self_service_deflection_rate"), (2, 3));
    // SSR = 2 / (2 + 3 contacts).
    assert_eq!(rate(&r, "self_service_rate"), (2, 5));
}

#[test]
fn self_service_rate_censoring_at_the_as_of_time() {
    // No period: the as-of time is the latest record, C3 at 2026-03-10T12:00Z. W = 24 h.
    // S1 (03-08) is judged and deflected; S2 (03-10 00:00) is 12 h before as-of → left out.
    // Contacts: C1 (03-01) and C2 (03-09 11:00, 25 h before) count; C3 (0 h before) is left out.
    let c = csv(
        "id,customer,channel,created",
        &["C1,x@x.com,email,2026-03-01T09:00:00Z", "C2,y@x.com,email,2026-03-09T11:00:00Z", "C3,z@x.com,email,2026-03-10T12:00:00Z"],
    );
    let s = csv(SESSIONS, &["S1,a@x.com,faq,2026-03-08T09:00:00Z,q,resolved,", "S2,b@x.com,faq,2026-03-10T00:00:00Z,q,resolved,"]);
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &Params::default());
    assert_eq!(r.as_of, "2026-03-10T12:00:00Z");
    // SSR = 1 / (1 + 2).
    assert_eq!(rate(&r, "self_service_rate"), (1, 3));
    assert!(note(head(&r, "self_service_rate")).contains("1 session started and 1 contact created in the last 24 h"), "{:?}", note(head(&r, "self_service_rate")));
    assert_eq!(rate(&r, "self_service_deflection_rate"), (1, 1));
    assert!(note(head(&r, "self_service_deflection_rate")).contains("1 session started in the last 24 h"));
    // Every session still inside its window → not available, never 0.
    let s2 = csv(SESSIONS, &["S2,b@x.com,faq,2026-03-10T00:00:00Z,q,resolved,"]);
    let r = report(&[("c.csv", &c), ("s.csv", &s2)], &Params::default());
    assert!(unavailable(&r, "self_service_rate").contains("still inside its deflection window"));
    assert!(head(&r, "bot_containment_rate").unavailable.is_some());
}

#[test]
fn self_service_rate_without_sessions_is_unavailable() {
    let c = csv("id,customer,channel,created", &["C1,x@x.com,email,2026-03-01T09:00:00Z"]);
    let r = report(&[("c.csv", &c)], &Params::default());
    for id in ["self_service_rate", "self_service_ratio", "self_service_deflection_rate", "case_deflection_rate", "bot_containment_rate", "unanswered_questions"] {
        assert_eq!(unavailable(&r, id), "needs self-service sessions", "{id}");
    }
    assert!(head(&r, "self_service_score").unavailable.is_some());
}

#[test]
fn self_service_rate_contact_naming_its_session_is_not_deflected() {
    // The contact names the session (self_service_session) though the session has no
    // contact_id and the customer is unknown on the session.
    let c = csv("id,customer,channel,created,self_service_session", &["C1,x@x.com,email,2026-03-05T09:00:00Z,S1"]);
    let s = csv(SESSIONS, &["S1,,faq,2026-03-01T09:00:00Z,q,resolved,", "S2,,faq,2026-03-01T09:00:00Z,q,resolved,"]);
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    assert_eq!(rate(&r, "self_service_deflection_rate"), (1, 2));
}

#[test]
fn self_service_rate_before_and_after_launch() {
    // Launch 2026-03-05 (Europe/Rome). C1 before; C2 at 00:30 local on launch day (23:30Z the
    // day before) counts as after. S1 after (deflected).
    let c = csv("id,customer,channel,created", &["C1,x@x.com,email,2026-03-01T09:00:00Z", "C2,y@x.com,email,2026-03-04T23:30:00Z"]);
    let s = csv(SESSIONS, &["S1,a@x.com,faq,2026-03-06T09:00:00Z,q,resolved,"]);
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("time_zone", "Europe/Rome"), ("launch_date", "2026-03-05"), ("period_end", "2026-03-31")]));
    assert_eq!(rate_by(&r, "self_service_rate", "period", "before"), (0, 1));
    assert_eq!(rate_by(&r, "self_service_rate", "period", "after"), (1, 2));
    assert_eq!(rate(&r, "self_service_rate"), (1, 3));
}

#[test]
fn self_service_rate_is_unavailable_under_contact_filters() {
    // Sessions have no channel, team, agent or issue type: with a filter, SSR would set every
    // session against part of the contacts. The deflection rate itself stays.
    let (c, s) = selfservice_case();
    let p = params(&[("period_end", "2026-03-31"), ("cost_email", "5"), ("cost_self_service", "0.5")]);
    let opts = IngestOptions::new(p.zone.clone());
    let mut parts = ingest_bytes("c.csv", c.as_bytes(), &opts).expect("contacts").parts;
    parts.extend(ingest_bytes("s.csv", s.as_bytes(), &opts).expect("sessions").parts);
    let ds = Dataset::from_parts(parts);
    let f = Filters { channels: vec![Channel::Email], ..Filters::default() };
    let rows = compute(&Ctx::new(&ds, &p, &f));
    let headline = |id: &str| rows.iter().find(|r| r.id == id && r.by.is_none()).unwrap_or_else(|| panic!("{id}"));
    for id in ["self_service_rate", "self_service_ratio", "self_service_score", "deflection_savings", "target_mix_savings"] {
        assert!(headline(id).unavailable.as_deref().is_some_and(|u| u.contains("filter")), "{id}: {:?}", headline(id));
    }
    assert_eq!(nd(headline("self_service_deflection_rate")), (3, 6));
    // Total cost: the two e-mail contacts only.
    assert_eq!(headline("total_cost").value, Some(Num::Float(10.0)));
    assert!(rows.iter().all(|r| !(r.id == "channel_mix" && r.group.as_deref() == Some("self_service"))));
}

#[test]
fn resolved_without_escalation_rate_hand_worked() {
    let c = csv(
        "id,customer,channel,created,resolved,escalated,agent",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,false,Ana", // ✓
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,true,Ana",  // escalated
            "C3,c,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,,Bruno",    // escalated unknown → out
            "C4,d,email,2026-03-02T09:00:00Z,,false,Bruno",                   // not resolved → out
            "C5,e,email,2026-03-02T09:00:00Z,2026-03-02T11:00:00Z,false,Bruno", // ✓
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // 2 of 3 (C1, C2, C5).
    assert_eq!(rate(&r, "resolved_without_escalation_rate"), (2, 3));
    assert_eq!(rate_by(&r, "resolved_without_escalation_rate", "agent", "Ana"), (1, 2));
    assert_eq!(rate_by(&r, "resolved_without_escalation_rate", "agent", "Bruno"), (1, 1));
}

/// The documented bootstrap, written again from METRICS.md and the module doc: SplitMix64
/// seeded 42; per resample, n_b draws for before then n_a for after, index = next mod n.
fn reference_bootstrap(before: &[u64], b_days: f64, after: &[u64], a_days: f64) -> (f64, f64) {
    let mut state: u64 = 42;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut diffs = Vec::new();
    for _ in 0..2000 {
        let mut side = |xs: &[u64], days: f64| {
            let n = xs.len() as u64;
            let total: u64 = (0..n).map(|_| xs[(next() % n) as usize]).sum();
            total as f64 / n as f64 / (days / 30.0)
        };
        let b = side(before, b_days);
        let a = side(after, a_days);
        diffs.push(a - b);
    }
    diffs.sort_by(f64::total_cmp);
    // Nearest rank: ⌈0.025 · 2000⌉ = 50, ⌈0.975 · 2000⌉ = 1950.
    (diffs[49], diffs[1949])
}

#[test]
fn contacts_per_customer_hand_worked() {
    let c = csv(
        "id,customer,channel,created",
        &[
            "C1,a@x.com,email,2026-03-01T09:00:00Z",
            "C2,a@x.com,email,2026-03-05T09:00:00Z",
            "C3,b@x.com,email,2026-03-05T10:00:00Z",
            "C4,,email,2026-03-06T10:00:00Z", // unknown customer: left out
            "C5,c@x.com,email,2026-03-10T09:00:00Z",
            "C6,c@x.com,email,2026-03-12T09:00:00Z",
            "C7,c@x.com,email,2026-03-15T09:00:00Z",
            "C8,d@x.com,email,2026-03-15T10:00:00Z",
        ],
    );
    let r = report(&[("c.csv", &c)], &params(&[("launch_date", "2026-03-10")]));
    // Before: 3 contacts, 2 customers, days 03-01..03-05 = 5 → 3 / 2 / (5/30) = 9.
    // After: 4 contacts, 2 customers, days 03-10..03-15 = 6 → 4 / 2 / (6/30) = 10.
    // Difference after − before = 1.
    let before = group(&r, "contacts_per_customer", "period", "before");
    let after = group(&r, "contacts_per_customer", "period", "after");
    assert!(close(value(before), 9.0) && close(value(after), 10.0), "{before:?} {after:?}");
    let counts = before.counts.as_ref().expect("counts");
    assert_eq!((counts.get("contacts"), counts.get("customers"), counts.get("days")), (Some(3), Some(2), Some(5)));
    let h = head(&r, "contacts_per_customer");
    assert!(close(value(h), 1.0));
    // Customers in key order: before a = 2, b = 1; after c = 3, d = 1.
    let (lo, hi) = reference_bootstrap(&[2, 1], 5.0, &[3, 1], 6.0);
    assert_eq!((h.lo, h.hi), (Some(lo), Some(hi)));
    assert!(lo <= hi);
    assert!(note(h).contains("1 contact with an unknown customer left out"));
}

#[test]
fn contacts_per_customer_launch_day_counts_as_after_in_the_report_zone() {
    // 2026-03-09T23:30Z is 00:30 on 03-10 in Rome: after a 03-10 launch; in UTC before it.
    let c = csv(
        "id,customer,channel,created",
        &["C1,a,email,2026-03-01T09:00:00Z", "C2,b,email,2026-03-09T23:30:00Z", "C3,c,email,2026-03-12T09:00:00Z"],
    );
    let rome = report(&[("c.csv", &c)], &params(&[("time_zone", "Europe/Rome"), ("launch_date", "2026-03-10")]));
    let counts = |r: &Report, side| group(r, "contacts_per_customer", "period", side).counts.as_ref().and_then(|c| c.get("contacts"));
    assert_eq!((counts(&rome, "before"), counts(&rome, "after")), (Some(1), Some(2)));
    let utc = report(&[("c.csv", &c)], &params(&[("launch_date", "2026-03-10")]));
    assert_eq!((counts(&utc, "before"), counts(&utc, "after")), (Some(2), Some(1)));
}

#[test]
fn contacts_per_customer_needs_a_launch_date_and_both_sides() {
    let c = csv("id,customer,channel,created", &["C1,a,email,2026-03-01T09:00:00Z", "C2,b,email,2026-03-02T09:00:00Z"]);
    let r = report(&[("c.csv", &c)], &Params::default());
    assert!(unavailable(&r, "contacts_per_customer").contains("launch_date"));
    let r = report(&[("c.csv", &c)], &params(&[("launch_date", "2026-04-01")]));
    assert!(unavailable(&r, "contacts_per_customer").contains("both sides"));
    // Before: 2 contacts, 2 customers, 2 days → 2/2/(2/30) = 15.
    assert!(close(value(group(&r, "contacts_per_customer", "period", "before")), 15.0));
    assert!(group(&r, "contacts_per_customer", "period", "after").unavailable.is_some());
}

#[test]
fn unanswered_questions_hand_worked() {
    let c = csv(
        "id,customer,channel,created",
        &[
            "C1,b@x.com,email,2026-03-02T12:00:00Z", // follows S2 within W
            "C2,,email,2026-03-02T12:00:00Z",        // S4's own contact
            "C3,d@x.com,email,2026-03-02T13:00:00Z", // S5's own contact, also d's contact within W
        ],
    );
    let s = csv(
        SESSIONS,
        &[
            "S1,a@x.com,help_center,2026-03-02T09:00:00Z,reset password,no_result,", // fail
            "S2,b@x.com,help_center,2026-03-02T09:00:00Z,  RESET   Password ,resolved,", // contact within W → fail
            "S3,c@x.com,help_center,2026-03-02T09:00:00Z,Reset password,resolved,", // ok
            "S4,,chatbot,2026-03-02T09:00:00Z,invoice,handoff,C2",                // fail
            "S5,d@x.com,help_center,2026-03-02T09:00:00Z,Invoice,ticket_created,C3", // fail
            "S6,e@x.com,help_center,2026-03-02T09:00:00Z,delivery,resolved,",     // ok
            "S7,,help_center,2026-03-02T09:00:00Z,delivery,abandoned,",           // ok (unknown customer, outcome alone)
            "S8,f@x.com,faq,2026-03-02T09:00:00Z,zebra,no_result,",               // fail
            "S9,g@x.com,faq,2026-03-02T09:00:00Z,apple,no_result,",               // fail
            "S10,h@x.com,faq,2026-03-02T09:00:00Z,,no_result,",                   // no query: left out
        ],
    );
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // reset password: 3 sessions, 2 failures, contacts {C1}; invoice: 2, 2, {C2, C3};
    // delivery: 2, 0; zebra 1, 1; apple 1, 1. Ranking: failures desc, sessions desc, query asc:
    // reset password (2, 3), invoice (2, 2), apple (1, 1), zebra (1, 1), delivery (0, 2).
    let ranked: Vec<&str> = r.rows("unanswered_questions").filter(|x| x.by.is_some()).map(|x| x.group.as_deref().unwrap_or("")).collect();
    assert_eq!(ranked, ["reset password", "invoice", "apple", "zebra", "delivery"]);
    assert_eq!(rate_by(&r, "unanswered_questions", "query", "reset password"), (2, 3));
    assert_eq!(rate_by(&r, "unanswered_questions", "query", "invoice"), (2, 2));
    assert_eq!(rate_by(&r, "unanswered_questions", "query", "delivery"), (0, 2));
    let followed = |q| group(&r, "unanswered_questions", "query", q).counts.as_ref().and_then(|c| c.get("contacts_followed"));
    assert_eq!((followed("reset password"), followed("invoice"), followed("delivery")), (Some(1), Some(2), Some(0)));
    assert_eq!(note(group(&r, "unanswered_questions", "query", "invoice")), "followed by C2, C3");
    // Headline: 6 failures of 9 sessions with a query.
    assert_eq!(rate(&r, "unanswered_questions"), (6, 9));
    assert!(note(head(&r, "unanswered_questions")).contains("1 session without a query left out"));
}

#[test]
fn unanswered_questions_top_10() {
    // Twelve queries q01..q12, query qNN failing NN mod 3 times out of 2 sessions + ...: keep it
    // simple: each query one no_result session, so all tie at 1 failure / 1 session and the
    // ranking is alphabetical: q01..q10 shown, q11 and q12 not.
    let rows: Vec<String> = (1..=12).map(|i| format!("S{i},u{i},faq,2026-03-02T09:00:00Z,q{i:02},no_result,")).collect();
    let s = csv(SESSIONS, &rows.iter().map(String::as_str).collect::<Vec<_>>());
    let r = report(&[("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    let ranked: Vec<String> = r.rows("unanswered_questions").filter(|x| x.by.is_some()).filter_map(|x| x.group.clone()).collect();
    assert_eq!(ranked, (1..=10).map(|i| format!("q{i:02}")).collect::<Vec<_>>());
    assert!(note(head(&r, "unanswered_questions")).contains("top 10 of 12 queries"));
    assert_eq!(rate(&r, "unanswered_questions"), (12, 12));
}

// ---------------------------------------------------------------------------------------------
// Resolution

#[test]
fn first_contact_resolution_rate_hand_worked() {
    let c = csv(
        "id,customer,channel,created,resolved,issue_type",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,billing",
            "F1,a,email,2026-03-05T09:00:00Z,,billing", // same issue within R → C1 not FCR
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,billing",
            "F2,b,email,2026-03-04T09:00:00Z,,login", // other issue type (both known) → C2 FCR
            "C3,c,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,billing",
            "F3,c,phone,2026-03-09T10:00:00Z,,", // exactly resolved + 7 d, blank issue → breaks C3
            "C4,d,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,billing",
            "F4,d,email,2026-03-09T10:00:01Z,,billing", // 1 s after the window → C4 FCR
            "C5,e,email,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z,billing",
            "F5,e,email,2026-03-02T12:00:00Z,,billing", // created while C5 was open → C5 FCR
        ],
    );
    let r = report(&[("c.csv", &c)], &params(&[("period_end", "2026-03-31")]));
    // Resolved with a known customer: C1..C5 = 5; FCR: C2, C4, C5 = 3.
    assert_eq!(rate(&r, "first_contact_resolution_rate"), (3, 5));
    assert_eq!(percent_text(3, 5, '.').as_deref(), Some("60.0"));
}

#[test]
fn first_contact_resolution_rate_censoring_and_unknown_customers() {
    // No period: as-of = latest created = 2026-03-20T09:00Z. R = 7 d. C1 resolved 03-02 (judged,
    // FCR); C2 resolved 03-15 (5 d before as-of → left out); C3 unknown customer → left out.
    let c = csv(
        "id,customer,channel,created,resolved",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z",
            "C2,b,email,2026-03-15T09:00:00Z,2026-03-15T10:00:00Z",
            "C3,,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z",
            "C4,z,email,2026-03-20T09:00:00Z,",
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    assert_eq!(rate(&r, "first_contact_resolution_rate"), (1, 1));
    let n = note(head(&r, "first_contact_resolution_rate"));
    assert!(n.contains("1 contact resolved in the last 7 d") && n.contains("1 contact with an unknown customer"), "{n}");
    // A shorter window judges C2 too: R = 3 d → 03-15 + 3 d ≤ 03-20.
    let r = report(&[("c.csv", &c)], &params(&[("repeat_window_s", "259200")]));
    assert_eq!(rate(&r, "first_contact_resolution_rate"), (2, 2));
}

#[test]
fn first_contact_resolution_rate_follow_up_on_a_filtered_out_channel_counts() {
    // Filtered to e-mail, the phone follow-up still breaks FCR: follow-ups are looked for in
    // all loaded data.
    let c = csv(
        "id,customer,channel,created,resolved",
        &["C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z", "F1,a,phone,2026-03-03T09:00:00Z,", "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z"],
    );
    let p = params(&[("period_end", "2026-03-31")]);
    let ing = ingest_bytes("c.csv", c.as_bytes(), &IngestOptions::new(p.zone.clone())).expect("ingest");
    let ds = Dataset::from_parts(ing.parts);
    let f = Filters { channels: vec![Channel::Email], ..Filters::default() };
    let rows = compute(&Ctx::new(&ds, &p, &f));
    let fcr = rows.iter().find(|r| r.id == "first_contact_resolution_rate" && r.by.is_none()).expect("fcr");
    assert_eq!(nd(fcr), (1, 2));
}

#[test]
fn one_touch_resolution_rate_hand_worked() {
    let c = csv(
        "id,customer,channel,created,resolved,agent_replies,reopens",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,0,0", // zero-reply solve ✓
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,1,0", // ✓
            "C3,c,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,2,0", // two replies
            "C4,d,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,1,1", // reopened
            "C5,e,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,,0",  // replies unknown → out
            "C6,f,email,2026-03-02T09:00:00Z,,1,0",                     // not resolved → out
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // 2 of 4.
    assert_eq!(rate(&r, "one_touch_resolution_rate"), (2, 4));
}

#[test]
fn escalation_rate_hand_worked() {
    let c = csv(
        "id,customer,channel,created,escalated,team",
        &["C1,a,email,2026-03-02T09:00:00Z,true,T1", "C2,b,email,2026-03-02T09:00:00Z,false,T1", "C3,c,chat,2026-03-02T09:00:00Z,false,T2", "C4,d,chat,2026-03-02T09:00:00Z,,T2"],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // 1 escalated of 3 known (C4 unknown).
    assert_eq!(rate(&r, "escalation_rate"), (1, 3));
    assert_eq!(rate_by(&r, "escalation_rate", "team", "T1"), (1, 2));
    assert_eq!(rate_by(&r, "escalation_rate", "team", "T2"), (0, 1));
    assert_eq!(rate_by(&r, "escalation_rate", "channel", "chat"), (0, 1));
}

#[test]
fn reopen_rate_hand_worked() {
    let c = csv(
        "id,customer,channel,created,resolved,reopens",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,0",
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,2", // reopened
            "C3,c,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,1", // reopened
            "C4,d,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,",  // unknown → out
            "C5,e,email,2026-03-02T09:00:00Z,,1",                     // not resolved → out
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // 2 of 3.
    assert_eq!(rate(&r, "reopen_rate"), (2, 3));
}

#[test]
fn repeat_contact_rate_hand_worked() {
    let c = csv(
        "id,customer,channel,created",
        &[
            "A1,a,email,2026-03-02T09:00:00Z", // A2 exactly 7 d later → repeat
            "A2,a,email,2026-03-09T09:00:00Z", // A3 11 d later → no
            "A3,a,email,2026-03-20T09:00:00Z",
            "B1,b,email,2026-03-02T09:00:00Z", // B2 at the same instant: not after → no
            "B2,b,phone,2026-03-02T09:00:00Z",
            "C1,c,email,2026-03-02T09:00:00Z", // C2 7 d + 1 s later → no
            "C2,c,email,2026-03-09T09:00:01Z",
            "U1,,email,2026-03-02T09:00:00Z", // unknown customer → out
        ],
    );
    let r = report(&[("c.csv", &c)], &params(&[("period_end", "2026-03-31")]));
    // 1 repeat (A1) of 7 contacts with a known customer.
    assert_eq!(rate(&r, "repeat_contact_rate"), (1, 7));
    // By channel: e-mail A1, A2, A3, B1, C1, C2 = 6 with the one repeat; phone B2.
    assert_eq!(rate_by(&r, "repeat_contact_rate", "channel", "email"), (1, 6));
    assert_eq!(rate_by(&r, "repeat_contact_rate", "channel", "phone"), (0, 1));
}

#[test]
fn repeat_contact_rate_censoring() {
    // As-of = 2026-03-10T09:00Z (Z1, the latest). A1 is 8 d before → judged, and A2 6 d after
    // it is a repeat; A2 (2 d before) and Z1 (0 d) are left out.
    let c = csv("id,customer,channel,created", &["A1,a,email,2026-03-02T09:00:00Z", "A2,a,email,2026-03-08T09:00:00Z", "Z1,z,email,2026-03-10T09:00:00Z"]);
    let r = report(&[("c.csv", &c)], &Params::default());
    assert_eq!(rate(&r, "repeat_contact_rate"), (1, 1));
    assert!(note(head(&r, "repeat_contact_rate")).contains("2 contacts created in the last 7 d"));
}

#[test]
fn channel_switch_rate_hand_worked() {
    let c = csv(
        "id,customer,channel,created",
        &[
            "A1,a,email,2026-03-02T09:00:00Z",
            "A2,a,phone,2026-03-08T09:00:00Z", // a: email → phone 6 d later → switch
            "B1,b,email,2026-03-02T09:00:00Z",
            "B2,b,email,2026-03-03T09:00:00Z", // b: same channel → no
            "C1,c,email,2026-03-01T09:00:00Z",
            "C2,c,chat,2026-03-09T09:00:00Z", // c: 8 d apart → no
            "D1,d,chat,2026-03-02T09:00:00Z",
            "D2,d,chat,2026-03-03T09:00:00Z",
            "D3,d,phone,2026-03-10T09:00:00Z", // d: chat → phone exactly 7 d after D2 → switch
            "E1,e,phone,2026-03-02T09:00:00Z", // e: one contact → not in the denominator
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // Customers with ≥ 2 contacts: a, b, c, d = 4; switched: a, d = 2.
    assert_eq!(rate(&r, "channel_switch_rate"), (2, 4));
}

// ---------------------------------------------------------------------------------------------
// Speed

#[test]
fn first_response_time_hand_worked_with_ties_and_even_count() {
    let c = csv(
        "id,customer,channel,created,first_response",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z", // 3600
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z", // 3600 (tie)
            "C3,c,chat,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z",  // 600
            "C4,d,chat,2026-03-02T09:00:00Z,2026-03-02T15:00:00Z",  // 21600
            "C5,e,chat,2026-03-02T09:00:00Z,",                      // no response: not in the summary
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // Sorted 600, 3600, 3600, 21600: median (3600 + 3600) / 2 = 3600; mean 29400 / 4 = 7350;
    // p90 rank ⌈3.6⌉ = 4 → 21600.
    let h = head(&r, "first_response_time");
    assert_eq!((h.median, h.mean, h.p90, h.n), (Some(3600.0), Some(7350.0), Some(21600.0), Some(4)));
    // Chat: 600, 21600 → median 11100.
    assert_eq!(group(&r, "first_response_time", "channel", "chat").median, Some(11100.0));
}

#[test]
fn first_response_time_across_dst_in_calendar_and_business_time() {
    // Europe/Rome: Sat 2026-03-28 10:00 local (09:00Z) → Mon 2026-03-30 10:00 local (08:00Z).
    // Calendar: 47 h (the night of 29 March has 23 hours). Business (Mon–Fri 09–18): Mon
    // 09:00–10:00 = 1 h.
    // A second contact across the October change: Sun 2026-10-25 01:00 CEST (23:00Z on the 24th)
    // → 04:00 CET (03:00Z): 4 h of calendar time (the night has 25 hours), 0 h of business time.
    let c = csv(
        "id,customer,channel,created,first_response",
        &["C1,a,email,2026-03-28T10:00:00+01:00,2026-03-30T10:00:00+02:00", "C2,b,email,2026-10-25T01:00:00+02:00,2026-10-25T04:00:00+01:00"],
    );
    let cal = report(&[("c.csv", &c)], &params(&[("time_zone", "Europe/Rome")]));
    let h = head(&cal, "first_response_time");
    // Values 4 h and 47 h → median 25.5 h = 91800 s.
    assert_eq!((h.median, h.n), (Some(91_800.0), Some(2)));
    assert_eq!(h.p90, Some(47.0 * 3600.0));
    let bus = report(&[("c.csv", &c)], &params(&[("time_zone", "Europe/Rome"), ("time_basis", "business")]));
    let h = head(&bus, "first_response_time");
    // Values 0 and 1 h → median 1800 s.
    assert_eq!((h.median, h.p90), (Some(1800.0), Some(3600.0)));
}

#[test]
fn first_response_time_across_a_weekend_and_a_holiday_in_business_time() {
    // Fri 2026-03-06 17:00 → Tue 2026-03-10 10:00 UTC: Fri 1 h + Mon 9 h + Tue 1 h = 11 h; with
    // Monday a holiday 1 + 1 = 2 h. Calendar: 89 h.
    let c = csv("id,customer,channel,created,first_response", &["C1,a,email,2026-03-06T17:00:00Z,2026-03-10T10:00:00Z"]);
    let cal = report(&[("c.csv", &c)], &Params::default());
    assert_eq!(head(&cal, "first_response_time").median, Some(89.0 * 3600.0));
    let bus = report(&[("c.csv", &c)], &params(&[("time_basis", "business")]));
    assert_eq!(head(&bus, "first_response_time").median, Some(11.0 * 3600.0));
    let hol = report(&[("c.csv", &c)], &params(&[("time_basis", "business"), ("holidays", "2026-03-09")]));
    assert_eq!(head(&hol, "first_response_time").median, Some(2.0 * 3600.0));
    // Split shift Mon–Fri 09:00–13:00, 14:00–18:00: Fri 1 h + Mon 8 h + Tue 1 h = 10 h.
    let split = report(&[("c.csv", &c)], &params(&[("time_basis", "business"), ("business_hours", "Mon-Fri 09:00-13:00,14:00-18:00")]));
    assert_eq!(head(&split, "first_response_time").median, Some(10.0 * 3600.0));
}

#[test]
fn first_response_buckets_hand_worked() {
    let c = csv(
        "id,customer,channel,created,first_response",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T09:59:59Z", // <1h
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z", // exactly 1 h → 1-2h
            "C3,c,email,2026-03-02T09:00:00Z,2026-03-02T21:00:00Z", // 12 h → 12-24h
            "C4,d,email,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z", // 24 h → >24h
            "C5,e,email,2026-03-02T09:00:00Z,",                     // none
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    let counts = head(&r, "first_response_buckets").counts.clone().expect("counts");
    let got: Vec<(String, u64)> = counts.0;
    let want = [("<1h", 1), ("1-2h", 1), ("2-6h", 0), ("6-12h", 0), ("12-24h", 1), (">24h", 1), ("none", 1)];
    assert_eq!(got, want.iter().map(|(k, v)| (k.to_string(), *v)).collect::<Vec<_>>());
}

#[test]
fn first_response_target_rate_hand_worked() {
    // As-of = 2026-03-02T12:00Z (latest created). Targets: phone 3 min, chat 5 min, e-mail 24 h.
    let c = csv(
        "id,customer,channel,created,first_response",
        &[
            "C1,a,phone,2026-03-02T09:00:00Z,2026-03-02T09:03:00Z", // exactly 3 min → met
            "C2,b,chat,2026-03-02T09:00:00Z,2026-03-02T09:06:00Z",  // 6 min → missed
            "C3,c,phone,2026-03-02T09:00:00Z,",                     // unanswered call, older than 3 min → miss
            "C4,d,email,2026-03-02T09:00:00Z,",                     // 3 h old, target 24 h → left out
            "C5,e,other,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z", // no target for other → out
            "C6,f,email,2026-03-02T12:00:00Z,2026-03-02T13:00:00Z", // met
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // Met: C1, C6 = 2; denominator C1, C2, C3, C6 = 4.
    assert_eq!(rate(&r, "first_response_target_rate"), (2, 4));
    assert!(note(head(&r, "first_response_target_rate")).contains("1 unanswered contact still within the target"));
    assert_eq!(rate_by(&r, "first_response_target_rate", "channel", "phone"), (1, 2));
}

#[test]
fn resolution_time_hand_worked() {
    let c = csv(
        "id,customer,channel,created,resolved",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T11:00:00Z", // 2 h
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z", // 24 h
            "C3,c,email,2026-03-02T09:00:00Z,2026-03-02T13:00:00Z", // 4 h
            "C4,d,phone,2026-03-02T09:00:00Z,",                     // a call: no resolution
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // 2, 4, 24 h → median 4 h = 14400 s; mean 10 h = 36000 s; p90 rank 3 → 86400 s.
    let h = head(&r, "resolution_time");
    assert_eq!((h.median, h.mean, h.p90, h.n), (Some(14_400.0), Some(36_000.0), Some(86_400.0), Some(3)));
    let counts = h.counts.as_ref().expect("counts");
    assert_eq!((counts.get("2-6h"), counts.get(">24h"), counts.get("none")), (Some(2), Some(1), Some(1)));
}

/// METRICS.md §7, verbatim: "Five phone calls on Monday 2026-03-02, Europe/Rome, short-abandon
/// threshold 5 s, T = 20 s: waits 10 s (answered), 30 s (answered), 3 s (abandoned), 40 s
/// (abandoned at queue), 12 s (abandoned at IVR). Offered = 5 − 1 short abandon = 4.
/// Abandoned = 2. abandonment_rate = 2/4 = 50.0 %. service_level = answered ≤ 20 s (1) ÷
/// (answered 2 + abandoned in the queue 1) = 33.3 %. average_speed_of_answer = (10 + 30) / 2 =
/// 20 s."
fn worked_example() -> String {
    csv(
        "id,customer,channel,created,answered,queue_wait_s,abandoned,abandon_stage,abandon_wait_s",
        &[
            "1,+39061,phone,2026-03-02 09:00:00,Y,10,N,,",
            "2,+39062,phone,2026-03-02 09:10:00,Y,30,N,,",
            "3,+39063,phone,2026-03-02 09:20:00,N,,Y,,3",
            "4,+39064,phone,2026-03-02 09:30:00,N,,Y,queue,40",
            "5,+39065,phone,2026-03-02 09:40:00,N,,Y,ivr,12",
        ],
    )
}

#[test]
fn worked_example_of_metrics_md_section_7() {
    let p = params(&[("time_zone", "Europe/Rome"), ("short_abandon_s", "5"), ("service_level_phone_s", "20")]);
    let r = report(&[("calls.csv", &worked_example())], &p);
    assert_eq!(rate(&r, "abandonment_rate"), (2, 4));
    assert_eq!(percent_text(2, 4, '.').as_deref(), Some("50.0"));
    assert_eq!(rate(&r, "service_level"), (1, 3));
    assert_eq!(percent_text(1, 3, '.').as_deref(), Some("33.3"));
    let asa = head(&r, "average_speed_of_answer");
    assert_eq!((asa.value, asa.n), (Some(Num::Float(20.0)), Some(2)));
    // The same calls by weekday: Monday 2/4, the other days have no offered calls.
    assert_eq!(rate_by(&r, "abandonment_by_weekday", "weekday", "Mon"), (2, 4));
    assert!(group(&r, "abandonment_by_weekday", "weekday", "Tue").unavailable.is_some());
    // Local hour 9 in Rome.
    assert_eq!(rate_by(&r, "abandonment_by_hour", "hour", "9"), (2, 4));
}

#[test]
fn average_speed_of_answer_hand_worked() {
    let c = csv(
        "id,customer,channel,created,answered,queue_wait_s",
        &["1,a,phone,2026-03-02T09:00:00Z,Y,10", "2,b,phone,2026-03-02T09:00:00Z,Y,25", "3,c,chat,2026-03-02T09:00:00Z,Y,40", "4,d,phone,2026-03-02T09:00:00Z,N,90", "5,e,phone,2026-03-02T09:00:00Z,Y,"],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // Answered with a wait: 10, 25, 40 → 75 / 3 = 25 s. Phone alone: 35 / 2 = 17.5 s.
    assert_eq!(head(&r, "average_speed_of_answer").value, Some(Num::Float(25.0)));
    assert_eq!(group(&r, "average_speed_of_answer", "channel", "phone").value, Some(Num::Float(17.5)));
}

/// Ten calls covering every stage (UTC, 2026-03-02, short-abandon threshold 5 s).
fn stage_calls() -> String {
    csv(
        "id,customer,channel,created,answered,queue_wait_s,hold_s,abandoned,abandon_stage,abandon_wait_s",
        &[
            "1,a,phone,2026-03-02T09:00:00Z,Y,10,30,N,,",      // answered, on hold
            "2,b,phone,2026-03-02T09:00:00Z,Y,20,0,N,,",       // answered
            "3,c,phone,2026-03-02T09:00:00Z,Y,5,60,Y,hold,",   // hung up on hold: not an abandon
            "4,d,phone,2026-03-02T10:00:00Z,N,,,Y,welcome,8",  // welcome abandon, wait 8
            "5,e,phone,2026-03-02T10:00:00Z,N,,,Y,ivr,15",     // IVR abandon, wait 15
            "6,f,phone,2026-03-02T10:00:00Z,N,45,,Y,queue,",   // queue abandon, wait = queue wait 45
            "7,g,phone,2026-03-02T10:00:00Z,N,2,,Y,queue,",    // queue abandon after 2 s: short
            "8,h,phone,2026-03-02T11:00:00Z,N,40,,Y,ringing,50", // ringing abandon, wait 50
            "9,i,phone,2026-03-02T11:00:00Z,N,,,Y,,",          // abandon, stage and wait unknown
            "10,j,phone,2026-03-02T11:00:00Z,N,,,,,",          // not answered, no abandoned flag
        ],
    )
}

#[test]
fn abandonment_rate_hand_worked() {
    let r = report(&[("calls.csv", &stage_calls())], &Params::default());
    // 10 calls − 1 short abandon (7) = 9 offered. Abandoned: 4, 5, 6, 8, 9, 10 = 6 → 6/9.
    assert_eq!(rate(&r, "abandonment_rate"), (6, 9));
    let n = note(head(&r, "abandonment_rate"));
    assert!(n.contains("1 short abandon under 5 s left out"), "{n}");
    assert!(n.contains("1 hang-up on hold not counted"), "{n}");
    assert!(n.contains("2 abandons with an unknown wait counted"), "{n}");
}

#[test]
fn abandonment_by_stage_hand_worked() {
    let r = report(&[("calls.csv", &stage_calls())], &Params::default());
    let stage = |g| {
        let row = group(&r, "abandonment_by_stage", "stage", g);
        (nd(row), row.share)
    };
    // 6 abandons. Welcome and IVR: 1 of 9 offered each, share 1/6.
    assert_eq!(stage("welcome"), ((1, 9), Some(1.0 / 6.0)));
    assert_eq!(stage("ivr"), ((1, 9), Some(1.0 / 6.0)));
    // Entered a queue: answered 1, 2, 3 + with a queue wait 6, 8 = 5 → queue 1/5.
    assert_eq!(stage("queue"), ((1, 5), Some(1.0 / 6.0)));
    // Reached ringing: answered 1, 2, 3 + ringing abandon 8 = 4 → 1/4.
    assert_eq!(stage("ringing"), ((1, 4), Some(1.0 / 6.0)));
    // Unknown stage: 9 and 10 → 2/9, share 2/6.
    assert_eq!(stage("unknown"), ((2, 9), Some(2.0 / 6.0)));
    // Hold: hung up (3) of answered calls put on hold (1, 3) → 1/2, no share.
    assert_eq!(stage("hold"), ((1, 2), None));
    let shares: f64 = r.rows("abandonment_by_stage").filter_map(|x| x.share).sum();
    assert!(close(shares, 1.0));
}

#[test]
fn time_to_abandon_hand_worked() {
    let r = report(&[("calls.csv", &stage_calls())], &Params::default());
    // Waits of offered abandons with a known wait: 8, 15, 45 (queue wait), 50. Even count:
    // median (15 + 45) / 2 = 30; mean 118 / 4 = 29.5; p90 rank ⌈3.6⌉ = 4 → 50.
    let h = head(&r, "time_to_abandon");
    assert_eq!((h.value, h.median, h.mean, h.p90, h.n), (Some(Num::Float(30.0)), Some(30.0), Some(29.5), Some(50.0), Some(4)));
    assert!(note(h).contains("2 abandons with an unknown wait left out"));
    assert_eq!(group(&r, "time_to_abandon", "stage", "queue").median, Some(45.0));
}

#[test]
fn service_level_counts_unflagged_and_queue_wait_short_abandons() {
    let r = report(&[("calls.csv", &stage_calls())], &Params::default());
    // Answered with a wait ≤ 20 s: 1 (10), 2 (20, inclusive), 3 (5) = 3. Denominator: 3 answered
    // + queue-stage abandons not short: 6 (queue), 8 (ringing), 9 and 10 (unknown stage,
    // counted as queue: the cautious reading) = 7. Call 7 is a short abandon by its queue wait
    // (2 s); 4 and 5 never reached a queue.
    assert_eq!(rate(&r, "service_level"), (3, 7));
}

#[test]
fn abandonment_by_hour_across_dst_changes() {
    // Europe/Rome. 2026-03-29: 01:30 local (00:30Z) and 03:30 local (01:30Z): there is no 02:00
    // hour that day. 2026-10-25: 02:30 CEST (00:30Z) and 02:30 CET (01:30Z): both in hour 2.
    let c = csv(
        "id,customer,channel,created,answered,abandoned,abandon_stage,abandon_wait_s",
        &[
            "1,a,phone,2026-03-29T00:30:00Z,Y,N,,",
            "2,b,phone,2026-03-29T01:30:00Z,N,Y,queue,30",
            "3,c,phone,2026-10-25T00:30:00Z,N,Y,queue,30",
            "4,d,phone,2026-10-25T01:30:00Z,Y,N,,",
        ],
    );
    let r = report(&[("c.csv", &c)], &params(&[("time_zone", "Europe/Rome")]));
    assert_eq!(rate_by(&r, "abandonment_by_hour", "hour", "1"), (0, 1));
    assert_eq!(rate_by(&r, "abandonment_by_hour", "hour", "3"), (1, 1));
    // Hour 2 collects both October calls: 1 abandoned of 2.
    assert_eq!(rate_by(&r, "abandonment_by_hour", "hour", "2"), (1, 2));
    assert_eq!(r.rows("abandonment_by_hour").count(), 24);
    // volume_by_hour sees the same local hours.
    assert_eq!(group(&r, "volume_by_hour", "hour", "2").value, Some(Num::Int(2)));
    // Weekdays: both days are Sundays.
    assert_eq!(rate_by(&r, "abandonment_by_weekday", "weekday", "Sun"), (2, 4));
}

#[test]
fn abandonment_without_calls_is_unavailable() {
    let c = csv("id,customer,channel,created", &["C1,a,email,2026-03-02T09:00:00Z"]);
    let r = report(&[("c.csv", &c)], &Params::default());
    for id in ["abandonment_rate", "abandonment_by_weekday", "abandonment_by_hour", "abandonment_by_stage", "time_to_abandon"] {
        assert!(head(&r, id).unavailable.is_some(), "{id}");
        assert_eq!(r.rows(id).count(), 1, "{id}");
    }
}

#[test]
fn abandonment_short_threshold_is_strict() {
    // Waits 4.999 s (short), 5 s (not short: "abandoned sooner" than 5 s are short).
    let c = csv(
        "id,customer,channel,created,answered,abandoned,abandon_stage,abandon_wait_s",
        &["1,a,phone,2026-03-02T09:00:00Z,N,Y,queue,4.999", "2,b,phone,2026-03-02T09:00:00Z,N,Y,queue,5", "3,c,phone,2026-03-02T09:00:00Z,Y,N,,"],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    assert_eq!(rate(&r, "abandonment_rate"), (1, 2));
}

// ---------------------------------------------------------------------------------------------
// Volume

#[test]
fn contact_volume_hand_worked() {
    let c = csv(
        "id,customer,channel,created,priority,direction",
        &[
            "1,a,email,2026-03-01T23:30:00Z,high,inbound", // Rome: Mon 2026-03-02 00:30, week 10
            "2,b,email,2026-03-02T09:00:00Z,low,",
            "3,c,phone,2026-03-09T09:00:00Z,,",            // week 11
            "4,d,email,2026-03-09T09:00:00Z,low,outbound", // outbound: not demand
        ],
    );
    let r = report(&[("c.csv", &c)], &params(&[("time_zone", "Europe/Rome")]));
    assert_eq!(head(&r, "contact_volume").value, Some(Num::Int(3)));
    assert_eq!(group(&r, "contact_volume", "day", "2026-03-02").value, Some(Num::Int(2)));
    assert_eq!(group(&r, "contact_volume", "week", "2026-W10").value, Some(Num::Int(2)));
    assert_eq!(group(&r, "contact_volume", "week", "2026-W11").value, Some(Num::Int(1)));
    assert_eq!(group(&r, "contact_volume", "channel", "email").value, Some(Num::Int(2)));
    assert_eq!(group(&r, "contact_volume", "priority", "(none)").value, Some(Num::Int(1)));
    assert_eq!(r.inputs[0].excluded, 1);
}

#[test]
fn volume_by_hour_and_weekday_list_zeros() {
    let c = csv("id,customer,channel,created", &["1,a,email,2026-03-02T09:15:00Z", "2,b,email,2026-03-02T09:45:00Z", "3,c,email,2026-03-04T17:00:00Z"]);
    let r = report(&[("c.csv", &c)], &Params::default());
    // Hour 9: 2; hour 17: 1; every other hour 0. Mon 2, Wed 1, others 0.
    assert_eq!(r.rows("volume_by_hour").count(), 24);
    assert_eq!(group(&r, "volume_by_hour", "hour", "9").value, Some(Num::Int(2)));
    assert_eq!(group(&r, "volume_by_hour", "hour", "0").value, Some(Num::Int(0)));
    assert_eq!(r.rows("volume_by_weekday").count(), 7);
    assert_eq!(group(&r, "volume_by_weekday", "weekday", "Mon").value, Some(Num::Int(2)));
    assert_eq!(group(&r, "volume_by_weekday", "weekday", "Sun").value, Some(Num::Int(0)));
    let heat = head(&r, "volume_heatmap").counts.as_ref().expect("counts");
    assert_eq!((heat.get("Mon 09"), heat.get("Wed 17"), heat.total()), (Some(2), Some(1), 3));
    assert_eq!(heat.0.len(), 168);
}

#[test]
fn volume_heatmap_across_dst() {
    // Rome, Sunday 2026-10-25: 02:30 CEST and 02:30 CET are both "Sun 02".
    let c = csv("id,customer,channel,created", &["1,a,email,2026-10-25T00:30:00Z", "2,b,email,2026-10-25T01:30:00Z", "3,c,email,2026-10-25T02:30:00Z"]);
    let r = report(&[("c.csv", &c)], &params(&[("time_zone", "Europe/Rome")]));
    let heat = head(&r, "volume_heatmap").counts.as_ref().expect("counts");
    // 02:30Z is 03:30 CET.
    assert_eq!((heat.get("Sun 02"), heat.get("Sun 03")), (Some(2), Some(1)));
}

#[test]
fn out_of_hours_share_hand_worked() {
    // Default Mon–Fri 09–18 UTC. Mon 08:59 out, Mon 09:00 in, Mon 18:00 out (end exclusive),
    // Sat 12:00 out, Tue 12:00 in but a holiday → out.
    let c = csv(
        "id,customer,channel,created",
        &["1,a,email,2026-03-02T08:59:00Z", "2,b,email,2026-03-02T09:00:00Z", "3,c,email,2026-03-02T18:00:00Z", "4,d,email,2026-03-07T12:00:00Z", "5,e,email,2026-03-03T12:00:00Z"],
    );
    let r = report(&[("c.csv", &c)], &params(&[("holidays", "2026-03-03")]));
    // 4 of 5 outside.
    assert_eq!(rate(&r, "out_of_hours_share"), (4, 5));
}

#[test]
fn open_backlog_hand_worked() {
    // Period ends 2026-03-31 → as-of 2026-04-01T00:00Z.
    let c = csv(
        "id,customer,channel,created,resolved,closed,status,team",
        &[
            "1,a,email,2026-03-31T12:00:00Z,,,open,T1",                     // 12 h → <1d
            "2,b,email,2026-03-29T00:00:00Z,,,open,T1",                     // exactly 3 d → 3-7d
            "3,c,email,2026-02-01T00:00:00Z,,,pending,T2",                  // 59 d → >30d
            "4,d,email,2026-03-20T00:00:00Z,2026-03-21T00:00:00Z,,solved,T2", // resolved → not open
            "5,e,email,2026-03-20T00:00:00Z,,,closed,T2",                   // status closed → not open
            "6,f,phone,2026-03-20T00:00:00Z,,,,T2",                         // a call → not counted
            "7,g,email,2026-03-25T00:00:00Z,2026-04-02T00:00:00Z,,solved,T1", // solved after as-of → open, 7 d → 7-30d
        ],
    );
    let r = report(&[("c.csv", &c)], &params(&[("period_start", "2026-03-01"), ("period_end", "2026-03-31")]));
    let h = head(&r, "open_backlog");
    assert_eq!(h.value, Some(Num::Int(4)));
    let counts = h.counts.as_ref().expect("counts");
    assert_eq!(
        (counts.get("<1d"), counts.get("1-3d"), counts.get("3-7d"), counts.get("7-30d"), counts.get(">30d")),
        (Some(1), Some(0), Some(1), Some(1), Some(1))
    );
    assert_eq!(group(&r, "open_backlog", "team", "T1").value, Some(Num::Int(3)));
}

#[test]
fn channel_mix_hand_worked() {
    let (c, s) = selfservice_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("period_end", "2026-03-31")]));
    // Contacts: email 2, phone 1, chat 1; deflected sessions 3 → sum 7.
    let h = head(&r, "channel_mix");
    assert_eq!(h.value, Some(Num::Int(7)));
    assert_eq!(rate_by(&r, "channel_mix", "channel", "self_service"), (3, 7));
    assert_eq!(rate_by(&r, "channel_mix", "channel", "email"), (2, 7));
    // All in ISO week 2026-W10.
    assert_eq!(group(&r, "channel_mix", "week", "2026-W10").value, Some(Num::Int(7)));
}

// ---------------------------------------------------------------------------------------------
// Handling

#[test]
fn average_handle_time_hand_worked() {
    let c = csv(
        "id,customer,channel,created,answered,talk_s,hold_s,after_work_s",
        &[
            "1,a,phone,2026-03-02T09:00:00Z,Y,300,60,30", // 390
            "2,b,phone,2026-03-02T09:00:00Z,Y,200,,20",   // 220 (hold missing → 0)
            "3,c,chat,2026-03-02T09:00:00Z,Y,100,0,",     // 100 (after-work missing → 0)
            "4,d,phone,2026-03-02T09:00:00Z,Y,,10,10",    // no talk time → out
            "5,e,phone,2026-03-02T09:00:00Z,N,50,,",      // not answered → out
        ],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // (390 + 220 + 100) / 3 = 236.67 s.
    let h = head(&r, "average_handle_time");
    assert_eq!(h.n, Some(3));
    assert!(close(value(h), 710.0 / 3.0));
    assert!(note(h).contains("hold_s missing for 1 contact") && note(h).contains("after_work_s missing for 1 contact"));
    assert_eq!(group(&r, "average_handle_time", "channel", "phone").value, Some(Num::Float(305.0)));
}

#[test]
fn service_rate_hand_worked() {
    // Period Mon 2026-03-02 .. Fri 2026-03-06, Mon–Fri 09–18: 45 business hours; with Wednesday
    // a holiday 36 h.
    let c = csv(
        "id,customer,channel,created,answered,resolved",
        &[
            "1,a,phone,2026-03-02T09:00:00Z,Y,",                      // answered call: served
            "2,b,phone,2026-03-02T09:00:00Z,N,",                      // not served
            "3,c,email,2026-03-03T09:00:00Z,,2026-03-03T10:00:00Z",   // resolved: served
            "4,d,email,2026-03-03T09:00:00Z,,",                       // not served
            "5,e,chat,2026-03-04T09:00:00Z,Y,2026-03-04T09:10:00Z",   // resolved chat: served
        ],
    );
    let r = report(&[("c.csv", &c)], &params(&[("period_start", "2026-03-02"), ("period_end", "2026-03-06")]));
    let h = head(&r, "service_rate");
    // 3 served ÷ 45 h.
    assert_eq!((h.num, h.den), (Some(Num::Int(3)), Some(Num::Float(45.0))));
    assert!(close(value(h), 3.0 / 45.0));
    let r = report(&[("c.csv", &c)], &params(&[("period_start", "2026-03-02"), ("period_end", "2026-03-06"), ("holidays", "2026-03-04")]));
    assert_eq!(head(&r, "service_rate").den, Some(Num::Float(36.0)));
    // Without a period: first to last day with contacts, Mon 03-02 .. Wed 03-04 = 27 h.
    let r = report(&[("c.csv", &c)], &Params::default());
    assert_eq!(head(&r, "service_rate").den, Some(Num::Float(27.0)));
}

#[test]
fn service_rate_without_business_hours_is_unavailable() {
    let c = csv("id,customer,channel,created,answered", &["1,a,phone,2026-03-07T09:00:00Z,Y"]);
    // A Saturday only.
    let r = report(&[("c.csv", &c)], &Params::default());
    assert!(unavailable(&r, "service_rate").contains("business hours"));
}

#[test]
fn contacts_per_agent_hand_worked() {
    let c = csv(
        "id,customer,channel,created,agent",
        &["1,a,email,2026-03-02T09:00:00Z,Ana", "2,b,email,2026-03-02T09:00:00Z,Ana", "3,c,email,2026-03-02T09:00:00Z,Bruno", "4,d,phone,2026-03-02T09:00:00Z,"],
    );
    let r = report(&[("c.csv", &c)], &Params::default());
    // Ana 2, Bruno 1, (none) 1: adds up to 4.
    assert_eq!(head(&r, "contacts_per_agent").value, Some(Num::Int(4)));
    assert_eq!(group(&r, "contacts_per_agent", "agent", "Ana").value, Some(Num::Int(2)));
    assert_eq!(group(&r, "contacts_per_agent", "agent", "Bruno").value, Some(Num::Int(1)));
    assert_eq!(group(&r, "contacts_per_agent", "agent", "(none)").value, Some(Num::Int(1)));
}

// ---------------------------------------------------------------------------------------------
// Satisfaction

fn csat_case() -> (String, String) {
    let c = csv(
        "id,customer,channel,created,resolved,agent,csat",
        &[
            "C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,Ana,5", // satisfied
            "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,Ana,4", // satisfied
            "C3,c,chat,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,Bruno,3",
            "C4,d,chat,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,Bruno,1", // replaced by the survey's 4
            "C5,e,chat,2026-03-02T09:00:00Z,,Bruno,",                       // survey 5 and 2
        ],
    );
    let s = csv("contact_id,answered_at,score", &["C4,2026-03-03T09:00:00Z,4", "C5,2026-03-03T09:00:00Z,5", "C5,2026-03-04T09:00:00Z,2", "X9,2026-03-03T09:00:00Z,5"]);
    (c, s)
}

#[test]
fn csat_hand_worked() {
    let (c, s) = csat_case();
    let r = report(&[("c.csv", &c), ("survey.csv", &s)], &Params::default());
    // Responses: C1 5 ✓, C2 4 ✓, C3 3, C4 survey 4 ✓ (own 1 replaced), C5 survey 5 ✓ and 2 = 6;
    // satisfied 4 → 4/6. X9 matches no contact.
    assert_eq!(rate(&r, "csat"), (4, 6));
    assert!(note(head(&r, "csat")).contains("1 survey response matching no loaded contact"));
    assert_eq!(rate_by(&r, "csat", "agent", "Ana"), (2, 2));
    assert_eq!(rate_by(&r, "csat", "agent", "Bruno"), (2, 4));
    assert_eq!(rate_by(&r, "csat", "channel", "chat"), (2, 4));
}

#[test]
fn csat_scales_and_mapping() {
    let rows = |vals: &[&str]| -> String {
        let lines: Vec<String> = vals.iter().enumerate().map(|(i, v)| format!("C{i},c{i},email,2026-03-02T09:00:00Z,{v}")).collect();
        csv("id,customer,channel,created,csat", &lines.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let p = Params::default();
    // 0–10: 9 and 10 satisfied → 2/4.
    assert_eq!(rate(&report(&[("c.csv", &rows(&["9", "10", "8", "0"]))], &p), "csat"), (2, 4));
    // Freshdesk −103..103: 101, 102, 103 → 3/5.
    assert_eq!(rate(&report(&[("c.csv", &rows(&["103", "102", "101", "100", "-103"]))], &p), "csat"), (3, 5));
    // Great/Okay/Not Good: Great only; "Offered" and blanks are not responses → 2/4.
    assert_eq!(rate(&report(&[("c.csv", &rows(&["Great", "Great", "Okay", "Not Good", "Offered", ""]))], &p), "csat"), (2, 4));
    // Two-point: good/bad → 1/2.
    assert_eq!(rate(&report(&[("c.csv", &rows(&["good", "bad"]))], &p), "csat"), (1, 2));
    // The mapping is a setting: 3 and up on 1–5 → 3/4; Okay counted as satisfied → 3/4.
    assert_eq!(rate(&report(&[("c.csv", &rows(&["5", "3", "4", "1"]))], &params(&[("csat_min_5", "3")])), "csat"), (3, 4));
    let labels = params(&[("csat_satisfied_labels", "great,okay")]);
    assert_eq!(rate(&report(&[("c.csv", &rows(&["Great", "Great", "Okay", "Not Good"]))], &labels), "csat"), (3, 4));
}

#[test]
fn survey_response_rate_hand_worked() {
    let (c, s) = csat_case();
    let r = report(&[("c.csv", &c), ("survey.csv", &s)], &Params::default());
    // Resolved: C1..C4 = 4, all rated (C1–C3 in the export, C4 also by survey); C5 is not
    // resolved → 4/4.
    assert_eq!(rate(&r, "survey_response_rate"), (4, 4));
    let c2 = csv(
        "id,customer,channel,created,resolved,csat",
        &["C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,5", "C2,b,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,", "C3,c,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,", "C4,d,email,2026-03-02T09:00:00Z,,4"],
    );
    let r = report(&[("c.csv", &c2)], &Params::default());
    // Resolved C1, C2, C3; rated C1 → 1/3.
    assert_eq!(rate(&r, "survey_response_rate"), (1, 3));
    // No CSAT anywhere → not available, never 0.
    let c3 = csv("id,customer,channel,created,resolved", &["C1,a,email,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z"]);
    assert!(head(&report(&[("c.csv", &c3)], &Params::default()), "survey_response_rate").unavailable.is_some());
}

// ---------------------------------------------------------------------------------------------
// Cost

fn cost_case() -> (String, String) {
    let c = csv(
        "id,customer,channel,created",
        &["1,a,email,2026-03-02T09:00:00Z", "2,b,email,2026-03-02T09:00:00Z", "3,c,email,2026-03-02T09:00:00Z", "4,d,phone,2026-03-02T09:00:00Z"],
    );
    let s = csv(SESSIONS, &["S1,x,faq,2026-03-01T09:00:00Z,q,resolved,", "S2,y,faq,2026-03-01T09:00:00Z,q,handoff,"]);
    (c, s)
}

fn cost_params() -> Params {
    params(&[("cost_email", "5"), ("cost_phone", "8"), ("cost_self_service", "0.5"), ("period_end", "2026-03-31")])
}

#[test]
fn cost_per_contact_hand_worked() {
    let (c, s) = cost_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &cost_params());
    // (3 × 5 + 1 × 8) / 4 = 23 / 4 = 5.75.
    assert_eq!(value(head(&r, "cost_per_contact")), 5.75);
    // Not available without a cost for every channel present.
    let r = report(&[("c.csv", &c)], &params(&[("cost_email", "5")]));
    assert!(unavailable(&r, "cost_per_contact").contains("cost_phone"));
}

#[test]
fn total_cost_hand_worked() {
    let (c, s) = cost_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &cost_params());
    // 23 + 2 sessions × 0.5 = 24; by channel: email 15, phone 8, self_service 1 (adds up).
    assert_eq!(value(head(&r, "total_cost")), 24.0);
    assert_eq!(value(group(&r, "total_cost", "channel", "email")), 15.0);
    assert_eq!(value(group(&r, "total_cost", "channel", "self_service")), 1.0);
    let sum: f64 = r.rows("total_cost").filter(|x| x.by.is_some()).map(value).sum();
    assert_eq!(sum, 24.0);
    // Sessions loaded but no session cost → not available.
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &params(&[("cost_email", "5"), ("cost_phone", "8")]));
    assert!(unavailable(&r, "total_cost").contains("cost_self_service"));
}

#[test]
fn deflection_savings_hand_worked() {
    let (c, s) = cost_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &cost_params());
    // 1 deflected session (S1) × (5.75 − 0.5) = 5.25.
    let h = head(&r, "deflection_savings");
    assert_eq!((value(h), h.n), (5.25, Some(1)));
}

#[test]
fn target_mix_savings_hand_worked() {
    let (c, s) = cost_case();
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &cost_params());
    // D = 1 + 4 = 5. Today: 4 × 5.75 + 1 × 0.5 = 23.5. Target 70:30: 5 × 0.7 × 0.5 + 5 × 0.3 ×
    // 5.75 = 1.75 + 8.625 = 10.375. Savings 13.125 = (5 × 0.7 − 1) × (5.75 − 0.5).
    assert!(close(value(head(&r, "target_mix_savings")), 13.125));
    let r = report(&[("c.csv", &c), ("s.csv", &s)], &{
        let mut p = cost_params();
        p.set("target_self_service_pct", "10").expect("pct");
        p
    });
    // (5 × 0.1 − 1) × 5.25 = −2.625: today's split is already beyond the target.
    assert!(close(value(head(&r, "target_mix_savings")), -2.625));
}

// ---------------------------------------------------------------------------------------------
// Across the catalogue

#[test]
fn every_metric_on_empty_input_is_unavailable_or_a_zero_count() {
    let r = report(&[], &Params::default());
    for e in CATALOGUE {
        let rows: Vec<&MetricRow> = r.rows(e.id).collect();
        assert!(!rows.is_empty(), "{} has no row", e.id);
        for row in rows {
            let zero_count = matches!(row.value, Some(Num::Int(0))) && matches!(e.unit, Unit::Count);
            assert!(row.unavailable.is_some() || zero_count || (row.counts.as_ref().is_some_and(|c| c.total() == 0)), "{}: {row:?}", e.id);
        }
    }
}

#[test]
fn every_metric_with_a_single_record() {
    let c = csv(
        "id,customer,channel,created,first_response,resolved,answered,queue_wait_s,talk_s,csat,escalated,reopens,agent_replies,agent",
        &["1,a,phone,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,,Y,10,120,5,false,0,1,Ana"],
    );
    let r = report(&[("c.csv", &c)], &params(&[("cost_phone", "8")]));
    assert_eq!(head(&r, "contact_volume").value, Some(Num::Int(1)));
    let h = head(&r, "first_response_time");
    assert_eq!((h.median, h.mean, h.p90, h.n), (Some(10.0), Some(10.0), Some(10.0), Some(1)));
    assert_eq!(rate(&r, "abandonment_rate"), (0, 1));
    assert_eq!(rate(&r, "service_level"), (1, 1));
    assert_eq!(rate(&r, "csat"), (1, 1));
    assert_eq!(value(head(&r, "average_handle_time")), 120.0);
    assert_eq!(value(head(&r, "cost_per_contact")), 8.0);
    // A call has no resolution: every resolution rate is unavailable, never 0.
    for id in ["first_contact_resolution_rate", "one_touch_resolution_rate", "reopen_rate", "survey_response_rate"] {
        assert!(head(&r, id).unavailable.is_some(), "{id}");
    }
    assert!(head(&r, "channel_switch_rate").unavailable.is_some());
}

#[test]
fn every_catalogue_metric_appears_in_the_sample_report() {
    use deflect::engine::sample::{sample_files, SAMPLE_PARAMS};
    let files = sample_files();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let r = report(&refs, &params(SAMPLE_PARAMS));
    for e in CATALOGUE {
        let h = r.headline(e.id).or_else(|| r.rows(e.id).next());
        let h = h.unwrap_or_else(|| panic!("{} missing from the sample report", e.id));
        assert!(h.unavailable.is_none(), "{} not available on the sample: {:?}", e.id, h.unavailable);
    }
    for row in &r.metrics {
        assert!(deflect::engine::catalogue::entry(&row.id).is_some(), "{} is not catalogued", row.id);
    }
}

/// The built-in sample, read, with its parameters.
fn sample_dataset() -> (deflect::engine::dataset::Dataset, deflect::engine::params::Params) {
    use deflect::engine::ingest::{ingest_bytes, IngestOptions};
    use deflect::engine::sample::{sample_files, SAMPLE_PARAMS};
    let p = params(SAMPLE_PARAMS);
    let mut parts = Vec::new();
    for (name, text) in sample_files() {
        parts.extend(ingest_bytes(&name, text.as_bytes(), &IngestOptions::new(p.zone.clone())).expect("sample").parts);
    }
    (deflect::engine::dataset::Dataset::from_parts(parts), p)
}

/// Progress: `build_reporting` names every family, in order, before each of its metrics (so
/// the family's first call is its start) and inside long passes, and gives exactly what
/// `build` gives.
#[test]
fn build_reporting_names_each_family_in_order_and_changes_nothing() {
    use deflect::engine::metrics::FAMILIES;
    use deflect::engine::params::Filters;
    let (ds, p) = sample_dataset();
    let mut seen = Vec::new();
    let reported = Report::build_reporting(&ds, &p, &Filters::default(), &mut |i, f| seen.push((i, f)));
    let mut starts = seen.clone();
    starts.dedup();
    assert_eq!(starts, FAMILIES.iter().copied().enumerate().collect::<Vec<_>>());
    use deflect::engine::metrics::{abandonment, cost, handling, resolution, satisfaction, selfservice, speed, volume};
    let per_family = [selfservice::METRICS, resolution::METRICS, speed::METRICS, abandonment::METRICS, volume::METRICS, handling::METRICS, satisfaction::METRICS, cost::METRICS];
    for (i, metrics) in per_family.iter().enumerate() {
        // One call before each metric, and heartbeats inside long passes (the follow-ups).
        assert!(seen.iter().filter(|(j, _)| *j == i).count() >= metrics.len(), "calls for {}", FAMILIES[i]);
    }
    assert_eq!(per_family.iter().map(|m| m.len()).sum::<usize>(), 9 + 6 + 6 + 5 + 7 + 3 + 2 + 4);
    assert!(seen.len() > 42, "the follow-ups' pass beats too");
    assert_eq!(reported.to_json(), Report::build(&ds, &p, &Filters::default()).to_json());
    // Every family has at least one metric in the catalogue, and the catalogue no other family.
    let mut families: Vec<&str> = CATALOGUE.iter().map(|e| e.family).collect();
    families.sort_unstable();
    families.dedup();
    let mut expected = FAMILIES.to_vec();
    expected.sort_unstable();
    assert_eq!(families, expected);
}

/// Follow-up flags are kept in the dataset between reports: a second report on the same data
/// with another repeat window, a filter or a period gives exactly what a fresh dataset gives.
#[test]
fn kept_follow_ups_follow_the_repeat_window_and_ignore_filters() {
    use deflect::engine::params::Filters;
    use deflect::engine::record::Channel;
    let (ds, base) = sample_dataset();
    let email = Filters { channels: vec![Channel::Email], ..Filters::default() };
    let mut short = base.clone();
    short.set("repeat_window_s", "86400").expect("window");
    let mut period = base.clone();
    period.set("period_start", "2026-03-02").expect("start");
    period.set("period_end", "2026-03-15").expect("end");
    let cases = [(&base, &Filters::default()), (&short, &Filters::default()), (&base, &email), (&short, &email), (&period, &email), (&base, &Filters::default())];
    for (p, f) in cases {
        let kept = Report::build(&ds, p, f).to_json();
        let fresh = Report::build(&ds.clone(), p, f).to_json();
        assert_eq!(kept, fresh);
    }
    // The window matters (the comparison above is not between equal reports).
    let fcr = |p: &deflect::engine::params::Params| Report::build(&ds, p, &Filters::default()).headline("first_contact_resolution_rate").and_then(|r| r.num);
    assert_ne!(fcr(&base), fcr(&short));
}

/// The sample plus exports with CSAT labels, 0–10 scores and Freshdesk scores, merged.
fn sample_and_exports_with_every_csat_scale() -> (deflect::engine::dataset::Dataset, deflect::engine::params::Params) {
    use deflect::engine::ingest::{ingest_bytes, IngestOptions};
    use deflect::engine::sample::{sample_files, SAMPLE_PARAMS};
    let base = params(SAMPLE_PARAMS);
    let mut files = sample_files();
    for name in ["freshdesk_tickets.csv", "intercom_conversations.json", "zendesk_tickets.ndjson"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        files.push((name.to_string(), std::fs::read_to_string(path).expect("fixture")));
    }
    let ten = csv("id,customer,channel,created,csat", &["t1,a@x.io,email,2026-03-03T10:00:00Z,9", "t2,b@x.io,email,2026-03-03T11:00:00Z,10", "t3,c@x.io,chat,2026-03-04T09:00:00Z,7"]);
    files.push(("csat_0_10.csv".to_string(), ten));
    let freshdesk = csv("id,customer,channel,created,csat", &["f1,d@x.io,email,2026-03-05T10:00:00Z,103", "f2,e@x.io,email,2026-03-05T11:00:00Z,102", "f3,f@x.io,chat,2026-03-06T09:00:00Z,-103"]);
    files.push(("csat_freshdesk.csv".to_string(), freshdesk));
    let parts = files.iter().flat_map(|(name, text)| ingest_bytes(name, text.as_bytes(), &IngestOptions::new(base.zone.clone())).expect("file").parts).collect();
    let ds = deflect::engine::dataset::Dataset::from_parts(parts);
    (ds, base)
}

/// Every report parameter changed in turn, some together, and nothing changed (last).
fn parameter_changes() -> &'static [&'static [(&'static str, &'static str)]] {
    &[
        &[("repeat_window_s", "86400")],
        &[("deflection_window_s", "3600")],
        &[("short_abandon_s", "30")],
        &[("service_level_phone_s", "60")],
        &[("service_level_chat_s", "15")],
        &[("frt_target_email_s", "3600")],
        &[("csat_min_5", "5")],
        &[("csat_min_10", "10")],
        &[("csat_min_freshdesk", "103")],
        &[("csat_satisfied_labels", "great")],
        &[("cost_email", "9")],
        &[("cost_self_service", "1")],
        &[("launch_date", "2026-03-20")],
        &[("target_self_service_pct", "80")],
        &[("time_basis", "business")],
        &[("time_basis", "business"), ("business_hours", "Mon-Fri 10:00-16:00")],
        &[("time_basis", "business"), ("holidays", "2026-03-04")],
        &[("period_start", "2026-03-02"), ("period_end", "2026-03-15")],
        &[("time_zone", "America/Sao_Paulo")],
        &[("currency", "BRL")],
        &[("repeat_window_s", "86400"), ("cost_email", "9"), ("csat_min_5", "5")],
        &[],
    ]
}

/// A report reuses the previous report's rows of every metric that read none of the changed
/// parameters. Each parameter changed in turn (and some together, and back), each report on
/// the same dataset (the sample and exports with CSAT labels and Freshdesk scores) equals a
/// report on a fresh copy; and the changes are not idle: every one but the currency (display
/// only) changes some metric.
#[test]
fn kept_metric_rows_are_reused_only_when_nothing_they_read_changed() {
    use deflect::engine::params::Filters;
    let (ds, base) = sample_and_exports_with_every_csat_scale();
    let changes = parameter_changes();
    let none = Filters::default();
    let metrics_of = |r: &Report| serde_json::to_string(&r.metrics).expect("json");
    let first = Report::build(&ds, &base, &none);
    for change in changes {
        let mut p = base.clone();
        for (k, v) in *change {
            p.set(k, v).expect("parameter");
        }
        let kept = Report::build(&ds, &p, &none);
        let fresh = Report::build(&ds.clone(), &p, &none);
        assert_eq!(kept.to_json(), fresh.to_json(), "after {change:?}");
        let idle = change.is_empty() || change == &[("currency", "BRL")];
        assert_eq!(metrics_of(&kept) == metrics_of(&first), idle, "{change:?} changes some metric");
        // And back: the rows kept from the changed report are not reused where they differ.
        assert_eq!(Report::build(&ds, &base, &none).to_json(), first.to_json(), "back from {change:?}");
    }
    // What the metrics read decides what is reused: the volume reads only what selects the
    // records, so a repeat-window change reuses it; first-contact resolution reads the window.
    use deflect::engine::params::ParamSet;
    let reads = ds.derived.metric_reads();
    let read = |id: &str| reads.iter().find(|(m, _)| m == id).map(|(_, r)| *r).unwrap_or_else(|| panic!("{id} not kept"));
    assert_eq!(read("contact_volume"), ParamSet::SELECTION);
    assert!(read("first_contact_resolution_rate").intersects(ParamSet::REPEAT_WINDOW));
    assert!(!read("first_response_time").intersects(ParamSet::REPEAT_WINDOW));
    assert!(read("first_response_time").intersects(ParamSet::TIME_BASIS));
    assert!(read("cost_per_contact").intersects(ParamSet::COST_PER_CHANNEL));
    assert!(!read("csat").intersects(ParamSet::COST_PER_CHANNEL));
    let total = reads.len();
    // A repeat-window change recomputes only the metrics that read the window.
    let mut longer = base.clone();
    longer.set("repeat_window_s", "172800").expect("window");
    Report::build(&ds, &longer, &none);
    let reading_window = reads.iter().filter(|(_, r)| r.intersects(ParamSet::REPEAT_WINDOW)).count();
    assert!((1..total / 4).contains(&reading_window), "{reading_window} of {total}");
    assert_eq!(ds.derived.metrics_recomputed(), Some((reading_window, total)));
    // A filter change recomputes everything (the kept rows are for other contacts); turning
    // it off again, and a period and its previous period in turn, reuse every metric.
    let email = Filters { channels: vec![deflect::engine::record::Channel::Email], ..Filters::default() };
    assert_eq!(Report::build(&ds, &longer, &email).to_json(), Report::build(&ds.clone(), &longer, &email).to_json());
    assert_eq!(ds.derived.metrics_recomputed(), Some((total, total)));
    assert_eq!(Report::build(&ds, &longer, &none).to_json(), Report::build(&ds.clone(), &longer, &none).to_json());
    assert_eq!(ds.derived.metrics_recomputed(), Some((0, total)));
    let mut march = longer.clone();
    march.set("period_start", "2026-03-09").expect("start");
    march.set("period_end", "2026-03-15").expect("end");
    let mut before = longer.clone();
    before.set("period_start", "2026-03-02").expect("start");
    before.set("period_end", "2026-03-08").expect("end");
    for (p, recomputed) in [(&before, total), (&march, total), (&before, 0), (&march, 0)] {
        assert_eq!(Report::build(&ds, p, &none).to_json(), Report::build(&ds.clone(), p, &none).to_json());
        assert_eq!(ds.derived.metrics_recomputed(), Some((recomputed, total)));
    }
}

/// Per-contact columns kept with the dataset (durations, local times, groups, judgements)
/// serve reports on other filters. With each parameter change in turn, after the unfiltered
/// report, a report under each filter (a channel, a team, an agent, an issue type, two at
/// once, a value no contact has) on that dataset equals one on a fresh copy, and makes no column (it gathers the kept
/// ones).
#[test]
fn kept_columns_serve_every_filter_and_follow_every_parameter() {
    use deflect::engine::dataset::FilterOptions;
    use deflect::engine::params::Filters;
    use deflect::engine::record::Channel;
    let (ds, base) = sample_and_exports_with_every_csat_scale();
    let options = FilterOptions::of(&ds, &base);
    let first = |v: &[String]| vec![v.first().expect("a value to filter on").clone()];
    let filters = [
        Filters { channels: vec![Channel::Email], ..Filters::default() },
        Filters { teams: first(&options.teams), ..Filters::default() },
        Filters { agents: first(&options.agents), ..Filters::default() },
        Filters { issue_types: first(&options.issue_types), ..Filters::default() },
        Filters { channels: vec![Channel::Phone, Channel::Chat], teams: first(&options.teams), ..Filters::default() },
        Filters { agents: vec!["nobody by this name".to_string()], ..Filters::default() },
    ];
    let none = Filters::default();
    let volume = |p, f| Report::build(&ds.clone(), p, f).headline("contact_volume").and_then(|r| r.value);
    for f in &filters {
        assert_ne!(volume(&base, f), volume(&base, &none), "{f:?} narrows the contacts");
    }
    for change in parameter_changes() {
        let mut p = base.clone();
        for (k, v) in *change {
            p.set(k, v).expect("parameter");
        }
        Report::build(&ds, &p, &none);
        let made = ds.derived.columns_made();
        for f in &filters {
            assert_eq!(Report::build(&ds, &p, f).to_json(), Report::build(&ds.clone(), &p, f).to_json(), "{change:?} under {f:?}");
            assert_eq!(ds.derived.columns_made(), made, "{change:?} under {f:?} made a column");
        }
    }
}

/// The independent recomputation of the whole catalogue (tests/crosscheck/README.md), on the
/// sample and on a generated data set, against the `deflect` binary.
#[test]
fn crosscheck_whole_catalogue_against_independent_python() {
    use std::process::Command;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/crosscheck.py");
    if !Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("python3 not found: the cross-check did not run (see tests/crosscheck/README.md)");
        return;
    }
    let out = Command::new("python3").arg(&script).arg("--deflect").arg(env!("CARGO_BIN_EXE_deflect")).output().expect("run python3");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "cross-check failed:\n{text}");
    assert!(text.contains("crosscheck: OK"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Properties

mod props {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;
    use deflect::engine::time::Zone;

    /// One generated contact: (customer, channel, minutes after 2026-03-02T00:00Z, response
    /// after (min), resolved after (min), answered, abandoned, stage, wait s, csat, agent,
    /// escalated, reopens, replies).
    type Row = ((u8, u8, u32, Option<u16>, Option<u16>, Option<bool>, Option<bool>), (u8, Option<u8>, Option<u8>, u8, Option<bool>, Option<u8>, Option<u8>));

    fn row() -> impl Strategy<Value = Row> {
        (
            (0u8..12, 0u8..5, 0u32..(20 * 24 * 60), proptest::option::of(0u16..3000), proptest::option::of(0u16..6000), proptest::option::of(any::<bool>()), proptest::option::of(any::<bool>())),
            (0u8..7, proptest::option::of(0u8..90), proptest::option::of(1u8..=5), 0u8..4, proptest::option::of(any::<bool>()), proptest::option::of(0u8..3), proptest::option::of(0u8..4)),
        )
    }

    /// One generated session: (customer or unknown, kind, minutes, outcome, query).
    type Sess = (Option<u8>, u8, u32, u8, u8);

    fn sess() -> impl Strategy<Value = Sess> {
        (proptest::option::of(0u8..12), 0u8..3, 0u32..(20 * 24 * 60), 0u8..6, 0u8..6)
    }

    const CH: [&str; 5] = ["email", "phone", "chat", "web_form", "social"];
    const STAGES: [&str; 7] = ["", "welcome", "ivr", "queue", "ringing", "hold", "unknown"];
    const KINDS: [&str; 3] = ["help_center", "chatbot", "faq"];
    const OUTCOMES: [&str; 6] = ["resolved", "no_result", "handoff", "ticket_created", "abandoned", "unknown"];
    const T0: i64 = 1_772_409_600_000; // 2026-03-02T00:00:00Z

    fn iso(ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default()
    }

    fn contact_lines(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .enumerate()
            .map(|(i, ((r0, r1, r2, r3, r4, r5, r6), (r7, r8, r9, r10, r11, r12, r13)))| {
                let r = (r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13);
                let created = T0 + *r.2 as i64 * 60_000;
                let opt = |x: Option<String>| x.unwrap_or_default();
                format!(
                    "C{i},cust{},{},{},{},{},{},{},{},{},{},{},Agent{},{},{},{},T{},{}",
                    r.0,
                    CH[*r.1 as usize],
                    iso(created),
                    opt(r.3.map(|m| iso(created + m as i64 * 60_000))),
                    opt(r.4.map(|m| iso(created + m as i64 * 60_000))),
                    opt(r.5.map(|b| b.to_string())),
                    opt(r.6.map(|b| b.to_string())),
                    STAGES[*r.7 as usize],
                    opt(r.8.map(|w| w.to_string())),
                    opt(r.8.map(|w| (w / 2).to_string())),
                    opt(r.9.map(|s| s.to_string())),
                    r.10,
                    opt(r.11.map(|b| b.to_string())),
                    opt(r.12.map(|n| n.to_string())),
                    opt(r.13.map(|n| n.to_string())),
                    *r.10 % 2,
                    opt(r.8.map(|w| (w as u32 * 3).to_string())),
                )
            })
            .collect()
    }

    const HEADER: &str = "id,customer,channel,created,first_response,resolved,answered,abandoned,abandon_stage,abandon_wait_s,queue_wait_s,csat,agent,escalated,reopens,agent_replies,team,talk_s";

    fn session_lines(rows: &[Sess]) -> Vec<String> {
        rows.iter()
            .enumerate()
            .map(|(i, s)| {
                let q = ["Reset password", " reset  PASSWORD", "invoice", "refund", "", "where is my order"][s.4 as usize];
                format!(
                    "S{i},{},{},{},{q},{},",
                    s.0.map(|c| format!("cust{c}")).unwrap_or_default(),
                    KINDS[s.1 as usize],
                    iso(T0 + s.2 as i64 * 60_000),
                    OUTCOMES[s.3 as usize]
                )
            })
            .collect()
    }

    fn doc(header: &str, lines: &[String]) -> String {
        let mut s = String::from(header);
        s.push('\n');
        for l in lines {
            let _ = writeln!(s, "{l}");
        }
        s
    }

    fn full_params() -> Params {
        params(&[
            ("launch_date", "2026-03-10"),
            ("cost_email", "5"),
            ("cost_phone", "8"),
            ("cost_chat", "4"),
            ("cost_web_form", "5"),
            ("cost_social", "6"),
            ("cost_self_service", "0.2"),
        ])
    }

    fn build(files: &[(String, String)], p: &Params) -> Report {
        let opts = IngestOptions::new(p.zone.clone());
        let mut parts = Vec::new();
        // A header without rows is a whole-file error ("header only"): such a file adds nothing.
        for (name, text) in files.iter().filter(|(_, t)| t.lines().count() > 1) {
            parts.extend(ingest_bytes(name, text.as_bytes(), &opts).expect("ingest").parts);
        }
        let r = Report::build(&Dataset::from_parts(parts), p, &Filters::default());
        assert!(r.inputs.iter().all(|i| i.rejected == 0), "generated rows were rejected: {:?}", r.inputs);
        r
    }

    /// Metric rows as sorted JSON lines (row order is not significant).
    fn canonical(r: &Report) -> Vec<String> {
        let mut v: Vec<String> = r.metrics.iter().map(|m| serde_json::to_string(m).unwrap_or_default()).collect();
        v.sort();
        v
    }

    /// One contact for the follow-up check: (customer, minutes after T0 (coarse, so that
    /// times collide), resolved after (min, negative = before creation), issue type index).
    type FollowRow = (u8, u16, Option<i16>, u8);

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// The follow-ups found from each contact's first follow-up (made once, for every
        /// window) are exactly the definition's, checked by brute force over every pair of
        /// contacts for several windows: blank and mixed issue types, equal times, contacts
        /// resolved before they were created (they can be their own follow-up, as before).
        #[test]
        fn follow_ups_equal_the_definition_for_every_window(rows in proptest::collection::vec((0u8..4, 0u16..400, proptest::option::of(-20i16..300), 0u8..4), 1..60)) {
            use deflect::engine::metrics::{FOLLOW_UP_FCR, FOLLOW_UP_REPEAT};
            let rows: Vec<FollowRow> = rows;
            let lines: Vec<String> = rows.iter().enumerate().map(|(i, (cust, at, res, ty))| {
                let created = T0 + *at as i64 * 600_000;
                format!("F{i},cust{cust},email,{},{},{}", iso(created), res.map(|m| iso(created + m as i64 * 60_000)).unwrap_or_default(), ["", "billing", "login", "refund"][*ty as usize])
            }).collect();
            let text = doc("id,customer,channel,created,resolved,issue_type", &lines);
            let base = Params::default();
            let parts = ingest_bytes("f.csv", text.as_bytes(), &IngestOptions::new(base.zone.clone())).expect("ingest").parts;
            let ds = Dataset::from_parts(parts);
            for window_min in [0i64, 10, 60, 600, 1440, 100_000] {
                let mut p = base.clone();
                p.repeat_window = window_min * 60_000;
                let f = Filters::default();
                let ctx = Ctx::new(&ds, &p, &f);
                let r = p.repeat_window;
                for c in &ds.contacts {
                    let same_customer = || ds.contacts.iter().filter(|x| !c.customer.is_none() && x.customer == c.customer);
                    let repeat = same_customer().any(|x| x.created > c.created && x.created <= c.created + r);
                    let fcr = c.resolved.get().is_some_and(|t| {
                        same_customer().any(|x| x.created > t && x.created <= t + r && (c.issue_type.is_none() || x.issue_type.is_none() || x.issue_type == c.issue_type))
                    });
                    prop_assert_eq!(ctx.has_follow_up(c, FOLLOW_UP_REPEAT), repeat, "repeat, window {} min", window_min);
                    prop_assert_eq!(ctx.has_follow_up(c, FOLLOW_UP_FCR), fcr, "fcr, window {} min", window_min);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn rates_are_within_0_1_and_num_le_den(rows in proptest::collection::vec(row(), 0..40), ss in proptest::collection::vec(sess(), 0..25)) {
            let files = vec![("c.csv".to_string(), doc(HEADER, &contact_lines(&rows))), ("s.csv".to_string(), doc(SESSIONS, &session_lines(&ss)))];
            let r = build(&files, &full_params());
            for m in &r.metrics {
                let unit = deflect::engine::catalogue::entry(&m.id).map(|e| e.unit);
                // Ratio rows with a numerator and denominator (channel_mix's weekly rows carry counts).
                if unit == Some(Unit::Ratio) && m.unavailable.is_none() && m.num.is_some() && m.den.is_some() {
                    let (n, d) = nd(m);
                    prop_assert!(n <= d, "{m:?}");
                    let v = m.value.map(Num::as_f64).unwrap_or(-1.0);
                    prop_assert!((0.0..=1.0).contains(&v), "{m:?}");
                    if let Some(s) = m.share {
                        prop_assert!((0.0..=1.0).contains(&s), "{m:?}");
                    }
                }
                if let Some(mean) = m.mean {
                    prop_assert!(m.median.is_some() && m.p90.is_some());
                    prop_assert!(mean >= 0.0);
                }
            }
        }

        #[test]
        fn breakdowns_add_up_to_the_total(rows in proptest::collection::vec(row(), 1..40), ss in proptest::collection::vec(sess(), 0..25)) {
            let files = vec![("c.csv".to_string(), doc(HEADER, &contact_lines(&rows))), ("s.csv".to_string(), doc(SESSIONS, &session_lines(&ss)))];
            let r = build(&files, &full_params());
            // Rates: per dimension, Σ num and Σ den of the groups equal the headline's.
            let additive = [
                ("first_contact_resolution_rate", &["channel", "agent", "team", "issue_type"][..]),
                ("one_touch_resolution_rate", &["channel", "agent", "team"][..]),
                ("escalation_rate", &["channel", "agent", "team"][..]),
                ("reopen_rate", &["channel", "agent", "team"][..]),
                ("repeat_contact_rate", &["channel", "agent", "team"][..]),
                ("resolved_without_escalation_rate", &["channel", "agent", "team"][..]),
                ("csat", &["channel", "agent", "team"][..]),
                ("survey_response_rate", &["channel", "agent", "team"][..]),
                ("out_of_hours_share", &["channel"][..]),
                ("first_response_target_rate", &["channel"][..]),
                ("service_level", &["channel"][..]),
                ("abandonment_rate", &["team"][..]),
                ("case_deflection_rate", &["kind"][..]),
                ("self_service_rate", &["period"][..]),
            ];
            for (id, dims) in additive {
                let Some(h) = r.headline(id).filter(|h| h.unavailable.is_none()) else { continue };
                let (hn, hd) = nd(h);
                for by in dims {
                    let groups: Vec<&MetricRow> = r.rows(id).filter(|m| m.by.as_deref() == Some(*by)).collect();
                    if groups.is_empty() { continue; }
                    let n: u64 = groups.iter().filter(|m| m.num.is_some()).map(|m| int(m.num)).sum();
                    let d: u64 = groups.iter().filter(|m| m.den.is_some()).map(|m| int(m.den)).sum();
                    prop_assert_eq!((n, d), (hn, hd), "{} by {}", id, by);
                }
            }
            // Hours and weekdays add up to the abandonment rate.
            if let Some(h) = r.headline("abandonment_rate").filter(|h| h.unavailable.is_none()) {
                for id in ["abandonment_by_hour", "abandonment_by_weekday"] {
                    let n: u64 = r.rows(id).filter(|m| m.num.is_some()).map(|m| int(m.num)).sum();
                    let d: u64 = r.rows(id).filter(|m| m.den.is_some()).map(|m| int(m.den)).sum();
                    prop_assert_eq!((n, d), nd(h), "{}", id);
                }
                let stage_abandons: u64 = r.rows("abandonment_by_stage").filter(|m| m.group.as_deref() != Some("hold") && m.num.is_some()).map(|m| int(m.num)).sum();
                prop_assert_eq!(stage_abandons, nd(h).0);
            }
            // Counts: volume by every dimension, per day, per week and per hour; agents.
            let total = head(&r, "contact_volume").value.map(Num::as_f64).unwrap_or(0.0) as u64;
            for by in ["channel", "agent", "team", "day", "week"] {
                let s: u64 = r.rows("contact_volume").filter(|m| m.by.as_deref() == Some(by)).map(|m| int(m.value)).sum();
                prop_assert_eq!(s, total, "contact_volume by {}", by);
            }
            let s: u64 = r.rows("volume_by_hour").map(|m| int(m.value)).sum();
            prop_assert_eq!(s, total);
            let s: u64 = r.rows("contacts_per_agent").filter(|m| m.by.is_some()).map(|m| int(m.value)).sum();
            prop_assert_eq!(s, total);
            let fr = head(&r, "first_response_buckets");
            if let Some(c) = &fr.counts {
                prop_assert_eq!(c.total(), total);
            }
            if let Some(t) = r.headline("total_cost").filter(|t| t.unavailable.is_none()) {
                let s: f64 = r.rows("total_cost").filter(|m| m.by.is_some()).map(value).sum();
                prop_assert!(close(s, value(t)));
            }
        }

        #[test]
        fn results_do_not_depend_on_input_order_or_file_split(
            rows in proptest::collection::vec(row(), 1..30),
            ss in proptest::collection::vec(sess(), 0..20),
            seed in any::<u64>(),
            cut in 0usize..30,
        ) {
            let p = full_params();
            let lines = contact_lines(&rows);
            let slines = session_lines(&ss);
            let one = build(&[("c.csv".into(), doc(HEADER, &lines)), ("s.csv".into(), doc(SESSIONS, &slines))], &p);
            // Shuffle with a seeded generator.
            let mut rng = deflect::engine::sample::Rng::new(seed);
            let mut shuffled = lines.clone();
            for i in (1..shuffled.len()).rev() {
                let j = rng.below(i as u64 + 1) as usize;
                shuffled.swap(i, j);
            }
            let mut sshuffled = slines.clone();
            for i in (1..sshuffled.len()).rev() {
                let j = rng.below(i as u64 + 1) as usize;
                sshuffled.swap(i, j);
            }
            let cut = cut.min(shuffled.len());
            let (a, b) = shuffled.split_at(cut);
            let split = build(
                &[("s.csv".into(), doc(SESSIONS, &sshuffled)), ("c2.csv".into(), doc(HEADER, b)), ("c1.csv".into(), doc(HEADER, a))],
                &p,
            );
            prop_assert_eq!(canonical(&one), canonical(&split));
        }

        #[test]
        fn business_time_never_exceeds_calendar_time(
            a in 0i64..(400 * 24 * 3600),
            len in 0i64..(40 * 24 * 3600),
            open in 0u16..(20 * 60),
            span in 1u16..(4 * 60),
            split in any::<bool>(),
            holiday in proptest::option::of(0i64..400),
        ) {
            let mut p = Params::with_zone(Zone::get("Europe/Rome").expect("zone"));
            p.set("time_basis", "business").expect("basis");
            let end = (open + span).min(24 * 60);
            let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
            let week = if split && end - open >= 2 {
                let mid = open + (end - open) / 2;
                format!("Mon-Sat {}-{},{}-{}", hm(open), hm(mid), hm(mid + 1).min(hm(end)), hm(end))
            } else {
                format!("Mon-Fri {}-{}", hm(open), hm(end))
            };
            if p.set("business_hours", &week).is_err() {
                p.set("business_hours", &format!("Mon-Fri {}-{}", hm(open), hm(end))).expect("week");
            }
            // From 2026-01-01T00:00Z.
            let start = 1_767_225_600_000 + a * 1000;
            if let Some(h) = holiday {
                let d = p.zone.local(1_767_225_600_000 + h * 86_400_000).date;
                p.business_hours.holidays.insert(d);
            }
            let b = start + len * 1000;
            let business = p.duration(start, b);
            prop_assert!(business >= 0);
            prop_assert!(business <= b - start, "{} > {}", business, b - start);
        }
    }
}
