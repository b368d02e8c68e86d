//! The pure domain engine: canonical records, ingestion, metrics, catalogue and report.
//!
//! Invariants (checked by `tests/engine/tidy.rs`): no web crates, no I/O, no clock, no
//! unseeded randomness. Input is bytes plus options; output is values. The same engine runs
//! in the Web Worker, on the main thread of the single-file build and in the native command.

#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::panic)]

pub mod catalogue;
pub mod dataset;
pub mod drill;
pub mod error;
pub mod export;
pub mod ingest;
pub mod intern;
pub mod metrics;
pub mod params;
pub mod reads;
pub mod record;
pub mod report;
pub mod sample;
pub mod stats;
pub mod time;

/// Records between two calls of a pass's heartbeat: about 10 ms of the slowest pass over
/// contacts scattered in memory (a customer's, on 8M contacts in the browser).
pub const BEAT_EVERY: usize = 65_536;

/// `items`, calling `beat` before the first and every [`BEAT_EVERY`]-th: a long pass over the
/// records stays in touch with the page (a pass over 8M contacts takes about a second in the
/// worker).
#[cfg(not(feature = "quiet"))]
pub fn beating<'b, I>(items: I, beat: &'b dyn Fn()) -> Beating<'b, I::IntoIter>
where
    I: IntoIterator,
{
    Beating { items: items.into_iter(), beat, left: 0 }
}

/// [`beating`] in the page's own build (feature `quiet`): `items` as they are. The page runs
/// the engine only in the single-file build, on its own thread, where no heartbeat can repaint
/// it; leaving the counting out keeps the page's wasm under 1.5 MB gzip.
#[cfg(feature = "quiet")]
pub fn beating<I>(items: I, _beat: &dyn Fn()) -> I::IntoIter
where
    I: IntoIterator,
{
    items.into_iter()
}

/// `f` of each of `items` and its position, collected, calling `beat` before every block of
/// [`BEAT_EVERY`]: each block is a `collect` of a slice's `map` as it was without the heartbeat
/// (written straight into room made once), where [`beating`]'s `next` would cost a check and a
/// capacity test per item (a tenth of a filter change in the browser).
#[cfg(not(feature = "quiet"))]
pub fn map_beating<T, U>(items: &[T], beat: &dyn Fn(), mut f: impl FnMut(usize, &T) -> U) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    for (n, block) in items.chunks(BEAT_EVERY).enumerate() {
        beat();
        let first = n * BEAT_EVERY;
        out.extend(block.iter().enumerate().map(|(i, x)| f(first + i, x)));
    }
    out
}

/// [`map_beating`] in the page's own build (see [`beating`]): a plain `collect`.
#[cfg(feature = "quiet")]
pub fn map_beating<T, U>(items: &[T], _beat: &dyn Fn(), mut f: impl FnMut(usize, &T) -> U) -> Vec<U> {
    items.iter().enumerate().map(|(i, x)| f(i, x)).collect()
}

/// See [`beating`]. `next` counts down to the next call; `fold` (behind `for_each`, `count`,
/// `sum`…) does the same inside the inner iterator's own `fold`, which a chain of adapters
/// runs as one loop.
#[cfg(not(feature = "quiet"))]
pub struct Beating<'b, I> {
    items: I,
    beat: &'b dyn Fn(),
    left: usize,
}

#[cfg(not(feature = "quiet"))]
impl<I: Iterator> Iterator for Beating<'_, I> {
    type Item = I::Item;

    #[inline]
    fn next(&mut self) -> Option<I::Item> {
        if self.left == 0 {
            (self.beat)();
            self.left = BEAT_EVERY;
        }
        self.left -= 1;
        self.items.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }

    fn fold<B, F: FnMut(B, I::Item) -> B>(self, init: B, mut f: F) -> B {
        let (beat, mut left) = (self.beat, self.left);
        self.items.fold(init, move |acc, x| {
            if left == 0 {
                beat();
                left = BEAT_EVERY;
            }
            left -= 1;
            f(acc, x)
        })
    }
}

#[cfg(all(test, not(feature = "quiet")))]
mod tests {
    use super::{beating, map_beating, BEAT_EVERY};
    use std::cell::RefCell;

    /// Positions of the items read before each heartbeat call, through `next` and through `fold`.
    fn beats_at(n: usize, by_fold: bool) -> (Vec<usize>, Vec<usize>) {
        let read = RefCell::new(0usize);
        let calls = RefCell::new(Vec::new());
        let beat = || calls.borrow_mut().push(*read.borrow());
        let items = beating(0..n, &beat);
        let seen: Vec<usize> = if by_fold {
            items.fold(Vec::new(), |mut v, x| {
                *read.borrow_mut() += 1;
                v.push(x);
                v
            })
        } else {
            // A `for` loop drives the pass through `next`.
            let mut v = Vec::new();
            for x in items {
                *read.borrow_mut() += 1;
                v.push(x);
            }
            v
        };
        assert_eq!(seen, (0..n).collect::<Vec<_>>(), "every item once, in order");
        let calls = calls.into_inner();
        (calls, seen)
    }

    #[test]
    fn a_beating_pass_calls_its_heartbeat_before_every_block_of_items() {
        let n = 2 * BEAT_EVERY + 1;
        // Before the first item and before items BEAT_EVERY and 2·BEAT_EVERY, whichever way the
        // pass is driven (a `for` loop's `next` or `for_each`'s `fold`).
        assert_eq!(beats_at(n, false).0, vec![0, BEAT_EVERY, 2 * BEAT_EVERY]);
        assert_eq!(beats_at(n, true).0, vec![0, BEAT_EVERY, 2 * BEAT_EVERY]);
        // An empty pass driven by `next` still says it is alive once; by `fold`, not at all.
        assert_eq!(beats_at(0, false).0, vec![0]);
        assert_eq!(beats_at(0, true).0, Vec::<usize>::new());
        // A pass started with `next` and finished with `fold` keeps the count.
        let calls = RefCell::new(0);
        let beat = || *calls.borrow_mut() += 1;
        let mut items = beating(0..BEAT_EVERY + 10, &beat);
        assert_eq!(items.next(), Some(0));
        assert_eq!(items.by_ref().take(BEAT_EVERY - 1).count(), BEAT_EVERY - 1);
        assert_eq!(*calls.borrow(), 1);
        assert_eq!(items.sum::<usize>(), (BEAT_EVERY..BEAT_EVERY + 10).sum::<usize>());
        assert_eq!(*calls.borrow(), 2);
    }

    #[test]
    fn a_beating_map_gives_each_item_its_position_and_beats_before_each_block() {
        let items: Vec<u32> = (0..2 * BEAT_EVERY as u32 + 1).map(|x| x * 3).collect();
        let calls = RefCell::new(Vec::new());
        let done = RefCell::new(0usize);
        let beat = || calls.borrow_mut().push(*done.borrow());
        let out = map_beating(&items, &beat, |i, x| {
            *done.borrow_mut() += 1;
            (i, *x)
        });
        assert_eq!(out, items.iter().enumerate().map(|(i, x)| (i, *x)).collect::<Vec<_>>());
        assert_eq!(calls.into_inner(), vec![0, BEAT_EVERY, 2 * BEAT_EVERY]);
    }
}
