//! The threads parallel work runs on: started when first needed, kept
//! for the life of the process, given work through one queue, and kept
//! off the core of the thread that gives it (see [`super::affinity`]).
//!
//! A thread per step (`std::thread::scope`) cost a run of the English
//! PDF a thread start at each of its five parallel steps, each up to 2 ms
//! late on the 2-vCPU machine, queued behind its busy parent; a worker
//! already waiting on a core of its own starts a task in about 50 µs.
//!
//! Tasks may borrow from the stack of the thread that spawns them, as
//! `std::thread::scope`'s threads do: [`scope`] returns only once every
//! task spawned in it has finished, also when it unwinds. A task no
//! worker has taken yet when it is waited for is taken back and run by
//! the thread that waits: a caller never waits for work it could do
//! itself, and work spawned inside tasks cannot deadlock the pool.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::JoinHandle;

use super::affinity::Cores;

/// A task of any closure and result type, as the queue holds it.
trait Run: Send + Sync {
    /// Runs the task here if no thread has taken it; false if one had.
    fn run_if_queued(&self) -> bool;
    /// Returns once the task has run: runs it here if no thread had
    /// taken it, else waits for the thread that did.
    fn finish(&self);
    /// Drops the result of a finished task no [`Handle::join`] took,
    /// while what it borrows is alive; true if it was a panic.
    fn settle(&self) -> bool;
}

enum Stage<F, R> {
    Queued(F),
    Running,
    Done(std::thread::Result<R>),
    /// Its result given to [`Handle::join`].
    Joined,
}

struct Task<F, R> {
    stage: Mutex<Stage<F, R>>,
    finished: Condvar,
}

/// Locks `m`. A task's panic is caught before any lock of ours is
/// released by it, so a poisoned lock holds consistent data.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<F, R> Task<F, R> {
    fn new(f: F) -> Task<F, R> {
        Task {
            stage: Mutex::new(Stage::Queued(f)),
            finished: Condvar::new(),
        }
    }
}

impl<F: FnOnce() -> R + Send, R: Send> Run for Task<F, R> {
    fn run_if_queued(&self) -> bool {
        let f = {
            let mut stage = lock(&self.stage);
            match std::mem::replace(&mut *stage, Stage::Running) {
                Stage::Queued(f) => f,
                taken => {
                    *stage = taken;
                    return false;
                }
            }
        };
        let result = catch_unwind(AssertUnwindSafe(f));
        *lock(&self.stage) = Stage::Done(result);
        self.finished.notify_all();
        true
    }

    fn finish(&self) {
        if self.run_if_queued() {
            return;
        }
        let mut stage = lock(&self.stage);
        while matches!(*stage, Stage::Running) {
            stage = (self.finished.wait(stage)).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn settle(&self) -> bool {
        let outcome = std::mem::replace(&mut *lock(&self.stage), Stage::Joined);
        matches!(outcome, Stage::Done(Err(_)))
    }
}

/// A task as the queue holds it: its borrows' lifetime erased.
type Queued = Arc<dyn Run + 'static>;

/// The workers and their queue.
struct Pool {
    state: Mutex<State>,
    /// Signalled when a task is queued.
    work: Condvar,
    /// At most this many workers: one per core besides the caller's.
    most: usize,
}

struct State {
    queue: VecDeque<Queued>,
    /// Workers waiting for a task.
    idle: usize,
    /// Every worker started, to pin them again when the thread that gives
    /// them work moves to another core.
    workers: Vec<JoinHandle<()>>,
    /// The cores to keep the workers to; `None` if they cannot be pinned.
    cores: Option<Cores>,
}

thread_local! {
    /// Whether this thread is one of the pool's workers.
    static WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The process's pool; `None` on a machine with one core (or where
/// ptcdoc may use only one), where every task runs on the thread that
/// waits for it.
fn pool() -> Option<&'static Pool> {
    static POOL: OnceLock<Option<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let most = super::threads() - 1;
        (most > 0).then(|| Pool {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                idle: 0,
                workers: Vec::new(),
                cores: Cores::of_this_thread(),
            }),
            work: Condvar::new(),
            most,
        })
    })
    .as_ref()
}

impl Pool {
    /// Queues `task`, starting a worker for it if every worker has a
    /// task already and a core is left.
    fn push(&'static self, task: Queued) {
        let mut state = lock(&self.state);
        if !WORKER.get() && state.cores.as_mut().is_some_and(Cores::moved) {
            let State { workers, cores, .. } = &*state;
            let cores = cores.as_ref().expect("checked just above");
            workers.iter().for_each(|w| cores.pin(w));
        }
        state.queue.push_back(task);
        if state.idle > 0 {
            self.work.notify_one();
        }
        if state.queue.len() > state.idle && state.workers.len() < self.most {
            let started = std::thread::Builder::new()
                .name("ptcdoc-worker".into())
                .spawn(move || self.work());
            // A worker that cannot be started (a limit on threads) leaves
            // the task queued: the thread that waits for it runs it.
            if let Ok(worker) = started {
                if let Some(cores) = &state.cores {
                    cores.pin(&worker);
                }
                state.workers.push(worker);
            }
        }
    }

    /// A worker's life: the next task, or a wait for one.
    fn work(&self) {
        WORKER.set(true);
        let mut state = lock(&self.state);
        loop {
            match state.queue.pop_front() {
                Some(task) => {
                    drop(state);
                    // Taken back by its waiter meanwhile: nothing to do.
                    task.run_if_queued();
                    state = lock(&self.state);
                }
                None => {
                    state.idle += 1;
                    state = (self.work.wait(state)).unwrap_or_else(PoisonError::into_inner);
                    state.idle -= 1;
                }
            }
        }
    }
}

/// Runs `f` on the pool, no one waiting for it: work ahead of a need (a
/// cache filled early). Without a pool, on a thread of its own.
pub fn detach(f: impl FnOnce() + Send + 'static) {
    let task = Arc::new(Task::new(f));
    match pool() {
        Some(pool) => pool.push(task),
        None => {
            std::thread::spawn(move || task.run_if_queued());
        }
    }
}

/// Where tasks that borrow from the caller's stack are spawned; see
/// [`scope`].
pub struct Scope<'scope, 'env: 'scope> {
    /// Its tasks, their lifetime erased as in the queue (see `spawn`):
    /// holding `'scope` here would make the scope's drop need it.
    tasks: Mutex<Vec<Queued>>,
    /// Invariant in both lifetimes, as `std::thread::Scope` is.
    scope: PhantomData<&'scope mut &'scope ()>,
    env: PhantomData<&'env mut &'env ()>,
}

/// A task's result, to be waited for.
pub struct Handle<'scope, R> {
    task: Arc<Task<Box<dyn FnOnce() -> R + Send + 'scope>, R>>,
}

impl<R: Send> Handle<'_, R> {
    /// The task's result, once it has run (here, if no worker took it);
    /// a panic in it is raised again here.
    pub fn join(self) -> R {
        self.task.finish();
        let mut stage = lock(&self.task.stage);
        match std::mem::replace(&mut *stage, Stage::Joined) {
            Stage::Done(Ok(result)) => result,
            Stage::Done(Err(panic)) => {
                drop(stage);
                resume_unwind(panic)
            }
            _ => unreachable!("a finished task is done, and joined once"),
        }
    }
}

impl<'scope> Scope<'scope, '_> {
    /// Queues `f` for a worker; [`Handle::join`] gives its result.
    pub fn spawn<F, R>(&'scope self, f: F) -> Handle<'scope, R>
    where
        F: FnOnce() -> R + Send + 'scope,
        R: Send + 'scope,
    {
        let f: Box<dyn FnOnce() -> R + Send + 'scope> = Box::new(f);
        let typed = Arc::new(Task::new(f));
        let task: Arc<dyn Run + 'scope> = typed.clone();
        // SAFETY: the scope and the queue may hold the task after 'scope
        // ends, but nothing of it that borrows is then alive: before
        // `scope` returns or unwinds, every task it spawned has run (its
        // closure consumed) and its result was taken by a join or
        // dropped by `settle`. A worker that pops the task later finds it
        // taken and drops an `Arc` to an empty shell. So
        // `std::thread::scope` lets its threads borrow too.
        let task = unsafe { std::mem::transmute::<Arc<dyn Run + 'scope>, Queued>(task) };
        lock(&self.tasks).push(task.clone());
        if let Some(pool) = pool() {
            pool.push(task);
        }
        Handle { task: typed }
    }
}

/// Runs `f` with a [`Scope`] to spawn tasks in, which may borrow anything
/// that outlives the call; returns once every task has finished. A panic
/// in a task no handle joined is raised again here, as
/// `std::thread::scope` does.
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    let scope = Scope {
        tasks: Mutex::new(Vec::new()),
        scope: PhantomData,
        env: PhantomData,
    };
    let result = catch_unwind(AssertUnwindSafe(|| f(&scope)));
    // Until none is left: a task may spawn more in the scope while it
    // runs; once all have finished, nothing that could spawn is running.
    let mut finished = Vec::new();
    loop {
        let tasks = std::mem::take(&mut *lock(&scope.tasks));
        if tasks.is_empty() {
            break;
        }
        tasks.iter().for_each(|task| task.finish());
        finished.extend(tasks);
    }
    // Only now, when no task runs that could still join another (a handle
    // may be moved into a task), every one settled.
    let panicked = finished.iter().fold(false, |any, task| task.settle() | any);
    match result {
        Err(panic) => resume_unwind(panic),
        Ok(_) if panicked => panic!("a task of a parallel scope panicked"),
        Ok(result) => result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::any::Any;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn message(panic: &(dyn Any + Send)) -> String {
        (panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    }

    #[test]
    fn tasks_borrow_and_return_their_results() {
        let words = ["a".to_string(), "bb".to_string(), "ccc".to_string()];
        let mut counted = 0;
        let lengths = scope(|s| {
            let handles: Vec<_> = words.iter().map(|w| s.spawn(|| w.len())).collect();
            counted = words.len();
            handles.into_iter().map(Handle::join).collect::<Vec<_>>()
        });
        assert_eq!((lengths, counted), (vec![1, 2, 3], 3));
    }

    /// Every task has run when `scope` returns, joined or not.
    #[test]
    fn the_scope_waits_for_every_task() {
        let ran = AtomicUsize::new(0);
        scope(|s| {
            for _ in 0..20 {
                s.spawn(|| {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    ran.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(ran.load(Ordering::SeqCst), 20);
    }

    /// A task that spawns and waits for tasks of its own finishes, however
    /// many are queued ahead: waiting takes queued work back.
    #[test]
    fn nested_tasks_cannot_deadlock() {
        let total = scope(|outer| {
            let handles: Vec<_> = (0..8u64)
                .map(|n| {
                    outer.spawn(move || {
                        scope(|inner| {
                            let parts: Vec<_> =
                                (0..8u64).map(|k| inner.spawn(move || n * 8 + k)).collect();
                            parts.into_iter().map(Handle::join).sum::<u64>()
                        })
                    })
                })
                .collect();
            handles.into_iter().map(Handle::join).sum::<u64>()
        });
        assert_eq!(total, (0..64u64).sum::<u64>());
    }

    /// Tasks that spawn more in their own scope, after the body is done
    /// with it: the scope still waits for every one.
    #[test]
    fn tasks_spawned_by_tasks_are_waited_for() {
        let ran = AtomicUsize::new(0);
        scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    for _ in 0..4 {
                        s.spawn(|| {
                            std::thread::sleep(std::time::Duration::from_millis(1));
                            ran.fetch_add(1, Ordering::SeqCst);
                        });
                    }
                });
            }
        });
        assert_eq!(ran.load(Ordering::SeqCst), 16);
    }

    /// A handle may be moved into another task of the scope and joined
    /// there, also after the body is done.
    #[test]
    fn a_handle_is_joined_inside_another_task() {
        let got = std::sync::Mutex::new(None);
        scope(|s| {
            let first = s.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(5));
                6 * 7
            });
            s.spawn(|| *got.lock().unwrap() = Some(first.join()));
        });
        assert_eq!(*got.lock().unwrap(), Some(42));
    }

    #[test]
    fn a_joined_panic_reaches_the_joiner() {
        let caught = catch_unwind(|| scope(|s| s.spawn(|| panic!("task 7")).join()));
        assert_eq!(message(&*caught.unwrap_err()), "task 7");
    }

    /// As `std::thread::scope`: a panic nobody joined is not lost.
    #[test]
    fn an_unjoined_panic_reaches_the_scope() {
        let caught = catch_unwind(|| {
            scope(|s| {
                s.spawn(|| panic!("unjoined"));
            })
        });
        let message = message(&*caught.unwrap_err());
        assert!(
            message.contains("task of a parallel scope panicked"),
            "{message}"
        );
    }

    /// A scope that unwinds still waits for its tasks, which may borrow
    /// from the frames it unwinds.
    #[test]
    fn a_scope_that_panics_finishes_its_tasks_first() {
        let ran = AtomicUsize::new(0);
        let caught = catch_unwind(AssertUnwindSafe(|| {
            scope(|s| {
                s.spawn(|| {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    ran.fetch_add(1, Ordering::SeqCst);
                });
                panic!("body");
            })
        }));
        assert_eq!(message(&*caught.unwrap_err()), "body");
        assert_eq!(ran.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn detached_work_runs() {
        let (tx, rx) = std::sync::mpsc::channel();
        detach(move || tx.send(42).unwrap());
        let got = rx.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(got, Ok(42));
    }
}
