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
/// and the index is a hash table of (string number, 32-bit hash) pairs: a million distinct ids
/// cost about 17 bytes each beyond their text and no per-string heap allocation. Keeping the
/// hash beside the number means a probe touches the arena only when the hashes agree, and
/// growing the table never re-reads the strings (both were cache misses per row on a column of
/// unique ids).
#[derive(Clone)]
pub struct Interner {
    bytes: String,
    ends: Vec<u32>,
    index: hashbrown::HashTable<(u32, u32)>,
    hasher: FastState,
    /// A direct-mapped cache of (hash, symbol) for values seen at least twice. Agents, teams
    /// and statuses repeat on every row while ids never do; the cache keeps the repeated ones
    /// in a few KB that stay in the CPU cache, where the full table (a million ids) does not.
    /// Filled only on a hit in the table, so unique ids never evict anything.
    recent: Vec<(u32, u32)>,
}

const RECENT_SLOTS: usize = 4096;

/// The table's 64-bit hash, rebuilt from the 32 bits kept in each entry (hashbrown takes its
/// bucket from the low bits and its tag from the top bits of the low word or of the whole).
#[inline]
fn widen(h: u32) -> u64 {
    (h as u64) << 32 | h as u64
}

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
        Interner { bytes: String::new(), ends: vec![0], index: hashbrown::HashTable::new(), hasher: FastState::default(), recent: Vec::new() }
    }

    /// Makes room for `strings` more distinct strings of `bytes` bytes in all, so that a file
    /// of known size does not grow the table step by step.
    pub fn reserve(&mut self, strings: usize, bytes: usize) {
        self.ends.reserve(strings);
        self.bytes.reserve(bytes);
        self.index.reserve(strings, |&(_, h)| widen(h));
    }

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

    /// Interns `s`; the empty string (after no trimming) is [`Sym::NONE`].
    pub fn intern(&mut self, s: &str) -> Sym {
        if s.is_empty() {
            return Sym::NONE;
        }
        let h = self.hash32(s);
        let slot = h as usize % RECENT_SLOTS;
        if let Some(&(hr, i)) = self.recent.get(slot) {
            if hr == h && i != 0 && self.text(i) == s {
                return Sym(i);
            }
        }
        let Interner { bytes, ends, index, recent, .. } = self;
        let text = |i: u32| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            bytes.get(start..ends[i] as usize).unwrap_or("")
        };
        if let Some(&(i, _)) = index.find(widen(h), |&(i, hi)| hi == h && text(i) == s) {
            if recent.is_empty() {
                recent.resize(RECENT_SLOTS, (0, 0));
            }
            recent[slot] = (h, i);
            return Sym(i);
        }
        let i = ends.len() as u32;
        bytes.push_str(s);
        ends.push(bytes.len() as u32);
        index.insert_unique(widen(h), (i, h), |&(_, hj)| widen(hj));
        Sym(i)
    }

    /// Looks `s` up without inserting it.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        if s.is_empty() {
            return Some(Sym::NONE);
        }
        let h = self.hash32(s);
        self.index.find(widen(h), |&(i, hi)| hi == h && self.text(i) == s).map(|&(i, _)| Sym(i))
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
