//! The signed-in session: tokens, claims and the user they describe.

use super::callback::CodeExchange;
use super::expiry::{access_token_expiry, clock_drift_secs};
use super::id_token::IdTokenClaims;
use super::secret::{AccessToken, IdToken, RefreshToken};
use super::storage_format::{from_versioned_json, to_versioned_json, StorageError};
use super::time::UnixTime;
use super::token::TokenResponse;
use super::types::{ClientId, IssuerUrl};
use serde::{Deserialize, Serialize};

/// The signed-in user, as the ID token describes them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct User {
    /// The user's id at the issuer.
    pub sub: String,
    /// Full name.
    pub name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Preferred user name.
    pub preferred_username: Option<String>,
    /// Profile picture URL.
    pub picture: Option<String>,
}

impl User {
    /// What to call the user: `name`, else `preferred_username`, else `email`,
    /// else `sub` (empty values are skipped).
    #[must_use]
    pub fn display_name(&self) -> &str {
        [&self.name, &self.preferred_username, &self.email]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .find(|v| !v.trim().is_empty())
            .unwrap_or(&self.sub)
    }
}

impl From<&IdTokenClaims> for User {
    fn from(claims: &IdTokenClaims) -> Self {
        User {
            sub: claims.sub.clone(),
            name: claims.name.clone(),
            email: claims.email.clone(),
            preferred_username: claims.preferred_username.clone(),
            picture: claims.picture.clone(),
        }
    }
}

/// A signed-in session. `Debug` redacts the tokens.
///
/// Stored as `{"v":1,...}`. Fields added after the first release
/// (`clock_drift_secs`, `lifetime_secs`) have defaults, so sessions stored
/// before them still read, and older pages ignore them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The issuer that signed the user in.
    pub issuer: IssuerUrl,
    /// The client the tokens were issued to.
    pub client_id: ClientId,
    /// The access token.
    pub access_token: AccessToken,
    /// The token type (`Bearer`).
    pub token_type: String,
    /// The refresh token, if any.
    pub refresh_token: Option<RefreshToken>,
    /// The raw ID token, if any (needed as `id_token_hint` at logout).
    pub id_token: Option<IdToken>,
    /// The validated ID token claims.
    pub claims: IdTokenClaims,
    /// The user.
    pub user: User,
    /// When the access token expires, on the local clock, if known (see
    /// [`access_token_expiry`]).
    pub expires_at: Option<UnixTime>,
    /// The granted scopes, if the provider said.
    pub scope: Option<String>,
    /// When the current tokens were received (sign-in or last refresh).
    pub issued_at: UnixTime,
    /// Provider time minus local time, in seconds, estimated from the last
    /// freshly received ID token (see [`clock_drift_secs`]); 0 when unknown.
    #[serde(default)]
    pub clock_drift_secs: i64,
    /// The access token lifetime the provider granted, `expires_at -
    /// issued_at`, if known. The refresh lead is clamped to a share of it.
    #[serde(default)]
    pub lifetime_secs: Option<u64>,
}

impl Session {
    /// Builds the session from a checked code exchange, its token response and
    /// the validated ID token claims, received at `now`.
    ///
    /// The clock drift is estimated from the ID token's `iat`; `expires_at` is
    /// `now + expires_in`, else the access token's `exp` if it is a JWT, else
    /// unknown ([`access_token_expiry`]).
    #[must_use]
    pub fn establish(
        exchange: &CodeExchange,
        tokens: TokenResponse,
        claims: IdTokenClaims,
        now: UnixTime,
    ) -> Session {
        Session::from_tokens(&exchange.issuer, &exchange.client_id, tokens, claims, now)
    }

    /// Builds the session from a token response and the validated claims of
    /// its ID token, received at `now`, for `issuer` and `client_id` (the code
    /// flow and Cognito's API flows alike). Drift and expiry as in
    /// [`Session::establish`].
    #[must_use]
    pub fn from_tokens(
        issuer: &IssuerUrl,
        client_id: &ClientId,
        tokens: TokenResponse,
        claims: IdTokenClaims,
        now: UnixTime,
    ) -> Session {
        let drift = clock_drift_secs(Some(claims.iat), now);
        let expires_at = access_token_expiry(tokens.expires_in, &tokens.access_token, drift, now);
        Session {
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            access_token: tokens.access_token,
            token_type: tokens.token_type,
            refresh_token: tokens.refresh_token,
            id_token: tokens.id_token,
            user: User::from(&claims),
            claims,
            expires_at,
            scope: tokens.scope,
            issued_at: now,
            clock_drift_secs: drift,
            lifetime_secs: expires_at.map(|at| now.secs_until(at)),
        }
    }

    /// Whether the access token has expired at `now`, without leeway. With an
    /// unknown expiry, the ID token's `exp` stands in. To schedule refreshes,
    /// use [`decide`](super::lifetime::decide), which applies a
    /// [`RefreshPolicy`](super::lifetime::RefreshPolicy).
    #[must_use]
    pub fn is_expired(&self, now: UnixTime) -> bool {
        let expires_at = self.expires_at.unwrap_or(UnixTime(self.claims.exp));
        now >= expires_at
    }

    /// Versioned JSON for storage: `{"v":1,...}`. It contains the tokens.
    #[must_use]
    pub fn to_storage_string(&self) -> String {
        to_versioned_json(self)
    }

    /// Reads what [`Session::to_storage_string`] wrote. Garbage, another
    /// version, or a session of another issuer or client gives a
    /// [`StorageError`], never a panic.
    pub fn from_storage_string(
        s: &str,
        expected_issuer: &IssuerUrl,
        expected_client: &ClientId,
    ) -> Result<Session, StorageError> {
        let session: Session = from_versioned_json(s)?;
        if session.issuer != *expected_issuer || session.client_id != *expected_client {
            return Err(StorageError::Foreign);
        }
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::super::authorization::tests::{counting_random, test_config};
    use super::super::authorization::{begin, SignInOptions};
    use super::super::callback::complete;
    use super::super::id_token::tests::{good_claims, jwt, NOW};
    use super::super::id_token::DecodedIdToken;
    use super::super::lifetime::tests::jwt_access_token;
    use super::super::lifetime::{decide, RefreshPolicy};
    use super::super::metadata::test_metadata;
    use super::*;
    use serde_json::json;

    fn session(expires_in: Option<u64>) -> Session {
        session_with_token(AccessToken::new("AT-SECRET".into()), expires_in, NOW)
    }

    /// A session established at `now` from a sign-in whose ID token was issued
    /// at `NOW - 10` by the provider's clock.
    fn session_with_token(access_token: AccessToken, expires_in: Option<u64>, now: u64) -> Session {
        let (_, pending) = begin(
            &test_config(),
            &test_metadata(),
            &SignInOptions::default(),
            &mut counting_random(),
            UnixTime(NOW),
        );
        let url = format!(
            "https://app.example/callback?code=c&state={}",
            pending.state.secret()
        );
        let exchange = complete(&url, Some(pending), &test_metadata()).unwrap();
        let id_token = jwt(&json!({"alg": "RS256"}), &good_claims());
        let claims = DecodedIdToken::decode(&id_token).unwrap().claims;
        let tokens = TokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in,
            refresh_token: Some(RefreshToken::new("RT-SECRET".into())),
            id_token: Some(id_token),
            scope: Some("openid email".into()),
        };
        Session::establish(&exchange, tokens, claims, UnixTime(now))
    }

    #[test]
    fn establishes_a_session() {
        let s = session(Some(3600));
        assert_eq!(s.issuer.as_str(), "https://op.example");
        assert_eq!(s.client_id.as_str(), "my-client");
        assert_eq!(s.access_token.secret(), "AT-SECRET");
        assert_eq!(s.expires_at, Some(UnixTime(NOW + 3600)));
        assert_eq!(s.issued_at, UnixTime(NOW));
        assert_eq!(s.lifetime_secs, Some(3600));
        // good_claims' iat is NOW - 10: the provider seems 10 s behind.
        assert_eq!(s.clock_drift_secs, -10);
        assert_eq!(s.user.sub, "248289761001");
        assert_eq!(s.user.display_name(), "Jane Doe");
        assert_eq!(s.scope.as_deref(), Some("openid email"));
        let printed = format!("{s:?}");
        assert!(!printed.contains("SECRET"), "{printed}");
        assert!(
            !printed.contains(s.id_token.as_ref().unwrap().secret()),
            "{printed}"
        );
    }

    #[test]
    fn expiry() {
        let s = session(Some(3600));
        assert!(!s.is_expired(UnixTime(NOW + 3599)));
        assert!(s.is_expired(UnixTime(NOW + 3600)));
        // Without expires_in, the ID token's exp (NOW + 600 in good_claims) stands in.
        let s = session(None);
        assert_eq!(s.expires_at, None);
        assert_eq!(s.lifetime_secs, None);
        assert!(!s.is_expired(UnixTime(NOW + 599)));
        assert!(s.is_expired(UnixTime(NOW + 600)));
    }

    #[test]
    fn expiry_from_a_jwt_access_token_with_a_skewed_clock() {
        // The provider's clock says NOW - 10 at iat and the access token expires
        // at NOW + 3590 by that clock: 3600 s after issue.
        let at = jwt_access_token(json!(NOW + 3590));
        // (local clock at receipt, expected local expiry, expected drift)
        let cases = [
            (NOW - 10, NOW + 3590, 0),     // clocks agree
            (NOW + 110, NOW + 3710, -120), // local clock 2 min ahead
            (NOW - 130, NOW + 3470, 120),  // local clock 2 min behind
        ];
        for (now, expires_at, drift) in cases {
            let s = session_with_token(at.clone(), None, now);
            assert_eq!(s.clock_drift_secs, drift, "{now}");
            assert_eq!(s.expires_at, Some(UnixTime(expires_at)), "{now}");
            assert_eq!(s.lifetime_secs, Some(3600), "{now}");
        }
        // expires_in is local time already: the drift does not apply.
        let s = session_with_token(at, Some(60), NOW + 110);
        assert_eq!(s.expires_at, Some(UnixTime(NOW + 170)));
    }

    #[test]
    fn reads_sessions_stored_before_lifetime_fields() {
        let s = session(Some(3600));
        let mut stored: serde_json::Value = serde_json::from_str(&s.to_storage_string()).unwrap();
        let map = stored.as_object_mut().unwrap();
        assert!(map.remove("clock_drift_secs").is_some());
        assert!(map.remove("lifetime_secs").is_some());
        let issuer = IssuerUrl::parse("https://op.example").unwrap();
        let client = ClientId::parse("my-client").unwrap();
        let old = Session::from_storage_string(&stored.to_string(), &issuer, &client).unwrap();
        assert_eq!(old.clock_drift_secs, 0);
        assert_eq!(old.lifetime_secs, None);
        assert_eq!(old.expires_at, s.expires_at);
        // The lifetime then comes from expires_at - issued_at.
        assert_eq!(
            decide(&old, &RefreshPolicy::default(), UnixTime(NOW)),
            decide(&s, &RefreshPolicy::default(), UnixTime(NOW))
        );
    }

    #[test]
    fn display_name_fallbacks() {
        let user = |name: Option<&str>, pref: Option<&str>, email: Option<&str>| User {
            sub: "sub-1".into(),
            name: name.map(Into::into),
            email: email.map(Into::into),
            preferred_username: pref.map(Into::into),
            picture: None,
        };
        // (user, expected display name)
        let cases = [
            (user(Some("Ada"), Some("ada"), Some("a@x")), "Ada"), // name first
            (user(None, Some("ada"), Some("a@x")), "ada"),        // then preferred_username
            (user(Some(" "), None, Some("a@x")), "a@x"),          // blank name skipped, then email
            (user(None, None, None), "sub-1"),                    // sub last
        ];
        for (u, expected) in cases {
            assert_eq!(u.display_name(), expected);
        }
    }

    #[test]
    fn storage_round_trip_and_rejections() {
        let s = session(Some(3600));
        let stored = s.to_storage_string();
        assert!(stored.contains("\"v\":1"));
        let issuer = IssuerUrl::parse("https://op.example").unwrap();
        let client = ClientId::parse("my-client").unwrap();
        assert_eq!(
            Session::from_storage_string(&stored, &issuer, &client).unwrap(),
            s
        );

        let other_issuer = IssuerUrl::parse("https://other.example").unwrap();
        let other_client = ClientId::parse("other").unwrap();
        let v9 = stored.replace("\"v\":1", "\"v\":9");
        let bad_issuer = stored.replace(
            "\"issuer\":\"https://op.example\"",
            "\"issuer\":\"http://op.example\"",
        );
        assert_ne!(bad_issuer, stored);
        // (stored text, expected issuer, expected client, expected error)
        let cases = [
            (
                stored.as_str(),
                &other_issuer,
                &client,
                StorageError::Foreign,
            ), // another provider's session
            (
                stored.as_str(),
                &issuer,
                &other_client,
                StorageError::Foreign,
            ), // another app's session
            (
                v9.as_str(),
                &issuer,
                &client,
                StorageError::UnsupportedVersion { found: Some(9) },
            ), // future version
            ("", &issuer, &client, StorageError::Corrupt), // empty
            ("{", &issuer, &client, StorageError::Corrupt), // truncated write
            ("null", &issuer, &client, StorageError::Corrupt), // JSON null
            (
                "{\"v\":1,\"issuer\":5}",
                &issuer,
                &client,
                StorageError::Corrupt,
            ), // wrong field types
            (bad_issuer.as_str(), &issuer, &client, StorageError::Corrupt), // issuer that no longer validates
        ];
        for (text, iss, cid, expected) in cases {
            assert_eq!(
                Session::from_storage_string(text, iss, cid),
                Err(expected),
                "{text:.60}"
            );
        }
    }
}
