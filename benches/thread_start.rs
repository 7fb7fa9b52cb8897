//! How late a thread starts work that a busy thread hands it, and on
//! which core: the measurement behind `src/parallel/affinity.rs`.
//!
//!     cargo bench --bench thread_start
//!
//! Three ways, 200 tries each, the giving thread busy for 2 ms after it
//! hands the work over (as a build's main thread is), with 3 ms of rest
//! between tries so that the cores go idle:
//!
//! - `spawn`: a new thread started for the work (what `std::thread::scope`
//!   did for every parallel step);
//! - `wake`: a thread waiting on a condition variable, woken;
//! - `pinned wake`: the same, the waiting thread pinned to every core but
//!   the giver's (what the pool's workers are).
//!
//! It prints the median and 90th percentile of the delay, and how often
//! the work ran on the giver's core. Linux only (it pins threads).

#[cfg(target_os = "linux")]
fn main() {
    measure::run();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("thread_start measures Linux's scheduler only");
}

#[cfg(target_os = "linux")]
mod measure {
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::{Duration, Instant};

    const TRIES: usize = 200;

    fn core() -> i32 {
        // SAFETY: no arguments; -1 on failure.
        unsafe { libc::sched_getcpu() }
    }

    fn busy(length: Duration) {
        let start = Instant::now();
        while start.elapsed() < length {
            std::hint::spin_loop();
        }
    }

    /// Pins the calling thread to every core it may use but `except`.
    fn pin_off(except: i32) {
        // SAFETY: a zeroed set is empty; both calls read or write one set
        // of size_of::<cpu_set_t>() bytes that we own.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            let size = std::mem::size_of::<libc::cpu_set_t>();
            if libc::sched_getaffinity(0, size, &mut set) == 0 && except >= 0 {
                libc::CPU_CLR(except as usize, &mut set);
                libc::sched_setaffinity(0, size, &set);
            }
        }
    }

    /// One try: the delay from hand-over to start, and whether the work
    /// ran on the giver's core.
    type Try = (Duration, bool);

    fn spawned() -> Try {
        let giver = core();
        let handed = Instant::now();
        let worker = std::thread::spawn(move || (handed.elapsed(), core()));
        busy(Duration::from_millis(2));
        let (delay, ran_on) = worker.join().unwrap();
        (delay, ran_on == giver)
    }

    /// A waiting thread, woken for each try; `pinned`: off the giver's
    /// core (the giver's core when the thread starts).
    struct Waiting {
        shared: Arc<(Mutex<Option<Instant>>, Condvar)>,
        report: std::sync::mpsc::Receiver<(Duration, i32)>,
    }

    impl Waiting {
        fn start(pinned: bool) -> Waiting {
            let shared = Arc::new((Mutex::new(None::<Instant>), Condvar::new()));
            let (tx, report) = std::sync::mpsc::channel();
            let theirs = shared.clone();
            let giver = core();
            std::thread::spawn(move || {
                if pinned {
                    pin_off(giver);
                }
                let (handed, wake) = &*theirs;
                loop {
                    let mut slot = handed.lock().unwrap();
                    let at = loop {
                        match slot.take() {
                            Some(at) => break at,
                            None => slot = wake.wait(slot).unwrap(),
                        }
                    };
                    drop(slot);
                    if tx.send((at.elapsed(), core())).is_err() {
                        return;
                    }
                }
            });
            std::thread::sleep(Duration::from_millis(5));
            Waiting { shared, report }
        }

        fn woken(&self) -> Try {
            let giver = core();
            let (handed, wake) = &*self.shared;
            *handed.lock().unwrap() = Some(Instant::now());
            wake.notify_one();
            busy(Duration::from_millis(2));
            let (delay, ran_on) = self.report.recv().unwrap();
            (delay, ran_on == giver)
        }
    }

    fn report(name: &str, mut tries: Vec<Try>) {
        tries.sort_by_key(|t| t.0);
        let at = |q: usize| tries[(tries.len() * q / 100).min(tries.len() - 1)].0;
        let same = tries.iter().filter(|t| t.1).count();
        println!(
            "{name:<12} median {:>7.0} µs  p90 {:>7.0} µs  on the giver's core {same} of {}",
            at(50).as_secs_f64() * 1e6,
            at(90).as_secs_f64() * 1e6,
            tries.len()
        );
    }

    fn tries(mut one: impl FnMut() -> Try) -> Vec<Try> {
        (0..TRIES)
            .map(|_| {
                std::thread::sleep(Duration::from_millis(3));
                busy(Duration::from_micros(300));
                one()
            })
            .collect()
    }

    pub fn run() {
        println!(
            "{} cores available",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        report("spawn", tries(spawned));
        let waiting = Waiting::start(false);
        report("wake", tries(|| waiting.woken()));
        let pinned = Waiting::start(true);
        report("pinned wake", tries(|| pinned.woken()));
    }
}
