// End-to-end tests of the session: token expiry, refresh ahead of expiry with rotating refresh
// tokens, several tabs sharing one session, a provider that goes away and comes back, a refresh
// token revoked behind the page's back, and the full logout.
//
// The provider runs with 15 s access tokens and refresh-token rotation with reuse detection
// (OIDC_ACCESS_TOKEN_TTL=15, OIDC_ROTATE_REFRESH=1). See README.md for the DOM contract.
//
//   cd tests/e2e && node --test session.test.mjs

import assert from 'node:assert/strict';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';

import {
  APP,
  CLIENT_ID,
  OP,
  OP_PORT,
  SESSION_KEY,
  completeProviderLogout,
  configWith,
  describePage,
  findRefreshToken,
  lhaKeys,
  newSessionContext,
  newTab,
  pkcePair,
  sessionLog,
  sessionView,
  signInAtProvider,
  signInButton,
  signOutButton,
  startAll,
  storageSnapshot,
  waitForSession,
  waitForSessionView,
  waitForState,
  WAIT_MS,
} from './harness.mjs';
import { startProxy } from './proxy.mjs';

/** Access-token lifetime at the provider, seconds. */
const TTL = 15;
/** The page refreshes at expiry minus a lead of at most 25 % of the lifetime. */
const MIN_INTERVAL = TTL * 0.75;
const CYCLES = 5;
const TEST_TIMEOUT = 150_000;
const PROXY_PORT = Number(process.env.E2E_PROXY_PORT || OP_PORT + 1);

let env;
let discovery;

async function signIn(page, tracker, login = 'alice') {
  await (await signInButton(page, tracker)).click();
  await signInAtProvider(page, login, { tracker });
  await waitForState(page, 'signed-in', tracker);
}

/** A fresh context (own cookies and storage; session recorder installed) with the config. */
async function open(config = {}) {
  env.app.setConfig(configWith(config));
  return newSessionContext(env.browser);
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const secs = (ms) => (ms / 1000).toFixed(1);
const hasWords = (s) => /\p{L}{2,}/u.test(s ?? '');

/** Successful and failed refresh_token requests at the provider since `since` (ms). */
async function refreshesSince(since) {
  return (await env.provider.refreshLog()).filter((e) => e.at >= since);
}

/** Group refresh events into rotation cycles: a gap of more than TTL/3 starts a new cycle. */
function cyclesOf(events) {
  const cycles = [];
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    const current = cycles.at(-1);
    if (current && e.at - current.at(-1).at <= (TTL * 1000) / 3) current.push(e);
    else cycles.push([e]);
  }
  return cycles;
}

/** Check a recorder log of a tab that must have stayed signed in after it first was. */
function assertStayedSignedIn(log, label) {
  const first = log.findIndex((e) => e.state === 'signed-in');
  assert.ok(first >= 0, `${label}: never signed in; log ${JSON.stringify(log)}`);
  const after = log.slice(first);
  const bad = after.filter((e) => e.state !== 'signed-in');
  assert.deepEqual(bad, [], `${label}: left signed-in at some point`);
  const expired = after.filter((e) => e.status === 'expired');
  assert.deepEqual(expired, [], `${label}: session status was "expired" at some point`);
  const expiries = after.map((e) => e.expiresAt).filter((x) => x !== null && Number.isFinite(x));
  for (let i = 1; i < expiries.length; i += 1) {
    assert.ok(expiries[i] >= expiries[i - 1], `${label}: data-lha-expires-at went back from ${expiries[i - 1]} to ${expiries[i]}`);
  }
  return after;
}

/** The live refresh token of a signed-in page using local storage (verified at the provider). */
async function liveRefreshToken(page, trackers) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const { local, session } = await storageSnapshot(page);
    const raw = local[SESSION_KEY] ?? session[SESSION_KEY];
    let candidate = null;
    if (raw) {
      try {
        candidate = findRefreshToken(JSON.parse(raw));
      } catch {
        // not JSON
      }
    }
    if (!candidate) {
      // Not readable from storage: the newest refresh token any tab received.
      candidate = trackers.flatMap((t) => t.tokenResponses).map((r) => r.refresh_token).filter(Boolean).at(-1) ?? null;
    }
    assert.ok(candidate, `no refresh token found in ${SESSION_KEY} (${raw?.slice(0, 200)}) nor in the token responses`);
    const status = await env.provider.refreshTokenStatus(candidate);
    if (status.active) return candidate;
    await sleep(300); // just rotated: read again
  }
  throw new Error('could not read a live refresh token from the page');
}

describe('session', () => {
  before(async () => {
    env = await startAll({
      providerEnv: { OIDC_ACCESS_TOKEN_TTL: String(TTL), OIDC_ROTATE_REFRESH: '1', OIDC_TEST_HOOKS: '1' },
    });
    discovery = await (await fetch(`${OP}/.well-known/openid-configuration`)).json();
  });

  after(async () => {
    await env?.stop();
  });

  it(`single tab: stays signed in across ${CYCLES} refreshes, each before expiry`, { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open({ storage: 'local' });
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker);
      const first = await waitForSessionView(page, tracker);
      const t0 = Date.now();
      assert.ok(first.expiresAt * 1000 > t0, `data-lha-expires-at (${first.expiresAt}) in the future\n${await describePage(page, tracker)}`);
      assert.ok(first.expiresAt * 1000 <= t0 + (TTL + 2) * 1000, `data-lha-expires-at (${first.expiresAt}) about ${TTL} s ahead`);
      assert.ok(hasWords(first.expiresText), `[data-lha-expires-at] says the remaining time in words: ${JSON.stringify(first.expiresText)}`);
      await env.provider.resetStats();

      const deadline = t0 + (CYCLES * TTL + 15) * 1000;
      const refreshes = [];
      let lastExpiry = first.expiresAt;
      let seen = 0;
      while (refreshes.length < CYCLES) {
        assert.ok(Date.now() < deadline, `only ${refreshes.length} refreshes within ${secs(deadline - t0)} s\n${await describePage(page, tracker)}`);
        await sleep(250);
        const view = await sessionView(page);
        assert.equal(view.state, 'signed-in', `still signed in\n${await describePage(page, tracker)}`);
        assert.notEqual(view.status, 'expired', `never "expired"\n${await describePage(page, tracker)}`);
        const log = await env.provider.refreshLog();
        if (log.length > seen) {
          const fresh = log.slice(seen);
          seen = log.length;
          for (const e of fresh) {
            assert.equal(e.status, 200, `refresh answered ${e.status} ${e.error}: ${e.error_description}`);
            assert.ok(e.at < lastExpiry * 1000, `refresh at ${new Date(e.at).toISOString()} made before the expiry ${new Date(lastExpiry * 1000).toISOString()}`);
          }
          // The page shows the new expiry and goes back to "active".
          const now = Date.now();
          const next = await waitForSession(page, tracker, `a later expiry than ${lastExpiry} and status "active"`,
            (v) => v.state === 'signed-in' && v.expiresAt > lastExpiry && v.status === 'active', 5000);
          refreshes.push({ at: fresh.at(-1).at, requests: fresh.length, from: lastExpiry, to: next.expiresAt });
          console.log(`refresh ${refreshes.length}: ${secs(fresh.at(-1).at - t0)} s after sign-in, ${fresh.length} request(s), `
            + `expiry ${lastExpiry} -> ${next.expiresAt} (${secs(lastExpiry * 1000 - fresh.at(-1).at)} s before the old one), active after ${secs(Date.now() - now)} s`);
          lastExpiry = next.expiresAt;
        }
      }

      const stats = await env.provider.stats();
      assert.equal(stats.token_errors.refresh_token ?? 0, 0, `no refresh errors: ${JSON.stringify(stats)}`);
      assert.equal(stats.grants_revoked, 0, `no grant revoked: ${JSON.stringify(stats)}`);
      assert.equal(stats.token_requests.refresh_token, refreshes.length, `one request per refresh: ${JSON.stringify(stats)}`);
      const intervals = refreshes.slice(1).map((r, i) => (r.at - refreshes[i].at) / 1000);
      for (const s of intervals) {
        assert.ok(s >= MIN_INTERVAL - 1.5, `refreshes ${secs(s * 1000)} s apart: the lead must be at most 25 % of the lifetime (${intervals})`);
      }
      assertStayedSignedIn(await sessionLog(page), 'the tab');
      assert.deepEqual(tracker.pageErrors, [], `no uncaught errors\n${tracker.describe()}`);
    } finally {
      await context.close();
    }
  });

  it(`three tabs: one refresh per rotation cycle, nobody signed out (${CYCLES} cycles)`, { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page, tracker } = await open({ storage: 'local' });
    const tabs = [{ page, tracker, name: 'tab 1' }];
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker);
      await waitForSessionView(page, tracker);
      for (const name of ['tab 2', 'tab 3']) {
        const tab = await newTab(context);
        await tab.page.goto(`${APP}/`);
        await waitForState(tab.page, 'signed-in', tab.tracker);
        await waitForSessionView(tab.page, tab.tracker);
        tabs.push({ ...tab, name });
      }
      const t0 = Date.now();
      const refreshesBefore = (await env.provider.refreshLog()).length;

      // Watch until CYCLES cycles have completed (or the time for them is up).
      const deadline = t0 + (CYCLES * TTL + 10) * 1000;
      let turn = 0;
      let lastFront = 0;
      for (;;) {
        await sleep(250);
        if (Date.now() - lastFront > 3000) {
          turn = (turn + 1) % tabs.length;
          await tabs[turn].page.bringToFront();
          lastFront = Date.now();
        }
        for (const tab of tabs) {
          const view = await sessionView(tab.page);
          assert.equal(view.state, 'signed-in', `${tab.name} still signed in\n${await describePage(tab.page, tab.tracker)}`);
          assert.notEqual(view.status, 'expired', `${tab.name} never "expired"\n${await describePage(tab.page, tab.tracker)}`);
        }
        const events = (await env.provider.refreshLog()).slice(refreshesBefore);
        const failed = events.filter((e) => e.status !== 200);
        assert.deepEqual(failed, [], 'no refresh failed (a reused refresh token gives invalid_grant and revokes the grant)');
        const cycles = cyclesOf(events);
        // A cycle is complete when the next one has begun, or the last one is 3 s old.
        const complete = cycles.filter((c, i) => i < cycles.length - 1 || Date.now() - c.at(-1).at > 3000).length;
        if (complete >= CYCLES) break;
        assert.ok(Date.now() < deadline, `only ${complete} rotation cycles in ${secs(Date.now() - t0)} s: ${JSON.stringify(events)}`);
      }
      await sleep(1000);
      const elapsed = Date.now() - t0;
      const events = (await env.provider.refreshLog()).slice(refreshesBefore);
      const cycles = cyclesOf(events);

      // Which tab sent each refresh (from the pages' own requests).
      const senders = tabs.flatMap((tab) => tab.tracker.requests
        .filter((r) => r.grantType === 'refresh_token' && r.at >= t0)
        .map((r) => ({ at: r.at, tab: tab.name })));
      const report = cycles.map((c, i) => {
        const from = c[0].at - 1000;
        const to = c.at(-1).at + 1000;
        const who = senders.filter((s) => s.at >= from && s.at <= to).map((s) => s.tab);
        return `cycle ${i + 1}: ${c.length} refresh${c.length === 1 ? '' : 'es'} at +${secs(c[0].at - t0)} s (${who.join(', ') || 'sender unknown'})`;
      });
      for (const line of report) console.log(line);
      t.diagnostic(report.join('; '));

      const stats = await env.provider.stats();
      console.log(`three tabs: ${events.length} refreshes in ${cycles.length} cycles over ${secs(elapsed)} s; `
        + `token errors ${JSON.stringify(stats.token_errors)}, grants revoked ${stats.grants_revoked}`);
      assert.equal(stats.token_errors.refresh_token ?? 0, 0, `no refresh_token errors (invalid_grant) at the provider: ${JSON.stringify(stats)}`);
      assert.equal(stats.grants_revoked, 0, `the provider revoked no grant (reuse detection): ${JSON.stringify(stats)}`);
      const grants = new Set(events.map((e) => e.grant_id));
      assert.equal(grants.size, 1, `all refreshes belong to the one grant of the sign-in: ${[...grants]}`);
      // Time-based bounds on the number of cycles: one per access-token lifetime at least, one per
      // 75 % of it at most.
      assert.ok(cycles.length >= Math.floor(elapsed / (TTL * 1000)) - 1
        && cycles.length <= Math.ceil(elapsed / (MIN_INTERVAL * 1000)) + 1,
        `${cycles.length} cycles in ${secs(elapsed)} s does not fit a ${TTL} s token refreshed at 75-100 % of its life`);
      assert.ok(Math.abs(events.length - cycles.length) <= 1,
        `one refresh per cycle (±1): ${events.length} refreshes in ${cycles.length} cycles\n${report.join('\n')}`);
      for (const tab of tabs) {
        assertStayedSignedIn(await sessionLog(tab.page), tab.name);
        assert.deepEqual(tab.tracker.pageErrors, [], `${tab.name}: no uncaught errors`);
        const final = await sessionView(tab.page);
        assert.ok(final.expiresAt * 1000 > Date.now(), `${tab.name} shows an expiry in the future: ${JSON.stringify(final)}`);
      }
    } finally {
      await context.close();
    }
  });

  it('provider unreachable: reconnecting, session kept, recovers when it is back', { timeout: TEST_TIMEOUT }, async () => {
    const proxy = await startProxy({ port: PROXY_PORT, target: OP });
    const { context, page, tracker } = await open({
      storage: 'session',
      endpoints: {
        authorization_endpoint: discovery.authorization_endpoint,
        token_endpoint: `${proxy.url}/token`,
        userinfo_endpoint: discovery.userinfo_endpoint,
        end_session_endpoint: discovery.end_session_endpoint,
        revocation_endpoint: `${proxy.url}/token/revocation`,
        jwks_uri: discovery.jwks_uri,
      },
    });
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker);
      assert.ok(proxy.requests.some((r) => r.method === 'POST' && r.url === '/token' && r.status === 200),
        `the code exchange went through the proxy: ${JSON.stringify(proxy.requests)}`);
      const first = await waitForSessionView(page, tracker);
      const expiry = first.expiresAt * 1000;

      // Take the token endpoint away before the first refresh is due.
      await proxy.stop();
      const down = Date.now();
      assert.ok(down < expiry - (TTL * 1000) / 4, `the proxy stopped ${secs(expiry - down)} s before expiry, before the refresh`);

      // Refresh fails: "reconnecting" while the access token is still valid, still signed in.
      const reconnecting = await waitForSession(page, tracker, 'status "reconnecting"',
        (v) => v.status === 'reconnecting' || v.state !== 'signed-in', expiry - Date.now() + 2000);
      assert.equal(reconnecting.state, 'signed-in', `still signed in while reconnecting\n${await describePage(page, tracker)}`);
      assert.ok(Date.now() < expiry, `"reconnecting" shown before the access token expired (${secs(expiry - Date.now())} s left)`);
      console.log(`reconnecting ${secs(Date.now() - down)} s after the proxy stopped, ${secs(expiry - Date.now())} s before expiry`);

      // Stay down until 5 s past expiry: the session must be kept (not signed out, storage kept).
      while (Date.now() < expiry + 5000) {
        const v = await sessionView(page);
        assert.equal(v.state, 'signed-in', `not signed out while the provider is unreachable\n${await describePage(page, tracker)}`);
        assert.ok(['reconnecting', 'expired', 'refreshing'].includes(v.status),
          `status while unreachable is reconnecting/expired/refreshing, got ${v.status}`);
        await sleep(250);
      }
      const keys = await lhaKeys(page);
      assert.ok(keys.session.length > 0, `the session is still stored: ${JSON.stringify(keys)}`);

      await proxy.start();
      const up = Date.now();
      const outage = (up - down) / 1000;
      const attempts = tracker.requests.filter((r) => r.url.startsWith(proxy.url) && r.method !== 'OPTIONS' && r.at >= down && r.at < up);
      const limit = Math.ceil(Math.log2(outage)) + 2;
      console.log(`outage ${outage.toFixed(1)} s: ${attempts.length} requests to the token endpoint at `
        + `${attempts.map((a) => `+${secs(a.at - down)}`).join(', ')} s (limit ${limit})`);
      assert.ok(attempts.length >= 1, 'the page tried to refresh while the provider was unreachable');
      assert.ok(attempts.length <= limit, `no flood: ${attempts.length} requests in a ${outage.toFixed(1)} s outage (at most ${limit})`);

      // Back: the page recovers to "active" with a new expiry (the backoff is capped at 30 s).
      const recovered = await waitForSession(page, tracker, 'status "active" with a new expiry after the provider came back',
        (v) => v.state !== 'signed-in' || (v.status === 'active' && v.expiresAt * 1000 > Date.now()), 45_000);
      assert.equal(recovered.state, 'signed-in', `signed in after recovery\n${await describePage(page, tracker)}`);
      assert.ok(recovered.expiresAt > first.expiresAt, `new expiry ${recovered.expiresAt} after ${first.expiresAt}`);
      console.log(`recovered ${secs(Date.now() - up)} s after the proxy came back`);
      assert.ok(proxy.requests.some((r) => r.at >= up && r.url === '/token' && r.status === 200),
        `the refresh went through the proxy after it came back: ${JSON.stringify(proxy.requests)}`);
      const log = await sessionLog(page);
      const firstSignedIn = log.findIndex((e) => e.state === 'signed-in');
      assert.deepEqual(log.slice(firstSignedIn).filter((e) => e.state !== 'signed-in'), [], 'never left signed-in');
    } finally {
      await context.close();
      await proxy.stop();
    }
  });

  it('refresh token revoked behind the page\'s back: signed out with reason refresh_rejected', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open({ storage: 'local' });
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker);
      const first = await waitForSessionView(page, tracker);
      const before = await env.provider.stats();
      const { revoked } = await env.provider.revokeGrants();
      assert.ok(revoked >= 1, `the provider revoked the grant (${revoked})`);
      const revokedAt = Date.now();

      await waitForState(page, 'signed-out', tracker, first.expiresAt * 1000 - Date.now() + 10_000);
      await signInButton(page, tracker);
      const view = await waitForSession(page, tracker, '[data-lha-signout-reason="refresh_rejected"]',
        (v) => v.reason !== null, 5000);
      assert.equal(view.reason, 'refresh_rejected', `sign-out reason\n${await describePage(page, tracker)}`);
      assert.ok(hasWords(view.reasonText), `the reason is said in words: ${JSON.stringify(view.reasonText)}`);
      await sleep(2000);
      const keys = await lhaKeys(page);
      assert.deepEqual(keys, { local: [], session: [] }, 'no lha/ key left in storage');

      const after = await env.provider.stats();
      const rejected = (await refreshesSince(revokedAt)).filter((e) => e.status !== 200);
      assert.equal(rejected.length, 1, `one refresh, rejected (invalid_grant is not retried): ${JSON.stringify(rejected)}`);
      assert.equal(rejected[0].error, 'invalid_grant');
      assert.equal(after.token_requests.refresh_token - before.token_requests.refresh_token, 1,
        'no further refresh after the rejection');
    } finally {
      await context.close();
    }
  });

  it('Sign out: revokes, wipes every tab, ends the provider session', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open({ storage: 'local' });
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker);
      await waitForSessionView(page, tracker);
      const tab2 = await newTab(context);
      await tab2.page.goto(`${APP}/`);
      await waitForState(tab2.page, 'signed-in', tab2.tracker);

      const refreshToken = await liveRefreshToken(page, [tracker, tab2.tracker]);
      const before = await env.provider.stats();
      await (await signOutButton(page, tracker)).click();
      await completeProviderLogout(page, { tracker });
      await signInButton(page, tracker);
      await waitForState(page, 'signed-out', tracker);
      assert.equal(new URL(page.url()).origin, APP, 'back on the app');

      // (d) the other tab is signed out too.
      await waitForState(tab2.page, 'signed-out', tab2.tracker);
      await signInButton(tab2.page, tab2.tracker);
      const view2 = await sessionView(tab2.page);
      assert.equal(view2.reason, 'other_tab', `tab 2's sign-out reason\n${await describePage(tab2.page, tab2.tracker)}`);

      // (a) nothing left in storage, in either tab.
      for (const [name, p] of [['tab 1', page], ['tab 2', tab2.page]]) {
        assert.deepEqual(await lhaKeys(p), { local: [], session: [] }, `${name}: no lha/ key left in storage`);
      }

      // (b) the refresh token is dead at the provider, and the page revoked it.
      const after = await env.provider.stats();
      assert.ok(after.revocations > before.revocations, `the page called the revocation endpoint (${before.revocations} -> ${after.revocations})`);
      assert.ok(after.end_sessions > before.end_sessions, `the provider ended its session (${before.end_sessions} -> ${after.end_sessions})`);
      const status = await env.provider.refreshTokenStatus(refreshToken);
      assert.equal(status.active, false, `the refresh token is no longer usable: ${JSON.stringify(status)}`);
      const res = await fetch(`${OP}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID }),
      });
      const body = await res.json();
      assert.equal(res.status, 400, `refresh with the old token: ${res.status} ${JSON.stringify(body)}`);
      assert.equal(body.error, 'invalid_grant');

      // (c) the provider session is gone: prompt=none answers login_required.
      const { challenge } = await pkcePair();
      const authorize = new URL(discovery.authorization_endpoint);
      for (const [k, v] of Object.entries({
        client_id: CLIENT_ID,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: `${APP}/callback`,
        state: 'prompt-none-check',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        prompt: 'none',
      })) authorize.searchParams.set(k, v);
      let callback = null;
      const isCallback = (u) => u.origin === APP && u.pathname === '/callback';
      await page.route(isCallback, (route) => {
        callback = route.request().url();
        return route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback captured by the test' });
      });
      await page.goto(authorize.href);
      await page.waitForURL(isCallback, { timeout: WAIT_MS });
      callback ??= tracker.navigations.findLast((u) => isCallback(new URL(u))) ?? null;
      assert.ok(callback, `the provider redirected to the callback\n${tracker.describe()}`);
      const params = new URL(callback).searchParams;
      assert.equal(params.get('error'), 'login_required', `prompt=none after logout: ${callback}`);
      assert.equal(params.get('state'), 'prompt-none-check');
    } finally {
      await context.close();
    }
  });
});
