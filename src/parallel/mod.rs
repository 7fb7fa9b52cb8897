//! The one way ptcdoc runs work in parallel: a list of independent items,
//! each turned into a result on the threads of a pool (one per available
//! core, the calling thread included), the results back in the items'
//! order; and short work beside a longer step.
//!
//! Workers take the next item from a shared queue, so uneven items still
//! keep every core busy; the order of the results never depends on which
//! thread did what, so neither do the bytes made from them.
//!
//! Parallel work inside parallel work (the pages of a PDF, made while the
//! other outputs are) takes only the cores no one is using: the workers
//! at work on items are counted, and a nested step that finds no core
//! spare runs on its own thread, as it would on a one-core machine. A
//! step that splits its work only to use a spare core (a layout's two
//! halves) does not pay for the split when there is none.
//!
//! The threads themselves are in [`pool`]; [`affinity`] keeps them off
//! the core of the thread that gives them work.

mod affinity;
mod pool;

pub use pool::{Handle, Scope, detach, scope};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

/// How many threads parallel work may use: the machine's available
/// parallelism, 1 when it cannot be known.
///
/// Asked once per process: each answer reads the cgroup files under
/// /proc and /sys, and a run asks for every parallel step.
pub fn threads() -> usize {
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Threads at work on parallel steps, besides the one that started the
/// run.
static EXTRA: AtomicUsize = AtomicUsize::new(0);

/// How many more threads parallel work may start now: the cores that no
/// thread of a parallel step is using.
pub fn spare() -> usize {
    threads().saturating_sub(1 + EXTRA.load(Ordering::Relaxed))
}

/// Counts `n` threads at work until dropped (also when a panic unwinds).
struct AtWork(usize);

impl AtWork {
    /// Up to `wanted` threads, as many as are spare.
    fn take(wanted: usize) -> AtWork {
        let mut taken = 0;
        let _ = EXTRA.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |extra| {
            taken = wanted.min(threads().saturating_sub(1 + extra));
            Some(extra + taken)
        });
        AtWork(taken)
    }
}

impl Drop for AtWork {
    fn drop(&mut self) {
        EXTRA.fetch_sub(self.0, Ordering::Relaxed);
    }
}

/// Where to cut items of these weights, after work of weight `lead`, into
/// two parts of about equal work, for two threads: how many items go
/// before the cut, the number whose weight (with `lead`) comes nearest
/// half of all, the smaller on a tie (0 and `weights.len()` included).
pub fn halfway(lead: usize, weights: &[usize]) -> usize {
    let total = lead + weights.iter().sum::<usize>();
    let mut done = lead;
    for (k, w) in weights.iter().enumerate() {
        if (done + w) * 2 > total {
            // Before this item, or after it, whichever is nearer half.
            let after = (done + w) * 2 - total < total.saturating_sub(done * 2);
            return k + usize::from(after);
        }
        done += w;
    }
    weights.len()
}

/// `a` beside `b`: queued for a worker while `b` runs on this thread,
/// or run after `b` if no worker took it meanwhile. For short work next
/// to a longer step (the checks that only report, while the documents
/// are built and rendered): it is not counted, so `b`'s own parallel
/// steps may still take the spare core.
pub fn beside<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB,
    RA: Send,
{
    if threads() == 1 {
        return (a(), b());
    }
    scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (a.join(), b)
    })
}

/// `f` applied to every item, on up to [`threads`] threads (the calling
/// thread and the spare workers); the results in the order of `items`.
///
/// A panic in `f` is raised again on the calling thread, as if `f` had
/// run there.
pub fn map<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let extra = AtWork::take(items.len().saturating_sub(1));
    if extra.0 == 0 {
        return items.into_iter().map(f).collect();
    }
    let queue = Mutex::new(items.into_iter().enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            // Taken in its own statement, so the lock is released before
            // the item is worked on.
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((index, item)) = next else {
                break;
            };
            done.push((index, f(item)));
        }
        done
    };
    let mut results = scope(|scope| {
        let others: Vec<_> = (0..extra.0).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for other in others {
            all.extend(other.join());
        }
        all
    });
    results.sort_unstable_by_key(|&(index, _)| index);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = map(items, |n| {
            // Uneven work, so that threads finish out of order.
            if n % 7 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, (0..1000u64).map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_no_results() {
        assert!(map(Vec::<u8>::new(), |n| n).is_empty());
    }

    #[test]
    fn items_may_borrow_mutably() {
        let mut values = vec![1, 2, 3];
        map(values.iter_mut().collect(), |v| *v *= 10);
        assert_eq!(values, [10, 20, 30]);
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn a_panic_reaches_the_caller() {
        map((0..8).collect(), |n| assert!(n != 3, "item {n}"));
    }

    /// Maps inside maps never run more of their items at once than there
    /// are cores, and every result comes back.
    #[test]
    fn nested_work_takes_only_spare_cores() {
        use std::sync::atomic::AtomicUsize;
        let (active, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let busy = |n: u64| {
            let now = active.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(2));
            active.fetch_sub(1, Ordering::SeqCst);
            n
        };
        let sums = map((0..6u64).collect(), |outer| {
            map((0..6u64).collect(), |inner| busy(outer * 10 + inner))
                .iter()
                .sum::<u64>()
        });
        let expected: Vec<u64> = (0..6u64)
            .map(|o| (0..6).map(|i| o * 10 + i).sum())
            .collect();
        assert_eq!(sums, expected);
        assert!(most.load(Ordering::SeqCst) <= threads(), "{most:?}");
    }

    /// The cut falls before or after the item that crosses half, whichever
    /// is nearer; on a tie, before; a lead weighs like items before.
    #[test]
    fn the_cut_comes_nearest_half() {
        assert_eq!(halfway(0, &[1, 1, 1, 1]), 2);
        assert_eq!(halfway(0, &[10, 1, 1, 1]), 1);
        // Before the 3, 4 of 11; after it, 7 of 11: as far from half, so
        // before.
        assert_eq!(halfway(0, &[4, 3, 4]), 1);
        assert_eq!(halfway(0, &[1, 1, 10]), 2);
        assert_eq!(halfway(6, &[1, 1, 1, 1]), 0);
        // A lead of 2 and one item make half of 6.
        assert_eq!(halfway(2, &[1, 1, 1, 1]), 1);
        assert_eq!(halfway(0, &[]), 0);
        assert_eq!(halfway(0, &[5]), 0);
        assert_eq!(halfway(0, &[0, 0, 5]), 2);
    }

    #[test]
    fn beside_gives_both_results() {
        let (a, b) = beside(|| map((0..50).collect(), |n: u32| n * 2), || "b");
        assert_eq!((a.len(), a[49], b), (50, 98, "b"));
    }
}
