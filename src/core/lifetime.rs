//! Token lifetime: when the access token expires, when to refresh it, and how
//! long to wait before retrying a failed refresh.
//!
//! The browser layer owns the timers; the core owns the decisions. The browser
//! layer calls [`decide`] whenever it wakes up (a timer from
//! [`next_decision_at`], `visibilitychange`, `focus`, before handing out an
//! access token) and acts on the [`SessionDecision`].
//!
//! Expiry is kept on the local clock. `expires_in` is measured on the local
//! clock already; a JWT's `exp` is on the provider's clock and is translated
//! with the clock drift estimated from a fresh ID token's `iat`
//! ([`clock_drift_secs`]).
//!
//! The refresh lead is clamped to a share of the lifetime the provider actually
//! granted: a fixed 60 s lead on a 20 s token would mean "refresh immediately,
//! forever" (browser-facts.md, "Refresh lead time must be clamped").

pub use super::config::session::{RefreshPolicy, DEFAULT_REFRESH_LEAD_SECS};
pub use super::expiry::{access_token_expiry, clock_drift_secs, MAX_JWT_ACCESS_TOKEN_BYTES};
use super::session::Session;
use super::time::{integral_f64_to_u64, UnixTime};

/// What the browser layer should do with a session now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionDecision {
    /// The access token can be used.
    Valid {
        /// When to refresh: `None` when there is no refresh token, or the
        /// expiry is unknown (then refresh only when an API answers 401).
        refresh_at: Option<UnixTime>,
        /// When the access token expires, if known.
        expires_at: Option<UnixTime>,
    },
    /// Refresh now. The access token can still be used meanwhile.
    RefreshNow {
        /// When the access token expires.
        expires_at: Option<UnixTime>,
    },
    /// The access token must not be used any more.
    Expired {
        /// Whether a refresh token can renew the session; otherwise the user
        /// must sign in again.
        can_refresh: bool,
    },
}

/// The instants at which a session's decision changes.
struct Timing {
    /// When to refresh.
    refresh_at: UnixTime,
    /// When the token stops being usable (the expiry minus the leeway).
    stale_at: UnixTime,
}

impl Timing {
    /// lead = min(lead_secs, share of the lifetime), at least min_lead_secs;
    /// leeway = min(leeway_secs, half that share); the refresh never comes
    /// after the token becomes unusable.
    fn of(session: &Session, policy: &RefreshPolicy, expires_at: UnixTime) -> Timing {
        let lifetime = session
            .lifetime_secs
            .unwrap_or_else(|| session.issued_at.secs_until(expires_at));
        let percent = u128::from(policy.max_lead_fraction_percent.min(100));
        let share = u64::try_from(u128::from(lifetime) * percent / 100).unwrap_or(u64::MAX);
        let leeway = policy.leeway_secs.min(share / 2);
        let lead = policy
            .lead_secs
            .min(share)
            .max(policy.min_lead_secs)
            .max(leeway);
        Timing {
            refresh_at: expires_at.saturating_sub(lead),
            stale_at: expires_at.saturating_sub(leeway),
        }
    }
}

/// Decides what to do with `session` at `now`.
///
/// - Unknown expiry: [`SessionDecision::Valid`] without `refresh_at` (never
///   refresh proactively).
/// - From the expiry minus the leeway on: [`SessionDecision::Expired`].
/// - From the expiry minus the lead on, with a refresh token:
///   [`SessionDecision::RefreshNow`].
/// - Before that: [`SessionDecision::Valid`] with `refresh_at` when there is a
///   refresh token.
///
/// See [`RefreshPolicy`] for how the lead and the leeway are clamped to the
/// granted lifetime ([`Session::lifetime_secs`], or the expiry minus
/// [`Session::issued_at`] for sessions stored before it existed).
#[must_use]
pub fn decide(session: &Session, policy: &RefreshPolicy, now: UnixTime) -> SessionDecision {
    let Some(expires_at) = session.expires_at else {
        return SessionDecision::Valid {
            refresh_at: None,
            expires_at: None,
        };
    };
    let can_refresh = session.refresh_token.is_some();
    let timing = Timing::of(session, policy, expires_at);
    if now >= timing.stale_at {
        SessionDecision::Expired { can_refresh }
    } else if can_refresh && now >= timing.refresh_at {
        SessionDecision::RefreshNow {
            expires_at: Some(expires_at),
        }
    } else {
        SessionDecision::Valid {
            refresh_at: can_refresh.then_some(timing.refresh_at),
            expires_at: Some(expires_at),
        }
    }
}

/// The first instant after `now` at which [`decide`] may answer differently:
/// when to set the next timer. `None` when nothing will change on its own
/// (unknown expiry, or already expired).
///
/// Timers in hidden tabs fire late (browser-facts.md, "Background tabs"):
/// call [`decide`] again on `visibilitychange` and `focus` as well.
#[must_use]
pub fn next_decision_at(
    session: &Session,
    policy: &RefreshPolicy,
    now: UnixTime,
) -> Option<UnixTime> {
    let expires_at = session.expires_at?;
    let timing = Timing::of(session, policy, expires_at);
    let refresh_at = session.refresh_token.is_some().then_some(timing.refresh_at);
    [refresh_at, Some(timing.stale_at)]
        .into_iter()
        .flatten()
        .filter(|t| *t > now)
        .min()
}

/// How long to wait, in milliseconds, before retry number `attempt` (0 for the
/// first retry) of a refresh that failed for a passing reason.
///
/// Exponential backoff, `retry_base_ms * 2^attempt` capped at `retry_max_ms`
/// (for any `attempt`, without overflow), with "equal jitter": half of it is
/// fixed and the other half scaled by `jitter_unit`, a random number in
/// `[0, 1)` that the caller draws (out-of-range values are clamped, NaN counts
/// as 0). Tabs that failed together then do not retry together.
#[must_use]
pub fn retry_delay_ms(attempt: u32, jitter_unit: f64, policy: &RefreshPolicy) -> u64 {
    let cap = policy.retry_max_ms;
    let backoff = 2u64
        .checked_pow(attempt)
        .and_then(|factor| policy.retry_base_ms.checked_mul(factor))
        .map_or(cap, |delay| delay.min(cap));
    let half = backoff / 2;
    let fixed = backoff.saturating_sub(half);
    let unit = if jitter_unit.is_nan() {
        0.0
    } else {
        jitter_unit.clamp(0.0, 1.0)
    };
    #[allow(clippy::cast_precision_loss)] // a jitter needs no 64-bit precision
    let random = integral_f64_to_u64((half as f64 * unit).floor()).map_or(half, |r| r.min(half));
    fixed.saturating_add(random)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::id_token::tests::{b64, good_claims, jwt, NOW};
    use super::super::id_token::DecodedIdToken;
    use super::super::secret::{AccessToken, IdToken, RefreshToken};
    use super::super::session::User;
    use super::super::types::{ClientId, IssuerUrl};
    use super::*;
    use serde_json::json;
    use serde_json::Value;

    /// An unsigned JWT access token with the given `exp`.
    pub(crate) fn jwt_access_token(exp: Value) -> AccessToken {
        let token = jwt(
            &json!({"alg": "RS256", "typ": "at+jwt"}),
            &json!({"iss": "https://op.example", "sub": "248289761001", "exp": exp}),
        );
        AccessToken::new(token.secret().to_owned())
    }

    /// A session received at [`NOW`] whose access token expires after
    /// `lifetime` seconds (unknown when `None`).
    pub(crate) fn session_with(lifetime: Option<u64>, refresh_token: Option<&str>) -> Session {
        let id_token: IdToken = jwt(&json!({"alg": "RS256"}), &good_claims());
        let claims = DecodedIdToken::decode(&id_token).unwrap().claims;
        Session {
            issuer: IssuerUrl::parse("https://op.example").unwrap(),
            client_id: ClientId::parse("my-client").unwrap(),
            access_token: AccessToken::new("AT-SECRET".into()),
            token_type: "Bearer".into(),
            refresh_token: refresh_token.map(|t| RefreshToken::new(t.into())),
            id_token: Some(id_token),
            user: User::from(&claims),
            claims,
            expires_at: lifetime.map(|l| UnixTime(NOW).plus(l)),
            scope: None,
            issued_at: UnixTime(NOW),
            clock_drift_secs: 0,
            lifetime_secs: lifetime,
        }
    }

    fn valid(refresh_at: Option<u64>, expires_at: u64) -> SessionDecision {
        SessionDecision::Valid {
            refresh_at: refresh_at.map(UnixTime),
            expires_at: Some(UnixTime(expires_at)),
        }
    }

    fn refresh_now(expires_at: u64) -> SessionDecision {
        SessionDecision::RefreshNow {
            expires_at: Some(UnixTime(expires_at)),
        }
    }

    const EXPIRED: SessionDecision = SessionDecision::Expired { can_refresh: true };

    #[test]
    fn policy_defaults() {
        let p = RefreshPolicy::default();
        assert_eq!(p.lead_secs, 60);
        assert_eq!(p.max_lead_fraction_percent, 25);
        assert_eq!(p.min_lead_secs, 2);
        assert_eq!(p.leeway_secs, 5);
        assert_eq!(p.retry_base_ms, 1000);
        assert_eq!(p.retry_max_ms, 30_000);
    }

    #[test]
    fn expiry_from_expires_in() {
        // expires_in wins over a JWT's exp and ignores the drift: it is local time.
        let at = jwt_access_token(json!(NOW + 10));
        assert_eq!(
            access_token_expiry(Some(3600), &at, 120, UnixTime(NOW)),
            Some(UnixTime(NOW + 3600))
        );
        assert_eq!(
            access_token_expiry(Some(u64::MAX), &at, 0, UnixTime(NOW)),
            Some(UnixTime(u64::MAX))
        );
    }

    #[test]
    fn expiry_from_a_jwt_access_token() {
        let at = jwt_access_token(json!(NOW + 3600));
        // (clock drift = server - local, expected local expiry)
        let cases = [
            (0, NOW + 3600),    // clocks agree
            (120, NOW + 3480),  // server 2 min ahead: expires sooner locally
            (-120, NOW + 3720), // server 2 min behind: expires later locally
        ];
        for (drift, expected) in cases {
            assert_eq!(
                access_token_expiry(None, &at, drift, UnixTime(NOW)),
                Some(UnixTime(expected)),
                "{drift}"
            );
        }
        // A fractional NumericDate (RFC 7519 §2) is rounded down.
        let at = jwt_access_token(json!(1_700_003_600.75));
        assert_eq!(
            access_token_expiry(None, &at, 0, UnixTime(NOW)),
            Some(UnixTime(NOW + 3600))
        );
        // Extreme drifts saturate instead of overflowing.
        let at = jwt_access_token(json!(10));
        assert_eq!(
            access_token_expiry(None, &at, i64::MAX, UnixTime(NOW)),
            Some(UnixTime(0))
        );
        let at = jwt_access_token(json!(u64::MAX));
        assert_eq!(
            access_token_expiry(None, &at, i64::MIN, UnixTime(NOW)),
            Some(UnixTime(u64::MAX))
        );
    }

    #[test]
    fn unknown_expiry_for_opaque_or_odd_tokens() {
        let h = b64(json!({"alg": "RS256"}).to_string().as_bytes());
        let p = b64(json!({"exp": NOW + 60}).to_string().as_bytes());
        let payload = |v: Value| b64(v.to_string().as_bytes());
        let huge = format!("{h}.{}.sig", "A".repeat(MAX_JWT_ACCESS_TOKEN_BYTES));
        // (raw access token): all give an unknown expiry
        let cases = [
            "2YotnFZFEjr1zCsicMWpAA".to_owned(), // opaque (RFC 6749 §5.1 example)
            format!("{h}.{p}"),                  // two parts
            format!("{h}.{p}.sig.x.y"),          // five parts: a JWE
            format!("{}.{p}.sig", b64(b"abc")),  // header not JSON: dotted opaque token
            format!("{}.{p}.sig", b64(b"[1]")),  // header not an object
            format!("{h}.{p}*.sig"),             // payload not base64url
            format!("{h}.{}.sig", b64(b"exp")),  // payload not JSON
            format!("{h}.{}.sig", payload(json!({"sub": "a"}))), // no exp
            format!("{h}.{}.sig", payload(json!({"exp": "soon"}))), // exp not a number
            format!("{h}.{}.sig", payload(json!({"exp": -5}))), // negative exp
            format!("{h}.{}.sig", payload(json!([NOW]))), // payload an array
            huge,                                // too large to read
        ];
        for raw in cases {
            let at = AccessToken::new(raw.clone());
            assert_eq!(
                access_token_expiry(None, &at, 0, UnixTime(NOW)),
                None,
                "{raw:.60}"
            );
        }
    }

    #[test]
    fn drift_from_iat() {
        assert_eq!(clock_drift_secs(None, UnixTime(NOW)), 0);
        assert_eq!(clock_drift_secs(Some(NOW + 120), UnixTime(NOW)), 120);
        assert_eq!(clock_drift_secs(Some(NOW - 120), UnixTime(NOW)), -120);
        assert_eq!(clock_drift_secs(Some(u64::MAX), UnixTime(0)), i64::MAX);
        assert_eq!(clock_drift_secs(Some(0), UnixTime(u64::MAX)), i64::MIN);
    }

    #[test]
    fn unknown_expiry_is_valid_without_refresh() {
        let s = session_with(None, Some("RT"));
        let unknown = SessionDecision::Valid {
            refresh_at: None,
            expires_at: None,
        };
        for now in [NOW, NOW + 86_400 * 365] {
            assert_eq!(
                decide(&s, &RefreshPolicy::default(), UnixTime(now)),
                unknown
            );
        }
        assert_eq!(
            next_decision_at(&s, &RefreshPolicy::default(), UnixTime(NOW)),
            None
        );
    }

    #[test]
    fn lead_is_clamped_to_the_lifetime() {
        let p = RefreshPolicy::default();
        // (lifetime, refresh after, usable until): seconds after NOW
        let cases = [
            (3600, 3540, 3595), // lead 60 s, leeway 5 s
            (200, 150, 195),    // share 50 s caps the lead
            (20, 15, 18),       // browser-facts.md: refreshed at 15 s, not immediately
            (15, 12, 14),       // share 3 s, leeway clamped to 1 s
            (4, 2, 4),          // share 1 s: the 2 s minimum lead wins, no leeway
            (0, 0, 0),          // an already expired grant: no negative times
        ];
        for (lifetime, refresh_after, usable_until) in cases {
            let s = session_with(Some(lifetime), Some("RT"));
            let expires = NOW + lifetime;
            assert_eq!(
                decide(&s, &p, UnixTime(NOW)),
                if refresh_after == 0 {
                    EXPIRED
                } else {
                    valid(Some(NOW + refresh_after), expires)
                },
                "{lifetime}"
            );
            if refresh_after > 0 {
                assert_eq!(
                    decide(&s, &p, UnixTime(NOW + refresh_after - 1)),
                    valid(Some(NOW + refresh_after), expires),
                    "{lifetime}"
                );
            }
            if usable_until > refresh_after {
                assert_eq!(
                    decide(&s, &p, UnixTime(NOW + refresh_after)),
                    refresh_now(expires),
                    "{lifetime}"
                );
                assert_eq!(
                    decide(&s, &p, UnixTime(NOW + usable_until - 1)),
                    refresh_now(expires),
                    "{lifetime}"
                );
            }
            assert_eq!(
                decide(&s, &p, UnixTime(NOW + usable_until)),
                EXPIRED,
                "{lifetime}"
            );
        }
    }

    #[test]
    fn leeway_and_expiry() {
        let p = RefreshPolicy::default();
        let s = session_with(Some(3600), Some("RT"));
        // (seconds after NOW, decision)
        let cases = [
            (3594, refresh_now(NOW + 3600)), // 6 s left: still usable
            (3595, EXPIRED),                 // 5 s left: the leeway
            (3600, EXPIRED),                 // at expiry
            (90_000, EXPIRED),               // long after
        ];
        for (after, expected) in cases {
            assert_eq!(decide(&s, &p, UnixTime(NOW + after)), expected, "{after}");
        }
        let no_leeway = RefreshPolicy {
            leeway_secs: 0,
            ..p
        };
        assert_eq!(
            decide(&s, &no_leeway, UnixTime(NOW + 3599)),
            refresh_now(NOW + 3600)
        );
        // A lead shorter than the leeway still refreshes before the token is unusable.
        let short_lead = RefreshPolicy { lead_secs: 1, ..p };
        assert_eq!(
            decide(&s, &short_lead, UnixTime(NOW)),
            valid(Some(NOW + 3595), NOW + 3600)
        );
    }

    #[test]
    fn without_a_refresh_token() {
        let p = RefreshPolicy::default();
        let s = session_with(Some(3600), None);
        // (seconds after NOW, decision)
        let cases = [
            (0, valid(None, NOW + 3600)),    // no refresh time to schedule
            (3550, valid(None, NOW + 3600)), // never RefreshNow
            (3595, SessionDecision::Expired { can_refresh: false }), // sign in again
        ];
        for (after, expected) in cases {
            assert_eq!(decide(&s, &p, UnixTime(NOW + after)), expected, "{after}");
        }
        assert_eq!(
            next_decision_at(&s, &p, UnixTime(NOW)),
            Some(UnixTime(NOW + 3595))
        );
    }

    #[test]
    fn odd_policies_do_not_panic() {
        let s = session_with(Some(100), Some("RT"));
        // (policy, decision at NOW)
        let cases = [
            // share above 100 % counts as 100 %: lead 60 s
            (
                RefreshPolicy {
                    max_lead_fraction_percent: 255,
                    ..RefreshPolicy::default()
                },
                valid(Some(NOW + 40), NOW + 100),
            ),
            // minimum lead above the lifetime: refresh at once
            (
                RefreshPolicy {
                    min_lead_secs: u64::MAX,
                    ..RefreshPolicy::default()
                },
                refresh_now(NOW + 100),
            ),
            // zero share: the minimum lead, no leeway
            (
                RefreshPolicy {
                    max_lead_fraction_percent: 0,
                    ..RefreshPolicy::default()
                },
                valid(Some(NOW + 98), NOW + 100),
            ),
        ];
        for (policy, expected) in cases {
            assert_eq!(decide(&s, &policy, UnixTime(NOW)), expected, "{policy:?}");
        }
        let mut forever = session_with(Some(u64::MAX), Some("RT"));
        forever.expires_at = Some(UnixTime(u64::MAX));
        assert_eq!(
            decide(&forever, &RefreshPolicy::default(), UnixTime(NOW)),
            valid(Some(u64::MAX - 60), u64::MAX)
        );
    }

    #[test]
    fn lifetime_falls_back_to_issued_at() {
        // Sessions stored before lifetime_secs existed: expires_at - issued_at.
        let mut s = session_with(Some(20), Some("RT"));
        s.lifetime_secs = None;
        assert_eq!(
            decide(&s, &RefreshPolicy::default(), UnixTime(NOW)),
            valid(Some(NOW + 15), NOW + 20)
        );
    }

    #[test]
    fn decision_sequence_over_time() {
        // One 300 s session with a refresh token, polled every 10 s: share 75 s,
        // lead 60 s, leeway 5 s.
        let p = RefreshPolicy::default();
        let s = session_with(Some(300), Some("RT"));
        let mut seen: Vec<(u64, SessionDecision)> = Vec::new();
        for after in (0..=320).step_by(10) {
            let d = decide(&s, &p, UnixTime(NOW + after));
            if seen.last().map(|(_, last)| *last) != Some(d) {
                seen.push((after, d));
            }
        }
        assert_eq!(
            seen,
            [
                (0, valid(Some(NOW + 240), NOW + 300)),
                (240, refresh_now(NOW + 300)),
                (300, EXPIRED),
            ]
        );
        // The timer instants are exactly the changes.
        let wakeups: Vec<Option<UnixTime>> = [0, 239, 240, 294, 295]
            .iter()
            .map(|after| next_decision_at(&s, &p, UnixTime(NOW + after)))
            .collect();
        assert_eq!(
            wakeups,
            [
                Some(UnixTime(NOW + 240)),
                Some(UnixTime(NOW + 240)),
                Some(UnixTime(NOW + 295)),
                Some(UnixTime(NOW + 295)),
                None,
            ]
        );
    }

    #[test]
    fn retry_backoff_with_equal_jitter() {
        let p = RefreshPolicy::default();
        // (attempt, jitter, delay in ms)
        let cases = [
            (0, 0.0, 500),            // 1000 ms: half fixed
            (0, 0.5, 750),            // plus half of the other half
            (0, 0.999, 999),          // just under the full delay
            (1, 0.0, 1000),           // 2000 ms
            (3, 0.25, 5000),          // 8000 ms: 4000 + 1000
            (4, 0.0, 8000),           // 16000 ms
            (5, 0.0, 15_000),         // 32000 ms capped at 30000
            (5, 0.999, 29_985),       // capped, nearly full jitter
            (63, 0.0, 15_000),        // 2^63 * base overflows: capped
            (64, 0.0, 15_000),        // 2^64 overflows: capped
            (u32::MAX, 0.5, 22_500),  // any attempt
            (0, 1.0, 1000),           // out of range jitter: clamped
            (0, -3.0, 500),           // negative jitter: clamped
            (0, f64::NAN, 500),       // NaN counts as 0
            (0, f64::INFINITY, 1000), // infinity: clamped
        ];
        for (attempt, jitter, expected) in cases {
            assert_eq!(
                retry_delay_ms(attempt, jitter, &p),
                expected,
                "{attempt} {jitter}"
            );
        }
        // Extreme policies do not overflow.
        let huge = RefreshPolicy {
            retry_base_ms: u64::MAX,
            retry_max_ms: u64::MAX,
            ..p
        };
        assert_eq!(retry_delay_ms(0, 0.0, &huge), u64::MAX - u64::MAX / 2);
        assert_eq!(retry_delay_ms(40, 1.0, &huge), u64::MAX);
        let zero = RefreshPolicy {
            retry_base_ms: 0,
            ..p
        };
        assert_eq!(retry_delay_ms(10, 0.5, &zero), 0);
        // An odd delay keeps its odd millisecond in the fixed half.
        let odd = RefreshPolicy {
            retry_base_ms: 3,
            ..p
        };
        assert_eq!(retry_delay_ms(0, 0.0, &odd), 2);
    }
}
