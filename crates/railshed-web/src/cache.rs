//! Results by the canonical bytes of their request: a bounded LRU.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// The most recently used `capacity` values by key.
pub(crate) struct Lru<V> {
    capacity: usize,
    entries: Mutex<VecDeque<(String, Arc<V>)>>,
}

impl<V> Lru<V> {
    /// An empty cache of at most `capacity` values (none if 0).
    pub(crate) fn new(capacity: usize) -> Lru<V> {
        Lru { capacity, entries: Mutex::new(VecDeque::new()) }
    }

    /// The value for `key`, now the most recently used.
    pub(crate) fn get(&self, key: &str) -> Option<Arc<V>> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let i = entries.iter().position(|(k, _)| k == key)?;
        let entry = entries.remove(i)?;
        let value = Arc::clone(&entry.1);
        entries.push_back(entry);
        Some(value)
    }

    /// Keeps `value` for `key`, dropping the least recently used beyond
    /// the capacity.
    pub(crate) fn insert(&self, key: String, value: Arc<V>) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|(k, _)| *k != key);
        entries.push_back((key, value));
        while entries.len() > self.capacity {
            entries.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_recently_used_goes_first() {
        let lru = Lru::new(2);
        lru.insert("a".into(), Arc::new(1));
        lru.insert("b".into(), Arc::new(2));
        assert_eq!(lru.get("a").as_deref(), Some(&1));
        lru.insert("c".into(), Arc::new(3));
        assert_eq!(lru.get("b"), None);
        assert_eq!(lru.get("a").as_deref(), Some(&1));
        assert_eq!(lru.get("c").as_deref(), Some(&3));
        lru.insert("c".into(), Arc::new(4));
        assert_eq!(lru.get("c").as_deref(), Some(&4));
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let lru = Lru::new(0);
        lru.insert("a".into(), Arc::new(1));
        assert_eq!(lru.get("a"), None);
    }
}
