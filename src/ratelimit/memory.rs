//! The in-process sliding-window store.

use super::{Decision, Policy};
use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
};

/// Checks between two sweeps of idle keys.
const SWEEP_EVERY: u64 = 1024;

/// Admitted request times per key, in one map behind a mutex (a check is a few hundred
/// nanoseconds; submissions are rare). Idle keys are swept so memory follows active clients.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    keys: HashMap<String, VecDeque<u64>>,
    checks: u64,
}

impl MemoryStore {
    /// Counts one request under `key` at `now_ms` if the window has room.
    pub fn check(&self, key: &str, policy: Policy, now_ms: u64) -> Decision {
        let window = policy.window_ms();
        let horizon = now_ms.saturating_sub(window);
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.checks += 1;
        if inner.checks.is_multiple_of(SWEEP_EVERY) {
            inner
                .keys
                .retain(|_, log| log.back().is_some_and(|&t| t > horizon));
        }
        let log = inner.keys.entry(key.to_string()).or_default();
        while log.front().is_some_and(|&t| t <= horizon) {
            log.pop_front();
        }
        let allowed = (log.len() as u64) < policy.limit as u64;
        if allowed {
            log.push_back(now_ms);
        }
        let reset_after_ms = log
            .front()
            .map_or(0, |&oldest| (oldest + window).saturating_sub(now_ms));
        Decision {
            allowed,
            limit: policy.limit,
            window: policy.window,
            remaining: policy.limit.saturating_sub(log.len() as u32),
            reset_after_ms,
            now_ms,
        }
    }

    /// Keys currently remembered.
    pub fn key_count(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keys
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn policy(limit: u32, secs: u64) -> Policy {
        Policy {
            limit,
            window: Duration::from_secs(secs),
        }
    }

    #[test]
    fn admits_the_limit_then_slides() {
        let s = MemoryStore::default();
        let p = policy(3, 60);
        let t0 = 1_000_000;
        for (i, at) in [0u64, 10_000, 20_000].into_iter().enumerate() {
            let d = s.check("a", p, t0 + at);
            assert!(d.allowed);
            assert_eq!(d.remaining, 2 - i as u32);
        }
        let d = s.check("a", p, t0 + 30_000);
        assert!(!d.allowed);
        assert_eq!(d.remaining, 0);
        assert_eq!(
            d.reset_after_ms, 30_000,
            "the first request leaves at t0+60 s"
        );
        assert_eq!(d.reset_after_secs(), 30);
        // One millisecond before the first request leaves: still full.
        assert!(!s.check("a", p, t0 + 59_999).allowed);
        // At t0+60 s exactly one slot is free again, not three.
        let d = s.check("a", p, t0 + 60_000);
        assert!(d.allowed);
        assert_eq!(d.remaining, 0);
        assert!(!s.check("a", p, t0 + 60_001).allowed);
        // Another key is untouched.
        assert_eq!(s.check("b", p, t0 + 60_001).remaining, 2);
    }

    #[test]
    fn rejected_requests_do_not_extend_the_wait() {
        let s = MemoryStore::default();
        let p = policy(1, 10);
        assert!(s.check("k", p, 5).allowed);
        for t in (1_000..10_000).step_by(1_000) {
            assert!(!s.check("k", p, t).allowed);
        }
        assert!(s.check("k", p, 10_005).allowed);
    }

    #[test]
    fn idle_keys_are_swept() {
        let s = MemoryStore::default();
        let p = policy(5, 1);
        for i in 0..SWEEP_EVERY - 1 {
            s.check(&format!("client-{i}"), p, 0);
        }
        assert_eq!(s.key_count(), (SWEEP_EVERY - 1) as usize);
        s.check("late", p, 5_000);
        assert_eq!(
            s.key_count(),
            1,
            "only the key seen after the sweep remains"
        );
    }
}
