// End-to-end tests of the Cognito screens (the Authenticator) and of the Cognito hosted UI,
// against the local emulator ministack (tools/ministack.sh), in headless Chromium.
// Needs the built page in dist/ (or DIST_DIR), `npm ci` in tests/e2e/ and python3 (the first
// `tools/ministack.sh start` installs ministack into tools/.venv).
//
//   cd tests/e2e && node --test cognito.test.mjs

import assert from 'node:assert/strict';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';

import {
  APP,
  MINISTACK,
  SESSION_KEY,
  cognitoCall,
  cognitoConfig,
  createConfirmedUser,
  describePage,
  findRefreshToken,
  lhaKeys,
  newPage,
  provisionPool,
  recordRequests,
  signInButton,
  signOutButton,
  startCognitoAll,
  storageSnapshot,
  waitForState,
  WAIT_MS,
} from './harness.mjs';

const TEST_TIMEOUT = 60_000;
const PASSWORD = 'Passw0rd!x';
const NEW_PASSWORD = 'N3wPassw0rd!';
const AUTHENTICATOR = { login_mechanism: 'email', sign_up_attributes: ['name'] };

let env;
let pool;
let userCount = 0;

/** A fresh e-mail address for this run. */
function newEmail(what) {
  userCount += 1;
  return `${what}-${process.pid}-${Date.now()}-${userCount}@example.test`;
}

/** A fresh context on `/` with the Authenticator config (or `overrides`); records requests. */
async function open(overrides = {}) {
  env.app.setConfig(cognitoConfig(pool, { storage: 'local', authenticator: AUTHENTICATOR, ...overrides }));
  const opened = await newPage(env.browser);
  opened.requests = recordRequests(opened.page);
  await opened.page.goto(`${APP}/`);
  return opened;
}

async function context(page, tracker, requests) {
  return `${await describePage(page, tracker)}\nuser-pool calls: ${JSON.stringify(requests?.summary() ?? [])}`;
}

async function waitForRoute(page, route, tracker, requests, timeout = WAIT_MS) {
  try {
    await page.waitForSelector(`.lha-auth[data-lha-route="${route}"]`, { state: 'attached', timeout });
  } catch (err) {
    throw new Error(`waiting for route ${route}: ${err.message.split('\n')[0]}\n${await context(page, tracker, requests)}`);
  }
}

const field = (page, label) => page.getByLabel(label, { exact: true });
const button = (page, name) => page.getByRole('button', { name, exact: true });

/** The visible alert of the Authenticator: {code, text}, once one is shown. */
async function waitForAlert(page, tracker, requests) {
  const alert = page.locator('.lha-auth [role=alert][data-lha-error-code]').first();
  try {
    await alert.waitFor({ state: 'visible', timeout: WAIT_MS });
  } catch (err) {
    throw new Error(`waiting for an alert: ${err.message.split('\n')[0]}\n${await context(page, tracker, requests)}`);
  }
  return {
    code: await alert.getAttribute('data-lha-error-code'),
    text: (await alert.textContent()).trim(),
  };
}

/** Fill the sign-in screen and submit it (does not wait for the outcome). */
async function submitSignIn(page, tracker, requests, email, password) {
  await waitForRoute(page, 'sign-in', tracker, requests);
  await field(page, 'Email').fill(email);
  await field(page, 'Password').fill(password);
  await button(page, 'Sign in').click();
}

/**
 * Sign in on the Authenticator and wait for `signed-in`. When the page stored a session but did
 * not switch to `signed-in` (a regression seen once: the session went to a handle looked up after
 * an `await`), the failure says so with the API calls.
 */
async function signIn(page, tracker, requests, email, password) {
  await submitSignIn(page, tracker, requests, email, password);
  try {
    await waitForState(page, 'signed-in', tracker, 5000);
  } catch (err) {
    const stored = await page.evaluate((k) => localStorage.getItem(k) ?? sessionStorage.getItem(k), SESSION_KEY);
    const tokens = requests.entries.some((e) => e.response?.AuthenticationResult);
    if (!stored || !tokens) throw err;
    throw new Error('page bug: the user pool answered AuthenticationResult and the page stored '
      + `${SESSION_KEY}, but data-lha-state stayed "signed-out"\n${await context(page, tracker, requests)}`);
  }
}

/** Click "Sign out" and wait until the sign-in screen is back. */
async function signOut(page, tracker, requests) {
  await (await signOutButton(page, tracker)).click();
  await waitForState(page, 'signed-out', tracker);
  await waitForRoute(page, 'sign-in', tracker, requests);
}

function bodiesWith(requests, text) {
  return requests.entries.filter((e) => e.body.includes(text)).map((e) => e.action ?? `${e.method} ${e.url}`);
}

describe('Cognito screens against ministack', { timeout: 180_000 }, () => {
  before(async () => {
    env = await startCognitoAll();
    pool = await provisionPool();
  });

  after(async () => {
    await env?.stop();
  });

  it('signs up, confirms (wrong code, then the right one) and signs in with SRP', { timeout: TEST_TIMEOUT }, async () => {
    const { context: ctx, page, tracker, requests } = await open();
    try {
      const email = newEmail('signup');
      await waitForRoute(page, 'sign-in', tracker, requests);
      await button(page, 'Create account').click();
      await waitForRoute(page, 'sign-up', tracker, requests);
      await field(page, 'Email').fill(email);
      await field(page, 'Full name').fill('Sam Signup');
      await field(page, 'Password').fill(PASSWORD);

      const rules = page.locator('li[data-lha-rule]');
      assert.ok(await rules.count() > 0, `a password checklist is shown\n${await context(page, tracker, requests)}`);
      const met = await rules.evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-lha-rule'), li.getAttribute('data-lha-met')]));
      assert.ok(met.every(([, m]) => m === 'true'), `every rule met for ${PASSWORD}: ${JSON.stringify(met)}`);

      await button(page, 'Create account').click();
      await waitForRoute(page, 'confirm-sign-up', tracker, requests);

      await field(page, 'Confirmation code').fill('000000');
      await button(page, 'Confirm').click();
      const wrong = await waitForAlert(page, tracker, requests);
      assert.match(wrong.text, /\p{L}{2,}/u, `the alert says something in words: ${JSON.stringify(wrong)}`);
      assert.ok(wrong.code, `the alert has a data-lha-error-code: ${JSON.stringify(wrong)}`);
      await waitForRoute(page, 'confirm-sign-up', tracker, requests);

      await field(page, 'Confirmation code').fill('123456');
      await button(page, 'Confirm').click();
      await waitForRoute(page, 'sign-in', tracker, requests);
      const notice = page.locator('.lha-auth [data-lha-notice]');
      await notice.waitFor({ state: 'visible', timeout: WAIT_MS });
      assert.match((await notice.textContent()).trim(), /\p{L}{2,}/u, 'the sign-in screen shows a notice in words');

      // The Email field may be prefilled after confirming; fill it anyway.
      await signIn(page, tracker, requests, email, PASSWORD);
      const sub = (await page.locator('[data-lha-user-sub]').first().textContent())?.trim();
      assert.ok(sub, `[data-lha-user-sub] is not empty\n${await context(page, tracker, requests)}`);

      const initiate = requests.calls('InitiateAuth');
      assert.ok(initiate.length > 0, `an InitiateAuth call: ${JSON.stringify(requests.summary())}`);
      for (const call of initiate) {
        assert.match(call.body, /"AuthFlow":"USER_SRP_AUTH"/, `InitiateAuth uses SRP: ${call.body}`);
      }
      assert.deepEqual(bodiesWith(requests, PASSWORD), ['SignUp'], 'the password is only in the SignUp body');
    } finally {
      await ctx.close();
    }
  });

  it('says the same for a wrong password as for an unknown user, and stores nothing', { timeout: TEST_TIMEOUT }, async () => {
    const email = newEmail('known');
    await createConfirmedUser(pool, { username: email, password: PASSWORD, attributes: { email, name: 'Kim Known' } });
    const { context: ctx, page, tracker, requests } = await open();
    try {
      await submitSignIn(page, tracker, requests, email, 'Wr0ngPassw0rd!');
      const wrong = await waitForAlert(page, tracker, requests);
      await page.reload();
      await submitSignIn(page, tracker, requests, newEmail('nobody'), 'Wr0ngPassw0rd!');
      const unknown = await waitForAlert(page, tracker, requests);
      assert.equal(wrong.text, unknown.text, 'wrong password and unknown user give the same alert text');
      assert.equal(wrong.code, unknown.code, 'and the same error code');
      assert.match(wrong.text, /\p{L}{2,}/u);
      const state = await page.getAttribute('[data-lha-state]', 'data-lha-state');
      assert.equal(state, 'signed-out');
      const storage = await storageSnapshot(page);
      assert.ok(!(SESSION_KEY in storage.local), `no ${SESSION_KEY} in localStorage: ${JSON.stringify(Object.keys(storage.local))}`);
      assert.ok(!(SESSION_KEY in storage.session), `no ${SESSION_KEY} in sessionStorage`);
    } finally {
      await ctx.close();
    }
  });

  it('resets a forgotten password; the new one signs in, the old one is refused', { timeout: TEST_TIMEOUT }, async () => {
    const email = newEmail('forgot');
    await createConfirmedUser(pool, { username: email, password: PASSWORD, attributes: { email, name: 'Fay Forgot' } });
    const { context: ctx, page, tracker, requests } = await open();
    try {
      await waitForRoute(page, 'sign-in', tracker, requests);
      await button(page, 'Forgot your password?').click();
      await waitForRoute(page, 'forgot-password', tracker, requests);
      await field(page, 'Email').fill(email);
      await button(page, 'Send code').click();
      await waitForRoute(page, 'confirm-reset-password', tracker, requests);
      await field(page, 'Confirmation code').fill('654321');
      await field(page, 'New password').fill(NEW_PASSWORD);
      await button(page, 'Change password').click();
      await waitForRoute(page, 'sign-in', tracker, requests);
      await page.locator('.lha-auth [data-lha-notice]').waitFor({ state: 'visible', timeout: WAIT_MS });

      await signIn(page, tracker, requests, email, NEW_PASSWORD);
      await signOut(page, tracker, requests);

      await submitSignIn(page, tracker, requests, email, PASSWORD);
      const refused = await waitForAlert(page, tracker, requests);
      assert.match(refused.text, /\p{L}{2,}/u);
      assert.equal(await page.getAttribute('[data-lha-state]', 'data-lha-state'), 'signed-out');
    } finally {
      await ctx.close();
    }
  });

  it('refreshes before expiry, then signs out: revoked, storage cleared, refresh token dead', { timeout: TEST_TIMEOUT }, async () => {
    const email = newEmail('refresh');
    await createConfirmedUser(pool, { username: email, password: PASSWORD, attributes: { email, name: 'Ray Refresh' } });
    const { context: ctx, page, tracker, requests } = await open();
    try {
      await signIn(page, tracker, requests, email, PASSWORD);
      const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), SESSION_KEY));
      assert.ok(stored, `${SESSION_KEY} in localStorage`);
      assert.ok('expires_at' in stored, `the stored session has expires_at: ${Object.keys(stored)}`);
      const refreshToken = findRefreshToken(stored);
      assert.ok(typeof refreshToken === 'string' && refreshToken.length > 0, `a refresh_token in the stored session: ${Object.keys(stored)}`);

      const now = Math.floor(Date.now() / 1000);
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [SESSION_KEY, JSON.stringify({ ...stored, expires_at: now + 3, lifetime_secs: 12 })]);
      const reloadedAt = Date.now();
      await page.reload();
      await waitForState(page, 'signed-in', tracker);

      const deadline = Date.now() + 20_000;
      let refresh;
      while (!refresh) {
        refresh = requests.entries.find((e) => e.at >= reloadedAt && e.action === 'InitiateAuth' && e.done
          && e.body.includes('"AuthFlow":"REFRESH_TOKEN_AUTH"'));
        if (!refresh) {
          assert.ok(Date.now() < deadline, `a REFRESH_TOKEN_AUTH within 20 s\n${await context(page, tracker, requests)}`);
          assert.equal(await page.getAttribute('[data-lha-state]', 'data-lha-state'), 'signed-in', 'still signed in while waiting');
          await page.waitForTimeout(200);
        }
      }
      assert.equal(refresh.status, 200, `the refresh is answered 200: ${JSON.stringify(requests.summary())}`);
      await page.waitForTimeout(500);
      assert.equal(await page.getAttribute('[data-lha-state]', 'data-lha-state'), 'signed-in', 'still signed in after the refresh');

      const beforeSignOut = Date.now();
      await signOut(page, tracker, requests);
      const revoke = requests.entries.filter((e) => e.at >= beforeSignOut && e.action === 'RevokeToken');
      assert.equal(revoke.length, 1, `one RevokeToken on sign-out: ${JSON.stringify(requests.summary())}`);
      assert.deepEqual(await lhaKeys(page), { local: [], session: [] }, 'no lha/ key left');

      const again = await cognitoCall('InitiateAuth', {
        ClientId: pool.client_id,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
      assert.notEqual(again.status, 200, `the old refresh token is refused: ${JSON.stringify(again)}`);
      assert.equal(again.body?.__type, 'NotAuthorizedException', JSON.stringify(again));
    } finally {
      await ctx.close();
    }
  });

  it('signs in through the hosted UI with PKCE when no authenticator is configured', { timeout: TEST_TIMEOUT }, async () => {
    const email = newEmail('hosted');
    const sub = await createConfirmedUser(pool, { username: email, password: PASSWORD, attributes: { email, name: 'Hal Hosted' } });
    env.app.setConfig(cognitoConfig(pool, { storage: 'local' }));
    const { context: ctx, page, tracker } = await newPage(env.browser);
    const requests = recordRequests(page);
    try {
      await page.goto(`${APP}/`);
      await (await signInButton(page, tracker)).click();
      await page.waitForURL((url) => url.origin === MINISTACK && url.pathname === '/oauth2/authorize', { timeout: WAIT_MS });
      const authorize = new URL(page.url());
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256', `PKCE S256: ${authorize}`);
      assert.ok(authorize.searchParams.get('code_challenge'), 'a code_challenge');
      await page.fill('#username', email);
      await page.fill('#password', PASSWORD);
      await page.click('form button[type=submit], form button');
      await page.waitForURL((url) => url.origin === APP, { timeout: WAIT_MS });
      await waitForState(page, 'signed-in', tracker);
      const shownSub = (await page.locator('[data-lha-user-sub]').first().textContent())?.trim();
      assert.equal(shownSub, sub, `[data-lha-user-sub]\n${await context(page, tracker, requests)}`);
      const token = requests.entries.find((e) => e.origin === MINISTACK && e.path === '/oauth2/token');
      assert.ok(token, 'a request to /oauth2/token');
      assert.ok(new URLSearchParams(token.body).get('code_verifier'), 'the code exchange sends a code_verifier');
      assert.equal(token.status, 200);
      assert.ok(!new URL(page.url()).searchParams.has('code'), `no code left in the URL: ${page.url()}`);
    } finally {
      await ctx.close();
    }
  });
});
