//! The one way ptcdoc runs work in parallel: a list of independent items,
//! each turned into a result on scoped threads, one per available core,
//! the results back in the items' order.
//!
//! Workers take the next item from a shared queue, so uneven items still
//! keep every core busy; the order of the results never depends on which
//! thread did what, so neither do the bytes made from them.

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

/// `f` applied to every item, on up to [`threads`] threads (the calling
/// thread is one of them); the results in the order of `items`.
///
/// A panic in `f` is raised again on the calling thread, as if `f` had
/// run there.
pub fn map<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let workers = threads().min(items.len());
    if workers <= 1 {
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
    let mut results = std::thread::scope(|scope| {
        let others: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for other in others {
            match other.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
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
}
