//! Lists per grid cell, packed row by row into one array.
//!
//! A top-k query reads the lists of a few dozen neighbouring cells. Kept as one heap
//! allocation per cell behind a hash map, each cell cost a hash probe and a pointer chase,
//! and on this machine those cache and TLB misses were most of a query. Here the cells of a
//! bounding box are laid out row-major in one array, each with room to grow: finding a
//! cell is arithmetic, and a row of cells is one contiguous run of memory.
//!
//! Inserting into a full cell lays the whole box out again with half as much room again
//! per cell (amortised O(1) per insert, like `Vec` growth); a cell outside the box grows
//! the box, unless the box would pass [`MAX_CELLS`] (an offer far from all others): such
//! cells are kept in a small hash map instead.

use rustc_hash::FxHashMap as FxMap;

/// The most cells a packed box may cover (128 × 128 cells of 2 km: a region, not a city).
pub const MAX_CELLS: i64 = 1 << 14;

#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
    cap: u32,
}

/// Lists of `T` per cell (x, y).
#[derive(Debug, Clone)]
pub struct PackedCells<T> {
    x0: i32,
    y0: i32,
    width: i32,
    height: i32,
    spans: Vec<Span>,
    items: Vec<T>,
    /// Cells outside the box.
    far: FxMap<(i32, i32), Vec<T>>,
    len: usize,
}

impl<T> Default for PackedCells<T> {
    fn default() -> Self {
        PackedCells {
            x0: 0,
            y0: 0,
            width: 0,
            height: 0,
            spans: Vec::new(),
            items: Vec::new(),
            far: FxMap::default(),
            len: 0,
        }
    }
}

impl<T: Copy + Default> PackedCells<T> {
    /// Number of items in all cells.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn index(&self, x: i32, y: i32) -> Option<usize> {
        let dx = i64::from(x) - i64::from(self.x0);
        let dy = i64::from(y) - i64::from(self.y0);
        if dx < 0 || dy < 0 || dx >= i64::from(self.width) || dy >= i64::from(self.height) {
            return None;
        }
        usize::try_from(dy * i64::from(self.width) + dx).ok()
    }

    /// The list of cell (x, y), in the order it was inserted by.
    #[inline]
    pub fn get(&self, x: i32, y: i32) -> &[T] {
        match self.index(x, y) {
            Some(i) => {
                let s = self.spans[i];
                let start = s.start as usize;
                &self.items[start..start + s.len as usize]
            }
            None if self.far.is_empty() => &[],
            None => self.far.get(&(x, y)).map_or(&[], Vec::as_slice),
        }
    }

    /// Inserts `item` into cell (x, y) before the first element for which `goes_before`
    /// is false (the list stays sorted when `goes_before` is a partition predicate).
    pub fn insert(&mut self, x: i32, y: i32, item: T, goes_before: impl Fn(&T) -> bool) {
        self.len += 1;
        if self.index(x, y).is_none() && !self.grow_to(x, y) {
            let list = self.far.entry((x, y)).or_default();
            let at = list.partition_point(&goes_before);
            list.insert(at, item);
            return;
        }
        let Some(mut i) = self.index(x, y) else {
            return; // unreachable: the box covers (x, y) now
        };
        if self.spans[i].len == self.spans[i].cap {
            self.layout(self.x0, self.y0, self.width, self.height, Some((x, y)));
            i = self.index(x, y).unwrap_or(i);
        }
        let s = self.spans[i];
        let (start, end) = (s.start as usize, (s.start + s.len) as usize);
        let at = start + self.items[start..end].partition_point(&goes_before);
        self.items.copy_within(at..end, at + 1);
        self.items[at] = item;
        self.spans[i].len += 1;
    }

    /// Removes the first item of cell (x, y) that `is_it`; returns it.
    pub fn remove(&mut self, x: i32, y: i32, is_it: impl Fn(&T) -> bool) -> Option<T> {
        let removed = match self.index(x, y) {
            Some(i) => {
                let s = self.spans[i];
                let (start, end) = (s.start as usize, (s.start + s.len) as usize);
                let pos = start + self.items[start..end].iter().position(is_it)?;
                let item = self.items[pos];
                self.items.copy_within(pos + 1..end, pos);
                self.spans[i].len -= 1;
                item
            }
            None => {
                let list = self.far.get_mut(&(x, y))?;
                let pos = list.iter().position(is_it)?;
                let item = list.remove(pos);
                if list.is_empty() {
                    self.far.remove(&(x, y));
                }
                item
            }
        };
        self.len -= 1;
        Some(removed)
    }

    /// Grows the box to cover (x, y) if it stays within [`MAX_CELLS`].
    fn grow_to(&mut self, x: i32, y: i32) -> bool {
        let (x0, y0, x1, y1) = if self.width == 0 {
            (x, y, x, y)
        } else {
            (
                self.x0.min(x),
                self.y0.min(y),
                (self.x0 + self.width - 1).max(x),
                (self.y0 + self.height - 1).max(y),
            )
        };
        let (w, h) = (
            i64::from(x1) - i64::from(x0) + 1,
            i64::from(y1) - i64::from(y0) + 1,
        );
        if w * h > MAX_CELLS {
            return false;
        }
        // Within MAX_CELLS, both fit in i32.
        self.layout(x0, y0, w as i32, h as i32, None);
        // Far cells now inside the box move in.
        let inside: Vec<(i32, i32)> = self
            .far
            .keys()
            .copied()
            .filter(|&(fx, fy)| self.index(fx, fy).is_some())
            .collect();
        for cell in inside {
            if let Some(list) = self.far.remove(&cell) {
                self.len -= list.len();
                for item in list {
                    // Already sorted: appending keeps the order.
                    self.insert(cell.0, cell.1, item, |_| true);
                }
            }
        }
        true
    }

    /// Lays the box (x0, y0, width, height) out afresh, every non-empty cell with room for
    /// half as many items again as it holds (at least 2 more); empty cells get none, so a
    /// sparse box costs little memory, except `growing`, about to take one more.
    fn layout(&mut self, x0: i32, y0: i32, width: i32, height: i32, growing: Option<(i32, i32)>) {
        let cells = (width.max(0) as usize) * (height.max(0) as usize);
        let room = |len: u32| if len == 0 { 0 } else { len + len / 2 + 2 };
        let mut spans = Vec::with_capacity(cells);
        let mut total = 0usize;
        for y in y0..y0 + height {
            for x in x0..x0 + width {
                let len = self.index(x, y).map_or(0, |i| self.spans[i].len);
                let cap = if growing == Some((x, y)) {
                    room(len + 1)
                } else {
                    room(len)
                };
                spans.push(Span {
                    start: u32::try_from(total).unwrap_or(u32::MAX),
                    len,
                    cap,
                });
                total += cap as usize;
            }
        }
        let mut items = vec![T::default(); total];
        for (i, span) in spans.iter().enumerate() {
            let x = x0 + (i % width as usize) as i32;
            let y = y0 + (i / width as usize) as i32;
            if span.len > 0 {
                let old = self.get(x, y);
                let start = span.start as usize;
                items[start..start + old.len()].copy_from_slice(old);
            }
        }
        self.x0 = x0;
        self.y0 = y0;
        self.width = width;
        self.height = height;
        self.spans = spans;
        self.items = items;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Clone)]
    enum Op {
        Insert(i32, i32, u32),
        Remove(i32, i32, u32),
    }

    fn op() -> impl Strategy<Value = Op> {
        // Mostly a small area, sometimes far away (kept outside the box).
        let coord = prop_oneof![8 => -5i32..5, 1 => Just(300_000), 1 => Just(-299_999)];
        prop_oneof![
            3 => (coord.clone(), coord.clone(), 0u32..50).prop_map(|(x, y, v)| Op::Insert(x, y, v)),
            1 => (coord.clone(), coord, 0u32..50).prop_map(|(x, y, v)| Op::Remove(x, y, v)),
        ]
    }

    proptest! {
        /// The packed cells hold exactly what a map of sorted vectors holds.
        #[test]
        fn behaves_like_a_map_of_sorted_lists(ops in proptest::collection::vec(op(), 0..300)) {
            let mut packed: PackedCells<u32> = PackedCells::default();
            let mut model: BTreeMap<(i32, i32), Vec<u32>> = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(x, y, v) => {
                        packed.insert(x, y, v, |&e| e <= v);
                        let list = model.entry((x, y)).or_default();
                        let at = list.partition_point(|&e| e <= v);
                        list.insert(at, v);
                    }
                    Op::Remove(x, y, v) => {
                        let got = packed.remove(x, y, |&e| e == v);
                        let list = model.entry((x, y)).or_default();
                        let want = list.iter().position(|&e| e == v).map(|p| list.remove(p));
                        prop_assert_eq!(got, want);
                    }
                }
                let total: usize = model.values().map(Vec::len).sum();
                prop_assert_eq!(packed.len(), total);
            }
            for (&(x, y), list) in &model {
                prop_assert_eq!(packed.get(x, y), list.as_slice());
            }
            prop_assert_eq!(packed.get(7, 7), &[] as &[u32]);
        }
    }

    #[test]
    fn a_far_cell_does_not_blow_up_the_box() {
        let mut p: PackedCells<u8> = PackedCells::default();
        p.insert(0, 0, 1, |_| true);
        p.insert(1_000_000, 1_000_000, 2, |_| true);
        assert!(p.spans.len() as i64 <= MAX_CELLS);
        assert_eq!(p.get(1_000_000, 1_000_000), &[2]);
        assert_eq!(p.get(0, 0), &[1]);
        assert_eq!(p.len(), 2);
    }
}
