//! The best k of a stream by a total order, in a bounded heap.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Keeps the best k by a total order (greater = better).
pub(super) struct TopK<T: Ord> {
    k: usize,
    heap: BinaryHeap<Reverse<T>>,
}

impl<T: Ord> TopK<T> {
    pub(super) fn new(k: usize) -> Self {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k.min(4096) + 1),
        }
    }
    pub(super) fn push(&mut self, t: T) {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push(Reverse(t));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && t > worst.0
        {
            *worst = Reverse(t);
        }
    }
    /// The k-th best score so far, once k are held.
    pub(super) fn threshold(&self) -> Option<&T> {
        if self.heap.len() >= self.k {
            self.heap.peek().map(|r| &r.0)
        } else {
            None
        }
    }
    pub(super) fn into_sorted(self) -> Vec<T> {
        let mut v: Vec<T> = self.heap.into_iter().map(|r| r.0).collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    }
}
