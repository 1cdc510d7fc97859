//! The session after a user-pool sign-in: the same [`Session`] the
//! authorization code flow builds, so storage, refresh decisions and sign-out
//! treat both alike.

use super::super::id_token::IdTokenClaims;
use super::super::session::Session;
use super::super::time::UnixTime;
use super::super::token::TokenResponse;
use super::super::types::{ClientId, IssuerUrl};

/// Builds the session from an [`AuthStep::Done`](super::AuthStep::Done) token
/// response and the ID token's claims, received at `now`.
///
/// Check the ID token first, as for the code flow: its signature against the
/// pool's JWKS, then [`validate_claims`](super::super::validate_claims) with
/// the pool's issuer ([`CognitoConfig::issuer`](super::super::CognitoConfig::issuer)),
/// this client id and no nonce (`InitiateAuth` takes none).
///
/// As in [`Session::establish`]: the clock drift comes from the ID token's
/// `iat`, and the expiry is `now + ExpiresIn`.
#[must_use]
pub fn establish_session(
    issuer: &IssuerUrl,
    client_id: &ClientId,
    tokens: TokenResponse,
    claims: IdTokenClaims,
    now: UnixTime,
) -> Session {
    Session::from_tokens(issuer, client_id, tokens, claims, now)
}

#[cfg(test)]
mod tests {
    use super::super::super::secret::{AccessToken, IdToken, RefreshToken};
    use super::super::super::session::User;
    use super::*;
    use serde_json::json;

    #[test]
    fn builds_the_code_flow_session() {
        let issuer =
            IssuerUrl::parse("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC").unwrap();
        let client_id = ClientId::parse("client").unwrap();
        let claims: IdTokenClaims = serde_json::from_value(json!({
            "iss": issuer.as_str(),
            "sub": "9e1f-uuid",
            "aud": "client",
            "exp": 1_700_003_600u64,
            "iat": 1_700_000_010u64,
            "email": "alice@example.com",
            "cognito:username": "alice",
            "token_use": "id"
        }))
        .unwrap();
        let tokens = TokenResponse {
            access_token: AccessToken::new("at".into()),
            token_type: "Bearer".into(),
            expires_in: Some(3600),
            refresh_token: Some(RefreshToken::new("rt".into())),
            id_token: Some(IdToken::new("it".into())),
            scope: None,
        };
        let now = UnixTime(1_700_000_000);
        let s = establish_session(&issuer, &client_id, tokens, claims.clone(), now);
        assert_eq!(s.issuer, issuer);
        assert_eq!(s.client_id, client_id);
        assert_eq!(s.access_token.secret(), "at");
        assert_eq!(
            s.refresh_token.as_ref().map(RefreshToken::secret),
            Some("rt")
        );
        assert_eq!(s.id_token.as_ref().map(IdToken::secret), Some("it"));
        assert_eq!(s.user, User::from(&claims));
        assert_eq!(s.issued_at, now);
        // The provider is 10 s ahead; the expiry stays on the local clock.
        assert_eq!(s.clock_drift_secs, 10);
        assert_eq!(s.expires_at, Some(UnixTime(1_700_003_600)));
        assert_eq!(s.lifetime_secs, Some(3600));
        assert!(!s.is_expired(UnixTime(1_700_003_599)));
    }
}
