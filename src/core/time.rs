//! Time as plain data: whole seconds since the Unix epoch.
//!
//! The core never reads a clock. The browser layer reads `Date.now()` and passes
//! the result in as [`UnixTime`], so every decision that depends on time is a
//! pure function of its inputs and can be tested with a fixed clock.

use serde::{Deserialize, Serialize};

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixTime(pub u64);

impl UnixTime {
    /// The time `secs` seconds later, saturating instead of overflowing.
    #[must_use]
    pub const fn plus(self, secs: u64) -> UnixTime {
        UnixTime(self.0.saturating_add(secs))
    }

    /// The time `secs` seconds earlier, saturating at the epoch.
    #[must_use]
    pub const fn saturating_sub(self, secs: u64) -> UnixTime {
        UnixTime(self.0.saturating_sub(secs))
    }

    /// Whole seconds since the epoch.
    #[must_use]
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// Seconds from `self` until `later`, or 0 when `later` is not after `self`.
    #[must_use]
    pub const fn secs_until(self, later: UnixTime) -> u64 {
        later.0.saturating_sub(self.0)
    }
}

/// `f` as `u64` when it is a whole, non-negative number in range (JSON numbers
/// of seconds such as `exp` or `expires_in` may be written as floats).
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub(crate) fn integral_f64_to_u64(f: f64) -> Option<u64> {
    // 2^64 as f64; every integral f64 below it fits in u64.
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    if f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < LIMIT {
        Some(f as u64)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(UnixTime(10).plus(5), UnixTime(15));
        assert_eq!(UnixTime(u64::MAX - 1).plus(5), UnixTime(u64::MAX));
        assert_eq!(UnixTime(10).saturating_sub(4), UnixTime(6));
        assert_eq!(UnixTime(3).saturating_sub(4), UnixTime(0));
        assert_eq!(UnixTime(3).secs_until(UnixTime(10)), 7);
        assert_eq!(UnixTime(10).secs_until(UnixTime(3)), 0);
        assert_eq!(UnixTime(42).as_secs(), 42);
    }

    #[test]
    fn serializes_as_a_bare_number() {
        assert_eq!(
            serde_json::to_string(&UnixTime(1_700_000_000)).unwrap(),
            "1700000000"
        );
        let t: UnixTime = serde_json::from_str("12").unwrap();
        assert_eq!(t, UnixTime(12));
    }
}
