//! Password checks (argon2, ~19 MiB and tens of milliseconds of CPU each) on threads of
//! their own: at most `--max-password-checks` at once, a `503` beyond that (the caller asks
//! for a slot before anything is counted or hashed), and at a lower CPU priority than the
//! request threads, so that under a login flood a member's reads still get the cores.

use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

type Job = Box<dyn FnOnce() + Send>;

/// How much lower the check threads run (Linux `nice`; 0 is the request threads').
const NICENESS: i32 = 10;

pub struct PasswordChecks {
    slots: Arc<Semaphore>,
    jobs: Mutex<mpsc::Sender<Job>>,
}

/// The right to run one check now.
pub struct Slot {
    _permit: OwnedSemaphorePermit,
}

impl PasswordChecks {
    /// `n` threads, one per slot. They end when this is dropped.
    pub fn new(n: usize) -> std::io::Result<PasswordChecks> {
        let n = n.clamp(1, 1024);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..n {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("password-check-{i}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        let job = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        let Ok(job) = job else { break };
                        // A panicking check must not take its thread with it.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(PasswordChecks {
            slots: Arc::new(Semaphore::new(n)),
            jobs: Mutex::new(tx),
        })
    }

    /// A free slot, or `None` when every slot is busy.
    pub fn try_slot(&self) -> Option<Slot> {
        self.slots
            .clone()
            .try_acquire_owned()
            .ok()
            .map(|p| Slot { _permit: p })
    }

    /// The slots themselves (tests hold them to fill the server).
    pub fn slots(&self) -> Arc<Semaphore> {
        self.slots.clone()
    }

    /// Runs `check` on a check thread; the slot is held until it ends, even when the
    /// caller stops waiting. `None` when the check panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        slot: Slot,
        check: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(check));
            // Free before the answer, so a caller that sees the answer finds the slot free.
            drop(slot);
            if let Ok(value) = result {
                let _ = tx.send(value);
            }
        });
        let sent = self
            .jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(job);
        sent.ok()?;
        rx.await.ok()
    }
}

fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority only read and set this thread's scheduling priority.
    unsafe {
        let tid = libc::gettid();
        if let Ok(tid) = libc::id_t::try_from(tid) {
            libc::setpriority(libc::PRIO_PROCESS, tid, NICENESS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[tokio::test]
    async fn checks_run_on_their_threads_within_their_slots() -> TestResult {
        let checks = PasswordChecks::new(2)?;
        let a = checks.try_slot().ok_or("a first slot")?;
        let b = checks.try_slot().ok_or("a second slot")?;
        assert!(checks.try_slot().is_none(), "two slots, both taken");
        let name = checks
            .run(a, || std::thread::current().name().map(str::to_string))
            .await
            .ok_or("the check ran")?;
        assert!(name.ok_or("a named thread")?.starts_with("password-check-"));
        assert!(checks.try_slot().is_some(), "the slot came back");
        assert_eq!(checks.run(b, || -> u8 { panic!("in a check") }).await, None);
        let c = checks.try_slot().ok_or("the slot after a panic")?;
        assert_eq!(checks.run(c, || 7).await, Some(7), "the thread survived");
        Ok(())
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn the_check_threads_run_at_a_lower_priority() -> TestResult {
        let checks = PasswordChecks::new(1)?;
        let slot = checks.try_slot().ok_or("a slot")?;
        // SAFETY: getpriority reads this thread's priority.
        let nice = checks
            .run(slot, || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) })
            .await
            .ok_or("the check ran")?;
        // SAFETY: as above, for the test's own thread.
        let ours = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        assert!(
            nice > ours,
            "check thread nice {nice}, request thread {ours}"
        );
        Ok(())
    }
}
