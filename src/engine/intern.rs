//! String interning: every repeated text value (agent, team, customer, id) is stored once and
//! referred to by a 4-byte [`Sym`], so a million contacts hold no per-row heap strings.

use std::hash::BuildHasher;

/// A handle to an interned string. `Sym::NONE` (0) stands for "no value" (a blank cell).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Sym(pub u32);

impl Sym {
    /// The blank value.
    pub const NONE: Sym = Sym(0);

    /// True for the blank value.
    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// `Some(self)` unless blank.
    pub fn some(self) -> Option<Sym> {
        if self.is_none() {
            None
        } else {
            Some(self)
        }
    }
}

/// A table of distinct strings. Index 0 is the empty string.
///
/// The text of every string lives in one arena (`bytes`, with `ends[i]` the end of string `i`),
/// and the index is an open-addressing table of (32-bit hash, string number) slots probed
/// linearly: a million distinct ids cost about 16 bytes each beyond their text and no
/// per-string heap allocation. A probe reads one cache line of slots (hashbrown's separate
/// control bytes made two misses of it), touches the arena only when the hashes agree, and
/// growing the table never re-reads the strings.
#[derive(Clone)]
pub struct Interner {
    bytes: String,
    ends: Vec<u32>,
    /// A power of two of slots (or none), at most three quarters used; a slot of string 0
    /// (the blank, never in the table) is empty.
    slots: Vec<Slot>,
    hasher: FastState,
    /// A direct-mapped cache of (hash, symbol) for values seen at least twice. Agents, teams
    /// and statuses repeat on every row while ids never do; the cache keeps the repeated ones
    /// in a few KB that stay in the CPU cache, where the full table (a million ids) does not.
    /// Filled only on a hit in the table, so unique ids never evict anything.
    recent: Vec<(u32, u32)>,
}

/// One slot of the index: a string's 32-bit hash and number (0: empty).
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u32,
    sym: u32,
}

const RECENT_SLOTS: usize = 4096;

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interner").field("len", &self.len()).field("bytes", &self.bytes.len()).finish()
    }
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

impl Interner {
    /// An interner holding only the blank value.
    pub fn new() -> Self {
        Interner { bytes: String::new(), ends: vec![0], slots: Vec::new(), hasher: FastState::default(), recent: Vec::new() }
    }

    /// Makes room for `strings` more distinct strings of `bytes` bytes in all, so that a file
    /// of known size does not grow the table step by step.
    pub fn reserve(&mut self, strings: usize, bytes: usize) {
        self.ends.reserve(strings);
        self.bytes.reserve(bytes);
        self.grow_for(self.ends.len() + strings);
    }

    /// Resizes the index so that `strings` strings fill at most three quarters of it.
    fn grow_for(&mut self, strings: usize) {
        let wanted = (strings.saturating_mul(4) / 3 + 1).next_power_of_two().max(16);
        if wanted <= self.slots.len() {
            return;
        }
        let mut slots = vec![Slot::default(); wanted];
        let mask = wanted - 1;
        for slot in self.slots.iter().filter(|s| s.sym != 0) {
            let mut at = slot.hash as usize & mask;
            while slots[at].sym != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = *slot;
        }
        self.slots = slots;
    }

    #[inline]
    fn text(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.bytes.get(start..self.ends[i] as usize).unwrap_or("")
    }

    #[inline]
    fn hash32(&self, s: &str) -> u32 {
        let h = self.hasher.hash_one(s);
        (h ^ (h >> 32)) as u32
    }

    /// The slot holding `s` (hash `h`), or the empty slot where it would go.
    #[inline]
    fn probe(&self, s: &str, h: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.sym == 0 || (slot.hash == h && self.text(slot.sym) == s) {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// Interns `s`; the empty string (after no trimming) is [`Sym::NONE`].
    pub fn intern(&mut self, s: &str) -> Sym {
        if s.is_empty() {
            return Sym::NONE;
        }
        let h = self.hash32(s);
        let recent = h as usize % RECENT_SLOTS;
        if let Some(&(hr, i)) = self.recent.get(recent) {
            if hr == h && i != 0 && self.text(i) == s {
                return Sym(i);
            }
        }
        if self.ends.len() * 4 >= self.slots.len() * 3 {
            self.grow_for(self.ends.len() + 1);
        }
        let at = self.probe(s, h);
        let found = self.slots[at].sym;
        if found != 0 {
            if self.recent.is_empty() {
                self.recent.resize(RECENT_SLOTS, (0, 0));
            }
            self.recent[recent] = (h, found);
            return Sym(found);
        }
        let i = self.ends.len() as u32;
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len() as u32);
        self.slots[at] = Slot { hash: h, sym: i };
        Sym(i)
    }

    /// Looks `s` up without inserting it.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        if s.is_empty() {
            return Some(Sym::NONE);
        }
        if self.slots.is_empty() {
            return None;
        }
        let h = self.hash32(s);
        Some(Sym(self.slots[self.probe(s, h)].sym)).filter(|sym| !sym.is_none())
    }

    /// The text of `sym` ("" for blank or an unknown handle).
    pub fn get(&self, sym: Sym) -> &str {
        if sym.0 as usize >= self.ends.len() {
            return "";
        }
        self.text(sym.0)
    }

    /// Number of distinct strings, the blank included.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when only the blank value is held.
    pub fn is_empty(&self) -> bool {
        self.ends.len() <= 1
    }

    /// Every string, the blank first, in symbol order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len() as u32).map(move |i| self.text(i))
    }
}

/// A fast seeded hash for the engine's hot tables (strings and small integer keys): a folded
/// multiply over 8-byte words, as foldhash and ahash's fallback do. Far cheaper than SipHash;
/// the per-process seed keeps crafted collisions from being precomputed.
#[derive(Clone, Copy, Debug)]
pub struct FastState {
    seed: u64,
}

impl Default for FastState {
    fn default() -> Self {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64) | 1
        });
        FastState { seed }
    }
}

impl std::hash::BuildHasher for FastState {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher { h: self.seed }
    }
}

/// The hasher of [`FastState`].
#[derive(Clone, Copy, Debug)]
pub struct FastHasher {
    h: u64,
}

const K1: u64 = 0x243f_6a88_85a3_08d3;
const K2: u64 = 0x1319_8a2e_0370_7344;

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let f = (a as u128).wrapping_mul(b as u128);
    (f as u64) ^ ((f >> 64) as u64)
}

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.h ^ (bytes.len() as u64).wrapping_mul(K2);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = fold(h ^ u64::from_le_bytes(w), K1);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = fold(h ^ u64::from_le_bytes(w), K2);
        }
        self.h = h;
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.h = fold(self.h ^ i, K1);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        fold(self.h, K2)
    }
}

/// A `HashMap` with [`FastState`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, FastState>;

/// An empty [`FastMap`] with room for `n` entries.
pub fn fast_map<K, V>(n: usize) -> FastMap<K, V> {
    std::collections::HashMap::with_capacity_and_hasher(n, FastState::default())
}

/// Maps the symbols of one interner onto another (used when merging files).
pub struct Remap {
    table: Vec<Sym>,
}

impl Remap {
    /// Interns every string of `from` into `into` and remembers the mapping.
    pub fn new(from: &Interner, into: &mut Interner) -> Remap {
        let table = from.iter().map(|s| into.intern(s)).collect();
        Remap { table }
    }

    /// The symbol in the target interner.
    pub fn map(&self, s: Sym) -> Sym {
        self.table.get(s.0 as usize).copied().unwrap_or(Sym::NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_none_and_repeats_share_a_symbol() {
        let mut i = Interner::new();
        assert_eq!(i.intern(""), Sym::NONE);
        let a = i.intern("Ana");
        let b = i.intern("Bruno");
        assert_eq!(i.intern("Ana"), a);
        assert_ne!(a, b);
        assert_eq!(i.get(a), "Ana");
        assert_eq!(i.len(), 3);
    }

    #[test]
    fn a_growing_table_keeps_every_string_once() {
        let mut strings = Interner::new();
        strings.reserve(1000, 0);
        let syms: Vec<Sym> = (0..200_000).map(|i| strings.intern(&format!("id-{i}"))).collect();
        assert_eq!(strings.len(), 200_001);
        for (i, &sym) in syms.iter().enumerate() {
            let text = format!("id-{i}");
            assert_eq!((strings.intern(&text), strings.lookup(&text), strings.get(sym)), (sym, Some(sym), text.as_str()));
        }
        assert_eq!(strings.len(), 200_001);
        assert_eq!((strings.lookup("id-200000"), strings.lookup(""), Interner::new().lookup("x")), (None, Some(Sym::NONE), None));
        assert_eq!(strings.iter().nth(7), Some("id-6"));
    }

    #[test]
    fn remap_moves_symbols_between_interners() {
        let mut one = Interner::new();
        let x = one.intern("x");
        let mut two = Interner::new();
        two.intern("y");
        let r = Remap::new(&one, &mut two);
        assert_eq!(two.get(r.map(x)), "x");
        assert_eq!(r.map(Sym::NONE), Sym::NONE);
    }
}
