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
//   OIDC_TEST_HOOKS         "1": expose GET /__test/stats, POST /__test/reset-stats and
//                           POST /__test/revoke-grants (never enable outside tests)
//
// One public client, `lha-demo` (PKCE S256, no client secret). The dev interaction pages of
// oidc-provider are kept for the login (any login and password is accepted; the login becomes
// `sub`); the consent step is skipped because the requested scopes are granted automatically.
// Refresh tokens are issued to this client whether or not `offline_access` was granted.
//
// On Node 20 oidc-provider prints an "Unsupported runtime" warning; that is expected.

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
    revocations: 0,
    grants_revoked: 0,
    end_sessions: 0,
  };
}
function resetStats() {
  Object.assign(stats, newStats());
}
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
    },
  ],
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
  await next();
  if (ctx.method !== 'POST') return;
  if (ctx.path === '/token') {
    const grantType = ctx.oidc?.params?.grant_type ?? ctx.oidc?.body?.grant_type;
    if (typeof grantType === 'string') {
      stats.token_requests[grantType] = (stats.token_requests[grantType] ?? 0) + 1;
      if (ctx.status >= 400) {
        stats.token_errors[grantType] = (stats.token_errors[grantType] ?? 0) + 1;
      }
    }
  } else if (ctx.path === '/token/revocation') {
    stats.revocations += 1;
  }
});

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
