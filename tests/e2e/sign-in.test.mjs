// End-to-end tests of the sign-in page against the local oidc-provider, in headless Chromium.
// Needs the built page in dist/ (or DIST_DIR) and `npm ci` in tools/ and tests/e2e/.
//
//   cd tests/e2e && npm test                 # SCREENSHOTS=/some/dir npm test to save screenshots

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';

import {
  APP,
  OP,
  SESSION_KEY,
  alertText,
  cancelAtProvider,
  completeProviderLogout,
  configWith,
  describePage,
  errorCode,
  newPage,
  signInAtProvider,
  signInButton,
  signOutButton,
  startAll,
  storageSnapshot,
  waitForProviderLogin,
  waitForState,
} from './harness.mjs';

const TEST_TIMEOUT = 90_000;
const SCREENSHOTS = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;

let env;

/** A fresh browser context with the given config served at /config.json. */
async function open(config = {}, options = {}) {
  env.app.setConfig(configWith(config));
  const opened = await newPage(env.browser, options);
  return opened;
}

/** From a signed-out page: click "Sign in", log in at the provider, wait for signed-in. */
async function signIn(page, tracker, login = 'alice') {
  const button = await signInButton(page, tracker);
  await button.click();
  await signInAtProvider(page, login, { tracker });
  await waitForState(page, 'signed-in', tracker);
}

function assertNoSessionStored(snapshot, msg) {
  assert.ok(!(SESSION_KEY in snapshot.local), `${SESSION_KEY} must not be in localStorage (${msg})`);
  assert.ok(!(SESSION_KEY in snapshot.session), `${SESSION_KEY} must not be in sessionStorage (${msg})`);
}

async function assertSignedInAs(page, tracker, { sub, name, email }) {
  const ctx = await describePage(page, tracker);
  const userName = (await page.locator('[data-lha-user-name]').first().textContent())?.trim();
  assert.ok(userName === name || userName === email || userName?.includes(name) || userName?.includes(email),
    `[data-lha-user-name] should show "${name}" or "${email}", got ${JSON.stringify(userName)}\n${ctx}`);
  const userSub = (await page.locator('[data-lha-user-sub]').first().textContent())?.trim();
  assert.equal(userSub, sub, `[data-lha-user-sub]\n${ctx}`);
  await signOutButton(page, tracker);
}

async function assertErrorState(page, tracker, code) {
  await waitForState(page, 'error', tracker);
  const ctx = await describePage(page, tracker);
  assert.equal(await errorCode(page), code, `data-lha-error-code\n${ctx}`);
  const text = await alertText(page);
  assert.ok(text !== null, `an element [role=alert] must be shown\n${ctx}`);
  assert.match(text, /\p{L}{2,}/u, `the [role=alert] must say something in words\n${ctx}`);
  return text;
}

async function tokenRequests() {
  return (await env.provider.stats()).token_requests;
}

describe('sign-in page', () => {
  before(async () => {
    env = await startAll();
  });

  after(async () => {
    await env?.stop();
  });

  it('signs in with the authorization code flow and returns to /', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open();
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker, 'alice');
      await assertSignedInAs(page, tracker, { sub: 'alice', name: 'Alice Example', email: 'alice@example.test' });

      const ctx = await describePage(page, tracker);
      assert.equal(page.url(), `${APP}/`, `back on the starting path with a clean URL\n${ctx}`);
      const href = await page.evaluate(() => location.href);
      for (const p of ['code=', 'state=', 'iss=']) {
        assert.ok(!href.includes(p), `location.href must not contain ${p}: ${href}`);
      }
      assert.equal(tracker.callbackUrls().length >= 1, true, `the provider redirected to /callback\n${ctx}`);
      assert.deepEqual(tracker.pageErrors, [], `no uncaught errors in the page\n${ctx}`);
    } finally {
      await context.close();
    }
  });

  it('returns to a deep path with its query', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open();
    try {
      await page.goto(`${APP}/some/deep/path?x=1`);
      await signIn(page, tracker, 'bob');
      await assertSignedInAs(page, tracker, { sub: 'bob', name: 'Bob Example', email: 'bob@example.test' });
      const ctx = await describePage(page, tracker);
      assert.equal(page.url(), `${APP}/some/deep/path?x=1`, `back on the starting path\n${ctx}`);
      assert.ok(!(await page.evaluate(() => location.href)).includes('code='), 'no code= in location.href');
    } finally {
      await context.close();
    }
  });

  it('takes screenshots (SCREENSHOTS=<dir>)', { timeout: TEST_TIMEOUT, skip: SCREENSHOTS ? false : 'SCREENSHOTS not set' }, async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark']) {
      const { context, page, tracker } = await open({}, { colorScheme, viewport: { width: 900, height: 640 } });
      try {
        await page.goto(`${APP}/`);
        await signInButton(page, tracker);
        await page.screenshot({ path: path.join(SCREENSHOTS, `signed-out-${colorScheme}.png`) });
        await signIn(page, tracker, 'alice');
        await signOutButton(page, tracker);
        await page.screenshot({ path: path.join(SCREENSHOTS, `signed-in-${colorScheme}.png`) });
      } finally {
        await context.close();
      }
      // A fresh context: the provider's session cookie would skip its login page.
      const fresh = await open({}, { colorScheme, viewport: { width: 900, height: 640 } });
      try {
        await fresh.page.goto(`${APP}/`);
        await (await signInButton(fresh.page, fresh.tracker)).click();
        await cancelAtProvider(fresh.page, { tracker: fresh.tracker });
        await waitForState(fresh.page, 'error', fresh.tracker);
        await fresh.page.screenshot({ path: path.join(SCREENSHOTS, `error-${colorScheme}.png`) });
      } finally {
        await fresh.context.close();
      }
    }
  });

  for (const storage of ['session', 'local', 'memory']) {
    it(`storage "${storage}": a reload ${storage === 'memory' ? 'forgets' : 'keeps'} the session`, { timeout: TEST_TIMEOUT }, async () => {
      const { context, page, tracker } = await open({ storage });
      try {
        await page.goto(`${APP}/`);
        await signIn(page, tracker, 'carol');
        const before = await storageSnapshot(page);
        const tokens = tracker.tokenResponses.at(-1);

        if (storage === 'local') {
          assert.ok(Object.keys(before.local).some((k) => k.startsWith('lha/')),
            `a key starting with lha/ in localStorage: ${JSON.stringify(Object.keys(before.local))}`);
          assert.ok(!(SESSION_KEY in before.session), `${SESSION_KEY} must not be in sessionStorage in local mode`);
        }
        if (storage === 'session') {
          assert.ok(Object.keys(before.session).some((k) => k.startsWith('lha/')),
            `a key starting with lha/ in sessionStorage: ${JSON.stringify(Object.keys(before.session))}`);
          assert.ok(!(SESSION_KEY in before.local), `${SESSION_KEY} must not be in localStorage in session mode`);
        }
        if (storage === 'memory') {
          assertNoSessionStored(before, 'memory mode');
          if (tokens) {
            const all = JSON.stringify(before);
            for (const field of ['access_token', 'refresh_token', 'id_token']) {
              if (tokens[field]) assert.ok(!all.includes(tokens[field]), `the ${field} must not be in web storage in memory mode`);
            }
          }
        }

        await page.reload();
        if (storage === 'memory') {
          await signInButton(page, tracker);
          const state = await page.getAttribute('[data-lha-state]', 'data-lha-state');
          assert.notEqual(state, 'signed-in', `signed out after a reload in memory mode\n${await describePage(page, tracker)}`);
          assertNoSessionStored(await storageSnapshot(page), 'memory mode, after reload');
        } else {
          await waitForState(page, 'signed-in', tracker);
          await assertSignedInAs(page, tracker, { sub: 'carol', name: 'Carol Example', email: 'carol@example.test' });
        }
      } finally {
        await context.close();
      }
    });
  }

  it('refuses a replayed callback after sign-out (no_pending_authorization)', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open();
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker, 'alice');
      const callback = tracker.callbackUrls().find((u) => u.includes('code='));
      assert.ok(callback, `a callback URL with a code was seen\n${tracker.describe()}`);

      await (await signOutButton(page, tracker)).click();
      await completeProviderLogout(page, { tracker });
      await signInButton(page, tracker);

      const before = await tokenRequests();
      await page.goto(callback);
      await assertErrorState(page, tracker, 'no_pending_authorization');
      assertNoSessionStored(await storageSnapshot(page), 'after a replayed callback');
      const afterReplay = await tokenRequests();
      assert.equal(afterReplay.authorization_code, before.authorization_code,
        'a replayed callback must not be sent to the token endpoint');
    } finally {
      await context.close();
    }
  });

  it('shows the provider error when the user cancels at the provider (provider_error)', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open();
    try {
      await page.goto(`${APP}/`);
      await (await signInButton(page, tracker)).click();
      await cancelAtProvider(page, { tracker });
      const text = await assertErrorState(page, tracker, 'provider_error');
      assert.match(text, /access_denied/, `the alert names the provider's error code\n${await describePage(page, tracker)}`);
      assertNoSessionStored(await storageSnapshot(page), 'after a cancelled sign-in');
    } finally {
      await context.close();
    }
  });

  it('refuses a callback whose state is not the pending one (state_mismatch)', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open();
    try {
      await page.goto(`${APP}/`);
      await (await signInButton(page, tracker)).click();
      await waitForProviderLogin(page, tracker);
      const before = await tokenRequests();
      await page.goto(`${APP}/callback?code=abc&state=forged&iss=${encodeURIComponent(OP)}`);
      await assertErrorState(page, tracker, 'state_mismatch');
      assertNoSessionStored(await storageSnapshot(page), 'after a forged state');
      assert.equal((await tokenRequests()).authorization_code, before.authorization_code,
        'a callback with a forged state must not be sent to the token endpoint');
    } finally {
      await context.close();
    }
  });

  it('refuses an error callback with no pending authorization (no_pending_authorization)', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker } = await open();
    try {
      await page.goto(`${APP}/callback?error=server_error&error_description=Something%20broke&state=whatever&iss=${encodeURIComponent(OP)}`);
      await assertErrorState(page, tracker, 'no_pending_authorization');
      assertNoSessionStored(await storageSnapshot(page), 'after an unsolicited error callback');
    } finally {
      await context.close();
    }
  });
});
