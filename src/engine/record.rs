//! Canonical records (METRICS.md §1): every input is mapped onto [`Contact`], [`Session`] and
//! [`Survey`]. Times are instants in Unix milliseconds (UTC); durations are milliseconds.
//! Text values are interned ([`Sym`]); the raw label is kept next to every normalised enum.

use std::borrow::Cow;
use serde::{Deserialize, Serialize};

use super::intern::Sym;

/// Unix time in milliseconds, UTC.
pub type Millis = i64;

/// Milliseconds per second, minute, hour and day.
pub const SECOND: i64 = 1_000;
/// One minute in milliseconds.
pub const MINUTE: i64 = 60 * SECOND;
/// One hour in milliseconds.
pub const HOUR: i64 = 60 * MINUTE;
/// One day (24 h) in milliseconds.
pub const DAY: i64 = 24 * HOUR;

macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The stable snake_case label used in `metrics.json`.
            pub fn label(self) -> &'static str {
                match self { $($name::$var => $label),+ }
            }

            /// The value whose label is `s` (exact match).
            pub fn from_label(s: &str) -> Option<$name> {
                match s { $($label => Some($name::$var),)+ _ => None }
            }
        }
    };
}

labelled_enum!(
    /// Contact channel (METRICS.md §1).
    Channel {
        /// Voice calls.
        Phone => "phone",
        /// E-mail.
        Email => "email",
        /// Live chat.
        Chat => "chat",
        /// Asynchronous messaging (WhatsApp, SMS, in-app).
        Messaging => "messaging",
        /// Social networks.
        Social => "social",
        /// Web form / portal.
        WebForm => "web_form",
        /// Anything else.
        Other => "other",
    }
);

labelled_enum!(
    /// Whether a contact was started by the customer.
    Direction {
        /// Customer-initiated: demand.
        Inbound => "inbound",
        /// Agent-initiated: not demand.
        Outbound => "outbound",
    }
);

labelled_enum!(
    /// Where an abandoned call was given up (METRICS.md §1, §4a).
    Stage {
        /// During the welcome message.
        Welcome => "welcome",
        /// While navigating the IVR.
        Ivr => "ivr",
        /// Waiting in a queue.
        Queue => "queue",
        /// While an agent's phone was ringing.
        Ringing => "ringing",
        /// On hold after an agent answered (not an abandon).
        Hold => "hold",
        /// Abandoned, stage not known.
        Unknown => "unknown",
    }
);

labelled_enum!(
    /// Kind of self-service.
    SessionKind {
        /// Help centre / knowledge base.
        HelpCenter => "help_center",
        /// FAQ page.
        Faq => "faq",
        /// Customer portal.
        Portal => "portal",
        /// Chatbot / AI agent.
        Chatbot => "chatbot",
        /// IVR self-service.
        Ivr => "ivr",
        /// Community forum.
        Community => "community",
    }
);

labelled_enum!(
    /// How a self-service session ended.
    Outcome {
        /// The customer's question was answered.
        Resolved => "resolved",
        /// A search found nothing.
        NoResult => "no_result",
        /// Handed to a human.
        Handoff => "handoff",
        /// A ticket was created from the session.
        TicketCreated => "ticket_created",
        /// The customer left.
        Abandoned => "abandoned",
        /// Not recorded.
        Unknown => "unknown",
    }
);

labelled_enum!(
    /// The scale a CSAT value is on, decided per file column from its values.
    CsatScale {
        /// 1..=5 (satisfied: 4-5).
        OneToFive => "1-5",
        /// 0..=10 (satisfied: 9-10).
        ZeroToTen => "0-10",
        /// Freshdesk -103..=103 (satisfied: 101-103).
        Freshdesk => "freshdesk_103",
        /// Great / Okay / Not Good (satisfied: Great).
        ThreePoint => "great_okay_not_good",
        /// good/bad, satisfied/unsatisfied, thumbs up/down (satisfied: the positive one).
        TwoPoint => "two_point",
    }
);

labelled_enum!(
    /// What a lookup file names: the people, groups or organisations behind the ids an export
    /// carries (Zendesk `assignee_id`, Intercom `admin_assignee_id`, HubSpot `hubspot_owner_id`).
    LookupTable {
        /// Agents and end users (Zendesk users, Intercom admins, HubSpot owners).
        User => "user",
        /// Groups, teams and queues.
        Group => "group",
        /// Organisations and companies.
        Organisation => "organisation",
    }
);

/// One entry of a lookup file: an id of a source system and the name (and e-mail) it stands for.
/// [`crate::engine::dataset::Dataset::finish`] replaces ids in records of the same source with
/// these names, so agents and teams show names and requester ids become matchable e-mails.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// Index of the input file.
    pub file: u16,
    /// 1-based line in that file.
    pub line: u32,
    /// Source system family the ids belong to ("zendesk").
    pub source: Sym,
    /// What the id names.
    pub table: LookupTable,
    /// The id as it appears in exports.
    pub key: Sym,
    /// Display name.
    pub name: Sym,
    /// E-mail address, normalised (users only).
    pub email: Sym,
}

/// A CSAT response as read: numeric score or a label, with its scale.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Csat {
    /// Numeric score when the raw value was a number.
    pub score: Option<f32>,
    /// The raw label (interned).
    pub raw: Sym,
    /// The scale, decided per column.
    pub scale: CsatScale,
}

/// An optional number in the bytes of the number: one reserved value (`$none`) stands for "no
/// value", and [`Self::some`] moves that value one step (`$step`) towards zero should it ever
/// be produced. `Option<i64>` takes 16 bytes where this takes 8; a million contacts are held
/// at once.
macro_rules! sentinel_option {
    ($(#[$m:meta])* $name:ident($t:ty), none = $none:expr, step = $step:expr) => {
        $(#[$m])*
        pub struct $name($t);

        impl $name {
            /// No value.
            pub const NONE: $name = $name($none);

            /// The value `v` (the reserved value moves one step).
            #[inline]
            pub const fn some(v: $t) -> $name {
                $name(if v == $none { $step } else { v })
            }

            /// The value, if any.
            #[inline]
            pub const fn get(self) -> Option<$t> {
                if self.0 == $none {
                    None
                } else {
                    Some(self.0)
                }
            }

            /// True when a value is present.
            #[inline]
            pub const fn is_some(self) -> bool {
                self.0 != $none
            }

            /// True when no value is present.
            #[inline]
            pub const fn is_none(self) -> bool {
                self.0 == $none
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::NONE
            }
        }

        impl From<Option<$t>> for $name {
            #[inline]
            fn from(v: Option<$t>) -> Self {
                v.map_or($name::NONE, $name::some)
            }
        }

        impl PartialEq<Option<$t>> for $name {
            fn eq(&self, other: &Option<$t>) -> bool {
                self.get() == *other
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.get().fmt(f)
            }
        }
    };
}

sentinel_option!(
    /// An optional instant or duration in milliseconds: `i64::MIN` is "none" (no real time or
    /// duration is that: jiff's range is ±9999 years). Ordered as `Option` is, none first
    /// (de-duplication keeps the newest `updated`).
    #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    OptMs(i64), none = i64::MIN, step = i64::MIN + 1
);

sentinel_option!(
    /// An optional count: `u32::MAX` is "none". Not ordered: "none" is the largest number
    /// inside, where `Option` orders it first.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    OptCount(u32), none = u32::MAX, step = u32::MAX - 1
);

/// One assisted interaction: ticket, call, chat, e-mail, social message (METRICS.md §1).
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    /// Index of the input file it came from.
    pub file: u16,
    /// 1-based line (or record number for JSON) in that file.
    pub line: u32,
    /// Source system family (e.g. "zendesk"), for de-duplication across files.
    pub source: Sym,
    /// Contact id as exported (NONE when the export has none: never de-duplicated).
    pub id: Sym,
    /// Normalised customer key (METRICS.md §4a); NONE when unknown.
    pub customer: Sym,
    /// Normalised channel.
    pub channel: Channel,
    /// Raw channel label.
    pub channel_raw: Sym,
    /// When the contact started.
    pub created: Millis,
    /// First agent response (for calls: answered by an agent).
    pub first_response: OptMs,
    /// First time solved.
    pub resolved: OptMs,
    /// Closed.
    pub closed: OptMs,
    /// Last update, used to keep the newest of duplicates.
    pub updated: OptMs,
    /// Raw status.
    pub status: Sym,
    /// Raw priority.
    pub priority: Sym,
    /// Direction; None when the export does not say (treated as inbound).
    pub direction: Option<Direction>,
    /// Handling agent.
    pub agent: Sym,
    /// Team / group / queue.
    pub team: Sym,
    /// Issue type / category / reason.
    pub issue_type: Sym,
    /// Reopen count.
    pub reopens: OptCount,
    /// Agent reply count.
    pub agent_replies: OptCount,
    /// Escalated to a supervisor / tier 2.
    pub escalated: Option<bool>,
    /// Transfers (legs - 1).
    pub transfers: OptCount,
    /// Satisfaction response.
    pub csat: Option<Csat>,
    /// Queue wait.
    pub queue_wait: OptMs,
    /// Talk time.
    pub talk: OptMs,
    /// Hold time.
    pub hold: OptMs,
    /// After-contact work.
    pub after_work: OptMs,
    /// Answered by an agent (calls and chats).
    pub answered: Option<bool>,
    /// Abandoned before reaching an agent (or hung up on hold: stage Hold).
    pub abandoned: Option<bool>,
    /// Where it was abandoned.
    pub abandon_stage: Option<Stage>,
    /// Wait before the hang-up, in the stage where it happened (METRICS.md §4a).
    pub abandon_wait: OptMs,
    /// The self-service session it came from.
    pub self_service_session: Sym,
    /// Not demand (outbound, spam, deleted, merged, test): excluded from every metric.
    pub not_demand: bool,
    /// Values read but left out (see [`LEFT_OUT_FIRST_RESPONSE`], [`LEFT_OUT_RESOLVED`]).
    pub left_out: u8,
}

/// The first response preceded creation: the contact counts, its response time is left out
/// (it is neither "responded" nor "no response").
pub const LEFT_OUT_FIRST_RESPONSE: u8 = 1;
/// The resolution preceded creation: its resolution time is left out.
pub const LEFT_OUT_RESOLVED: u8 = 2;

impl Contact {
    /// A contact with only the required fields set; the rest blank.
    pub fn new(file: u16, line: u32, id: Sym, channel: Channel, created: Millis) -> Contact {
        Contact {
            file,
            line,
            source: Sym::NONE,
            id,
            customer: Sym::NONE,
            channel,
            channel_raw: Sym::NONE,
            created,
            first_response: OptMs::NONE,
            resolved: OptMs::NONE,
            closed: OptMs::NONE,
            updated: OptMs::NONE,
            status: Sym::NONE,
            priority: Sym::NONE,
            direction: None,
            agent: Sym::NONE,
            team: Sym::NONE,
            issue_type: Sym::NONE,
            reopens: OptCount::NONE,
            agent_replies: OptCount::NONE,
            escalated: None,
            transfers: OptCount::NONE,
            csat: None,
            queue_wait: OptMs::NONE,
            talk: OptMs::NONE,
            hold: OptMs::NONE,
            after_work: OptMs::NONE,
            answered: None,
            abandoned: None,
            abandon_stage: None,
            abandon_wait: OptMs::NONE,
            self_service_session: Sym::NONE,
            not_demand: false,
            left_out: 0,
        }
    }

    /// True for a voice call.
    pub fn is_call(&self) -> bool {
        self.channel == Channel::Phone
    }
}

/// One use of a help centre, FAQ, portal, chatbot or IVR self-service (METRICS.md §1).
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// Index of the input file.
    pub file: u16,
    /// 1-based line in that file.
    pub line: u32,
    /// Source system family.
    pub source: Sym,
    /// Session id.
    pub id: Sym,
    /// Normalised customer / visitor key.
    pub customer: Sym,
    /// Kind of self-service.
    pub kind: SessionKind,
    /// Start.
    pub started: Millis,
    /// End.
    pub ended: Option<Millis>,
    /// Search term or bot intent, as typed.
    pub query: Sym,
    /// Articles viewed.
    pub articles_viewed: Option<u32>,
    /// Outcome.
    pub outcome: Outcome,
    /// The contact it turned into.
    pub contact_id: Sym,
    /// Marked helpful.
    pub helpful: Option<bool>,
    /// Test traffic (e.g. Fin preview): excluded.
    pub not_demand: bool,
}

/// A CSAT response delivered in its own file.
#[derive(Clone, Debug, PartialEq)]
pub struct Survey {
    /// Index of the input file.
    pub file: u16,
    /// 1-based line.
    pub line: u32,
    /// The contact rated.
    pub contact_id: Sym,
    /// When answered.
    pub answered_at: Option<Millis>,
    /// The response.
    pub csat: Csat,
}

/// Normalises a customer key (METRICS.md §4a): e-mail trimmed and lower-cased; phone numbers
/// reduced to `+` and digits (a leading `00` read as `+`); other ids trimmed.
pub fn normalise_customer(raw: &str) -> Cow<'_, str> {
    let mut t = raw.trim();
    // `"Ana Rossi" <+39 06 1234 5678>` (Asterisk clid) and `Ana <ana@example.com>`: the key is
    // what the angle brackets hold.
    if let (Some(open), true) = (t.rfind('<'), t.ends_with('>')) {
        let inner = t[open + 1..t.len() - 1].trim();
        if !inner.is_empty() {
            t = inner;
        }
    }
    if t.is_empty() {
        return Cow::Borrowed("");
    }
    if t.contains('@') {
        // Borrowed when already lower case (as exports mostly write addresses): no allocation
        // per row.
        return if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) { Cow::Borrowed(t) } else { Cow::Owned(t.to_lowercase()) };
    }
    let looks_like_phone = t.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && t.chars().filter(|c| c.is_ascii_digit()).count() >= 7
        && (t.starts_with('+') || t.starts_with("00") || t.contains(' ') || t.contains('-') || t.contains('('));
    if looks_like_phone {
        let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
        let digits = digits.strip_prefix("00").map(str::to_string).unwrap_or(digits);
        return Cow::Owned(format!("+{digits}"));
    }
    Cow::Borrowed(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_keys_are_normalised() {
        assert_eq!(normalise_customer("  Ana@Example.COM "), "ana@example.com");
        assert_eq!(normalise_customer("+39 06 1234 5678"), "+390612345678");
        assert_eq!(normalise_customer("0039 06-1234-5678"), "+390612345678");
        assert_eq!(normalise_customer(" 12345 "), "12345");
        assert_eq!(normalise_customer("+190011112222"), "+190011112222");
        assert_eq!(normalise_customer(""), "");
        assert_eq!(normalise_customer("\"Ana Rossi\" <+39 06 1234 5678>"), "+390612345678");
        assert_eq!(normalise_customer("Ana <Ana@Example.com>"), "ana@example.com");
        assert_eq!(normalise_customer("<>"), "<>");
    }

    #[test]
    fn labels_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_label(c.label()), Some(*c));
        }
        assert_eq!(Stage::from_label("ivr"), Some(Stage::Ivr));
    }

    #[test]
    fn compact_optionals_keep_option_semantics_in_half_the_bytes() {
        assert_eq!(std::mem::size_of::<OptMs>(), 8);
        assert_eq!(std::mem::size_of::<OptCount>(), 4);
        for v in [None, Some(0), Some(-1), Some(i64::MAX), Some(i64::MIN + 1)] {
            assert_eq!(OptMs::from(v).get(), v);
            assert_eq!(OptMs::from(v).is_some(), v.is_some());
        }
        // The one value that cannot be held moves one up instead of becoming "none".
        assert_eq!(OptMs::some(i64::MIN).get(), Some(i64::MIN + 1));
        assert_eq!(OptCount::some(u32::MAX).get(), Some(u32::MAX - 1));
        for v in [None, Some(0), Some(7), Some(u32::MAX - 1)] {
            assert_eq!(OptCount::from(v).get(), v);
        }
        // Ordered as `Option` is (none first): de-duplication keeps the newest `updated`.
        let mut xs = [OptMs::some(5), OptMs::NONE, OptMs::some(-3)];
        xs.sort();
        assert_eq!(xs.map(OptMs::get), [None, Some(-3), Some(5)]);
    }

    #[test]
    fn a_contact_stays_small() {
        // A million contacts are held in memory at once: every byte here is a megabyte there.
        // 248 bytes with `Option<i64>` and `Option<u32>` fields; 168 with the compact ones.
        assert!(std::mem::size_of::<Contact>() <= 168, "Contact is {} bytes", std::mem::size_of::<Contact>());
    }
}
