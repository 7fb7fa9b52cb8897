//! Where the pool's workers may run: on every core the process may use
//! except the one its calling thread is on (Linux; elsewhere, and under
//! Miri, which does not model these calls, the scheduler alone decides).
//!
//! Why pin them at all? Linux puts a thread that is started, or woken,
//! by a busy thread on the busy thread's core, and moves it only at the
//! next load balancing. Measured on the 2-vCPU machine the benchmarks run
//! on (`cargo bench --bench thread_start`: a busy thread hands work over
//! while the second vCPU is idle; 200 tries each, two runs):
//!
//! - a new thread started a median 2.0 ms late: it waited for its parent
//!   to stop, on the parent's core, 142 and 171 times of 200;
//! - a waiting thread woken by a condition variable ran on the waker's
//!   core 198 and 200 times of 200, taking it from the waker;
//! - a waiting thread pinned to the other core ran a median 42–55 µs
//!   after its wake-up (p90 45–76 µs), there.
//!
//! A PDF of the default document takes about 5 ms: each misplaced start
//! cost up to a fifth of it. Only the workers are pinned, never the
//! thread that runs the command: the scheduler may still move that one
//! where it likes, and the workers follow it (see [`Cores::moved`]).

#[cfg(all(target_os = "linux", not(miri)))]
mod linux {
    use std::mem::{size_of, zeroed};
    use std::os::unix::thread::JoinHandleExt;
    use std::thread::JoinHandle;

    /// The cores the process may use, and the one its calling thread
    /// was on when last asked.
    pub struct Cores {
        allowed: libc::cpu_set_t,
        pub(super) home: usize,
    }

    impl Cores {
        /// The calling thread's cores; `None` when they cannot be read
        /// or the thread may use only one (then there is nowhere else to
        /// pin a worker to).
        pub fn of_this_thread() -> Option<Cores> {
            // SAFETY: a zeroed cpu_set_t is an empty set; the call writes
            // at most size_of::<cpu_set_t>() bytes into it.
            let allowed = unsafe {
                let mut set: libc::cpu_set_t = zeroed();
                if libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut set) != 0 {
                    return None;
                }
                set
            };
            // SAFETY: reads the bits of a set we own.
            if unsafe { libc::CPU_COUNT(&allowed) } < 2 {
                return None;
            }
            Some(Cores {
                allowed,
                home: current()?,
            })
        }

        /// Whether the calling thread is no longer on the core the
        /// workers keep clear of; if so that core is now its current one.
        pub fn moved(&mut self) -> bool {
            match current() {
                Some(core) if core != self.home => {
                    self.home = core;
                    true
                }
                _ => false,
            }
        }

        /// Pins `worker` to every allowed core but the home one. A refusal
        /// (a core taken away meanwhile) leaves it where it was: only
        /// speed depends on it.
        pub fn pin<T>(&self, worker: &JoinHandle<T>) {
            let mut others = self.allowed;
            // SAFETY: `home` came from sched_getcpu, below CPU_SETSIZE;
            // the set is ours and pthread_setaffinity_np only reads it,
            // for a thread whose handle we hold (so it is not yet freed).
            unsafe {
                libc::CPU_CLR(self.home, &mut others);
                libc::pthread_setaffinity_np(
                    worker.as_pthread_t(),
                    size_of::<libc::cpu_set_t>(),
                    &others,
                );
            }
        }
    }

    /// The core the calling thread is running on.
    fn current() -> Option<usize> {
        // SAFETY: no arguments; -1 on failure.
        usize::try_from(unsafe { libc::sched_getcpu() }).ok()
    }
}

#[cfg(any(not(target_os = "linux"), miri))]
mod other {
    use std::thread::JoinHandle;

    /// Nothing to pin to: the scheduler places the workers.
    pub struct Cores;

    impl Cores {
        pub fn of_this_thread() -> Option<Cores> {
            None
        }

        pub fn moved(&mut self) -> bool {
            false
        }

        pub fn pin<T>(&self, _worker: &JoinHandle<T>) {}
    }
}

#[cfg(all(target_os = "linux", not(miri)))]
pub use linux::Cores;
#[cfg(any(not(target_os = "linux"), miri))]
pub use other::Cores;

#[cfg(all(test, target_os = "linux", not(miri)))]
mod tests {
    use super::*;

    /// A pinned thread runs only on the cores other than the home one.
    #[test]
    fn a_pinned_worker_keeps_off_the_home_core() {
        let Some(cores) = Cores::of_this_thread() else {
            return; // one core: nothing to check
        };
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let worker = std::thread::spawn(move || {
            let _ = rx.recv();
            // SAFETY: no arguments.
            unsafe { libc::sched_getcpu() }
        });
        cores.pin(&worker);
        tx.send(()).unwrap();
        let ran_on = usize::try_from(worker.join().unwrap()).unwrap();
        assert_ne!(ran_on, cores.home);
    }
}
