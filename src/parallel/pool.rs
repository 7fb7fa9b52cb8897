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
//! `std::thread::scope`'s threads do, under the same discipline: a task
//! is *released* once it has run and its result is gone (taken by
//! [`Handle::join`], or dropped with its handle), and [`scope`] returns,
//! or unwinds, only when every task spawned in it is released. A task no
//! worker has taken yet when it is waited for is run by the thread that
//! waits: a caller never waits for work it could do itself, and work
//! spawned inside tasks cannot deadlock the pool.
//!
//! Unlike `std::thread::scope`'s threads, tasks are not promised to run
//! at the same time as the code that spawned them, or as each other:
//! with every worker busy (or none, on one core) they run one after the
//! other on the thread that waits. A task must never wait for another,
//! or for the scope's body, other than by joining its handle.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::JoinHandle;

use super::affinity::Cores;

/// Locks `m`. Every closure and result of a task is run or dropped under
/// `catch_unwind` with no lock of ours held, so a poisoned lock holds
/// consistent data.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn wait<'a, T>(signal: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    signal.wait(guard).unwrap_or_else(PoisonError::into_inner)
}

/// A task of any closure and result type, as the queue holds it.
trait Run: Send + Sync {
    /// Runs the task here if no thread has taken it; false if one had.
    fn run_if_queued(&self) -> bool;
}

enum Stage<F, R> {
    Queued(F),
    Running,
    Done(std::thread::Result<R>),
    /// Its result taken or dropped: nothing of the task is left.
    Gone,
}

struct TaskState<F, R> {
    stage: Stage<F, R>,
    /// No handle will take the result (dropped, or never had one): the
    /// thread that runs the task drops it, then releases the task.
    unwanted: bool,
}

struct Task<F, R> {
    state: Mutex<TaskState<F, R>>,
    /// Signalled when the task is done.
    finished: Condvar,
    /// The scope it was spawned in; `None` for [`detach`].
    scope: Option<Arc<ScopeState>>,
}

impl<F: FnOnce() -> R + Send, R: Send> Task<F, R> {
    fn new(f: F, scope: Option<Arc<ScopeState>>) -> Task<F, R> {
        Task {
            state: Mutex::new(TaskState {
                stage: Stage::Queued(f),
                unwanted: scope.is_none(),
            }),
            finished: Condvar::new(),
            scope,
        }
    }

    /// Returns once the task is done: runs it here if no thread had
    /// taken it, else waits for the thread that did.
    fn finish(&self) {
        if self.run_if_queued() {
            return;
        }
        let mut state = lock(&self.state);
        while matches!(state.stage, Stage::Running) {
            state = wait(&self.finished, state);
        }
    }

    /// Drops the result of a task no one will join (a panic in it counts
    /// as the scope's, as an unjoined thread's does in
    /// `std::thread::scope`), then releases the task.
    fn discard(&self, result: std::thread::Result<R>) {
        if let (Err(_), Some(scope)) = (&result, &self.scope) {
            lock(&scope.state).panicked = true;
        }
        // What the result borrows is alive until the release below. A
        // result that panics when dropped aborts, as `std::thread::scope`
        // does: unwinding from here would skip the release.
        if let Err(panic) = catch_unwind(AssertUnwindSafe(move || drop(result))) {
            std::mem::forget(panic);
            eprintln!("ptcdoc: the result of a parallel task panicked when dropped");
            std::process::abort();
        }
        self.release();
    }

    /// Counts the task out of its scope: it has run and its result is
    /// gone.
    fn release(&self) {
        if let Some(scope) = &self.scope {
            lock(&scope.state).unreleased -= 1;
            scope.changed.notify_all();
        }
    }
}

impl<F: FnOnce() -> R + Send, R: Send> Run for Task<F, R> {
    fn run_if_queued(&self) -> bool {
        let f = {
            let mut state = lock(&self.state);
            match std::mem::replace(&mut state.stage, Stage::Running) {
                Stage::Queued(f) => f,
                taken => {
                    state.stage = taken;
                    return false;
                }
            }
        };
        let result = catch_unwind(AssertUnwindSafe(f));
        let mut state = lock(&self.state);
        if state.unwanted {
            state.stage = Stage::Gone;
            drop(state);
            self.discard(result);
        } else {
            state.stage = Stage::Done(result);
            drop(state);
            self.finished.notify_all();
        }
        true
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
    /// task already and a core is left. False if the pool has no worker
    /// (none could be started): then only a thread that waits for the
    /// task will run it.
    fn push(&'static self, task: Queued) -> bool {
        let mut state = lock(&self.state);
        if !WORKER.get() && state.cores.as_mut().is_some_and(Cores::moved) {
            let State { workers, cores, .. } = &*state;
            let cores = cores.as_ref().expect("checked just above");
            // Workers never end (see `work`); were one to, its handle
            // would name no thread, and pinning it would pin this one.
            (workers.iter())
                .filter(|w| !w.is_finished())
                .for_each(|w| cores.pin(w));
        }
        state.queue.push_back(task);
        if state.idle > 0 {
            self.work.notify_one();
        }
        if state.queue.len() > state.idle && state.workers.len() < self.most {
            // Started under the lock, so that it is pinned before it can
            // take its first task. One that cannot be started (a limit on
            // threads) leaves the task queued.
            let started = std::thread::Builder::new()
                .name("ptcdoc-worker".into())
                .spawn(move || self.work());
            if let Ok(worker) = started {
                if let Some(cores) = &state.cores {
                    cores.pin(&worker);
                }
                state.workers.push(worker);
            }
        }
        !state.workers.is_empty()
    }

    /// A worker's life: the next task, or a wait for one. It never ends:
    /// tasks catch their own panics, and this catches any other.
    fn work(&self) {
        WORKER.set(true);
        let mut state = lock(&self.state);
        loop {
            match state.queue.pop_front() {
                Some(task) => {
                    drop(state);
                    // Taken back by its waiter meanwhile: nothing to do.
                    let _ = catch_unwind(AssertUnwindSafe(move || task.run_if_queued()));
                    state = lock(&self.state);
                }
                None => {
                    state.idle += 1;
                    state = wait(&self.work, state);
                    state.idle -= 1;
                }
            }
        }
    }
}

/// Runs `f` on the pool, no one waiting for it: work ahead of a need (a
/// cache filled early). Without a worker, on a thread of its own; if none
/// can be started either, not at all.
pub fn detach(f: impl FnOnce() + Send + 'static) {
    let task = Arc::new(Task::new(f, None));
    if !pool().is_some_and(|pool| pool.push(task.clone())) {
        let _ = std::thread::Builder::new().spawn(move || task.run_if_queued());
    }
}

/// What a scope and its tasks share.
#[derive(Default)]
struct ScopeState {
    state: Mutex<ScopeCount>,
    /// Signalled when a task is spawned or released.
    changed: Condvar,
}

#[derive(Default)]
struct ScopeCount {
    /// Tasks spawned and not yet released.
    unreleased: usize,
    /// Tasks spawned since the scope's end last looked: the ones it may
    /// have to run itself.
    new: Vec<Queued>,
    /// Whether a task no handle joined panicked.
    panicked: bool,
}

/// Where tasks that borrow from the caller's stack are spawned; see
/// [`scope`].
pub struct Scope<'scope, 'env: 'scope> {
    state: Arc<ScopeState>,
    /// Invariant in both lifetimes, as `std::thread::Scope` is.
    scope: PhantomData<&'scope mut &'scope ()>,
    env: PhantomData<&'env mut &'env ()>,
}

/// A task's result, to be waited for. Dropped unjoined, the result is
/// dropped (once the task has run) and a panic in the task is the
/// scope's.
pub struct Handle<'scope, R: Send> {
    /// `None` once joined.
    task: Option<Arc<Scoped<'scope, R>>>,
}

/// A task spawned in a scope, as its handle knows it.
type Scoped<'scope, R> = Task<Box<dyn FnOnce() -> R + Send + 'scope>, R>;

impl<R: Send> Handle<'_, R> {
    /// The task's result, once it has run (here, if no worker took it);
    /// a panic in it is raised again here.
    pub fn join(mut self) -> R {
        let task = self.task.take().expect("a handle is joined once");
        task.finish();
        let result = {
            let mut state = lock(&task.state);
            state.unwanted = true;
            match std::mem::replace(&mut state.stage, Stage::Gone) {
                Stage::Done(result) => result,
                _ => unreachable!("a finished task with a handle keeps its result"),
            }
        };
        task.release();
        result.unwrap_or_else(|panic| resume_unwind(panic))
    }
}

impl<R: Send> Drop for Handle<'_, R> {
    fn drop(&mut self) {
        let Some(task) = self.task.take() else {
            return;
        };
        let done = {
            let mut state = lock(&task.state);
            state.unwanted = true;
            match state.stage {
                Stage::Done(_) => std::mem::replace(&mut state.stage, Stage::Gone),
                // Still to run, or running: the thread that runs it will
                // find it unwanted.
                _ => return,
            }
        };
        if let Stage::Done(result) = done {
            task.discard(result);
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
        let typed = Arc::new(Task::new(f, Some(self.state.clone())));
        let task: Arc<dyn Run + 'scope> = typed.clone();
        // SAFETY: the queue, and the scope's list, may hold the task after
        // 'scope ends, but nothing of it that borrows is then alive. The
        // task counts as unreleased from here until it has run (its
        // closure consumed) and its result is gone (taken by a join, or
        // dropped by `discard`), and `scope` returns or unwinds only when
        // no task of it is unreleased. Every spawn in the scope happens
        // while something counted runs (the body, a task, or the drop of
        // a result before its task's release), so none can come after.
        // A worker that pops the task later finds it taken, and drops an
        // `Arc` to a shell with nothing in it. `std::thread::scope` lets
        // its threads borrow on the same terms.
        let task = unsafe { std::mem::transmute::<Arc<dyn Run + 'scope>, Queued>(task) };
        {
            let mut state = lock(&self.state.state);
            state.unreleased += 1;
            state.new.push(task.clone());
        }
        self.state.changed.notify_all();
        if let Some(pool) = pool() {
            pool.push(task);
        }
        Handle { task: Some(typed) }
    }
}

/// Runs `f` with a [`Scope`] to spawn tasks in, which may borrow anything
/// that outlives the call; returns once every task is released (has run,
/// and its result is gone). A panic in a task no handle joined is raised
/// again here, as `std::thread::scope` does.
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    let scope = Scope {
        state: Arc::new(ScopeState::default()),
        scope: PhantomData,
        env: PhantomData,
    };
    let result = catch_unwind(AssertUnwindSafe(|| f(&scope)));
    let shared = &*scope.state;
    let mut state = lock(&shared.state);
    loop {
        // Run here what no worker has taken: with every worker busy, or
        // none, nothing else would.
        let new = std::mem::take(&mut state.new);
        if !new.is_empty() {
            drop(state);
            new.iter().for_each(|task| {
                task.run_if_queued();
            });
            drop(new);
            state = lock(&shared.state);
        } else if state.unreleased == 0 {
            break;
        } else {
            state = wait(&shared.changed, state);
        }
    }
    let panicked = state.panicked;
    drop(state);
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

    /// A result that spawns a task when dropped, unjoined: the scope
    /// waits for that task too, which borrows from the caller's stack.
    #[test]
    fn a_task_spawned_by_a_dropped_result_is_waited_for() {
        struct Respawn<'s, 'e: 's> {
            scope: &'s Scope<'s, 'e>,
            ran: &'e AtomicUsize,
        }
        impl Drop for Respawn<'_, '_> {
            fn drop(&mut self) {
                let ran = self.ran;
                self.scope.spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    ran.fetch_add(1, Ordering::SeqCst);
                });
            }
        }
        let ran = AtomicUsize::new(0);
        scope(|s| {
            let ran = &ran;
            s.spawn(move || Respawn { scope: s, ran });
        });
        assert_eq!(ran.load(Ordering::SeqCst), 1);
    }

    /// A result that joins another task's handle when dropped, unjoined.
    #[test]
    fn a_dropped_result_may_join_another_task() {
        struct JoinOnDrop<'s>(Option<Handle<'s, u32>>, &'s AtomicUsize);
        impl Drop for JoinOnDrop<'_> {
            fn drop(&mut self) {
                let got = self.0.take().map(Handle::join);
                self.1.store(got.unwrap_or(0) as usize, Ordering::SeqCst);
            }
        }
        let got = AtomicUsize::new(0);
        scope(|s| {
            let first = s.spawn(|| 7u32);
            let got = &got;
            s.spawn(move || JoinOnDrop(Some(first), got));
        });
        assert_eq!(got.load(Ordering::SeqCst), 7);
    }

    /// A result that reads borrowed data when dropped, its handle dropped
    /// while the task waits behind others: dropped before `scope` returns
    /// (Miri checks the borrow: tools/miri_pool.sh).
    #[test]
    fn an_unjoined_result_is_dropped_within_the_scope() {
        struct ReadsOnDrop<'a>(&'a String, &'a AtomicUsize);
        impl Drop for ReadsOnDrop<'_> {
            fn drop(&mut self) {
                self.1.fetch_add(self.0.len(), Ordering::SeqCst);
            }
        }
        let (text, read) = ("borrowed".to_string(), AtomicUsize::new(0));
        scope(|s| {
            for _ in 0..4 {
                s.spawn(|| std::thread::sleep(std::time::Duration::from_millis(5)));
            }
            for _ in 0..3 {
                s.spawn(|| ReadsOnDrop(&text, &read));
            }
        });
        assert_eq!(read.load(Ordering::SeqCst), 3 * text.len());
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
