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
    // ---- selfservice
    Entry {
        id: "self_service_rate",
        family: "selfservice",
        name: "Self-service rate",
        definition: "Share of all demand resolved without an agent: deflected self-service sessions against deflected sessions plus assisted contacts (every ticket, chat, e-mail and call, short abandons included). Deflection is inferred: a session is deflected when its outcome is not handoff or ticket_created, it has no contact id, no contact names it, and (where its customer is known) that customer opens no contact within the deflection window W after it started; so no_result, abandoned and unknown outcomes count as deflected when no contact follows. Sessions with an unknown customer are judged by their outcome alone (the note counts them). Sessions started, and contacts created, less than W before the as-of time cannot be judged yet and are left out (the note counts them). With a launch date, also before and after it (launch day = after). Not available under channel, team, agent or issue-type filters: sessions have none of these fields.",
        formula: "deflected sessions ÷ (deflected sessions + assisted contacts); sessions and contacts at least W before the as-of time",
        unit: Unit::Ratio,
    },
    Entry {
        id: "self_service_ratio",
        family: "selfservice",
        name: "Self-service split",
        definition: "The self-service rate as a split, e.g. 70:30 (self-service : assisted). The value is the self-service part in whole percent, rounded half away from zero; counts holds both parts. Not available under channel, team, agent or issue-type filters.",
        formula: "r : 100 − r, r = ⌊(200·num + den) ÷ (2·den)⌋ with num/den of self_service_rate",
        unit: Unit::Distribution,
    },
    Entry {
        id: "self_service_deflection_rate",
        family: "selfservice",
        name: "Self-service deflection rate",
        definition: "Share of self-service sessions that did not become an assisted contact (deflected as defined for the self-service rate: inferred when no contact follows within W). Sessions started less than W before the as-of time are left out.",
        formula: "deflected sessions ÷ sessions started at least W before the as-of time",
        unit: Unit::Ratio,
    },
    Entry {
        id: "case_deflection_rate",
        family: "selfservice",
        name: "Case deflection by kind",
        definition: "The deflection rate per kind of self-service (help centre, FAQ, portal, chatbot, IVR, community); the headline is all kinds together.",
        formula: "per kind: deflected sessions ÷ sessions started at least W before the as-of time",
        unit: Unit::Ratio,
    },
    Entry {
        id: "bot_containment_rate",
        family: "selfservice",
        name: "Bot containment",
        definition: "Share of chatbot conversations that ended without a human: not handed off, no ticket, and no contact from the customer within W. Conversations started less than W before the as-of time are left out.",
        formula: "deflected chatbot sessions ÷ chatbot sessions started at least W before the as-of time",
        unit: Unit::Ratio,
    },
    Entry {
        id: "self_service_score",
        family: "selfservice",
        name: "Self-service score",
        definition: "Self-service users per assisted user, Zendesk-style: can exceed 1 (40 means 40:1). Customers are counted once each, by their normalised key; sessions and contacts with an unknown customer are left out. Not available under channel, team, agent or issue-type filters.",
        formula: "distinct customers with a session ÷ distinct customers with a contact, in the period",
        unit: Unit::Multiple,
    },
    Entry {
        id: "resolved_without_escalation_rate",
        family: "selfservice",
        name: "Resolved without escalation",
        definition: "Share of resolved contacts solved by the first line, with no escalation to a supervisor or tier 2. Resolved means the contact has a first-resolution time.",
        formula: "resolved contacts with escalated = false ÷ resolved contacts with escalated known",
        unit: Unit::Ratio,
    },
    Entry {
        id: "contacts_per_customer",
        family: "selfservice",
        name: "Contacts per customer, before vs after launch",
        definition: "Assisted contacts per active customer per 30 days, before and after the self-service launch date (the launch day counts as after), and the change after − before with a 95% bootstrap interval (lo, hi). A side's days are the calendar days from its first to its last contact in the report time zone, inclusive. The interval resamples customers with replacement within each side (each draw counts as one customer), 2,000 times with a fixed seed (42), so the app and the command agree; its ends are the 2.5th and 97.5th percentiles by nearest rank. Contacts with an unknown customer are left out. Distinct customers grow more slowly than days, so sides of very different length are not comparable: choose a period with similar spans before and after the launch.",
        formula: "per side: contacts with a known customer ÷ distinct customers ÷ (calendar days ÷ 30); after − before",
        unit: Unit::Multiple,
    },
    Entry {
        id: "unanswered_questions",
        family: "selfservice",
        name: "Unanswered questions",
        definition: "The questions self-service fails to answer: per query (lower-cased, trimmed, spaces folded), sessions, failures and failure rate, top 10 by failures (then sessions, then query A–Z). A failure is an outcome of no_result, handoff or ticket_created, or a contact from the customer within W (a session's own contact id counts). Each query row says how many distinct contacts followed its sessions and names some. The headline is the failure rate over all sessions with a query. Sessions started less than W before the as-of time are left out.",
        formula: "per normalised query: failures ÷ sessions; ranked by failures desc, sessions desc, query asc",
        unit: Unit::Ratio,
    },
    // ---- resolution
    Entry {
        id: "first_contact_resolution_rate",
        family: "resolution",
        name: "First contact resolution",
        definition: "Share of resolved contacts that were not followed by another contact from the same customer (of the same issue type where both are known) within the repeat window R after the resolution. Contacts created while the first one was still open do not break it. Follow-ups are looked for in all loaded data. Contacts resolved less than R before the as-of time cannot be judged yet and are left out, as are contacts with an unknown customer (the note counts both).",
        formula: "resolved contacts with a known customer and no follow-up created in (resolved, resolved + R] ÷ resolved contacts with a known customer resolved at least R before the as-of time",
        unit: Unit::Ratio,
    },
    Entry {
        id: "one_touch_resolution_rate",
        family: "resolution",
        name: "One-touch resolution",
        definition: "Share of resolved contacts solved with at most one agent reply (zero-reply solves count, as in Zendesk) and never reopened.",
        formula: "resolved contacts with agent_replies ≤ 1 and reopens = 0 ÷ resolved contacts with agent_replies and reopens known",
        unit: Unit::Ratio,
    },
    Entry {
        id: "escalation_rate",
        family: "resolution",
        name: "Escalation rate",
        definition: "Share of contacts escalated to a supervisor or a higher tier, among contacts whose export says whether they were.",
        formula: "escalated ÷ contacts with escalated known",
        unit: Unit::Ratio,
    },
    Entry {
        id: "reopen_rate",
        family: "resolution",
        name: "Reopen rate",
        definition: "Share of resolved contacts reopened at least once.",
        formula: "resolved contacts with reopens ≥ 1 ÷ resolved contacts with reopens known",
        unit: Unit::Ratio,
    },
    Entry {
        id: "repeat_contact_rate",
        family: "resolution",
        name: "Repeat contact rate",
        definition: "Share of contacts followed by another contact from the same customer within the repeat window R after creation (any channel or issue type; every call counts, short abandons included). Two contacts created at the same instant are not repeats of each other. Follow-ups are looked for in all loaded data. Contacts created less than R before the as-of time, and contacts with an unknown customer, are left out (the note counts them).",
        formula: "contacts with another contact of the same customer created in (created, created + R] ÷ contacts with a known customer created at least R before the as-of time",
        unit: Unit::Ratio,
    },
    Entry {
        id: "channel_switch_rate",
        family: "resolution",
        name: "Channel switching",
        definition: "Share of returning customers who came back through a different channel within the repeat window R: customers with two contacts on different channels created at most R apart, among customers with at least two contacts. Both contacts are taken from the period and filters in force.",
        formula: "customers with two contacts on different channels with |created₁ − created₂| ≤ R ÷ customers with ≥ 2 contacts",
        unit: Unit::Ratio,
    },
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
        definition: "Share of contacts answered within their channel's target (phone 3 min, chat 5 min, messaging and social 1 h, e-mail and web form 24 h by default; \"other\" has none). An unanswered contact counts as a miss once it is older than its target at the as-of time; younger ones are left out because they can still make it (the note says how many). Response times and ages are measured in the chosen time basis (calendar or business hours).",
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
        definition: "Mean time answered calls and chats waited in the queue before an agent picked up. Queue waits are used as exported by the phone or chat system (calendar time), whatever the time basis.",
        formula: "Σ queue_wait_s ÷ n over answered contacts with queue_wait_s known",
        unit: Unit::Seconds,
    },
    Entry {
        id: "service_level",
        family: "speed",
        name: "Service level",
        definition: "Share of phone and chat contacts answered within the threshold (20 s phone, 60 s chat by default), counting callers who gave up in the queue as misses. Callers who hung up during the welcome message or IVR never reached a queue and are not counted; abandons shorter than the short-abandon threshold are left out; abandons at an unknown stage are counted as queue abandons (the cautious reading). An unanswered call without an abandoned flag counts as an abandon. Queue waits are as exported (calendar time).",
        formula: "answered with queue_wait_s ≤ T ÷ (answered with queue_wait_s known + abandoned in a queue after the short-abandon threshold), T per channel",
        unit: Unit::Ratio,
    },
    // ---- abandonment
    Entry {
        id: "abandonment_rate",
        family: "abandonment",
        name: "Abandonment rate",
        definition: "Share of offered calls where the caller hung up before reaching an agent: during the welcome message, the IVR, in the queue or while ringing. Offered calls are all calls minus short abandons (callers who hung up sooner than the short-abandon threshold). Hang-ups on hold, after an agent answered, are not abandons. A call counts as abandoned when flagged abandoned, or, without an abandoned flag, flagged not answered; an abandon whose wait is unknown cannot be shown to be short and is counted (the note says how many).",
        formula: "abandoned calls (wait ≥ short-abandon threshold) ÷ (calls − short abandons)",
        unit: Unit::Ratio,
    },
    Entry {
        id: "abandonment_by_weekday",
        family: "abandonment",
        name: "Abandonment by weekday",
        definition: "The abandonment rate per weekday the call started, in the report time zone; every weekday listed.",
        formula: "per weekday of created: abandoned ÷ offered",
        unit: Unit::Ratio,
    },
    Entry {
        id: "abandonment_by_hour",
        family: "abandonment",
        name: "Abandonment by hour",
        definition: "The abandonment rate per local hour the call started, in the report time zone, across DST changes; every hour 0–23 listed.",
        formula: "per hour of created: abandoned ÷ offered",
        unit: Unit::Ratio,
    },
    Entry {
        id: "abandonment_by_stage",
        family: "abandonment",
        name: "Where callers give up",
        definition: "Per stage: callers who hung up there among the offered calls that reached it (welcome message, IVR and unknown stage: every offered call; queue: calls that entered a queue, i.e. answered, with a queue wait, or abandoned in the queue or while ringing; ringing: answered calls and ringing abandons), and the stage's share of all abandons. Hang-ups on hold are shown among answered calls put on hold, without a share: they are not abandons.",
        formula: "per stage: abandoned at the stage ÷ offered calls that reached it; share = abandoned at the stage ÷ all abandoned",
        unit: Unit::Ratio,
    },
    Entry {
        id: "time_to_abandon",
        family: "abandonment",
        name: "Time to abandon",
        definition: "How long abandoning callers waited before hanging up, in the stage where they hung up: queue wait for queue abandons, time since entering the queue for ringing abandons, time since the call started for welcome and IVR abandons. Short abandons are left out; waits are as exported by the phone system (calendar time).",
        formula: "median (value), mean and p90 by nearest rank of the wait of abandoned calls that are not short",
        unit: Unit::Seconds,
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
        definition: "Contacts still open at the as-of time (the end of the period, or the latest record), by age. Contacts created before the period that are still open count. Calls are never open; a contact whose status says solved or closed is not open even without a timestamp. Age is calendar time (the buckets are calendar days), whatever the time basis.",
        formula: "count of contacts created ≤ as-of without resolved or closed ≤ as-of, in age buckets <1d, 1-3d, 3-7d, 7-30d, >30d; by channel, team, priority",
        unit: Unit::Distribution,
    },
    Entry {
        id: "channel_mix",
        family: "volume",
        name: "Channel mix",
        definition: "Share of demand per channel, self-service included: deflected self-service sessions count as \"self_service\". Per ISO week as counts, and for the whole period as shares. Sessions started less than the deflection window before the as-of time cannot be judged yet and are not counted; under channel, team, agent or issue-type filters self-service is left out.",
        formula: "per week: contacts per channel and deflected sessions, each ÷ their sum",
        unit: Unit::Ratio,
    },
    // ---- handling
    Entry {
        id: "average_handle_time",
        family: "handling",
        name: "Average handle time",
        definition: "Agent time per handled contact: talk, hold and after-contact work, over answered contacts with a talk time. A missing hold or after-work time counts as 0 (the note says for how many). Times are as exported (calendar time).",
        formula: "Σ(talk_s + hold_s + after_work_s) ÷ n over answered contacts with talk_s known",
        unit: Unit::Seconds,
    },
    Entry {
        id: "service_rate",
        family: "handling",
        name: "Service rate",
        definition: "Contacts served per hour of service: answered calls plus resolved other contacts, divided by the business hours (weekly schedule minus holidays) on the days from the first to the last day of the period in the report time zone; without a chosen period, the first and last day with contacts. E.g. 100 served in 10 business hours = 10 per hour.",
        formula: "(answered calls + resolved non-call contacts) ÷ business hours from the first to the last day of the period",
        unit: Unit::Multiple,
    },
    Entry {
        id: "contacts_per_agent",
        family: "handling",
        name: "Contacts per agent",
        definition: "Workload: contacts by handling agent; contacts without an agent are in \"(none)\", so the groups add up to all contacts.",
        formula: "count of contacts by agent",
        unit: Unit::Count,
    },
    // ---- satisfaction
    Entry {
        id: "csat",
        family: "satisfaction",
        name: "Customer satisfaction (CSAT)",
        definition: "Share of satisfaction responses that are satisfied: 4–5 on a 1–5 scale, 9–10 on 0–10, 101–103 on Freshdesk's −103..103, \"Great\" on Great/Okay/Not Good, \"good\", \"satisfied\" or thumbs-up on two-point scales (all settable). \"Offered\", \"Not Offered\", \"unoffered\" and blanks are not responses. Responses from a survey file are joined to contacts by contact id and replace the contact's own CSAT value (so one rating exported twice counts once); survey responses matching no contact are left out (the note says how many).",
        formula: "satisfied responses ÷ responses; by channel, agent, team, issue type",
        unit: Unit::Ratio,
    },
    Entry {
        id: "survey_response_rate",
        family: "satisfaction",
        name: "Survey response rate",
        definition: "Share of resolved contacts that got at least one satisfaction rating (in the contact's export or a survey file). Not available when no CSAT data is loaded at all.",
        formula: "resolved contacts with at least one response ÷ resolved contacts",
        unit: Unit::Ratio,
    },
    // ---- cost
    Entry {
        id: "cost_per_contact",
        family: "cost",
        name: "Cost per contact",
        definition: "Blended cost of an assisted contact from the cost per channel you entered; not available unless every channel present has a cost (no figures are invented).",
        formula: "Σ(channel cost × channel contacts) ÷ contacts",
        unit: Unit::Money,
    },
    Entry {
        id: "total_cost",
        family: "cost",
        name: "Total cost",
        definition: "Cost of assisted and self-service demand in the period: every contact at its channel's cost plus every self-service session at the session cost (the session cost is needed only when sessions are loaded). By channel, with sessions as \"self_service\"; the groups add up to the total. Under channel, team, agent or issue-type filters only the filtered contacts are counted.",
        formula: "Σ channel cost × contacts + self-service cost × sessions",
        unit: Unit::Money,
    },
    Entry {
        id: "deflection_savings",
        family: "cost",
        name: "Deflection savings",
        definition: "What deflection saved: each deflected session (as in the self-service rate) valued at the blended cost per contact minus the cost of a session. Sessions started less than W before the as-of time are not yet judged and are left out. Negative when a session costs more than a contact. Not available under channel, team, agent or issue-type filters.",
        formula: "deflected sessions × (cost_per_contact − self-service cost)",
        unit: Unit::Money,
    },
    Entry {
        id: "target_mix_savings",
        family: "cost",
        name: "Savings at the target split",
        definition: "What moving to the target self-service split (target_self_service_pct, e.g. 70:30) would save against today, for the same demand D = deflected sessions + contacts: today's cost (contacts at the blended cost per contact, deflected sessions at the session cost) minus the cost of D at the target split. Negative when today's split is already beyond the target. Not available under channel, team, agent or issue-type filters.",
        formula: "cost at today's split − cost at the target split of the same D = (D × target − deflected) × (cost_per_contact − self-service cost)",
        unit: Unit::Money,
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
