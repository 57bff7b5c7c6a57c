//! A counting semaphore bounding the computations run at once.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Permits to compute.
pub(crate) struct Permits {
    free: Mutex<usize>,
    returned: Condvar,
}

/// A permit, given back when dropped.
pub(crate) struct Permit<'a>(&'a Permits);

impl Permits {
    /// `n` permits (at least one).
    pub(crate) fn new(n: usize) -> Permits {
        Permits { free: Mutex::new(n.max(1)), returned: Condvar::new() }
    }

    /// A permit, waiting at most `wait` for one; `None` if none came.
    pub(crate) fn acquire(&self, wait: Duration) -> Option<Permit<'_>> {
        let deadline = Instant::now() + wait;
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            let left = deadline.checked_duration_since(Instant::now())?;
            free = self.returned.wait_timeout(free, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        *free -= 1;
        Some(Permit(self))
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excess_waits_then_gives_up() {
        let permits = Permits::new(2);
        let a = permits.acquire(Duration::ZERO);
        let b = permits.acquire(Duration::ZERO);
        assert!(a.is_some() && b.is_some());
        assert!(permits.acquire(Duration::from_millis(20)).is_none());
        drop(a);
        assert!(permits.acquire(Duration::ZERO).is_some());
    }

    #[test]
    fn a_waiter_gets_a_returned_permit() {
        let permits = Permits::new(1);
        let held = permits.acquire(Duration::ZERO).unwrap();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| permits.acquire(Duration::from_secs(10)).is_some());
            std::thread::sleep(Duration::from_millis(20));
            drop(held);
            assert!(waiter.join().unwrap());
        });
    }
}
