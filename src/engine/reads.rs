//! The report parameters as metrics see them: every read is recorded, so that the rows a
//! metric returned can be kept and reused by the next report as long as nothing it read has
//! changed (a setting change recomputes only the metrics that read the setting). The
//! parameters themselves are private to this module: a metric cannot read one unrecorded.

use std::cell::Cell;
use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::engine::params::{ParamSet, Params, TimeBasis};
use crate::engine::record::{Channel, Millis};
use crate::engine::time::{BusinessHours, Zone};

/// Report parameters whose reads are recorded (see the module documentation).
pub struct ReadParams<'a> {
    params: &'a Params,
    read: Cell<ParamSet>,
}

/// An accessor for a field that is `Copy`: returns it and records its bit.
macro_rules! copied {
    ($($(#[$doc:meta])* $name:ident: $ty:ty = $bit:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> $ty {
            self.mark(ParamSet::$bit);
            self.params.$name
        }
    )*};
}

/// An accessor for a field that is borrowed: returns it and records its bit.
macro_rules! borrowed {
    ($($(#[$doc:meta])* $name:ident: $ty:ty = $bit:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> &'a $ty {
            self.mark(ParamSet::$bit);
            &self.params.$name
        }
    )*};
}

impl<'a> ReadParams<'a> {
    /// Wraps `params` with nothing read yet.
    pub fn new(params: &'a Params) -> ReadParams<'a> {
        ReadParams { params, read: Cell::new(ParamSet::NONE) }
    }

    /// Records that `set` was read (also used for derived values made from parameters).
    pub fn mark(&self, set: ParamSet) {
        self.read.set(self.read.get().union(set));
    }

    /// What was read since the last [`ReadParams::take`], which starts a new record.
    pub fn take(&self) -> ParamSet {
        self.read.replace(ParamSet::NONE)
    }

    /// Runs `make` and returns what it read, apart from what was read before (restored after):
    /// for values made once and used by several metrics, each of which must record it.
    pub fn reads_of<T>(&self, make: impl FnOnce() -> T) -> (T, ParamSet) {
        let before = self.take();
        let value = make();
        let read = self.read.replace(before);
        (value, read)
    }

    /// What was read since the last [`ReadParams::take`] (a metric's reads so far).
    pub fn so_far(&self) -> ParamSet {
        self.read.get()
    }

    /// True when nothing in `read` differs between these parameters and `kept`.
    pub fn unchanged_since(&self, kept: &Params, read: ParamSet) -> bool {
        !self.params.differing(kept).intersects(read)
    }

    /// A copy of the parameters, to compare a later report's with.
    pub fn snapshot(&self) -> Params {
        self.params.clone()
    }

    /// Every parameter, recorded as all read (for code that needs the whole set).
    pub fn all(&self) -> &'a Params {
        self.mark(ParamSet::ALL);
        self.params
    }

    copied! {
        /// [`Params::period_start`].
        period_start: Option<Date> = PERIOD_START;
        /// [`Params::period_end`].
        period_end: Option<Date> = PERIOD_END;
        /// [`Params::time_basis`].
        time_basis: TimeBasis = TIME_BASIS;
        /// [`Params::deflection_window`].
        deflection_window: i64 = DEFLECTION_WINDOW;
        /// [`Params::repeat_window`].
        repeat_window: i64 = REPEAT_WINDOW;
        /// [`Params::short_abandon`].
        short_abandon: i64 = SHORT_ABANDON;
        /// [`Params::service_level_phone`].
        service_level_phone: i64 = SERVICE_LEVEL_PHONE;
        /// [`Params::service_level_chat`].
        service_level_chat: i64 = SERVICE_LEVEL_CHAT;
        /// [`Params::csat_min_5`].
        csat_min_5: f32 = CSAT_MIN_5;
        /// [`Params::csat_min_10`].
        csat_min_10: f32 = CSAT_MIN_10;
        /// [`Params::csat_min_freshdesk`].
        csat_min_freshdesk: f32 = CSAT_MIN_FRESHDESK;
        /// [`Params::cost_self_service`].
        cost_self_service: Option<f64> = COST_SELF_SERVICE;
        /// [`Params::launch_date`].
        launch_date: Option<Date> = LAUNCH_DATE;
        /// [`Params::target_self_service_pct`].
        target_self_service_pct: f64 = TARGET_SELF_SERVICE_PCT;
    }

    borrowed! {
        /// [`Params::zone`].
        zone: Zone = ZONE;
        /// [`Params::business_hours`].
        business_hours: BusinessHours = BUSINESS_HOURS;
        /// [`Params::frt_targets`].
        frt_targets: BTreeMap<Channel, i64> = FRT_TARGETS;
        /// [`Params::csat_satisfied_labels`].
        csat_satisfied_labels: Vec<String> = CSAT_SATISFIED_LABELS;
        /// [`Params::cost_per_channel`].
        cost_per_channel: BTreeMap<Channel, f64> = COST_PER_CHANNEL;
        /// [`Params::currency`].
        currency: String = CURRENCY;
    }

    /// [`Params::duration`]: reads the time basis, business hours and zone.
    pub fn duration(&self, from: Millis, to: Millis) -> i64 {
        self.mark(ParamSet::TIME_BASIS.union(ParamSet::BUSINESS_HOURS).union(ParamSet::ZONE));
        self.params.duration(from, to)
    }

    /// [`Params::in_period`]: reads the period and zone.
    pub fn in_period(&self, t: Millis) -> bool {
        self.mark(ParamSet::SELECTION);
        self.params.in_period(t)
    }

    /// [`Params::period_end_instant`]: reads the period end and zone.
    pub fn period_end_instant(&self) -> Option<Millis> {
        self.mark(ParamSet::PERIOD_END.union(ParamSet::ZONE));
        self.params.period_end_instant()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_recorded_and_nested_reads_kept_apart() {
        let p = Params::default();
        let r = ReadParams::new(&p);
        assert_eq!(r.repeat_window(), p.repeat_window);
        let ((), inner) = r.reads_of(|| {
            let _ = r.duration(0, 1);
        });
        assert_eq!(inner, ParamSet::TIME_BASIS.union(ParamSet::BUSINESS_HOURS).union(ParamSet::ZONE));
        // The outer record has only what the outer code read; the caller adds `inner` itself.
        assert_eq!(r.take(), ParamSet::REPEAT_WINDOW);
        assert_eq!(r.take(), ParamSet::NONE);
        let _ = r.all();
        assert_eq!(r.take(), ParamSet::ALL);
    }

    #[test]
    fn differing_names_exactly_the_changed_parameters() {
        let a = Params::default();
        let mut b = a.clone();
        assert_eq!(a.differing(&b), ParamSet::NONE);
        b.set("repeat_window_s", "3600").expect("parameter");
        b.set("currency", "BRL").expect("parameter");
        assert_eq!(a.differing(&b), ParamSet::REPEAT_WINDOW.union(ParamSet::CURRENCY));
        let mut nan = a.clone();
        nan.target_self_service_pct = f64::NAN;
        assert!(nan.differing(&nan.clone()).intersects(ParamSet::TARGET_SELF_SERVICE_PCT));
    }
}
