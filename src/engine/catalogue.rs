//! The metric catalogue: id, family, name, definition and formula of every metric, as the UI
//! shows them and `deflect metrics --list` prints them. Ids and formulas follow METRICS.md;
//! where the contract was ambiguous the reading taken is stated in the definition.

use serde::Serialize;

/// What a metric's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// An exact count.
    Count,
    /// A ratio in [0, 1] with numerator and denominator.
    Ratio,
    /// Durations in seconds (median, mean, p90 or a single value).
    Seconds,
    /// Counts per bucket.
    Distribution,
    /// Money in the user's currency.
    Money,
    /// A ratio that may exceed 1.
    Multiple,
    /// A ranked list.
    Ranking,
}

/// One catalogue entry.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Entry {
    /// Stable id.
    pub id: &'static str,
    /// Family (`selfservice`, `resolution`, `speed`, `abandonment`, `volume`, `handling`,
    /// `satisfaction`, `cost`).
    pub family: &'static str,
    /// Short name.
    pub name: &'static str,
    /// What it means, for a manager, including any reading of the contract we chose.
    pub definition: &'static str,
    /// The exact formula.
    pub formula: &'static str,
    /// Unit of the value.
    pub unit: Unit,
}

/// Families in display order.
pub const FAMILIES: [&str; 8] = ["selfservice", "resolution", "speed", "abandonment", "volume", "handling", "satisfaction", "cost"];

/// Every metric.
pub const CATALOGUE: &[Entry] = &[
    // ---- speed
    Entry {
        id: "first_response_time",
        family: "speed",
        name: "First response time",
        definition: "How long customers wait for the first agent response (for calls: until an agent answers). Median, mean and 90th percentile over contacts that have a response; contacts without one are in the \"no response\" bucket instead. A response timestamped before the contact was created is left out with a warning.",
        formula: "first_response − created, in the chosen time basis (calendar or business hours); median (mean of the two middle values for even n), mean, p90 by nearest rank x⌈0.9·n⌉",
        unit: Unit::Seconds,
    },
    Entry {
        id: "first_response_buckets",
        family: "speed",
        name: "First response distribution",
        definition: "Contacts by how long the first response took, in half-open buckets: <1h means [0, 1h), 12-24h means [12h, 24h); \"none\" are contacts with no response yet.",
        formula: "count of contacts per bucket <1h, 1-2h, 2-6h, 6-12h, 12-24h, >24h, none",
        unit: Unit::Distribution,
    },
    Entry {
        id: "first_response_target_rate",
        family: "speed",
        name: "First responses within target",
        definition: "Share of contacts answered within their channel's target (phone 3 min, chat 5 min, messaging and social 1 h, e-mail and web form 24 h by default; \"other\" has none). An unanswered contact counts as a miss once it is older than its target at the as-of time; younger ones are left out because they can still make it.",
        formula: "contacts with first_response − created ≤ target(channel) ÷ contacts of channels with a target that have a response or were created more than the target before the as-of time",
        unit: Unit::Ratio,
    },
    Entry {
        id: "resolution_time",
        family: "speed",
        name: "Resolution time",
        definition: "Time from creation to the first resolution, over contacts that were resolved; the buckets count unresolved contacts as \"none\". Calls have no resolution unless their export carries one.",
        formula: "resolved − created in the chosen time basis; median, mean, p90 (nearest rank); buckets as for first response",
        unit: Unit::Seconds,
    },
    Entry {
        id: "average_speed_of_answer",
        family: "speed",
        name: "Average speed of answer",
        definition: "Mean time answered calls and chats waited in the queue before an agent picked up.",
        formula: "Σ queue_wait_s ÷ n over answered contacts with queue_wait_s known",
        unit: Unit::Seconds,
    },
    Entry {
        id: "service_level",
        family: "speed",
        name: "Service level",
        definition: "Share of phone and chat contacts answered within the threshold (20 s phone, 60 s chat by default), counting callers who gave up in the queue as misses. Callers who hung up during the welcome message or IVR never reached a queue and are not counted; abandons shorter than the short-abandon threshold are left out; abandons at an unknown stage are counted as queue abandons (the cautious reading).",
        formula: "answered with queue_wait_s ≤ T ÷ (answered with queue_wait_s known + abandoned in a queue after the short-abandon threshold), T per channel",
        unit: Unit::Ratio,
    },
    // ---- volume
    Entry {
        id: "contact_volume",
        family: "volume",
        name: "Contact volume",
        definition: "Assisted contacts created in the period (tickets, chats, e-mails and every call, answered or not, after de-duplication). Outbound, spam, deleted, merged and test contacts are not demand and are not counted.",
        formula: "count of contacts; per day and ISO week in the report time zone; by channel, agent, team, issue type, priority",
        unit: Unit::Count,
    },
    Entry {
        id: "volume_by_hour",
        family: "volume",
        name: "Volume by hour",
        definition: "Contacts by the local hour they were created, in the report time zone.",
        formula: "count of contacts per hour 0–23 of created, zeros included",
        unit: Unit::Count,
    },
    Entry {
        id: "volume_by_weekday",
        family: "volume",
        name: "Volume by weekday",
        definition: "Contacts by the local weekday they were created.",
        formula: "count of contacts per weekday Mon–Sun of created, zeros included",
        unit: Unit::Count,
    },
    Entry {
        id: "volume_heatmap",
        family: "volume",
        name: "Volume heatmap",
        definition: "When demand arrives: contacts by weekday and hour in the report time zone.",
        formula: "count of contacts per (weekday, hour) of created",
        unit: Unit::Distribution,
    },
    Entry {
        id: "out_of_hours_share",
        family: "volume",
        name: "Out-of-hours demand",
        definition: "Share of contacts created outside business hours (the weekly schedule and holidays in the settings).",
        formula: "contacts created outside business hours ÷ contacts",
        unit: Unit::Ratio,
    },
    Entry {
        id: "open_backlog",
        family: "volume",
        name: "Open backlog",
        definition: "Contacts still open at the as-of time (the end of the period, or the latest record), by age. Contacts created before the period that are still open count. Calls are never open; a contact whose status says solved or closed is not open even without a timestamp.",
        formula: "count of contacts created ≤ as-of without resolved or closed ≤ as-of, in age buckets <1d, 1-3d, 3-7d, 7-30d, >30d; by channel, team, priority",
        unit: Unit::Distribution,
    },
    Entry {
        id: "channel_mix",
        family: "volume",
        name: "Channel mix",
        definition: "Share of demand per channel, self-service included: deflected self-service sessions count as \"self_service\". Per ISO week as counts, and for the whole period as shares.",
        formula: "per week: contacts per channel and deflected sessions, each ÷ their sum",
        unit: Unit::Ratio,
    },
];

/// The entry for an id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    CATALOGUE.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_families_known() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(CATALOGUE.iter().all(|e| FAMILIES.contains(&e.family)));
    }
}
