//! A whole-number figure of every trial, in trial order, in as few bytes a value as its spread
//! over the run needs ("Memory" in ARCHITECTURE.md).
//!
//! A trial's counts (dials, passes, accounts by state, customers) vary little from trial to
//! trial: the built-in's dials per trial span about 2,300 values around 127,000, its deals 0 to
//! 94. Kept as offsets from the smallest value seen ("frame of reference"), they fit in one or
//! two bytes instead of eight, and every value reads back exactly, in the order it was added, so
//! the sums and percentiles taken from them are the same bits as from a `Vec<u64>`.

/// Whole numbers in the order added, each kept as its offset from the smallest so far, in the
/// narrowest of 1, 2, 4 or 8 bytes that holds the largest offset. A new smallest value shifts
/// every offset once (a record low of n independent values comes about ln n times, mostly
/// early, so the shifts cost about one pass over the values in all); a wider spread re-encodes
/// the offsets once per width (at most three times).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WholeColumn {
    /// The smallest value added (0 while empty).
    base: u64,
    /// The largest offset held.
    top: u64,
    /// Each value less `base`.
    offsets: Offsets,
}

/// The offsets at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Offsets {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
    U64(Vec<u64>),
}

impl Default for Offsets {
    fn default() -> Self {
        Offsets::U8(Vec::new())
    }
}

/// Bytes an offset up to `top` needs.
fn width_of(top: u64) -> usize {
    if top <= u64::from(u8::MAX) {
        1
    } else if top <= u64::from(u16::MAX) {
        2
    } else if top <= u64::from(u32::MAX) {
        4
    } else {
        8
    }
}

impl Offsets {
    fn width(&self) -> usize {
        match self {
            Offsets::U8(_) => 1,
            Offsets::U16(_) => 2,
            Offsets::U32(_) => 4,
            Offsets::U64(_) => 8,
        }
    }

    fn len(&self) -> usize {
        match self {
            Offsets::U8(v) => v.len(),
            Offsets::U16(v) => v.len(),
            Offsets::U32(v) => v.len(),
            Offsets::U64(v) => v.len(),
        }
    }

    fn capacity(&self) -> usize {
        match self {
            Offsets::U8(v) => v.capacity(),
            Offsets::U16(v) => v.capacity(),
            Offsets::U32(v) => v.capacity(),
            Offsets::U64(v) => v.capacity(),
        }
    }

    #[inline]
    fn get(&self, i: usize) -> u64 {
        match self {
            Offsets::U8(v) => u64::from(v[i]),
            Offsets::U16(v) => u64::from(v[i]),
            Offsets::U32(v) => u64::from(v[i]),
            Offsets::U64(v) => v[i],
        }
    }

    /// Appends `x`, which fits the width (the caller widened first).
    #[inline]
    fn push(&mut self, x: u64) {
        match self {
            Offsets::U8(v) => v.push(x as u8),
            Offsets::U16(v) => v.push(x as u16),
            Offsets::U32(v) => v.push(x as u32),
            Offsets::U64(v) => v.push(x),
        }
    }

    /// Adds `shift` to every offset (each sum fits the width: the caller widened first).
    fn shift(&mut self, shift: u64) {
        match self {
            Offsets::U8(v) => v.iter_mut().for_each(|x| *x += shift as u8),
            Offsets::U16(v) => v.iter_mut().for_each(|x| *x += shift as u16),
            Offsets::U32(v) => v.iter_mut().for_each(|x| *x += shift as u32),
            Offsets::U64(v) => v.iter_mut().for_each(|x| *x += shift),
        }
    }

    /// The same offsets at `width` bytes (not narrower than now), keeping the capacity in
    /// values, so a column reserved for the run's trials is allocated once per width.
    fn widened(self, width: usize) -> Offsets {
        let capacity = self.capacity();
        let values = (0..self.len()).map(|i| self.get(i));
        // Each offset fits: `width` was chosen for the largest.
        match width {
            1 => self,
            2 => {
                let mut v = Vec::with_capacity(capacity);
                v.extend(values.map(|x| x as u16));
                Offsets::U16(v)
            }
            4 => {
                let mut v = Vec::with_capacity(capacity);
                v.extend(values.map(|x| x as u32));
                Offsets::U32(v)
            }
            _ => {
                let mut v = Vec::with_capacity(capacity);
                v.extend(values);
                Offsets::U64(v)
            }
        }
    }
}

impl WholeColumn {
    /// An empty column with room for `n` values at one byte each.
    pub fn with_capacity(n: usize) -> WholeColumn {
        WholeColumn {
            base: 0,
            top: 0,
            offsets: Offsets::U8(Vec::with_capacity(n)),
        }
    }

    /// Values added.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Whether no value was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes each value takes now (1, 2, 4 or 8).
    pub fn width(&self) -> usize {
        self.offsets.width()
    }

    /// Appends `value`.
    #[inline]
    pub fn push(&mut self, value: u64) {
        if self.is_empty() {
            self.base = value;
            self.top = 0;
        } else if value < self.base {
            self.rebase(value);
        }
        let offset = value - self.base;
        if offset > self.top {
            self.top = offset;
            self.fit();
        }
        self.offsets.push(offset);
    }

    /// Makes `base` (below the current one) the base: every offset grows by the difference.
    #[cold]
    fn rebase(&mut self, base: u64) {
        let shift = self.base - base;
        // The largest value less the new base: at most u64::MAX.
        self.top += shift;
        self.fit();
        self.offsets.shift(shift);
        self.base = base;
    }

    /// Widens the offsets when `top` needs more bytes than they have.
    fn fit(&mut self) {
        let width = width_of(self.top);
        if width > self.offsets.width() {
            self.offsets = std::mem::take(&mut self.offsets).widened(width);
        }
    }

    /// The `i`-th value added.
    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        self.base + self.offsets.get(i)
    }

    /// The values in the order added.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values read back exactly, in order, through every widening and every new smallest value,
    /// and the width is the narrowest that holds the spread.
    #[test]
    fn values_read_back_exactly_at_the_narrowest_width() {
        let mut c = WholeColumn::with_capacity(4);
        let mut seen = Vec::new();
        let mut check = |c: &mut WholeColumn, v: u64, width: usize| {
            c.push(v);
            seen.push(v);
            assert_eq!(c.iter().collect::<Vec<_>>(), seen);
            assert_eq!(c.width(), width, "after {v}");
        };
        check(&mut c, 1000, 1);
        check(&mut c, 1255, 1);
        // 999 is a new smallest: the spread is 256.
        check(&mut c, 999, 2);
        check(&mut c, 900, 2);
        check(&mut c, 900 + 65_535, 2);
        check(&mut c, 899, 4);
        check(&mut c, 0, 4);
        check(&mut c, u64::from(u32::MAX), 4);
        check(&mut c, u64::MAX, 8);
        check(&mut c, 3, 8);
        assert_eq!(c.len(), 10);
        assert_eq!(c.get(0), 1000);
    }

    #[test]
    fn a_constant_column_takes_a_byte_a_value() {
        let mut c = WholeColumn::default();
        assert!(c.is_empty());
        for _ in 0..100 {
            c.push(u64::MAX - 7);
        }
        assert_eq!((c.len(), c.width()), (100, 1));
        assert!(c.iter().all(|v| v == u64::MAX - 7));
    }

    /// A pseudo-random sequence with a drifting level: the column equals the values pushed.
    #[test]
    fn random_sequences_round_trip() {
        let mut x: u64 = 99;
        for spread in [10u64, 300, 70_000, 5_000_000_000] {
            let mut c = WholeColumn::with_capacity(1000);
            let mut values = Vec::new();
            for i in 0..1000u64 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let v = 1_000_000_000_000 - i * 7 + (x >> 20) % spread;
                c.push(v);
                values.push(v);
            }
            assert!(c.iter().eq(values.iter().copied()), "spread {spread}");
        }
    }
}
