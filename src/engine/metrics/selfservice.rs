//! Self-service and deflection: how much demand self-service absorbs.
//!
//! # Formula
//! A session is deflected when its outcome is not handoff or ticket_created, it has no
//! `contact_id`, and (where its customer is known) that customer opens no contact in
//! (started, started + W]. Sessions started less than W before the as-of time cannot be judged
//! yet (censoring, METRICS.md §4a).
//! # Inclusion
//! Follow-up contacts are looked for in all loaded data, not only inside the chosen period.
//! Sessions with an unknown customer rely on their outcome alone.
//! # Edge cases
//! No sessions → "not available: needs self-service sessions", never 0.

use super::Ctx;
use crate::engine::record::{Outcome, Session};

/// Is the session deflected? `None` while its window reaches past the as-of time.
pub fn is_deflected(ctx: &Ctx, s: &Session) -> Option<bool> {
    let w = ctx.params.deflection_window;
    if s.started + w > ctx.as_of {
        return None;
    }
    if matches!(s.outcome, Outcome::Handoff | Outcome::TicketCreated) || !s.contact_id.is_none() {
        return Some(false);
    }
    if s.customer.is_none() {
        return Some(true);
    }
    let follow_up = ctx
        .by_customer()
        .get(&s.customer)
        .is_some_and(|cs| cs.iter().any(|c| c.created > s.started && c.created <= s.started + w));
    Some(!follow_up)
}
