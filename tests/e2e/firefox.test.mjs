// The release build in headless Firefox ESR (Debian's firefox-esr, through geckodriver), served
// with the strict Content-Security-Policy: against the local oidc-provider, a sign-in with PKCE
// whose ID token is verified with Firefox's WebCrypto, a reload, and a full sign-out; against
// ministack, the Cognito Authenticator's SRP sign-in through its labelled fields, and sign-out.
// The other suites drive Chromium through Playwright, which cannot drive a stock Firefox; the
// browser tests (wasm-bindgen-test) run in both.
//
//   cd tests/e2e && node --test firefox.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  APP,
  OP,
  SESSION_KEY,
  assertPrerequisites,
  cognitoCall,
  cognitoConfig,
  configWith,
  createConfirmedUser,
  provisionPool,
  startApp,
  startMinistack,
  startProvider,
} from './harness.mjs';
import { startGeckodriver } from './webdriver.mjs';

const TEST_TIMEOUT = 120_000;
const JWKS_KEY = 'lha/v1/jwks';

let provider;
let app;
let driver;
let session;

const state = () => session.attribute('[data-lha-state]', 'data-lha-state');
const waitForState = (want) => session.waitFor(`data-lha-state="${want}"`, async () => (await state()) === want);
const storage = () => session.execute(`
  const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)).map((k) => [k, s.getItem(k)]));
  return { local: dump(localStorage), session: dump(sessionStorage) };`);
const origin = async () => new URL(await session.url()).origin;

/** "Sign in", log in as alice at the provider's login page, wait until signed in. */
async function signIn() {
  await session.clickButton('Sign in');
  await session.waitFor('the provider login page', async () => (await origin()) === OP && session.find('input[name=login]'));
  await session.type('input[name=login]', 'alice');
  await session.type('input[name=password]', 'correct horse');
  await session.click('button.login-submit');
  await session.waitFor('back on the app', async () => (await origin()) === APP);
  await waitForState('signed-in');
}

describe('Firefox ESR', () => {
  before(async () => {
    assertPrerequisites();
    provider = await startProvider();
    app = await startApp({ config: configWith({ storage: 'session' }) });
    driver = await startGeckodriver();
    session = await driver.newSession();
  });

  after(async () => {
    await session?.close().catch(() => {});
    await Promise.allSettled([driver?.stop(), app?.close(), provider?.stop()]);
  });

  it('signs in (PKCE, WebCrypto-verified ID token), survives a reload, signs out and leaves nothing', { timeout: TEST_TIMEOUT }, async () => {
    await session.goto(`${APP}/`);
    await waitForState('signed-out');
    await signIn();

    assert.equal((await session.text('[data-lha-user-sub]')).trim(), 'alice');
    const url = new URL(await session.url());
    assert.ok(!url.searchParams.has('code') && !url.searchParams.has('state'), `code and state left the address bar: ${url}`);
    const stored = await storage();
    assert.ok(stored.session[SESSION_KEY], 'the session is in sessionStorage');
    assert.ok(stored.session[JWKS_KEY], "the provider's key set is cached: the signature was checked");
    let stats = await provider.stats();
    assert.equal(stats.token_requests.authorization_code, 1, 'one code exchange');
    assert.equal(stats.jwks_requests, 1, 'the key set was fetched once');

    // A reload keeps the session (sessionStorage) without another request for keys.
    await session.goto(`${APP}/`);
    await waitForState('signed-in');
    assert.equal((await session.text('[data-lha-user-sub]')).trim(), 'alice');

    // Sign out: revoke, wipe, end the provider session.
    await session.clickButton('Sign out');
    await session.waitFor('the provider logout page', async () => (await origin()) === OP && session.find('button[name=logout]'));
    await session.click('button[name=logout]');
    await session.waitFor('back on the app', async () => (await origin()) === APP);
    await waitForState('signed-out');
    const after = await storage();
    const left = [...Object.keys(after.local), ...Object.keys(after.session)].filter((k) => k.startsWith('lha/'));
    assert.deepEqual(left, [], 'no lha/ key left in web storage');
    stats = await provider.stats();
    assert.equal(stats.revocations, 1, 'the refresh token was revoked');
    assert.equal(stats.end_sessions, 1, 'the provider session was ended');
  });
});

describe('Firefox ESR: two tabs, 15-second tokens, rotating refresh tokens', () => {
  const TTL = 15;
  const CYCLES = 3;

  before(async () => {
    assertPrerequisites();
    provider = await startProvider({ env: { OIDC_ACCESS_TOKEN_TTL: String(TTL), OIDC_ROTATE_REFRESH: '1' } });
    app = await startApp({ config: configWith({ storage: 'local' }) });
    driver = await startGeckodriver();
    session = await driver.newSession();
  });

  after(async () => {
    await session?.close().catch(() => {});
    await Promise.allSettled([driver?.stop(), app?.close(), provider?.stop()]);
  });

  it(`one refresh per cycle at the provider over ${CYCLES} cycles, both tabs stay signed in`, { timeout: TEST_TIMEOUT }, async () => {
    const first = await session.windowHandle();
    await session.goto(`${APP}/`);
    await signIn();

    const second = await session.newTab();
    await session.switchTo(second);
    await session.goto(`${APP}/`);
    await waitForState('signed-in');
    await provider.resetStats();
    const started = Date.now();

    // Let the tabs renew the session CYCLES times (at most 3/4 of the lifetime apart).
    await new Promise((resolve) => { setTimeout(resolve, (CYCLES * TTL * 0.75 + 4) * 1000); });
    const log = await provider.refreshLog();
    const cycles = [];
    for (const e of [...log].sort((a, b) => a.at - b.at)) {
      const current = cycles.at(-1);
      if (current && e.at - current.at(-1).at <= (TTL * 1000) / 3) current.push(e);
      else cycles.push([e]);
    }
    console.log(cycles.map((c, i) => `cycle ${i + 1}: ${c.length} refresh(es) at +${((c[0].at - started) / 1000).toFixed(1)} s`).join('; '));
    assert.ok(cycles.length >= CYCLES, `at least ${CYCLES} refresh cycles: ${JSON.stringify(log)}`);
    assert.deepEqual(cycles.map((c) => c.length), cycles.map(() => 1), 'exactly one refresh per cycle (no tab sent a spent token)');
    assert.deepEqual(log.filter((e) => e.status !== 200), [], 'no refresh refused');
    const stats = await provider.stats();
    assert.equal(stats.grants_revoked, 0, 'no grant revoked');

    for (const handle of [first, second]) {
      await session.switchTo(handle);
      assert.equal(await state(), 'signed-in', `tab ${handle} still signed in`);
      assert.equal(await session.attribute('[data-lha-session-status]', 'data-lha-session-status'), 'active');
    }
  });
});

describe('Firefox ESR: the Cognito Authenticator', () => {
  let ministack;
  let pool;

  before(async () => {
    assertPrerequisites({ provider: false });
    ministack = await startMinistack();
    pool = await provisionPool();
    app = await startApp({ config: cognitoConfig(pool, { authenticator: { login_mechanism: 'email' } }) });
    driver = await startGeckodriver();
    session = await driver.newSession();
  });

  after(async () => {
    await session?.close().catch(() => {});
    await Promise.allSettled([driver?.stop(), app?.close()]);
    await ministack?.stop();
  });

  it('signs in with SRP through the labelled fields, refuses a wrong password, signs out', { timeout: TEST_TIMEOUT }, async () => {
    const email = `fox.${Date.now()}@example.com`;
    const password = 'Passw0rd!x';
    const sub = await createConfirmedUser(pool, { username: email, password, attributes: { email } });

    await session.goto(`${APP}/`);
    await session.waitForElement('[data-lha-route="sign-in"]');
    await session.typeLabelled('Email', email);
    await session.typeLabelled('Password', 'Wr0ngPassword!');
    await session.clickButton('Sign in');
    const code = await session.waitFor('an alert', () => session.attribute('.lha-auth [role=alert][data-lha-error-code]', 'data-lha-error-code'));
    assert.equal(code, 'not_authorized');
    assert.equal((await storage()).session[SESSION_KEY], undefined, 'nothing stored after a wrong password');

    await session.typeLabelled('Password', password);
    await session.clickButton('Sign in');
    await waitForState('signed-in');
    assert.equal((await session.text('[data-lha-user-sub]')).trim(), sub);
    const raw = (await storage()).session[SESSION_KEY];
    assert.ok(raw, 'the session is in sessionStorage');
    // The access token the page holds is live at the user pool.
    const accessToken = JSON.stringify(JSON.parse(raw)).match(/"access_token":"([^"]+)"/)?.[1];
    assert.ok(accessToken, 'an access token is stored');
    const user = await cognitoCall('GetUser', { AccessToken: accessToken });
    assert.equal(user.status, 200, `GetUser with the stored access token: ${JSON.stringify(user.body)}`);

    await session.clickButton('Sign out');
    await waitForState('signed-out');
    await session.waitForElement('[data-lha-route="sign-in"]');
    const left = Object.keys((await storage()).session).filter((k) => k.startsWith('lha/'));
    assert.deepEqual(left, [], 'no lha/ key left in sessionStorage');
  });
});
