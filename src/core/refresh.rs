//! Renewing a session with its refresh token (RFC 6749 §6, OpenID Connect Core
//! 1.0 §12).
//!
//! The browser layer sends [`refresh_request`](super::token::refresh_request),
//! reads the answer with
//! [`parse_token_response`](super::token::parse_token_response), checks a new
//! ID token if there is one (decode, signature,
//! [`validate_claims`](super::id_token::validate_claims) without a nonce), and
//! hands everything to [`apply_refresh`]. A failed refresh goes to
//! [`classify_refresh_error`], which says whether to sign out or to retry
//! later.
//!
//! Refresh tokens are opaque: they are stored and sent back, never decoded.

use super::expiry::{access_token_expiry, clock_drift_secs};
use super::id_token::{check_access_token_hash, DecodedIdToken, IdTokenClaims};
use super::jwks::JwsAlgorithm;
use super::session::{Session, User};
use super::time::UnixTime;
use super::token::{TokenError, TokenResponse};
use super::types::{provider_sentence, shorten};
use serde::{Deserialize, Serialize};

/// Why a refresh response could not be applied to the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RefreshError {
    /// The refreshed ID token's `iss`, `sub`, `aud` or `azp` differs from the
    /// session's (OpenID Connect Core 1.0 §12.2): it may describe another user.
    #[error(
        "Your session could not be renewed: the provider's new ID token does not match your \
         sign-in (its `{0}` differs). Please sign in again."
    )]
    IdTokenMismatch(String),
    /// ID token claims were given for a response without an ID token (a bug in
    /// the caller).
    #[error(
        "Your session could not be renewed: ID token claims were given for a response that \
         has no ID token."
    )]
    ClaimsWithoutIdToken,
    /// The refreshed ID token's `at_hash` does not match the new access
    /// token (OpenID Connect Core 1.0 §12.2, §3.1.3.8).
    #[error(
        "Your session could not be renewed: the new access token does not belong to the new ID \
         token (`at_hash` mismatch). Please sign in again."
    )]
    AccessTokenHashMismatch,
}

impl RefreshError {
    /// Why the session ends because of this error.
    #[must_use]
    pub fn sign_out_reason(&self) -> SignOutReason {
        match self {
            RefreshError::IdTokenMismatch(_)
            | RefreshError::ClaimsWithoutIdToken
            | RefreshError::AccessTokenHashMismatch => SignOutReason::IdTokenMismatch,
        }
    }
}

/// Applies a successful refresh response, received at `now`, to `session`.
///
/// Returns the renewed session; `session` itself is never modified, so on
/// error the caller still holds the old one.
///
/// - The access token, its type and its expiry are replaced; a missing
///   `expires_in` means the expiry of a JWT access token, or unknown (see
///   [`access_token_expiry`]), never the old token's expiry.
/// - A new refresh token replaces the old one (rotation); without one the old
///   one is kept (Cognito without rotation does not send it again).
/// - `refreshed_id_token` holds the claims of the response's ID token, already
///   decoded, signature-checked and validated by the caller. They must name
///   the same `iss`, `sub`, `aud` (as a set) and `azp` as the session's
///   (OpenID Connect Core 1.0 §12.2), else [`RefreshError::IdTokenMismatch`].
///   Then they replace the claims, the user and the raw ID token, and the clock
///   drift is estimated again from their `iat`. Its `at_hash`, when present,
///   must match the new access token, else
///   [`RefreshError::AccessTokenHashMismatch`] (checked here too, whatever the
///   caller did). When the response has an ID
///   token but no claims are given, the old ID token and claims are kept: an
///   unchecked token is never stored.
/// - `scope` is replaced only when the response names one (RFC 6749 §5.1:
///   omitted when unchanged).
pub fn apply_refresh(
    session: &Session,
    response: TokenResponse,
    refreshed_id_token: Option<IdTokenClaims>,
    now: UnixTime,
) -> Result<Session, RefreshError> {
    let TokenResponse {
        access_token,
        token_type,
        expires_in,
        refresh_token,
        id_token,
        scope,
    } = response;
    let mut renewed = session.clone();
    match (refreshed_id_token, id_token) {
        (Some(claims), Some(raw)) => {
            check_same_identity(&session.claims, &claims)?;
            if claims.at_hash.is_some() {
                // The caller decoded this token already; its algorithm is
                // needed for the hash.
                let alg = DecodedIdToken::decode(&raw)
                    .ok()
                    .and_then(|d| super::jwks::JwsAlgorithm::from_name(&d.header.alg))
                    .ok_or(RefreshError::AccessTokenHashMismatch)?;
                check_access_token_hash(alg, &claims, Some(&access_token))
                    .map_err(|_| RefreshError::AccessTokenHashMismatch)?;
            }
            renewed.clock_drift_secs = clock_drift_secs(Some(claims.iat), now);
            renewed.user = User::from(&claims);
            renewed.claims = claims;
            renewed.id_token = Some(raw);
        }
        (Some(_), None) => return Err(RefreshError::ClaimsWithoutIdToken),
        (None, _) => {}
    }
    renewed.expires_at =
        access_token_expiry(expires_in, &access_token, renewed.clock_drift_secs, now);
    renewed.lifetime_secs = renewed.expires_at.map(|at| now.secs_until(at));
    renewed.access_token = access_token;
    renewed.token_type = token_type;
    if refresh_token.is_some() {
        renewed.refresh_token = refresh_token;
    }
    if scope.is_some() {
        renewed.scope = scope;
    }
    renewed.issued_at = now;
    Ok(renewed)
}

/// Applies a refresh response whose ID token could not be signature-checked
/// because the provider's keys could not be fetched
/// ([`IdTokenError::SigningKeysUnavailable`](super::id_token::IdTokenError::SigningKeysUnavailable)).
///
/// Treating this as "retry later" would throw away tokens the provider has
/// already issued: with refresh-token rotation the old refresh token is spent,
/// and sending it again is reuse, for which a provider revokes the whole grant
/// (RFC 9700 §4.14.2). So the new access and refresh tokens are kept, and the
/// session's previously verified ID token and claims stay as they are: the
/// unchecked ID token is decoded only to compare `iss`, `sub`, `aud` and `azp`
/// with the session's (OpenID Connect Core 1.0 §12.2), then dropped. It is
/// never stored and never becomes the user. This is sound because the
/// response came straight from the token endpoint over TLS, which OpenID
/// Connect Core 1.0 §3.1.3.7 (6) accepts in place of the signature; the
/// signature check is defence in depth, and the next refresh checks again.
pub fn apply_refresh_keeping_id_token(
    session: &Session,
    response: TokenResponse,
    allowed: &[JwsAlgorithm],
    now: UnixTime,
) -> Result<Session, RefreshError> {
    if let Some(raw) = response.id_token.as_ref() {
        let unchecked = DecodedIdToken::decode_with(raw, allowed)
            .map_err(|_| RefreshError::IdTokenMismatch("id_token".to_owned()))?;
        check_same_identity(&session.claims, &unchecked.claims)?;
    }
    apply_refresh(session, response, None, now)
}

/// OpenID Connect Core 1.0 §12.2: `iss`, `sub` and `aud` must be the same as in
/// the original ID token, and `azp` too (absent stays absent).
fn check_same_identity(old: &IdTokenClaims, new: &IdTokenClaims) -> Result<(), RefreshError> {
    let mismatch = |claim: &str| Err(RefreshError::IdTokenMismatch(claim.to_owned()));
    if new.iss != old.iss {
        return mismatch("iss");
    }
    if new.sub != old.sub {
        return mismatch("sub");
    }
    let mut old_aud: Vec<&str> = old.aud.iter().map(String::as_str).collect();
    let mut new_aud: Vec<&str> = new.aud.iter().map(String::as_str).collect();
    old_aud.sort_unstable();
    old_aud.dedup();
    new_aud.sort_unstable();
    new_aud.dedup();
    if new_aud != old_aud {
        return mismatch("aud");
    }
    if new.azp != old.azp {
        return mismatch("azp");
    }
    Ok(())
}

/// Why a session ended. `Display` is the sentence shown to the user.
///
/// Serializes as `{"code": "<code>", ...}` with the codes of
/// [`SignOutReason::code`], so the browser layer can tell other tabs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code")]
#[non_exhaustive]
pub enum SignOutReason {
    /// The provider refused the refresh token: it expired, was revoked, or was
    /// used twice (rotation with reuse detection), or the client is refused.
    #[error("{}", rejected_message(.error, .description))]
    #[serde(rename = "refresh_rejected")]
    RefreshTokenRejected {
        /// The OAuth `error` code, such as `invalid_grant`.
        error: String,
        /// The `error_description`.
        description: Option<String>,
    },
    /// The access token expired and there is no refresh token to renew it.
    #[error("Your session has expired. Please sign in again.")]
    #[serde(rename = "expired")]
    Expired,
    /// The user signed out here.
    #[error("You have signed out.")]
    #[serde(rename = "user")]
    UserSignedOut,
    /// The user signed out in another tab.
    #[error("You have signed out in another tab.")]
    #[serde(rename = "other_tab")]
    SignedOutInAnotherTab,
    /// A refreshed ID token did not match the session's user.
    #[error(
        "Your session has ended: the provider's renewed sign-in does not match your account. \
         Please sign in again."
    )]
    #[serde(rename = "id_token_mismatch")]
    IdTokenMismatch,
}

fn rejected_message(error: &str, description: &Option<String>) -> String {
    let lead = "Your session has ended: the provider no longer accepts it";
    provider_sentence(lead, error, description.as_deref())
}

impl SignOutReason {
    /// A stable snake_case code: `refresh_rejected`, `expired`, `user`,
    /// `other_tab` or `id_token_mismatch`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            SignOutReason::RefreshTokenRejected { .. } => "refresh_rejected",
            SignOutReason::Expired => "expired",
            SignOutReason::UserSignedOut => "user",
            SignOutReason::SignedOutInAnotherTab => "other_tab",
            SignOutReason::IdTokenMismatch => "id_token_mismatch",
        }
    }
}

/// What to do after a failed refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshFailure {
    /// The session cannot be renewed: sign out.
    SignOut(SignOutReason),
    /// A passing failure: retry after
    /// [`retry_delay_ms`](super::lifetime::retry_delay_ms). The message says
    /// what went wrong, for the user.
    Retry(String),
}

/// Sorts a failed refresh into "sign out" and "retry later".
///
/// - Sign out: every OAuth error from the token endpoint (RFC 6749 §5.2),
///   notably `invalid_grant` (the refresh token expired, was revoked or was
///   reused), `invalid_client` and `unauthorized_client`; retrying the same
///   request cannot succeed. Exceptions: `temporarily_unavailable` and
///   `server_error`.
/// - Retry: `temporarily_unavailable`, `server_error`, any status without an
///   OAuth error body (5xx, 429, a proxy's or captive portal's page), and 2xx
///   bodies that are not a usable token response (a proxy's HTML page).
#[must_use]
pub fn classify_refresh_error(err: &TokenError) -> RefreshFailure {
    match err {
        TokenError::OAuth { error, .. }
            if error == "temporarily_unavailable" || error == "server_error" =>
        {
            RefreshFailure::Retry(err.to_string())
        }
        TokenError::OAuth {
            error, description, ..
        } => RefreshFailure::SignOut(SignOutReason::RefreshTokenRejected {
            error: shorten(error, 100),
            description: description.as_deref().map(|d| shorten(d, 300)),
        }),
        TokenError::Http { .. }
        | TokenError::InvalidResponse(_)
        | TokenError::Refused(_)
        | TokenError::MissingField(_)
        | TokenError::UnsupportedTokenType(_) => RefreshFailure::Retry(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::http::{HttpResponse, ResponseRefused};
    use super::super::id_token::tests::{good_claims, jwt, NOW};
    use super::super::id_token::DecodedIdToken;
    use super::super::lifetime::tests::{jwt_access_token, session_with};
    use super::super::secret::{AccessToken, IdToken, RefreshToken};
    use super::super::token::parse_token_response;
    use super::*;
    use serde_json::{json, Value};

    const LATER: u64 = NOW + 3000;

    fn response(refresh_token: Option<&str>, expires_in: Option<u64>) -> TokenResponse {
        TokenResponse {
            access_token: AccessToken::new("AT-2".into()),
            token_type: "Bearer".into(),
            expires_in,
            refresh_token: refresh_token.map(|t| RefreshToken::new(t.into())),
            id_token: None,
            scope: None,
        }
    }

    /// A refreshed ID token issued at `LATER - 5` by the provider's clock, with
    /// `change` applied to good_claims.
    fn refreshed(change: impl Fn(&mut Value)) -> (IdToken, IdTokenClaims) {
        let mut claims = good_claims();
        claims["iat"] = json!(LATER - 5);
        claims["exp"] = json!(LATER + 600);
        claims["name"] = json!("Jane Q. Doe");
        claims.as_object_mut().unwrap().remove("nonce");
        change(&mut claims);
        let token = jwt(&json!({"alg": "RS256"}), &claims);
        let decoded = DecodedIdToken::decode(&token).unwrap().claims;
        (token, decoded)
    }

    #[test]
    fn rotation_replaces_the_refresh_token() {
        let old = session_with(Some(3600), Some("RT-1"));
        let s = apply_refresh(
            &old,
            response(Some("RT-2"), Some(300)),
            None,
            UnixTime(LATER),
        )
        .unwrap();
        assert_eq!(s.access_token.secret(), "AT-2");
        assert_eq!(
            s.refresh_token.as_ref().map(RefreshToken::secret),
            Some("RT-2")
        );
        assert_eq!(s.expires_at, Some(UnixTime(LATER + 300)));
        assert_eq!(s.lifetime_secs, Some(300));
        assert_eq!(s.issued_at, UnixTime(LATER));
        // Without a new ID token, identity and drift stay.
        assert_eq!(s.claims, old.claims);
        assert_eq!(s.id_token, old.id_token);
        assert_eq!(s.clock_drift_secs, old.clock_drift_secs);
        // The old session is untouched.
        assert_eq!(old.access_token.secret(), "AT-SECRET");
        assert_eq!(
            old.refresh_token.as_ref().map(RefreshToken::secret),
            Some("RT-1")
        );
    }

    #[test]
    fn no_rotation_keeps_the_old_refresh_token() {
        // Cognito without rotation (and ministack) send no refresh_token on refresh.
        let old = session_with(Some(3600), Some("RT-1"));
        let mut r = response(None, Some(3600));
        r.scope = Some("openid".into());
        let s = apply_refresh(&old, r, None, UnixTime(LATER)).unwrap();
        assert_eq!(
            s.refresh_token.as_ref().map(RefreshToken::secret),
            Some("RT-1")
        );
        assert_eq!(s.scope.as_deref(), Some("openid"));
        // A response without scope keeps the old one (RFC 6749 §5.1).
        let s = apply_refresh(&s, response(None, Some(3600)), None, UnixTime(LATER)).unwrap();
        assert_eq!(s.scope.as_deref(), Some("openid"));
    }

    #[test]
    fn missing_expires_in() {
        let old = session_with(Some(3600), Some("RT-1"));
        // Opaque access token: the expiry becomes unknown, not the old one.
        let s = apply_refresh(&old, response(None, None), None, UnixTime(LATER)).unwrap();
        assert_eq!(s.expires_at, None);
        assert_eq!(s.lifetime_secs, None);
        // JWT access token: its exp, translated with the session's drift.
        let mut old = old;
        old.clock_drift_secs = 120;
        let mut r = response(None, None);
        r.access_token = jwt_access_token(json!(LATER + 900));
        let s = apply_refresh(&old, r, None, UnixTime(LATER)).unwrap();
        assert_eq!(s.expires_at, Some(UnixTime(LATER + 780)));
        assert_eq!(s.lifetime_secs, Some(780));
    }

    #[test]
    fn a_matching_id_token_replaces_claims_and_drift() {
        let old = session_with(Some(3600), Some("RT-1"));
        let (raw, claims) = refreshed(|_| {});
        let mut r = response(Some("RT-2"), None);
        r.id_token = Some(raw.clone());
        r.access_token = jwt_access_token(json!(LATER + 295));
        let s = apply_refresh(&old, r, Some(claims.clone()), UnixTime(LATER)).unwrap();
        assert_eq!(s.id_token, Some(raw));
        assert_eq!(s.claims, claims);
        assert_eq!(s.user.display_name(), "Jane Q. Doe");
        // iat LATER - 5 received at LATER: the provider is 5 s behind.
        assert_eq!(s.clock_drift_secs, -5);
        assert_eq!(s.expires_at, Some(UnixTime(LATER + 300)));
        // The same audiences in another order still match.
        let old = {
            let mut o = old.clone();
            o.claims.aud = vec!["my-client".into(), "api".into()];
            o.claims.azp = Some("my-client".into());
            o
        };
        let (raw, claims) = refreshed(|c| {
            c["aud"] = json!(["api", "my-client", "api"]);
            c["azp"] = json!("my-client");
        });
        let mut r = response(None, Some(60));
        r.id_token = Some(raw);
        assert!(apply_refresh(&old, r, Some(claims), UnixTime(LATER)).is_ok());
    }

    #[test]
    fn refuses_a_refreshed_id_token_of_someone_else() {
        let old = session_with(Some(3600), Some("RT-1"));
        let mismatch = |claim: &str| Err(RefreshError::IdTokenMismatch(claim.into()));
        // (claim, new value in the refreshed ID token, expected result)
        let cases = [
            ("iss", json!("https://evil.example"), mismatch("iss")), // another issuer (Core §12.2)
            ("sub", json!("someone-else"), mismatch("sub")),         // another user (Core §12.2)
            ("aud", json!("other-client"), mismatch("aud")), // another audience (Core §12.2)
            ("aud", json!(["my-client", "api"]), mismatch("aud")), // an audience added
            ("azp", json!("my-client"), mismatch("azp")), // azp where the original had none (Core §12.2)
            ("name", json!("J. Doe"), Ok(())),            // profile claims may change
        ];
        for (claim, value, expected) in cases {
            let (raw, claims) = refreshed(|c| c[claim] = value.clone());
            let mut r = response(Some("RT-2"), Some(60));
            r.id_token = Some(raw);
            let got = apply_refresh(&old, r, Some(claims), UnixTime(LATER)).map(|_| ());
            assert_eq!(got, expected, "{claim}");
        }
        // Claims without an ID token in the response.
        let (_, claims) = refreshed(|_| {});
        assert_eq!(
            apply_refresh(&old, response(None, None), Some(claims), UnixTime(LATER)),
            Err(RefreshError::ClaimsWithoutIdToken)
        );
        // An ID token whose claims the caller did not give is not stored.
        let (raw, _) = refreshed(|c| c["sub"] = json!("someone-else"));
        let mut r = response(None, Some(60));
        r.id_token = Some(raw);
        let s = apply_refresh(&old, r, None, UnixTime(LATER)).unwrap();
        assert_eq!(s.id_token, old.id_token);
        assert_eq!(s.claims.sub, "248289761001");
        assert_eq!(
            RefreshError::IdTokenMismatch("sub".into()).sign_out_reason(),
            SignOutReason::IdTokenMismatch
        );
    }

    #[test]
    fn classifies_refresh_failures() {
        let oauth = |error: &str, description: Option<&str>| TokenError::OAuth {
            error: error.into(),
            description: description.map(Into::into),
            uri: None,
        };
        let sign_out = |error: &str, description: Option<&str>| {
            RefreshFailure::SignOut(SignOutReason::RefreshTokenRejected {
                error: error.into(),
                description: description.map(Into::into),
            })
        };
        // (token error, sign out?)
        let cases: Vec<(TokenError, Option<RefreshFailure>)> = vec![
            // expired, revoked or reused refresh token (RFC 6749 §5.2)
            (
                oauth("invalid_grant", Some("Refresh Token has expired")),
                Some(sign_out("invalid_grant", Some("Refresh Token has expired"))),
            ),
            // client deleted or secret required
            (
                oauth("invalid_client", None),
                Some(sign_out("invalid_client", None)),
            ),
            // refresh grant not allowed for this client
            (
                oauth("unauthorized_client", None),
                Some(sign_out("unauthorized_client", None)),
            ),
            // any other OAuth error: the same request cannot succeed later
            (
                oauth("invalid_scope", None),
                Some(sign_out("invalid_scope", None)),
            ),
            // provider overloaded (RFC 6749 §5.2 does not list it, providers send it)
            (oauth("temporarily_unavailable", None), None),
            // provider failure in a 4xx JSON body
            (oauth("server_error", None), None),
            // 5xx
            (TokenError::Http { status: 503 }, None),
            // rate limited
            (TokenError::Http { status: 429 }, None),
            // a proxy's 403 page without an OAuth body
            (TokenError::Http { status: 403 }, None),
            // a proxy's HTML page with status 200
            (TokenError::Refused(ResponseRefused::WrongContentType), None),
            // truncated JSON
            (TokenError::MissingField("access_token".into()), None),
        ];
        for (err, expected) in cases {
            let got = classify_refresh_error(&err);
            match expected {
                Some(expected) => assert_eq!(got, expected, "{err:?}"),
                None => assert_eq!(got, RefreshFailure::Retry(err.to_string()), "{err:?}"),
            }
        }
    }

    #[test]
    fn classifies_parsed_responses() {
        // End to end from the HTTP response, as the browser layer sees it.
        let resp = |status: u16, ct: &str, body: &str| HttpResponse {
            status,
            content_type: Some(ct.into()),
            body: body.into(),
        };
        // (response, code of the sign-out reason, or None for retry)
        let cases = [
            // Cognito's answer to an expired or revoked refresh token
            (
                resp(400, "application/json", r#"{"error":"invalid_grant"}"#),
                Some("refresh_rejected"),
            ),
            // a gateway's HTML error page
            (resp(502, "text/html", "<html>Bad Gateway</html>"), None),
            // 503 with an OAuth body is still a server failure
            (
                resp(
                    503,
                    "application/json",
                    r#"{"error":"temporarily_unavailable"}"#,
                ),
                None,
            ),
        ];
        for (r, expected) in cases {
            let err = parse_token_response(&r).unwrap_err();
            let code = match classify_refresh_error(&err) {
                RefreshFailure::SignOut(reason) => Some(reason.code()),
                RefreshFailure::Retry(_) => None,
            };
            assert_eq!(code, expected, "{r:?}");
        }
    }

    #[test]
    fn sign_out_reasons() {
        let rejected = |d: Option<&str>| SignOutReason::RefreshTokenRejected {
            error: "invalid_grant".into(),
            description: d.map(Into::into),
        };
        // (reason, code, message)
        let cases = [
            (
                rejected(None),
                "refresh_rejected",
                "Your session has ended: the provider no longer accepts it (invalid_grant).",
            ),
            (
                rejected(Some("Refresh Token has been revoked")),
                "refresh_rejected",
                "Your session has ended: the provider no longer accepts it (invalid_grant): \
                 Refresh Token has been revoked",
            ),
            (
                SignOutReason::Expired,
                "expired",
                "Your session has expired. Please sign in again.",
            ),
            (SignOutReason::UserSignedOut, "user", "You have signed out."),
            (
                SignOutReason::SignedOutInAnotherTab,
                "other_tab",
                "You have signed out in another tab.",
            ),
            (
                SignOutReason::IdTokenMismatch,
                "id_token_mismatch",
                "Your session has ended: the provider's renewed sign-in does not match your \
                 account. Please sign in again.",
            ),
        ];
        for (reason, code, message) in cases {
            assert_eq!(reason.code(), code);
            assert_eq!(reason.to_string(), message);
            // Serialized with the same code, for other tabs.
            let json = serde_json::to_value(&reason).unwrap();
            assert_eq!(json["code"], code);
            assert_eq!(
                serde_json::from_value::<SignOutReason>(json).unwrap(),
                reason
            );
        }
        assert!(serde_json::from_str::<SignOutReason>(r#"{"code":"nope"}"#).is_err());
    }

    #[test]
    fn refreshed_at_hash_must_match_the_new_access_token() {
        // OpenID Connect Core 1.0 Appendix A.3: this access token's at_hash
        // (RS256, SHA-256) is 77QmUPtjPfzWtF2AnpK9RQ.
        let old = session_with(None, None);
        let mut claims = good_claims();
        claims["sub"] = json!(old.claims.sub);
        claims["aud"] = json!(old.claims.aud);
        claims["iss"] = json!(old.claims.iss);
        claims["at_hash"] = json!("77QmUPtjPfzWtF2AnpK9RQ");
        if let Some(azp) = &old.claims.azp {
            claims["azp"] = json!(azp);
        }
        let raw = jwt(&json!({"alg": "RS256"}), &claims);
        let decoded = DecodedIdToken::decode(&raw).unwrap().claims;
        let response = |access_token: &str| {
            parse_token_response(&HttpResponse {
                status: 200,
                content_type: Some("application/json".into()),
                body: json!({
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "id_token": raw.secret(),
                })
                .to_string(),
            })
            .unwrap()
        };
        assert!(apply_refresh(
            &old,
            response("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            Some(decoded.clone()),
            UnixTime(LATER)
        )
        .is_ok());
        assert_eq!(
            apply_refresh(
                &old,
                response("a-swapped-access-token"),
                Some(decoded),
                UnixTime(LATER)
            ),
            Err(RefreshError::AccessTokenHashMismatch)
        );
    }

    /// The provider's keys were unreachable while checking a refreshed ID
    /// token: the rotated tokens are kept (sending the spent refresh token
    /// again would be reuse), the unchecked ID token is not.
    #[test]
    fn keys_unavailable_keeps_the_new_tokens_and_the_verified_identity() {
        use super::super::id_token::DEFAULT_ID_TOKEN_ALGORITHMS;
        let old = session_with(Some(3600), Some("RT-1"));
        let (raw, _) = refreshed(|_| {});
        let mut r = response(Some("RT-2"), Some(300));
        r.id_token = Some(raw.clone());
        let s =
            apply_refresh_keeping_id_token(&old, r, DEFAULT_ID_TOKEN_ALGORITHMS, UnixTime(LATER))
                .unwrap();
        assert_eq!(s.access_token.secret(), "AT-2");
        assert_eq!(
            s.refresh_token.as_ref().map(RefreshToken::secret),
            Some("RT-2")
        );
        assert_eq!(s.expires_at, Some(UnixTime(LATER + 300)));
        assert_eq!(s.id_token, old.id_token);
        assert_ne!(s.id_token.as_ref().map(IdToken::secret), Some(raw.secret()));
        assert_eq!(s.claims, old.claims);
        assert_eq!(s.user, old.user);
        assert_eq!(s.clock_drift_secs, old.clock_drift_secs);
    }

    /// The unchecked token may not even hint at another user (OpenID Connect
    /// Core 1.0 §12.2), and an undecodable or unsigned one is refused.
    #[test]
    fn keys_unavailable_still_refuses_another_identity_or_a_broken_token() {
        use super::super::id_token::DEFAULT_ID_TOKEN_ALGORITHMS;
        let old = session_with(Some(3600), Some("RT-1"));
        let with = |raw: IdToken| {
            let mut r = response(Some("RT-2"), Some(300));
            r.id_token = Some(raw);
            apply_refresh_keeping_id_token(&old, r, DEFAULT_ID_TOKEN_ALGORITHMS, UnixTime(LATER))
        };
        let (mallory, _) = refreshed(|c| c["sub"] = json!("mallory"));
        assert_eq!(
            with(mallory),
            Err(RefreshError::IdTokenMismatch("sub".into()))
        );
        let (other_aud, _) = refreshed(|c| c["aud"] = json!("another-client"));
        assert_eq!(
            with(other_aud),
            Err(RefreshError::IdTokenMismatch("aud".into()))
        );
        assert_eq!(
            with(IdToken::new("not-a-jwt".into())),
            Err(RefreshError::IdTokenMismatch("id_token".into()))
        );
        let unsigned = jwt(&json!({"alg": "none"}), &good_claims());
        assert_eq!(
            with(unsigned),
            Err(RefreshError::IdTokenMismatch("id_token".into()))
        );
        // The old session is untouched.
        assert_eq!(
            old.refresh_token.as_ref().map(RefreshToken::secret),
            Some("RT-1")
        );
    }
}
