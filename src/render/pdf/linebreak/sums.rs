//! Running sums over a paragraph's items, so that the breaker reads a
//! line's natural width, stretch and shrink (and its adjustment ratio)
//! from two lookups.

use super::{FIL, INFINITY, Item, Node};

/// Running sums of widths, stretch and shrink before each item (and
/// after the last), so that a line's totals are two lookups.
pub(super) struct Sums {
    pub(super) width: Vec<f64>,
    stretch: Vec<f64>,
    shrink: Vec<f64>,
    /// Word spaces (glue with a width) before each item.
    pub(super) spaces: Vec<u32>,
}

impl Sums {
    pub(super) fn of(items: &[Item]) -> Sums {
        let n = items.len();
        let mut sums = Sums {
            width: Vec::with_capacity(n + 1),
            stretch: Vec::with_capacity(n + 1),
            shrink: Vec::with_capacity(n + 1),
            spaces: Vec::with_capacity(n + 1),
        };
        let (mut w, mut y, mut z) = (0.0f64, 0.0f64, 0.0f64);
        let mut spaces = 0;
        for item in items {
            sums.push(w, y, z);
            sums.spaces.push(spaces);
            if matches!(*item, Item::Glue { width, .. } if width > 0.0) {
                spaces += 1;
            }
            match *item {
                Item::Box {
                    width,
                    stretch,
                    shrink,
                }
                | Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += f64::from(width);
                    y += f64::from(stretch);
                    z += f64::from(shrink);
                }
                Item::Penalty { .. } => {}
            }
        }
        sums.push(w, y, z);
        sums.spaces.push(spaces);
        sums
    }

    fn push(&mut self, w: f64, y: f64, z: f64) {
        self.width.push(w);
        self.stretch.push(y);
        self.shrink.push(z);
    }

    /// What follows a break at `b`: discardable items up to the next box
    /// or forced break do not count in the next line.
    pub(super) fn after(&self, items: &[Item], b: usize) -> (f64, f64, f64) {
        let mut i = b;
        let (mut w, mut y, mut z) = (self.width[b], self.stretch[b], self.shrink[b]);
        while i < items.len() {
            match items[i] {
                Item::Box { .. } => break,
                Item::Penalty { penalty, .. } if penalty <= -INFINITY && i > b => break,
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += f64::from(width);
                    y += f64::from(stretch);
                    z += f64::from(shrink);
                }
                Item::Penalty { .. } => {}
            }
            i += 1;
        }
        (w, y, z)
    }

    /// The adjustment ratio of a line from the break of node `a` to `b`,
    /// ending with `pen_width` (a hyphen's width).
    pub(super) fn ratio(&self, a: &Node, b: usize, pen_width: f64, measure: f64) -> f32 {
        let natural = self.width[b] - a.width + pen_width;
        if natural < measure {
            let stretch = self.stretch[b] - a.stretch;
            if stretch >= f64::from(FIL) {
                // A paragraph's last line: its `fil` glue takes whatever
                // room is left, however wide the measure (a hanging number
                // is set on an unbounded one).
                0.0
            } else if stretch > 0.0 {
                ((measure - natural) / stretch) as f32
            } else {
                f32::INFINITY
            }
        } else if natural > measure {
            let shrink = self.shrink[b] - a.shrink;
            if shrink > 0.0 {
                ((measure - natural) / shrink) as f32
            } else {
                f32::NEG_INFINITY
            }
        } else {
            0.0
        }
    }
}
