// ID-token signatures end to end: the release build in headless Chromium against the local
// oidc-provider, which signs with real keys (RS256, PS256 or ES256) and, through its test hooks,
// forges tokens, hides its signing key, or comes back after a restart with new keys.
//
//   cd tests/e2e && node --test signatures.test.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  APP,
  OP,
  SESSION_KEY,
  alertText,
  assertPrerequisites,
  configWith,
  describePage,
  errorCode,
  launchBrowser,
  newPage,
  signInAtProvider,
  signInButton,
  startApp,
  startProvider,
  storageSnapshot,
  waitForState,
} from './harness.mjs';

const TEST_TIMEOUT = 120_000;
const JWKS_KEY = 'lha/v1/jwks';

let app;
let browser;
let provider;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lha-sig-'));

async function restartProvider(env = {}) {
  await provider?.stop();
  provider = await startProvider({ env });
}

async function hook(pathAndQuery) {
  const res = await fetch(`${OP}${pathAndQuery}`, { method: 'POST' });
  assert.ok(res.ok, `${pathAndQuery} answered ${res.status}`);
}

/** Click "Sign in" and log in at the provider; the page then handles the callback. */
async function startSignIn(page, tracker, login = 'alice') {
  const button = await signInButton(page, tracker);
  await button.click();
  await signInAtProvider(page, login, { tracker });
}

async function assertRefused(page, tracker, pattern) {
  await waitForState(page, 'error', tracker);
  const ctx = await describePage(page, tracker);
  assert.equal(await errorCode(page), 'id_token_invalid', `data-lha-error-code\n${ctx}`);
  const text = await alertText(page);
  assert.match(text ?? '', pattern, `the alert says why\n${ctx}`);
  const snapshot = await storageSnapshot(page);
  assert.ok(!(SESSION_KEY in snapshot.local) && !(SESSION_KEY in snapshot.session),
    `no session stored\n${JSON.stringify(Object.keys(snapshot.local))} ${JSON.stringify(Object.keys(snapshot.session))}`);
  assert.deepEqual(tracker.pageErrors, [], `no uncaught errors\n${ctx}`);
}

/** The tokens in the page's stored session (sessionStorage), found by their field names. */
async function storedTokens(page) {
  const raw = (await storageSnapshot(page)).session[SESSION_KEY];
  assert.ok(raw, 'a session is stored');
  const found = {};
  const walk = (value) => {
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (['id_token', 'access_token', 'refresh_token'].includes(k) && typeof v === 'string') found[k] = v;
      else walk(v);
    }
  };
  walk(JSON.parse(raw));
  assert.ok(found.id_token && found.access_token && found.refresh_token, `tokens found in the session: ${Object.keys(found)}`);
  return found;
}

const kidOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid;
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Wait until the provider has answered `count` refresh requests in all. */
async function waitForRefreshes(count, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await provider.refreshLog();
    if (log.length >= count) return log;
    assert.ok(Date.now() < deadline, `expected ${count} refresh requests within ${timeoutMs} ms, got ${JSON.stringify(log)}`);
    await sleep(250);
  }
}

describe('ID-token signatures', () => {
  before(async () => {
    assertPrerequisites();
    app = await startApp({ config: configWith({ storage: 'session' }) });
    browser = await launchBrowser();
  });

  after(async () => {
    await Promise.allSettled([browser?.close(), app?.close(), provider?.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const alg of ['RS256', 'PS256', 'ES256']) {
    it(`${alg}: the ID token is verified with the provider's published key`, { timeout: TEST_TIMEOUT }, async () => {
      await restartProvider({ OIDC_ID_TOKEN_ALG: alg });
      const { context, page, tracker } = await newPage(browser);
      try {
        await page.goto(`${APP}/`);
        await startSignIn(page, tracker);
        await waitForState(page, 'signed-in', tracker);
        assert.ok((await storageSnapshot(page)).session[SESSION_KEY], 'a session was stored');
        const stats = await provider.stats();
        assert.equal(stats.jwks_requests, 1, 'the key set was fetched exactly once');
        const cached = (await storageSnapshot(page)).session[JWKS_KEY];
        assert.ok(cached && JSON.parse(cached).v === 1, 'the public key set is cached in sessionStorage');
      } finally {
        await context.close();
      }
    });
  }

  for (const [mode, pattern] of [
    ['payload', /signature/i],
    ['foreign-key', /signature/i],
    ['alg-none', /algorithm|none/i],
  ]) {
    it(`refuses a forged ID token (${mode}) and stores nothing`, { timeout: TEST_TIMEOUT }, async () => {
      await restartProvider();
      await hook(`/__test/id-token-mode?mode=${mode}`);
      const { context, page, tracker } = await newPage(browser);
      try {
        await page.goto(`${APP}/`);
        await startSignIn(page, tracker);
        await assertRefused(page, tracker, pattern);
      } finally {
        await context.close();
      }
    });
  }

  it('a token signed by a key the provider does not publish: one refetch, then refused', { timeout: TEST_TIMEOUT }, async () => {
    await restartProvider();
    const { context, page, tracker } = await newPage(browser);
    try {
      // A first sign-in caches the real key set in this tab.
      await page.goto(`${APP}/`);
      await startSignIn(page, tracker);
      await waitForState(page, 'signed-in', tracker);
      assert.equal((await provider.stats()).jwks_requests, 1);
      await page.evaluate((k) => sessionStorage.removeItem(k), SESSION_KEY);

      // Now the ID token is signed by a key the provider never published, under its own kid.
      await hook('/__test/id-token-mode?mode=unknown-kid');
      await context.clearCookies();
      await page.goto(`${APP}/`);
      await startSignIn(page, tracker);
      await assertRefused(page, tracker, /no key with id/i);
      assert.equal((await provider.stats()).jwks_requests, 2, 'exactly one refetch, no loop');
    } finally {
      await context.close();
    }
  });

  it('key rotation: after a restart with new keys the page refetches the set once and signs in', { timeout: TEST_TIMEOUT }, async () => {
    await restartProvider({ OIDC_JWKS_FILE: path.join(tmp, 'keys-1.json') });
    const { context, page, tracker } = await newPage(browser);
    try {
      await page.goto(`${APP}/`);
      await startSignIn(page, tracker);
      await waitForState(page, 'signed-in', tracker);
      const before = JSON.parse((await storageSnapshot(page)).session[JWKS_KEY]);
      await page.evaluate((k) => sessionStorage.removeItem(k), SESSION_KEY);

      // The provider comes back with a new signing key (new kid).
      await restartProvider({ OIDC_JWKS_FILE: path.join(tmp, 'keys-2.json') });
      const oldKids = JSON.parse(fs.readFileSync(path.join(tmp, 'keys-1.json'), 'utf8')).keys.map((k) => k.kid);
      const newKids = JSON.parse(fs.readFileSync(path.join(tmp, 'keys-2.json'), 'utf8')).keys.map((k) => k.kid);
      assert.ok(newKids.every((k) => !oldKids.includes(k)), 'the restart rotated every key');
      assert.ok(JSON.parse(before.jwks).keys.some((k) => oldKids.includes(k.kid)), 'the tab cached the old set');

      await context.clearCookies();
      await page.goto(`${APP}/`);
      await startSignIn(page, tracker);
      await waitForState(page, 'signed-in', tracker);
      const stats = await provider.stats();
      assert.equal(stats.jwks_requests, 1, 'the new provider was asked for its keys exactly once');
      const after = JSON.parse((await storageSnapshot(page)).session[JWKS_KEY]);
      assert.ok(JSON.parse(after.jwks).keys.some((k) => newKids.includes(k.kid)), 'the cache holds the new set');
      assert.deepEqual(tracker.pageErrors, [], 'no uncaught errors');
    } finally {
      await context.close();
    }
  });
  // OpenID Foundation RP tests rp-id_token-kid-absent-single-jwks and
  // rp-id_token-kid-absent-multiple-jwks: no kid, the key is chosen by type; with two keys
  // of that type each is tried (the provider signs with the second one).
  for (const [label, keysOfType] of [['one RSA key published', 1], ['two RSA keys published', 2]]) {
    it(`an ID token without kid, ${label}: verified`, { timeout: TEST_TIMEOUT }, async () => {
      await restartProvider();
      if (keysOfType === 2) await hook('/__test/id-token-mode?mode=rotated'); // publishes a second RSA key
      await hook('/__test/id-token-mode?mode=no-kid');
      const jwks = await (await fetch(`${OP}/jwks`)).json();
      assert.equal(jwks.keys.filter((k) => k.kty === 'RSA').length, keysOfType, 'RSA keys in the published set');
      const { context, page, tracker } = await newPage(browser);
      try {
        await page.goto(`${APP}/`);
        await startSignIn(page, tracker);
        await waitForState(page, 'signed-in', tracker);
        const stored = await storedTokens(page);
        assert.equal(kidOf(stored.id_token), undefined, 'the stored ID token has no kid');
        assert.deepEqual(tracker.pageErrors, [], 'no uncaught errors');
      } finally {
        await context.close();
      }
    });
  }

  it('signing keys out of reach at sign-in: signing_keys_unavailable, nothing stored; back: signs in', { timeout: TEST_TIMEOUT }, async () => {
    await restartProvider();
    await hook('/__test/jwks-mode?mode=unavailable');
    const { context, page, tracker } = await newPage(browser);
    try {
      await page.goto(`${APP}/`);
      await startSignIn(page, tracker);
      await waitForState(page, 'error', tracker);
      const ctx = await describePage(page, tracker);
      assert.equal(await errorCode(page), 'signing_keys_unavailable', `data-lha-error-code\n${ctx}`);
      assert.match(await alertText(page) ?? '', /signing keys.*HTTP 503.*try again/is, `the alert says why\n${ctx}`);
      const snapshot = await storageSnapshot(page);
      assert.ok(!(SESSION_KEY in snapshot.session) && !(SESSION_KEY in snapshot.local), 'no session stored');
      assert.ok(!(JWKS_KEY in snapshot.session), 'nothing cached from the failed fetch');

      await hook('/__test/jwks-mode?mode=ok');
      await context.clearCookies();
      await page.goto(`${APP}/`);
      await startSignIn(page, tracker);
      await waitForState(page, 'signed-in', tracker);
      assert.deepEqual(tracker.pageErrors, [], 'no uncaught errors');
    } finally {
      await context.close();
    }
  });

  it('keys out of reach during a refresh after a live rotation: the session and its rotated refresh token are kept; the new key is used once reachable', { timeout: TEST_TIMEOUT }, async () => {
    const ttl = 15;
    await restartProvider({ OIDC_ACCESS_TOKEN_TTL: String(ttl), OIDC_ROTATE_REFRESH: '1' });
    const { context, page, tracker } = await newPage(browser);
    try {
      await page.goto(`${APP}/`);
      await startSignIn(page, tracker);
      await waitForState(page, 'signed-in', tracker);
      const signedIn = await storedTokens(page);
      const originalKid = kidOf(signedIn.id_token);
      assert.equal((await provider.stats()).jwks_requests, 1);

      // The provider moves to a new signing key while its key set cannot be fetched.
      const rotation = await (await fetch(`${OP}/__test/id-token-mode?mode=rotated`, { method: 'POST' })).json();
      await hook('/__test/jwks-mode?mode=unavailable');
      await provider.resetStats();

      // First refresh: tokens issued, new ID token uncheckable (its kid is not cached, the
      // refetch gets a 503).
      const [first] = await waitForRefreshes(1, ttl * 1000 + 15_000);
      assert.equal(first.status, 200, `the first refresh succeeded at the provider: ${JSON.stringify(first)}`);
      await sleep(1500);
      const ctx = await describePage(page, tracker);
      assert.equal(await page.locator('[data-lha-state]').first().getAttribute('data-lha-state'), 'signed-in', `still signed in\n${ctx}`);
      const kept = await storedTokens(page);
      assert.notEqual(kept.access_token, signedIn.access_token, 'the new access token is stored');
      assert.notEqual(kept.refresh_token, signedIn.refresh_token, 'the rotated refresh token is stored');
      assert.equal(kept.id_token, signedIn.id_token, 'the unchecked ID token is not stored; the verified one is kept');
      assert.ok((await provider.refreshTokenStatus(kept.refresh_token)).active, 'the stored refresh token is the live one');
      assert.ok((await provider.stats()).jwks_requests >= 1, 'the page tried to fetch the new key');

      // Keys reachable again: the next refresh is checked with the rotated key and stored.
      await hook('/__test/jwks-mode?mode=ok');
      const log = await waitForRefreshes(2, ttl * 1000 + 15_000);
      await sleep(1500);
      assert.deepEqual(log.filter((e) => e.status !== 200), [], `no refresh was refused (no reuse of a spent token): ${JSON.stringify(log)}`);
      const renewed = await storedTokens(page);
      assert.equal(kidOf(renewed.id_token), rotation.rotation_kid, 'the stored ID token is signed by the rotated key');
      assert.notEqual(kidOf(renewed.id_token), originalKid);
      assert.equal(await page.locator('[data-lha-state]').first().getAttribute('data-lha-state'), 'signed-in');
      assert.equal((await provider.stats()).grants_revoked ?? 0, 0, 'no grant revoked');
      assert.deepEqual(tracker.pageErrors, [], 'no uncaught errors');
    } finally {
      await context.close();
    }
  });
});
