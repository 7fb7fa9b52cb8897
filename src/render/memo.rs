//! What a renderer made once and may be asked for again in the same
//! process, kept by what it was made from: the HTML's font rules and
//! compressed font tables, the DOCX's compressed parts. What is kept is a
//! function of its key alone, so keeping it changes no byte; it pays in
//! both languages of one run (the parts they share) and at every rebuild
//! of `ptcdoc watch` (the parts an edit did not change).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Values by key, at most `capacity` of them: past that, all are
/// forgotten (the simplest bound; a watch's next rebuild makes again what
/// it still needs).
pub struct Memo<K, V: ?Sized> {
    kept: Mutex<BTreeMap<K, Arc<V>>>,
    capacity: usize,
}

impl<K: Ord, V: ?Sized> Memo<K, V> {
    pub const fn new(capacity: usize) -> Memo<K, V> {
        Memo {
            kept: Mutex::new(BTreeMap::new()),
            capacity,
        }
    }

    /// The value kept for `key`, or the one `make` makes (then kept).
    pub fn get<E>(&self, key: K, make: impl FnOnce() -> Result<Arc<V>, E>) -> Result<Arc<V>, E> {
        let lock = || self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = lock().get(&key) {
            return Ok(Arc::clone(value));
        }
        // Made without the lock held, so that other threads wait for
        // nothing; two that make the same value make the same bytes.
        let value = make()?;
        let mut kept = lock();
        if kept.len() >= self.capacity {
            kept.clear();
        }
        kept.insert(key, Arc::clone(&value));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A key asked for again gets the value made before, not made anew;
    /// other keys are made; past the capacity all is forgotten; a failure
    /// is not kept.
    #[test]
    fn values_are_made_once_per_key_within_the_capacity() {
        let memo: Memo<String, str> = Memo::new(3);
        let made = Cell::new(0);
        let get = |key: &str| {
            memo.get(key.to_string(), || {
                made.set(made.get() + 1);
                Ok::<_, ()>(Arc::from(format!("<{key}>")))
            })
            .unwrap()
        };
        let first = get("a");
        assert!(Arc::ptr_eq(&first, &get("a")));
        assert_eq!(made.get(), 1);
        assert_eq!(&*get("b"), "<b>");
        assert_eq!(&*get("c"), "<c>");
        assert_eq!(made.get(), 3);
        assert_eq!(memo.get("x".to_string(), || Err("no")), Err("no"));
        get("d");
        assert_eq!(made.get(), 4);
        assert!(!Arc::ptr_eq(&first, &get("a")));
        assert_eq!(made.get(), 5);
    }
}
