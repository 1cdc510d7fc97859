// End-to-end tests of the lazily loaded wasm chunks (src/browser/split.rs, scripts/assemble.mjs)
// in the release build, headless Chromium: what the page fetches at start, what it fetches when
// a screen needs it, and what a user sees when a chunk cannot be fetched or was tampered with.
// No provider is needed: the screens load before any call to the user pool.
//
//   cd tests/e2e && node --test chunks.test.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';

import { APP, DEMO_CONFIG, DIST_DIR, launchBrowser, newPage, startApp, WAIT_MS } from './harness.mjs';

// A user pool that is never called: the emulator's address, nothing listening is fine.
const AUTHENTICATOR_CONFIG = {
  cognito: {
    region: 'us-east-1',
    user_pool_id: 'us-east-1_chunks',
    domain: 'http://127.0.0.1:4566',
    endpoint: 'http://127.0.0.1:4566',
  },
  client_id: 'chunks-test-client',
  redirect_uri: '/callback',
  storage: 'session',
  authenticator: { login_mechanism: 'email' },
};

const splitFile = (name) => {
  const found = fs.readdirSync(DIST_DIR).filter((f) => f.startsWith(`split_${name}-`) && f.endsWith('.wasm'));
  assert.equal(found.length, 1, `one split_${name}-*.wasm in ${DIST_DIR}: ${found}`);
  return found[0];
};
const wasmRequests = (urls) => urls.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname.slice(1));

const SCREENSHOTS = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;

let env;

describe('lazily loaded chunks (release build)', { timeout: 120_000 }, () => {
  before(async () => {
    env = { app: await startApp({ config: DEMO_CONFIG }), browser: await launchBrowser() };
  });
  after(async () => {
    await Promise.allSettled([env?.browser?.close(), env?.app?.close()]);
  });

  it('the PKCE page loads the main module only; a click fetches the redirect chunk', async () => {
    env.app.setConfig(DEMO_CONFIG);
    const { context, page } = await newPage(env.browser);
    try {
      const urls = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.goto(`${APP}/`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: WAIT_MS });
      const atStart = wasmRequests(urls);
      assert.equal(atStart.length, 1, `one wasm at start: ${atStart}`);
      assert.match(atStart[0], /^lha-[0-9a-f]+_bg\.wasm$/);
      // The redirect (discovery, PKCE, the pending state) is fetched on the click. No provider
      // listens here, so the page then says it cannot reach it; that is not this test's point.
      const redirect = page.waitForRequest((r) => r.url().includes(`/${splitFile('redirect')}`), { timeout: WAIT_MS });
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await redirect;
    } finally {
      await context.close();
    }
  });

  it('the Authenticator fetches the sign-in screen at start, the rest when needed', async () => {
    env.app.setConfig(AUTHENTICATOR_CONFIG);
    const { context, page } = await newPage(env.browser);
    try {
      // The moment the sign-in form is in the page, on the page's own clock.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (document.querySelector('.lha-auth[data-lha-route="sign-in"] input')) {
            window.__formReadyAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${APP}/`);
      await page.waitForFunction(() => window.__formReadyAt !== undefined, null, { timeout: WAIT_MS });
      const fetched = () => page.evaluate(() => performance.getEntriesByType('resource')
        .map((e) => ({ file: new URL(e.name).pathname.slice(1), start: e.startTime })));
      const readyAt = await page.evaluate(() => window.__formReadyAt);
      const atStart = (await fetched()).filter((e) => e.start <= readyAt).map((e) => e.file);
      assert.ok(atStart.includes(splitFile('sign_in')), `sign-in split before the form: ${atStart}`);
      for (const later of ['sign_up', 'srp', 'password_sign_in', 'totp', 'challenge']) {
        assert.ok(!atStart.includes(splitFile(later)), `${later} is not fetched before the form: ${atStart}`);
      }
      // Focus on the form (the screen puts it in the first field) prefetches the password
      // sign-in and the SRP arithmetic.
      await page.getByLabel('Email', { exact: true }).focus();
      await page.waitForFunction((f) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(f)),
        splitFile('srp'), { timeout: WAIT_MS });
      const files = (await fetched()).map((e) => e.file);
      assert.ok(files.includes(splitFile('password_sign_in')), `password sign-in prefetched: ${files}`);
      assert.ok(!files.includes(splitFile('sign_up')), 'sign-up not fetched before it is asked for');
      await page.getByRole('button', { name: 'Create account', exact: true }).click();
      await page.locator('.lha-auth[data-lha-route="sign-up"] input').first().waitFor({ timeout: WAIT_MS });
      assert.ok((await fetched()).some((e) => e.file === splitFile('sign_up')));
    } finally {
      await context.close();
    }
  });

  for (const [what, fault] of [
    ['cannot be fetched (network error)', (route) => route.abort('connectionrefused')],
    ['was modified on the server (integrity)', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[body.length - 1] ^= 0xff; // one flipped byte: the SRI hash no longer matches
      await route.fulfill({ response, body });
    }],
  ]) {
    it(`a chunk that ${what} is an error in words with a retry, never a blank page`, async () => {
      env.app.setConfig(AUTHENTICATOR_CONFIG);
      const { context, page } = await newPage(env.browser);
      const pageErrors = [];
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      try {
        const signUp = splitFile('sign_up');
        let broken = true;
        await page.route(`**/${signUp}`, (route) => (broken ? fault(route) : route.continue()));
        await page.goto(`${APP}/`);
        await page.getByRole('button', { name: 'Create account', exact: true }).click({ timeout: WAIT_MS });
        const alert = page.locator('.lha-auth [role=alert][data-lha-error-code="chunk_load_failed"]');
        await alert.waitFor({ timeout: WAIT_MS });
        assert.match(await alert.textContent(), /could not be loaded/);
        if (SCREENSHOTS && what.includes('network')) {
          fs.mkdirSync(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOTS, 'chunk-load-failed-light.png') });
          await page.emulateMedia({ colorScheme: 'dark' });
          await page.screenshot({ path: path.join(SCREENSHOTS, 'chunk-load-failed-dark.png') });
        }
        // The page is alive: the router still answers, and nothing panicked.
        assert.equal(await page.locator('.lha-panic').count(), 0);
        assert.deepEqual(pageErrors, []);
        broken = false;
        await alert.getByRole('button', { name: 'Try again', exact: true }).click();
        await page.locator('.lha-auth[data-lha-route="sign-up"] input').first().waitFor({ timeout: WAIT_MS });
        assert.equal(await alert.count(), 0);
      } finally {
        await context.close();
      }
    });
  }

  it('every chunk the loader fetches is pinned by integrity', () => {
    const loader = fs.readdirSync(DIST_DIR).find((f) => /^__wasm_split-[0-9a-f]+\.js$/.test(f));
    const text = fs.readFileSync(path.join(DIST_DIR, loader), 'utf8');
    const fetches = text.match(/\bfetch\(/g) ?? [];
    const pinned = text.match(/\{ integrity: "sha384-[A-Za-z0-9+/=]+" \}/g) ?? [];
    assert.ok(fetches.length > 5, `the loader fetches chunks: ${fetches.length}`);
    assert.equal(pinned.length, fetches.length);
  });
});
