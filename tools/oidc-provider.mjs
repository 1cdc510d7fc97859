// A local OpenID Connect provider for the demo and the end-to-end tests.
//
//   node tools/oidc-provider.mjs
//
// Environment (all optional):
//   OIDC_PORT               port on 127.0.0.1 (default 9090); issuer is http://127.0.0.1:<port>
//   OIDC_APP_ORIGIN         origin of the sign-in page (default http://127.0.0.1:8080)
//   OIDC_ACCESS_TOKEN_TTL   seconds (default 3600)
//   OIDC_ID_TOKEN_TTL       seconds (default 3600)
//   OIDC_REFRESH_TOKEN_TTL  seconds (default 86400)
//   OIDC_ROTATE_REFRESH     "1" (default): rotate the refresh token on every use; "0": keep it
//   OIDC_TEST_HOOKS         "1": expose the test hooks below (never enable outside tests)
//   OIDC_ID_TOKEN_ALG       RS256 (default), PS256 or ES256: how ID tokens are signed
//   OIDC_JWKS_FILE          a file with the provider's private signing keys (a JWK Set); written
//                           with fresh keys when it does not exist. Without it, fresh keys are
//                           made at every start (so a restart is a key rotation).
//
// Test hooks (OIDC_TEST_HOOKS=1):
//   GET  /__test/stats                  counters (token requests and errors by grant type,
//                                       refresh requests per grant, revocations, grants revoked,
//                                       end sessions)
//   POST /__test/reset-stats            zero the counters and the refresh log
//   POST /__test/revoke-grants          revoke every grant with all its tokens
//   GET  /__test/refresh-log            every refresh_token request: time, grant, status, error
//   GET  /__test/refresh-token?token=T  what the provider knows about refresh token T, without
//                                       using it: {known, active, consumed, expired, grant_id}
//   POST /__test/revoke-refresh-token?token=T
//                                       destroy refresh token T only (its grant, the provider
//                                       session and the access tokens survive)
//   POST /__test/id-token-mode?mode=M   how the token endpoint's id_token is altered: "off"
//                                       (default), "payload" (sub changed after signing),
//                                       "alg-none" (unsigned, alg none), "foreign-key" (re-signed
//                                       with a key the provider never published, same kid),
//                                       "unknown-kid" (re-signed with that key, under its own kid),
//                                       "rotated" (re-signed with a second key of the provider,
//                                       published in /jwks from then on: a live key rotation),
//                                       "no-kid" (re-signed without a kid in the header, with the
//                                       provider's key, or the rotation key once published)
//   POST /__test/jwks-mode?mode=M       "ok" (default) or "unavailable": /jwks answers 503
//   GET  /__test/stats also counts jwks_requests.
//
// One public client, `lha-demo` (PKCE S256, no client secret). The dev interaction pages of
// oidc-provider are kept for the login (any login and password is accepted; the login becomes
// `sub`); the consent step is skipped because the requested scopes are granted automatically.
// Refresh tokens are issued to this client whether or not `offline_access` was granted.
//
// On Node 20 oidc-provider prints an "Unsupported runtime" warning; that is expected.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import process from 'node:process';

import Provider from 'oidc-provider';

function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value <= 0 || String(value) !== raw.trim()) {
    console.error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

const PORT = envInt('OIDC_PORT', 9090);
const HOST = '127.0.0.1';
const ISSUER = `http://${HOST}:${PORT}`;
const APP_ORIGIN = (process.env.OIDC_APP_ORIGIN || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const ACCESS_TOKEN_TTL = envInt('OIDC_ACCESS_TOKEN_TTL', 3600);
const ID_TOKEN_TTL = envInt('OIDC_ID_TOKEN_TTL', 3600);
const REFRESH_TOKEN_TTL = envInt('OIDC_REFRESH_TOKEN_TTL', 86400);
const ROTATE_REFRESH = (process.env.OIDC_ROTATE_REFRESH ?? '1') !== '0';
const TEST_HOOKS = process.env.OIDC_TEST_HOOKS === '1';

export const CLIENT_ID = 'lha-demo';

// ---- signing keys ---------------------------------------------------------------------------
const ID_TOKEN_ALG = process.env.OIDC_ID_TOKEN_ALG || 'RS256';
if (!['RS256', 'PS256', 'ES256'].includes(ID_TOKEN_ALG)) {
  console.error(`OIDC_ID_TOKEN_ALG must be RS256, PS256 or ES256, got ${JSON.stringify(ID_TOKEN_ALG)}`);
  process.exit(2);
}

function privateJwk(type) {
  const { privateKey } = type === 'EC'
    ? crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  jwk.kid = crypto.randomBytes(6).toString('hex');
  jwk.use = 'sig';
  return jwk;
}

function signingKeys() {
  const file = process.env.OIDC_JWKS_FILE;
  if (file && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const jwks = { keys: [privateJwk('RSA'), privateJwk('EC')] };
  if (file) fs.writeFileSync(file, JSON.stringify(jwks), { mode: 0o600 });
  return jwks;
}
const JWKS = signingKeys();
// A key that is never published (test hooks only).
const FOREIGN_KEY = privateJwk(ID_TOKEN_ALG === 'ES256' ? 'EC' : 'RSA');
// The key a live rotation moves to: published once id-token mode "rotated" was set.
const ROTATION_KEY = privateJwk(ID_TOKEN_ALG === 'ES256' ? 'EC' : 'RSA');
let rotationPublished = false;
let idTokenMode = 'off';
let jwksMode = 'ok';

function publicJwk(jwk) {
  const pub = crypto.createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
  return { ...pub, kid: jwk.kid, use: 'sig' };
}

function b64url(input) {
  return Buffer.from(input).toString('base64url');
}

// Re-signs an ID token's header and payload with `jwk` as `alg` (for the forged-token hooks).
function signJws(header, payload, jwk) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  let signature;
  if (header.alg === 'ES256') {
    signature = crypto.sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  } else if (header.alg === 'PS256') {
    signature = crypto.sign('sha256', Buffer.from(input), {
      key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32,
    });
  } else {
    signature = crypto.sign('sha256', Buffer.from(input), key);
  }
  return `${input}.${signature.toString('base64url')}`;
}

function alterIdToken(idToken, mode) {
  const [h, p] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  const signature = idToken.split('.')[2];
  if (mode === 'payload') {
    payload.sub = 'mallory';
    return `${h}.${b64url(JSON.stringify(payload))}.${signature}`;
  }
  if (mode === 'alg-none') {
    return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`;
  }
  if (mode === 'foreign-key') {
    return signJws(header, payload, FOREIGN_KEY);
  }
  if (mode === 'unknown-kid') {
    return signJws({ ...header, kid: FOREIGN_KEY.kid }, payload, FOREIGN_KEY);
  }
  if (mode === 'no-kid') {
    // The last published key of the token's type: the rotation key once it is published, so
    // that a client trying the keys in order meets a wrong one first.
    const key = rotationPublished ? ROTATION_KEY : JWKS.keys.find((k) => k.kid === header.kid);
    const { kid: _dropped, ...rest } = header;
    return signJws(rest, payload, key);
  }
  if (mode === 'rotated') {
    return signJws({ ...header, kid: ROTATION_KEY.kid }, payload, ROTATION_KEY);
  }
  return idToken;
}

function capitalise(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

// Accounts: whatever login is typed on the dev login page.
function accountFor(login) {
  return {
    accountId: login,
    async claims(_use, _scope, _claims, _rejected) {
      return {
        sub: login,
        name: `${capitalise(login)} Example`,
        preferred_username: login,
        email: `${login}@example.test`,
        email_verified: true,
      };
    },
  };
}

// ---- test counters -------------------------------------------------------------------------
const stats = newStats();
function newStats() {
  return {
    token_requests: { authorization_code: 0, refresh_token: 0 },
    token_errors: { authorization_code: 0, refresh_token: 0 },
    // refresh_token requests per grant id: {requests, errors}
    refresh_by_grant: {},
    revocations: 0,
    grants_revoked: 0,
    end_sessions: 0,
    jwks_requests: 0,
  };
}
// One entry per refresh_token request (capped), for the tests' per-cycle figures.
const refreshLog = [];
const REFRESH_LOG_MAX = 5000;
function resetStats() {
  Object.assign(stats, newStats());
  refreshLog.length = 0;
}
// Every refresh token ever saved: its value (opaque tokens: the jti) -> grant, rotation.
const refreshTokenInfo = new Map();
// Grants ever saved (for POST /__test/revoke-grants).
const knownGrantIds = new Set();

const configuration = {
  clients: [
    {
      client_id: CLIENT_ID,
      client_name: 'leptos-hosted-auth demo',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${APP_ORIGIN}/callback`],
      post_logout_redirect_uris: [`${APP_ORIGIN}/`],
      id_token_signed_response_alg: ID_TOKEN_ALG,
    },
  ],
  jwks: JWKS,
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
  },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  // Put the profile/email claims of the granted scopes into the ID token too.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    return accountFor(id);
  },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    userinfo: { enabled: true },
  },
  pkce: {
    required: () => true,
  },
  clientBasedCORS(_ctx, origin, _client) {
    return origin === APP_ORIGIN;
  },
  // Skip the consent page: grant whatever OIDC scopes and claims the client asks for.
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
    let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    if (!grant) {
      grant = new oidc.provider.Grant({
        accountId: oidc.session.accountId,
        clientId: oidc.client.clientId,
      });
    }
    const scopes = [...oidc.requestParamOIDCScopes];
    if (scopes.length) grant.addOIDCScope(scopes.join(' '));
    const claims = [...oidc.requestParamClaims];
    if (claims.length) grant.addOIDCClaims(claims);
    await grant.save();
    return grant;
  },
  // Refresh tokens for our client even without offline_access (and without prompt=consent).
  async issueRefreshToken(_ctx, client, _code) {
    return client.grantTypeAllowed('refresh_token');
  },
  rotateRefreshToken: ROTATE_REFRESH,
  ttl: {
    AccessToken: ACCESS_TOKEN_TTL,
    IdToken: ID_TOKEN_TTL,
    RefreshToken: REFRESH_TOKEN_TTL,
    AuthorizationCode: 60,
    Interaction: 3600,
    Session: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
  },
  cookies: {
    keys: ['lha-dev-only-cookie-key-not-a-secret'],
  },
};

const provider = new Provider(ISSUER, configuration);

provider.on('grant.saved', (grant) => {
  if (grant?.jti) knownGrantIds.add(grant.jti);
});
provider.on('refresh_token.saved', (token) => {
  if (token?.jti) {
    refreshTokenInfo.set(token.jti, { grantId: token.grantId, rotations: token.rotations ?? 0 });
  }
});
provider.on('grant.revoked', () => {
  stats.grants_revoked += 1;
});
provider.on('end_session.success', () => {
  stats.end_sessions += 1;
});
provider.on('server_error', (_ctx, err) => {
  console.error('oidc-provider server_error:', err);
});

// Count token and revocation requests (successful or not) by looking at the routes.
provider.use(async (ctx, next) => {
  if (TEST_HOOKS && ctx.method === 'GET' && ctx.path === '/jwks' && jwksMode === 'unavailable') {
    stats.jwks_requests += 1;
    ctx.status = 503;
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.type = 'text/plain';
    ctx.body = 'Service Unavailable (test hook: jwks-mode=unavailable)';
    return;
  }
  await next();
  if (ctx.method === 'GET' && ctx.path === '/jwks') {
    stats.jwks_requests += 1;
    if (TEST_HOOKS && rotationPublished && ctx.status === 200) {
      const body = typeof ctx.body === 'string' ? JSON.parse(ctx.body) : ctx.body;
      ctx.body = { ...body, keys: [...body.keys, publicJwk(ROTATION_KEY)] };
    }
    return;
  }
  if (ctx.method !== 'POST') return;
  if (ctx.path === '/token') {
    if (TEST_HOOKS && idTokenMode !== 'off' && ctx.status === 200
      && ctx.body && typeof ctx.body === 'object' && typeof ctx.body.id_token === 'string') {
      ctx.body = { ...ctx.body, id_token: alterIdToken(ctx.body.id_token, idTokenMode) };
    }
    const grantType = ctx.oidc?.params?.grant_type ?? ctx.oidc?.body?.grant_type;
    if (typeof grantType === 'string') {
      stats.token_requests[grantType] = (stats.token_requests[grantType] ?? 0) + 1;
      if (ctx.status >= 400) {
        stats.token_errors[grantType] = (stats.token_errors[grantType] ?? 0) + 1;
      }
      if (grantType === 'refresh_token') logRefresh(ctx);
    }
  } else if (ctx.path === '/token/revocation') {
    stats.revocations += 1;
  }
});

function logRefresh(ctx) {
  const presented = ctx.oidc?.params?.refresh_token;
  const info = typeof presented === 'string' ? refreshTokenInfo.get(presented) : undefined;
  const grantId = ctx.oidc?.entities?.Grant?.jti ?? info?.grantId ?? null;
  const failed = ctx.status >= 400;
  const key = grantId ?? 'unknown';
  const perGrant = stats.refresh_by_grant[key] ?? { requests: 0, errors: 0 };
  perGrant.requests += 1;
  if (failed) perGrant.errors += 1;
  stats.refresh_by_grant[key] = perGrant;
  let error = null;
  let errorDescription = null;
  if (failed && ctx.body && typeof ctx.body === 'object') {
    error = ctx.body.error ?? null;
    errorDescription = ctx.body.error_description ?? null;
  }
  refreshLog.push({
    at: Date.now(),
    grant_id: grantId,
    status: ctx.status,
    error,
    error_description: errorDescription,
    // rotations of the presented token (0: the one from the code exchange)
    rotations: info?.rotations ?? null,
    origin: ctx.get('origin') || null,
  });
  if (refreshLog.length > REFRESH_LOG_MAX) refreshLog.splice(0, refreshLog.length - REFRESH_LOG_MAX);
}

async function refreshTokenStatus(value) {
  const info = refreshTokenInfo.get(value);
  const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
  return {
    known: Boolean(info),
    grant_id: info?.grantId ?? token?.grantId ?? null,
    rotations: info?.rotations ?? null,
    // still stored by the provider (not revoked, not destroyed by reuse detection)
    found: Boolean(token),
    consumed: Boolean(token?.consumed),
    expired: Boolean(token?.isExpired),
    // a refresh_token grant with it would succeed (grant permitting)
    active: Boolean(token && !token.consumed && !token.isExpired),
  };
}

async function revokeAllGrants() {
  let count = 0;
  for (const grantId of knownGrantIds) {
    await Promise.all([
      provider.AccessToken.revokeByGrantId(grantId),
      provider.RefreshToken.revokeByGrantId(grantId),
      provider.AuthorizationCode.revokeByGrantId(grantId),
      provider.Grant.adapter.destroy(grantId),
    ]);
    count += 1;
  }
  knownGrantIds.clear();
  return count;
}

if (TEST_HOOKS) {
  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/__test/')) return next();
    ctx.set('Cache-Control', 'no-store');
    if (ctx.method === 'GET' && ctx.path === '/__test/stats') {
      ctx.type = 'json';
      ctx.body = JSON.stringify(stats);
      return undefined;
    }
    if (ctx.method === 'POST' && ctx.path === '/__test/reset-stats') {
      resetStats();
      ctx.type = 'json';
      ctx.body = JSON.stringify(stats);
      return undefined;
    }
    if (ctx.method === 'POST' && ctx.path === '/__test/revoke-grants') {
      const revoked = await revokeAllGrants();
      ctx.type = 'json';
      ctx.body = JSON.stringify({ revoked });
      return undefined;
    }
    if (ctx.method === 'GET' && ctx.path === '/__test/refresh-log') {
      ctx.type = 'json';
      ctx.body = JSON.stringify(refreshLog);
      return undefined;
    }
    if (ctx.method === 'POST' && ctx.path === '/__test/id-token-mode') {
      const mode = ctx.query.mode;
      if (!['off', 'payload', 'alg-none', 'foreign-key', 'unknown-kid', 'rotated', 'no-kid'].includes(mode)) {
        ctx.status = 400;
        ctx.body = { error: 'mode must be off, payload, alg-none, foreign-key, unknown-kid, rotated or no-kid' };
        return undefined;
      }
      idTokenMode = mode;
      if (mode === 'rotated') rotationPublished = true;
      ctx.body = { id_token_mode: idTokenMode, rotation_kid: ROTATION_KEY.kid };
      return undefined;
    }
    if (ctx.method === 'POST' && ctx.path === '/__test/jwks-mode') {
      const mode = ctx.query.mode;
      if (!['ok', 'unavailable'].includes(mode)) {
        ctx.status = 400;
        ctx.body = { error: 'mode must be ok or unavailable' };
        return undefined;
      }
      jwksMode = mode;
      ctx.body = { jwks_mode: jwksMode };
      return undefined;
    }
    if (ctx.path === '/__test/refresh-token' || ctx.path === '/__test/revoke-refresh-token') {
      const value = ctx.query.token;
      if (typeof value !== 'string' || !value) {
        ctx.status = 400;
        ctx.type = 'json';
        ctx.body = JSON.stringify({ error: 'token query parameter required' });
        return undefined;
      }
      if (ctx.method === 'GET' && ctx.path === '/__test/refresh-token') {
        ctx.type = 'json';
        ctx.body = JSON.stringify(await refreshTokenStatus(value));
        return undefined;
      }
      if (ctx.method === 'POST' && ctx.path === '/__test/revoke-refresh-token') {
        const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
        if (token) await token.destroy();
        ctx.type = 'json';
        ctx.body = JSON.stringify({ revoked: Boolean(token) });
        return undefined;
      }
    }
    ctx.status = 404;
    ctx.type = 'json';
    ctx.body = JSON.stringify({ error: 'not_found' });
    return undefined;
  });
}

const server = http.createServer(provider.callback());
const sockets = new Set();
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

server.on('error', (err) => {
  console.error(`oidc-provider could not listen on ${ISSUER}: ${err.message}`);
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  console.log(`oidc-provider listening on ${ISSUER}`);
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  for (const socket of sockets) socket.destroy();
  setTimeout(() => process.exit(0), 2000).unref();
  if (signal) console.log(`oidc-provider stopping (${signal})`);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
