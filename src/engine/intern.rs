//! String interning: every repeated text value (agent, team, customer, id) is stored once and
//! referred to by a 4-byte [`Sym`], so a million contacts hold no per-row heap strings.

use std::collections::HashMap;

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
#[derive(Clone, Debug)]
pub struct Interner {
    strings: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

impl Interner {
    /// An interner holding only the blank value.
    pub fn new() -> Self {
        Interner { strings: vec!["".into()], index: HashMap::new() }
    }

    /// Interns `s`; the empty string (after no trimming) is [`Sym::NONE`].
    pub fn intern(&mut self, s: &str) -> Sym {
        if s.is_empty() {
            return Sym::NONE;
        }
        if let Some(&i) = self.index.get(s) {
            return Sym(i);
        }
        let i = self.strings.len() as u32;
        let boxed: Box<str> = s.into();
        self.strings.push(boxed.clone());
        self.index.insert(boxed, i);
        Sym(i)
    }

    /// Looks `s` up without inserting it.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        if s.is_empty() {
            return Some(Sym::NONE);
        }
        self.index.get(s).map(|&i| Sym(i))
    }

    /// The text of `sym` ("" for blank or an unknown handle).
    pub fn get(&self, sym: Sym) -> &str {
        self.strings.get(sym.0 as usize).map(|s| &**s).unwrap_or("")
    }

    /// Number of distinct strings, the blank included.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// True when only the blank value is held.
    pub fn is_empty(&self) -> bool {
        self.strings.len() <= 1
    }
}

/// Maps the symbols of one interner onto another (used when merging files).
pub struct Remap {
    table: Vec<Sym>,
}

impl Remap {
    /// Interns every string of `from` into `into` and remembers the mapping.
    pub fn new(from: &Interner, into: &mut Interner) -> Remap {
        let table = from.strings.iter().map(|s| into.intern(s)).collect();
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
