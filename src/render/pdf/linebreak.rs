//! Knuth–Plass line breaking over a whole paragraph.
//!
//! A paragraph is a list of boxes (words and word fragments), glue
//! (stretchable spaces) and penalties (places a line may break at a cost,
//! "flagged" when the break shows a hyphen). [`break_lines`] finds the
//! breaks of least total demerits, as in Knuth and Plass, "Breaking
//! Paragraphs into Lines" (1981), with two changes: a hard limit on
//! consecutive hyphenated lines, kept exact by making the count of
//! hyphens in a row part of each active node's identity; and TeX's
//! `\adjdemerits` made continuous, so that a line costs by how far its
//! adjustment differs from the line above's (see `contrast`), not only
//! when the two are two fitness classes apart.
//!
//! Lines never come out wider than the measure: a line is feasible only if
//! its glue can shrink enough (ratio ≥ −1).

mod sums;

use sums::Sums;

/// A penalty this large forbids a break; its negative forces one.
pub const INFINITY: f32 = 10_000.0;

/// Stretch of the glue that ends a paragraph (TeX's `fil`): large enough
/// that the last line is never judged loose.
pub const FIL: f32 = 100_000.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// A word or a piece of one; its stretch and shrink are those of the
    /// spaces between its letters (tracking).
    Box {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    Penalty {
        width: f32,
        penalty: f32,
        flagged: bool,
    },
}

/// The costs of a solution; see the style file's `[justify]`.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// The largest adjustment ratio accepted (`f32::INFINITY`: any).
    pub tolerance: f32,
    /// Whether flagged penalties (hyphenation points) may be used.
    pub hyphenate: bool,
    pub line_penalty: f32,
    pub double_hyphen_demerits: f32,
    pub final_hyphen_demerits: f32,
    /// Per squared difference of adjustment ratio between a line and the
    /// one above it (see `contrast`).
    pub fitness_demerits: f32,
    /// At most this many hyphenated lines in a row (`u32::MAX`: no limit).
    pub max_consecutive_hyphens: u32,
    /// A last line (before a forced break, after another line) narrower
    /// than this costs `short_last_line_demerits`: TeX's `\parfillskip`
    /// trick, so that "tions." does not end a paragraph alone.
    pub last_line_min: f32,
    pub short_last_line_demerits: f32,
    /// The cost of a last line that is only a hyphenated word's tail
    /// (`f32::INFINITY`: never such a line).
    pub tail_demerits: f32,
}

/// A chosen break: the item it happens at, and how the line before it is
/// set (the adjustment ratio of its glue).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub position: usize,
    pub ratio: f32,
    pub flagged: bool,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    position: usize,
    hyphens: u32,
    flagged: bool,
    /// Sums of the items that start the next line (after discarding).
    width: f64,
    stretch: f64,
    shrink: f64,
    demerits: f64,
    ratio: f32,
    prev: Option<usize>,
}

/// TeX's fitness class of a line set at `ratio`: tight (0), decent (1),
/// loose (2) or very loose (3).
fn fitness(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// The demerits of setting a line at `ratio` under the line of node `a`:
/// `fitness_demerits` times the square of the difference of their ratios,
/// so that a line at 150% spaces (and tracked letters) over one at 67%
/// costs several times a line next to a decent one (TeX's `\adjdemerits`,
/// charged by classes, made continuous: how far the texture changes, not
/// whether it crosses a class). A ratio counts up to 2 (200% spaces) and
/// down to −1; the first line has no line above it. Active nodes are
/// still kept one per fitness class, the cheapest: the path found is then
/// the cheapest but for a node of a class whose ratio would have suited
/// the next line better than its cheapest one's.
fn contrast(a: &Node, ratio: f32, params: &Params) -> f64 {
    if a.prev.is_none() {
        return 0.0;
    }
    let d = f64::from(ratio.clamp(-1.0, 2.0) - a.ratio.clamp(-1.0, 2.0));
    f64::from(params.fitness_demerits) * d * d
}

/// A place a line may end: the width a break there adds (a hyphen), its
/// penalty, and whether it shows a hyphen.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    position: usize,
    width: f64,
    penalty: f32,
    flagged: bool,
}

impl Candidate {
    /// Item `b` as a place to break, if it is one: a penalty below
    /// [`INFINITY`] (a flagged one only when hyphenating), or glue after a box.
    fn at(items: &[Item], b: usize, params: &Params) -> Option<Candidate> {
        let (width, penalty, flagged) = match items[b] {
            Item::Penalty {
                width,
                penalty,
                flagged,
            } => {
                if penalty >= INFINITY || (flagged && !params.hyphenate) {
                    return None;
                }
                (f64::from(width), penalty, flagged)
            }
            Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => {
                (0.0, 0.0, false)
            }
            _ => return None,
        };
        Some(Candidate {
            position: b,
            width,
            penalty,
            flagged,
        })
    }

    fn forced(&self) -> bool {
        self.penalty <= -INFINITY
    }

    /// The demerits of a line from active node `a` to this break, set at
    /// `ratio`; `a`'s own included.
    fn demerits(&self, a: &Node, ratio: f32, params: &Params) -> f64 {
        let badness = (100.0 * f64::from(ratio.abs()).powi(3)).min(1e6);
        let base = f64::from(params.line_penalty) + badness;
        let p = f64::from(self.penalty);
        let mut demerits = if p >= 0.0 {
            base * base + p * p
        } else if p > -f64::from(INFINITY) {
            base * base - p * p
        } else {
            base * base
        };
        if self.flagged && a.flagged {
            demerits += f64::from(params.double_hyphen_demerits);
        }
        if self.forced() && a.flagged {
            demerits += f64::from(params.final_hyphen_demerits);
        }
        // A last line at its natural width (its `fil` takes the room) is
        // read as the paragraph's end, not as a line set differently.
        if !(self.forced() && ratio >= 0.0) {
            demerits += contrast(a, ratio, params);
        }
        demerits + a.demerits
    }
}

/// Whether two lines one above the other are set two fitness classes or
/// more apart (a loose line over a tight one): the contrast TeX charges
/// `\adjdemerits` for, and the sign that a hyphen may set the paragraph
/// more evenly.
pub fn contrasted(breaks: &[Break]) -> bool {
    breaks
        .windows(2)
        .any(|w| fitness(w[0].ratio).abs_diff(fitness(w[1].ratio)) > 1)
}

/// Breaks `items` into lines of `measure` points. The list must end with a
/// forced break (a penalty of −[`INFINITY`]). Returns the breaks in order,
/// the last one at the end of the list, or `None` if no set of lines meets
/// the tolerance.
pub fn break_lines(items: &[Item], measure: f32, params: &Params) -> Option<Vec<Break>> {
    let n = items.len();
    let sums = Sums::of(items);
    let mut nodes = vec![Node {
        position: 0,
        hyphens: 0,
        flagged: false,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        demerits: 0.0,
        ratio: 0.0,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let measure = f64::from(measure);
    // Kept from candidate to candidate: most paragraphs have hundreds.
    let mut best = Vec::new();

    for b in 0..n {
        let Some(candidate) = Candidate::at(items, b, params) else {
            continue;
        };
        let paragraph = (items, measure, params);
        try_break(paragraph, &sums, &nodes, &mut active, candidate, &mut best);
        for (_, _, node) in best.drain(..) {
            nodes.push(node);
            active.push(nodes.len() - 1);
        }
        if active.is_empty() {
            return None;
        }
    }

    let last = active
        .iter()
        .copied()
        .filter(|&i| nodes[i].position == n - 1)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    Some(breaks_to(&nodes, last))
}

/// One pass of the algorithm at a candidate break: drops the active nodes
/// whose lines can no longer fit (or that a forced break ends), and
/// leaves in `best` (empty when called) the best new node per (fitness,
/// hyphens in a row).
fn try_break(
    (items, measure, params): (&[Item], f64, &Params),
    sums: &Sums,
    nodes: &[Node],
    active: &mut Vec<usize>,
    candidate: Candidate,
    best: &mut Vec<(u8, u32, Node)>,
) {
    let b = candidate.position;
    let forced = candidate.forced();
    let mut i = 0;
    while i < active.len() {
        let ai = active[i];
        let a = nodes[ai];
        let ratio = sums.ratio(&a, b, candidate.width, measure);
        if ratio < -1.0 || forced {
            active.remove(i);
        } else {
            i += 1;
        }
        if ratio < -1.0 || ratio > params.tolerance {
            continue;
        }
        let hyphens = if candidate.flagged { a.hyphens + 1 } else { 0 };
        if hyphens > params.max_consecutive_hyphens {
            continue;
        }
        let fit = fitness(ratio);
        let mut demerits = candidate.demerits(&a, ratio, params);
        // A last line that is only the tail of a hyphenated word ("tions.":
        // no word space between the hyphen and the end).
        if forced && a.flagged && sums.spaces[b] == sums.spaces[(a.position + 1).min(b)] {
            if params.tail_demerits.is_infinite() {
                continue;
            }
            demerits += f64::from(params.tail_demerits);
        }
        if forced && a.prev.is_some() && sums.width[b] - a.width < f64::from(params.last_line_min) {
            demerits += f64::from(params.short_last_line_demerits);
        }
        let (nw, ny, nz) = sums.after(items, b);
        let node = Node {
            position: b,
            hyphens,
            flagged: candidate.flagged,
            width: nw,
            stretch: ny,
            shrink: nz,
            demerits,
            ratio,
            prev: Some(ai),
        };
        match best.iter_mut().find(|(f, h, _)| *f == fit && *h == hyphens) {
            Some((_, _, old)) if old.demerits <= demerits => {}
            Some((_, _, old)) => *old = node,
            None => best.push((fit, hyphens, node)),
        }
    }
}

/// The breaks of the path that ends at node `last`, in order.
fn breaks_to(nodes: &[Node], last: usize) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut at = Some(last);
    while let Some(i) = at {
        let node = nodes[i];
        if node.prev.is_none() {
            break;
        }
        breaks.push(Break {
            position: node.position,
            ratio: node.ratio,
            flagged: node.flagged,
        });
        at = node.prev;
    }
    breaks.reverse();
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(width: f32) -> Item {
        Item::Box {
            width,
            stretch: 0.0,
            shrink: 0.0,
        }
    }

    fn params(tolerance: f32) -> Params {
        Params {
            tolerance,
            hyphenate: true,
            line_penalty: 10.0,
            double_hyphen_demerits: 3000.0,
            final_hyphen_demerits: 5000.0,
            fitness_demerits: 3000.0,
            max_consecutive_hyphens: 2,
            last_line_min: 0.0,
            short_last_line_demerits: 0.0,
            tail_demerits: f32::INFINITY,
        }
    }

    /// Words of the given widths separated by spaces of width 3 (stretch
    /// 1.5, shrink 1), ending like a paragraph.
    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 3.0,
                    stretch: 1.5,
                    shrink: 1.0,
                });
            }
            items.push(Item::Box {
                width: w,
                stretch: 0.0,
                shrink: 0.0,
            });
        }
        end(&mut items);
        items
    }

    fn end(items: &mut Vec<Item>) {
        items.push(Item::Penalty {
            width: 0.0,
            penalty: INFINITY,
            flagged: false,
        });
        items.push(Item::Glue {
            width: 0.0,
            stretch: FIL,
            shrink: 0.0,
        });
        items.push(Item::Penalty {
            width: 0.0,
            penalty: -INFINITY,
            flagged: false,
        });
    }

    /// Natural width, stretch and shrink of each line of a solution.
    fn line_sums(items: &[Item], breaks: &[Break]) -> Vec<(f32, f32, f32)> {
        let mut out = Vec::new();
        let mut start = 0;
        for b in breaks {
            let (mut w, mut y, mut z) = (0.0, 0.0, 0.0);
            let mut first = true;
            for item in &items[start..b.position] {
                match *item {
                    Item::Box { width, .. } => {
                        w += width;
                        first = false;
                    }
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    } if !first => {
                        w += width;
                        y += stretch;
                        z += shrink;
                    }
                    _ => {}
                }
            }
            if let Item::Penalty { width, .. } = items[b.position] {
                w += width;
            }
            out.push((w, y, z));
            start = b.position + 1;
        }
        out
    }

    #[test]
    fn a_short_paragraph_is_one_line() {
        let items = words(&[20.0, 30.0]);
        let breaks = break_lines(&items, 100.0, &params(2.0)).unwrap();
        assert_eq!(breaks.len(), 1);
        assert_eq!(breaks[0].position, items.len() - 1);
    }

    #[test]
    fn lines_fill_the_measure_and_never_exceed_it() {
        let widths: Vec<f32> = (0..80).map(|i| 10.0 + (i * 7 % 23) as f32).collect();
        let items = words(&widths);
        let breaks = break_lines(&items, 300.0, &params(3.0)).unwrap();
        assert!(breaks.len() > 3);
        let sums = line_sums(&items, &breaks);
        for (b, (w, y, z)) in breaks.iter().zip(&sums).take(breaks.len() - 1) {
            assert!(b.ratio >= -1.0 && b.ratio <= 3.0, "{b:?}");
            let set = if b.ratio >= 0.0 {
                w + b.ratio * y
            } else {
                w + b.ratio * z
            };
            assert!((set - 300.0).abs() < 0.01, "{set}");
        }
        // The last line is set at its natural width or less.
        let (w, _, _) = sums.last().unwrap();
        assert!(*w <= 300.0);
    }

    #[test]
    fn an_impossible_tolerance_fails() {
        // Two words that cannot fill 200 points without stretching far.
        let items = words(&[50.0, 50.0, 50.0, 50.0, 50.0]);
        assert!(break_lines(&items, 120.0, &params(0.1)).is_none());
        assert!(break_lines(&items, 120.0, &params(f32::INFINITY)).is_some());
    }

    #[test]
    fn no_more_than_two_hyphenated_lines_in_a_row() {
        // Fragments joined by hyphenation points only: every break is a
        // hyphen unless it lands on one of the rare spaces.
        let mut items = Vec::new();
        for i in 0..40 {
            if i > 0 {
                if i % 6 == 0 {
                    items.push(Item::Glue {
                        width: 3.0,
                        stretch: 1.5,
                        shrink: 1.0,
                    });
                } else {
                    items.push(Item::Penalty {
                        width: 4.0,
                        penalty: 50.0,
                        flagged: true,
                    });
                }
            }
            items.push(bx(12.0));
        }
        end(&mut items);
        let mut p = params(f32::INFINITY);
        p.max_consecutive_hyphens = 2;
        let breaks = break_lines(&items, 60.0, &p).unwrap();
        let mut run = 0;
        for b in &breaks {
            run = if b.flagged { run + 1 } else { 0 };
            assert!(run <= 2, "{breaks:?}");
        }
    }

    #[test]
    fn a_short_last_line_is_avoided_when_the_lines_can_take_it() {
        // Six words fit the first line (shrunk), leaving the last word
        // alone; five fit it at 150% spaces, leaving two.
        let items = words(&[15.0, 30.0, 25.0, 6.0, 6.0, 6.0, 25.0]);
        let last_width = |breaks: &[Break]| line_sums(&items, breaks).last().map_or(0.0, |s| s.0);
        let mut p = params(2.0);
        let plain = break_lines(&items, 100.0, &p).unwrap();
        assert_eq!(last_width(&plain), 25.0, "{plain:?}");
        p.last_line_min = 30.0;
        p.short_last_line_demerits = 15_000.0;
        let better = break_lines(&items, 100.0, &p).unwrap();
        assert_eq!(last_width(&better), 34.0, "{better:?}");
        assert!(better.iter().all(|b| b.ratio <= 1.0 + 1e-4), "{better:?}");
    }

    /// "aaaa bbbb-cc": two words, the second hyphenated before a short tail.
    fn tail_items() -> Vec<Item> {
        let mut items = words(&[30.0, 30.0]);
        items.truncate(3);
        items.push(Item::Penalty {
            width: 4.0,
            penalty: 50.0,
            flagged: true,
        });
        items.push(bx(10.0));
        end(&mut items);
        items
    }

    #[test]
    fn the_tail_of_a_hyphenated_word_never_makes_the_last_line() {
        // "aaaa bbbb-cc": the only fitting break leaves "cc" alone; the
        // breaker takes the looser lines instead.
        let items = tail_items();
        let breaks = break_lines(&items, 67.0, &params(f32::INFINITY)).unwrap();
        assert!(breaks.iter().all(|b| !b.flagged), "{breaks:?}");
    }

    #[test]
    fn a_tail_alone_is_taken_when_it_costs_less_than_the_looser_lines() {
        // As above, with a tolerance too tight for "aaaa bbbb" (ratio 2.7):
        // forbidden, the tail leaves no solution; at a finite cost, it is
        // the only way, and with a looser tolerance the loose line costs
        // more than the tail.
        let items = tail_items();
        assert!(break_lines(&items, 67.0, &params(2.0)).is_none());
        let mut p = params(2.0);
        p.tail_demerits = 650_000.0;
        let breaks = break_lines(&items, 67.0, &p).unwrap();
        assert!(breaks[0].flagged, "{breaks:?}");
        p.tolerance = f32::INFINITY;
        let breaks = break_lines(&items, 67.0, &p).unwrap();
        assert!(breaks[0].flagged, "{breaks:?}");
    }

    #[test]
    fn lines_two_fitness_classes_apart_are_contrasted() {
        let at = |ratios: &[f32]| -> Vec<Break> {
            ratios
                .iter()
                .map(|&ratio| Break {
                    position: 0,
                    ratio,
                    flagged: false,
                })
                .collect()
        };
        assert!(contrasted(&at(&[0.9, -0.8])));
        assert!(contrasted(&at(&[0.0, 1.2])));
        assert!(!contrasted(&at(&[0.9, 0.2])));
        assert!(!contrasted(&at(&[-0.8, 0.0, 0.8])));
        assert!(!contrasted(&at(&[1.5])));
    }

    #[test]
    fn the_contrast_between_lines_costs_by_the_square_of_their_difference() {
        // "aaaa bbbbbbbb cc / dd ee ff": the break after "cc" sets the
        // first line at its natural width and the last one too; breaking
        // after "bbbbbbbb" stretches the first line and leaves the last
        // shrunk. Costs are weighed on the line above's ratio.
        let node = |ratio: f32, prev: Option<usize>| Node {
            position: 0,
            hyphens: 0,
            flagged: false,
            width: 0.0,
            stretch: 0.0,
            shrink: 0.0,
            demerits: 0.0,
            ratio,
            prev,
        };
        let mut p = params(2.0);
        p.fitness_demerits = 20_000.0;
        assert_eq!(contrast(&node(0.0, None), 1.0, &p), 0.0);
        assert_eq!(contrast(&node(1.0, Some(0)), -1.0, &p), 80_000.0);
        assert_eq!(contrast(&node(0.5, Some(0)), 0.0, &p), 5_000.0);
        // Beyond 200% spaces a line counts as at 200%.
        assert_eq!(contrast(&node(5.0, Some(0)), 0.0, &p), 80_000.0);
    }

    #[test]
    fn a_last_line_at_its_width_does_not_contrast_with_the_line_above() {
        let above = Node {
            position: 0,
            hyphens: 0,
            flagged: false,
            width: 0.0,
            stretch: 0.0,
            shrink: 0.0,
            demerits: 0.0,
            ratio: 1.0,
            prev: Some(0),
        };
        let last = Candidate {
            position: 0,
            width: 0.0,
            penalty: -INFINITY,
            flagged: false,
        };
        let mut p = params(2.0);
        p.line_penalty = 0.0;
        p.fitness_demerits = 20_000.0;
        assert_eq!(last.demerits(&above, 0.0, &p), 0.0);
        // Squeezed to fit, it is set like any line: 1.5² × 20000, and
        // the badness of −0.5 (12.5, squared).
        let squeezed = last.demerits(&above, -0.5, &p);
        assert!((squeezed - (45_000.0 + 156.25)).abs() < 1e-6, "{squeezed}");
    }

    #[test]
    fn an_even_pair_of_lines_beats_a_cheaper_loose_and_tight_one() {
        // Ten words of 10, a word "X1-X2" hyphenable after 5.825 points,
        // nine words of 10: either ten words at ratio 0.95 (loose) over
        // the rest shrunk to −0.45 (decent, one fitness class away, which
        // TeX's classes let pass), or the hyphen and both lines at their
        // width.
        let mut widths = vec![10.0; 10];
        widths.push(26.875);
        widths.extend([10.0; 9]);
        let mut items = words(&widths);
        let w = 2 * 10;
        items.splice(
            w..=w,
            [
                bx(5.825),
                Item::Penalty {
                    width: 4.0,
                    penalty: 150.0,
                    flagged: true,
                },
                bx(21.05),
            ],
        );
        // The last nine words are tied (no-break spaces): two lines only.
        let tied: Vec<Item> = items
            .iter()
            .enumerate()
            .flat_map(|(i, &item)| {
                let tie = Item::Penalty {
                    width: 0.0,
                    penalty: INFINITY,
                    flagged: false,
                };
                match item {
                    Item::Glue { width, .. } if i > w + 2 && width > 0.0 => vec![tie, item],
                    _ => vec![item],
                }
            })
            .collect();
        let items = tied;
        let mut p = params(2.0);
        p.fitness_demerits = 0.0;
        let spread = |b: &[Break]| (b[0].ratio - b[1].ratio).abs();
        let plain = break_lines(&items, 139.825, &p).unwrap();
        assert!(!plain[0].flagged && spread(&plain) > 1.3, "{plain:?}");
        p.fitness_demerits = 20_000.0;
        let even = break_lines(&items, 139.825, &p).unwrap();
        assert!(even[0].flagged && spread(&even) < 0.1, "{even:?}");
    }

    #[test]
    fn hyphenation_points_are_ignored_when_not_allowed() {
        let mut items = vec![bx(40.0)];
        items.push(Item::Penalty {
            width: 4.0,
            penalty: 50.0,
            flagged: true,
        });
        items.push(bx(40.0));
        items.push(Item::Glue {
            width: 3.0,
            stretch: 1.5,
            shrink: 1.0,
        });
        items.push(bx(10.0));
        end(&mut items);
        let mut p = params(f32::INFINITY);
        p.hyphenate = false;
        // 80 points do not fit in 60 and cannot break: no solution.
        // (With the break, "40 10" makes the last line, not a tail alone.)
        assert!(break_lines(&items, 60.0, &p).is_none());
        p.hyphenate = true;
        let breaks = break_lines(&items, 60.0, &p).unwrap();
        assert_eq!(breaks.len(), 2);
        assert!(breaks[0].flagged);
    }

    #[test]
    fn a_last_line_fits_any_measure() {
        // A number set on an unbounded measure, as hanging ones are: its
        // one line is not loose, whatever the tolerance.
        let items = words(&[20.0]);
        let breaks = break_lines(&items, f32::MAX / 4.0, &params(1.0)).unwrap();
        assert_eq!(breaks.len(), 1);
        assert_eq!(breaks[0].ratio, 0.0);
    }

    #[test]
    fn the_stretch_of_boxes_counts_with_the_glue() {
        // "aaaa aaaa / aaaa" in 90 points: the first line lacks 7 points,
        // 4.7 times its space's stretch; with 2 points in each word (the
        // tracking of its letters), 1.27 times the line's stretch.
        let items = words(&[40.0, 40.0, 40.0]);
        assert!(break_lines(&items, 90.0, &params(2.0)).is_none());
        let tracked: Vec<Item> = items
            .iter()
            .map(|item| match *item {
                Item::Box { width, .. } => Item::Box {
                    width,
                    stretch: 2.0,
                    shrink: 1.0,
                },
                other => other,
            })
            .collect();
        let breaks = break_lines(&tracked, 90.0, &params(2.0)).unwrap();
        assert_eq!(breaks.len(), 2, "{breaks:?}");
        assert!((breaks[0].ratio - 7.0 / 5.5).abs() < 1e-4, "{breaks:?}");
    }
}
