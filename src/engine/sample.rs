//! The built-in sample: a deterministic, realistic support team. Eight weeks of tickets, chats
//! and calls (with welcome, IVR, queue, ringing and hold abandons), help-centre and chatbot
//! sessions from a self-service launch on 2026-02-23 onwards (four weeks on each side, so the
//! before/after comparison of contacts per customer compares equal spans), CSAT, priorities and
//! example costs.
//!
//! It is written as canonical CSV and read through the same ingestion as a user's files, so
//! the sample exercises the real path. A seeded generator makes every run identical.

use crate::engine::record::{DAY, HOUR, MINUTE, SECOND};

/// Seeded SplitMix64: small, fast, deterministic across platforms.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator with a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in [0, n).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo).max(1) as u64) as i64
    }

    /// Picks by weight.
    pub fn pick<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total as u64) as u32;
        for (t, w) in items {
            if x < *w {
                return t;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }

    /// Log-normal-ish duration: median `median_ms`, spread factor `spread` (>1).
    pub fn skewed(&mut self, median_ms: i64, spread: f64) -> i64 {
        // Sum of three uniforms approximates a normal; exponentiate for a right skew.
        let z = (self.f64() + self.f64() + self.f64() - 1.5) * 2.0;
        (median_ms as f64 * spread.powf(z)).round() as i64
    }
}

/// First day of the sample (a Monday), UTC midnight in ms: 2026-01-26.
pub const SAMPLE_START_MS: i64 = 1_769_385_600_000;
/// Days in the sample.
pub const SAMPLE_DAYS: i64 = 56;
/// The sample's self-service launch date.
pub const SAMPLE_LAUNCH: &str = "2026-02-23";

/// Parameters that make every section of the sample show numbers: example costs (EUR) and the
/// launch date. Applied by the app when the sample is loaded, never to a user's files.
pub const SAMPLE_PARAMS: &[(&str, &str)] = &[
    ("cost_email", "6.5"),
    ("cost_web_form", "5.5"),
    ("cost_chat", "4"),
    ("cost_phone", "8"),
    ("cost_messaging", "4"),
    ("cost_social", "5"),
    ("cost_other", "6"),
    ("cost_self_service", "0.25"),
    ("launch_date", SAMPLE_LAUNCH),
    ("currency", "EUR"),
];

const AGENTS: &[(&str, &str)] = &[
    ("Ana Ribeiro", "Tier 1"),
    ("Bruno Costa", "Tier 1"),
    ("Chiara Romano", "Billing"),
    ("Diego Martins", "Tech"),
    ("Elena Ferri", "Tech"),
    ("Fabio Greco", "Billing"),
];

const ISSUES: &[(&str, u32)] = &[("billing", 22), ("login", 18), ("delivery", 20), ("refund", 12), ("technical", 16), ("account", 12)];

const QUERIES: &[(&str, &str, u32)] = &[
    ("reset password", "login", 14),
    ("Where is my order", "delivery", 16),
    ("refund status", "refund", 10),
    ("change billing address", "billing", 8),
    ("invoice copy", "billing", 9),
    ("app crashes on start", "technical", 7),
    ("delete my account", "account", 5),
    ("two factor code not received", "login", 6),
    ("cancel subscription", "account", 6),
    ("wrong item delivered", "delivery", 5),
];

fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

/// Hourly arrival weights (UTC hours; the team works 08:00–18:00 UTC).
const HOUR_WEIGHTS: [u32; 24] = [1, 1, 1, 1, 1, 2, 3, 6, 10, 14, 15, 14, 11, 12, 14, 13, 11, 8, 6, 4, 3, 2, 2, 1];

fn arrival(rng: &mut Rng, day: i64) -> i64 {
    let hours: Vec<(usize, u32)> = HOUR_WEIGHTS.iter().copied().enumerate().collect();
    let h = *rng.pick(&hours) as i64;
    SAMPLE_START_MS + day * DAY + h * HOUR + rng.range(0, HOUR / SECOND) * SECOND
}

/// The sample files: (name, CSV text).
pub fn sample_files() -> Vec<(String, String)> {
    let mut rng = Rng::new(42);
    let launch_day = 28; // 2026-02-23
    let mut contacts = String::from(
        "id,customer,channel,created,first_response,resolved,closed,status,priority,agent,team,issue_type,reopens,agent_replies,escalated,transfers,csat,queue_wait_s,talk_s,hold_s,after_work_s,answered,abandoned,abandon_stage,abandon_wait_s\n",
    );
    let mut sessions = String::from("id,customer,kind,started,ended,query,articles_viewed,outcome,contact_id\n");
    let as_of = SAMPLE_START_MS + SAMPLE_DAYS * DAY;
    let mut n_contact = 0u32;
    let mut n_session = 0u32;
    for day in 0..SAMPLE_DAYS {
        let weekday = day % 7;
        let after_launch = day >= launch_day;
        let base = match weekday {
            0 => 120,
            1..=3 => 100,
            4 => 90,
            5 => 35,
            _ => 25,
        };
        // Self-service absorbs part of the demand after the launch.
        let n_contacts = if after_launch { base * 72 / 100 } else { base };
        for _ in 0..n_contacts {
            n_contact += 1;
            let customer = format!("customer{:04}@example.com", rng.below(900) + 1);
            let channel = *rng.pick(&[("email", 34u32), ("web_form", 14), ("chat", 26), ("phone", 26)]);
            let created = arrival(&mut rng, day);
            let (agent, team) = AGENTS[rng.below(AGENTS.len() as u64) as usize];
            let issue = *rng.pick(ISSUES);
            let priority = *rng.pick(&[("low", 25u32), ("normal", 55), ("high", 15), ("urgent", 5)]);
            let escalated = rng.f64() < 0.08;
            let mut row = Row::default();
            row.set("id", format!("S{n_contact:05}"));
            row.set("customer", customer);
            row.set("channel", channel.into());
            row.set("created", iso(created));
            row.set("priority", priority.into());
            row.set("issue_type", issue.into());
            row.set("escalated", if escalated { "true" } else { "false" }.into());
            match channel {
                "email" | "web_form" => {
                    let frt = rng.skewed(3 * HOUR, 3.5).clamp(2 * MINUTE, 6 * DAY);
                    let responded = created + frt <= as_of && rng.f64() > 0.02;
                    row.set("agent", agent.into());
                    row.set("team", team.into());
                    if responded {
                        row.set("first_response", iso(created + frt));
                        let res = frt + rng.skewed(20 * HOUR, 3.0).clamp(10 * MINUTE, 20 * DAY);
                        let resolved = created + res <= as_of && rng.f64() > 0.04;
                        if resolved {
                            row.set("resolved", iso(created + res));
                            row.set("status", if created + res + 4 * DAY <= as_of { "closed" } else { "solved" }.into());
                            if created + res + 4 * DAY <= as_of {
                                row.set("closed", iso(created + res + 4 * DAY));
                            }
                            let replies = 1 + rng.below(4) * u64::from(rng.f64() < 0.6);
                            row.set("agent_replies", replies.to_string());
                            row.set("reopens", (u64::from(rng.f64() < 0.09)).to_string());
                            if rng.f64() < 0.42 {
                                let s = *rng.pick(&[("5", 40u32), ("4", 30), ("3", 12), ("2", 9), ("1", 9)]);
                                row.set("csat", s.into());
                            }
                        } else {
                            row.set("status", rng.pick(&[("open", 3u32), ("pending", 2)]).to_string());
                            row.set("agent_replies", "1".into());
                            row.set("reopens", "0".into());
                        }
                    } else {
                        row.set("status", "new".into());
                        row.set("agent_replies", "0".into());
                        row.set("reopens", "0".into());
                    }
                }
                "chat" => {
                    let wait = rng.skewed(40 * SECOND, 2.5).clamp(SECOND, 15 * MINUTE);
                    row.set("queue_wait_s", (wait / SECOND).to_string());
                    if rng.f64() < 0.9 {
                        row.set("answered", "true".into());
                        row.set("abandoned", "false".into());
                        row.set("agent", agent.into());
                        row.set("team", team.into());
                        row.set("first_response", iso(created + wait));
                        let talk = rng.skewed(9 * MINUTE, 1.8);
                        row.set("talk_s", (talk / SECOND).to_string());
                        row.set("after_work_s", (rng.range(20, 120)).to_string());
                        row.set("hold_s", "0".into());
                        row.set("resolved", iso(created + wait + talk));
                        row.set("closed", iso(created + wait + talk));
                        row.set("status", "closed".into());
                        row.set("agent_replies", (1 + rng.below(6)).to_string());
                        row.set("reopens", "0".into());
                        if rng.f64() < 0.35 {
                            row.set("csat", rng.pick(&[("5", 45u32), ("4", 28), ("3", 12), ("2", 8), ("1", 7)]).to_string());
                        }
                    } else {
                        row.set("answered", "false".into());
                        row.set("abandoned", "true".into());
                        row.set("abandon_stage", "queue".into());
                        row.set("abandon_wait_s", (wait / SECOND).to_string());
                        row.set("status", "closed".into());
                    }
                }
                _ => {
                    // Phone: welcome 3 %, IVR 5 %, queue 8 %, ringing 1 %, answered 83 % (of
                    // which 2 % hang up on hold).
                    let stage = *rng.pick(&[("welcome", 3u32), ("ivr", 5), ("queue", 8), ("ringing", 1), ("answered", 83)]);
                    let wait = rng.skewed(35 * SECOND, 2.6).clamp(SECOND, 20 * MINUTE);
                    row.set("status", "closed".into());
                    match stage {
                        "welcome" | "ivr" => {
                            row.set("answered", "false".into());
                            row.set("abandoned", "true".into());
                            row.set("abandon_stage", stage.into());
                            row.set("abandon_wait_s", rng.range(2, 60).to_string());
                        }
                        "queue" | "ringing" => {
                            row.set("answered", "false".into());
                            row.set("abandoned", "true".into());
                            row.set("abandon_stage", stage.into());
                            row.set("queue_wait_s", (wait / SECOND).to_string());
                            row.set("abandon_wait_s", (wait / SECOND).to_string());
                        }
                        _ => {
                            row.set("answered", "true".into());
                            row.set("agent", agent.into());
                            row.set("team", team.into());
                            row.set("queue_wait_s", (wait / SECOND).to_string());
                            row.set("first_response", iso(created + wait));
                            let talk = rng.skewed(6 * MINUTE, 1.9);
                            let hold = if rng.f64() < 0.3 { rng.range(15, 240) } else { 0 };
                            row.set("talk_s", (talk / SECOND).to_string());
                            row.set("hold_s", hold.to_string());
                            row.set("after_work_s", rng.range(15, 150).to_string());
                            row.set("transfers", (u64::from(rng.f64() < 0.1)).to_string());
                            if hold > 0 && rng.f64() < 0.07 {
                                row.set("abandoned", "true".into());
                                row.set("abandon_stage", "hold".into());
                            } else {
                                row.set("abandoned", "false".into());
                                if rng.f64() < 0.3 {
                                    row.set("csat", rng.pick(&[("5", 38u32), ("4", 30), ("3", 14), ("2", 9), ("1", 9)]).to_string());
                                }
                            }
                        }
                    }
                }
            }
            contacts.push_str(&row.line(&CONTACT_COLUMNS));
        }
        if after_launch {
            let n_sessions = base * 110 / 100;
            for _ in 0..n_sessions {
                n_session += 1;
                let customer_no = rng.below(900) + 1;
                let known = rng.f64() < 0.7;
                let customer = if known { format!("customer{customer_no:04}@example.com") } else { String::new() };
                let kind = *rng.pick(&[("help_center", 60u32), ("chatbot", 40)]);
                let started = arrival(&mut rng, day);
                let query_items: Vec<((&str, &str), u32)> = QUERIES.iter().map(|(q, i, w)| ((*q, *i), *w)).collect();
                let (query, issue) = *rng.pick(&query_items);
                // Mixed case and stray spaces, as people type: normalised by the metric.
                let typed = if rng.f64() < 0.2 { format!("  {}", query.to_uppercase()) } else { query.to_string() };
                let outcome = if kind == "chatbot" {
                    *rng.pick(&[("resolved", 55u32), ("handoff", 25), ("abandoned", 12), ("no_result", 8)])
                } else {
                    *rng.pick(&[("resolved", 62u32), ("no_result", 14), ("abandoned", 16), ("ticket_created", 8)])
                };
                let mut row = Row::default();
                row.set("id", format!("SS{n_session:05}"));
                row.set("customer", customer.clone());
                row.set("kind", kind.into());
                row.set("started", iso(started));
                row.set("ended", iso(started + rng.range(30, 900) * SECOND));
                row.set("query", typed);
                row.set("articles_viewed", if kind == "help_center" { rng.below(4).to_string() } else { "0".into() });
                row.set("outcome", outcome.into());
                // Handoffs and tickets created become contacts; some failed searches lead the
                // customer to e-mail within the day.
                let follow_up = matches!(outcome, "handoff" | "ticket_created") || (outcome == "no_result" && rng.f64() < 0.5);
                if follow_up && started + 2 * HOUR < as_of {
                    n_contact += 1;
                    let cid = format!("S{n_contact:05}");
                    if matches!(outcome, "handoff" | "ticket_created") {
                        row.set("contact_id", cid.clone());
                    }
                    let (agent, team) = AGENTS[rng.below(AGENTS.len() as u64) as usize];
                    let created = started + rng.range(2 * MINUTE / SECOND, 6 * HOUR / SECOND) * SECOND;
                    let channel = if kind == "chatbot" { "chat" } else { "email" };
                    let cust = if known { customer.clone() } else { format!("customer{customer_no:04}@example.com") };
                    let mut c = Row::default();
                    c.set("id", cid);
                    c.set("customer", cust);
                    c.set("channel", channel.into());
                    c.set("created", iso(created));
                    c.set("priority", "normal".into());
                    c.set("issue_type", issue.into());
                    c.set("escalated", "false".into());
                    c.set("agent", agent.into());
                    c.set("team", team.into());
                    let frt = if channel == "chat" { rng.range(10, 120) * SECOND } else { rng.skewed(2 * HOUR, 3.0).clamp(MINUTE, 3 * DAY) };
                    if created + frt < as_of {
                        c.set("first_response", iso(created + frt));
                        let res = frt + if channel == "chat" { rng.skewed(8 * MINUTE, 1.5) } else { rng.skewed(10 * HOUR, 2.5) };
                        if created + res < as_of {
                            c.set("resolved", iso(created + res));
                            c.set("status", "solved".into());
                        } else {
                            c.set("status", "open".into());
                        }
                        c.set("agent_replies", "1".into());
                        c.set("reopens", "0".into());
                    } else {
                        c.set("status", "new".into());
                    }
                    if channel == "chat" {
                        c.set("answered", "true".into());
                        c.set("abandoned", "false".into());
                        c.set("queue_wait_s", (frt / SECOND).to_string());
                        c.set("talk_s", rng.range(120, 900).to_string());
                        c.set("hold_s", "0".into());
                        c.set("after_work_s", rng.range(20, 90).to_string());
                    }
                    contacts.push_str(&c.line(&CONTACT_COLUMNS));
                }
                sessions.push_str(&row.line(&SESSION_COLUMNS));
            }
        }
    }
    vec![("sample_contacts.csv".to_string(), contacts), ("sample_sessions.csv".to_string(), sessions)]
}

const CONTACT_COLUMNS: [&str; 25] = [
    "id", "customer", "channel", "created", "first_response", "resolved", "closed", "status", "priority", "agent", "team",
    "issue_type", "reopens", "agent_replies", "escalated", "transfers", "csat", "queue_wait_s", "talk_s", "hold_s",
    "after_work_s", "answered", "abandoned", "abandon_stage", "abandon_wait_s",
];

const SESSION_COLUMNS: [&str; 9] = ["id", "customer", "kind", "started", "ended", "query", "articles_viewed", "outcome", "contact_id"];

#[derive(Default)]
struct Row(Vec<(&'static str, String)>);

impl Row {
    fn set(&mut self, k: &'static str, v: String) {
        self.0.retain(|(key, _)| *key != k);
        self.0.push((k, v));
    }

    fn line(&self, cols: &[&str]) -> String {
        let mut out = cols
            .iter()
            .map(|c| {
                let v = self.0.iter().find(|(k, _)| k == c).map(|(_, v)| v.as_str()).unwrap_or("");
                if v.contains([',', '"', '\n']) {
                    format!("\"{}\"", v.replace('"', "\"\""))
                } else {
                    v.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_deterministic_and_sized() {
        let a = sample_files();
        let b = sample_files();
        assert_eq!(a, b);
        let contacts = a[0].1.lines().count() - 1;
        let sessions = a[1].1.lines().count() - 1;
        assert!((3_000..5_000).contains(&contacts), "{contacts}");
        assert!((1_500..3_500).contains(&sessions), "{sessions}");
    }

    #[test]
    fn start_is_a_monday() {
        let d = jiff::Timestamp::from_millisecond(SAMPLE_START_MS).expect("ts").to_zoned(jiff::tz::TimeZone::UTC).date();
        assert_eq!(d.to_string(), "2026-01-26");
        assert_eq!(d.weekday(), jiff::civil::Weekday::Monday);
    }
}
