// Browser hygiene and hostile input, end to end: the release page in headless Chromium, served
// by tools/serve.mjs with its strict Content-Security-Policy, against the local oidc-provider
// (and a second one for the mix-up case). Issue 5; the threat each test covers is named in
// docs/threat-model.md.
//
//   cd tests/e2e && node --test hostile.test.mjs
//   (DIST_DIR, E2E_APP_PORT, E2E_OP_PORT as for the other suites; E2E_OP2_PORT for provider B,
//   default E2E_OP_PORT + 1)

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';

import {
  APP,
  DEMO_CONFIG,
  DIST_DIR,
  OP,
  OP_PORT,
  SESSION_KEY,
  alertText,
  completeProviderLogout,
  configWith,
  describePage,
  errorCode,
  navigationHistory,
  newPage,
  recordCspViolations,
  signInAtProvider,
  signInButton,
  signOutButton,
  startAll,
  startProvider,
  storageSnapshot,
  waitForProviderLogin,
  waitForState,
} from './harness.mjs';
import { cspFor } from '../../tools/serve.mjs';

const TEST_TIMEOUT = 120_000;
const OP2_PORT = Number(process.env.E2E_OP2_PORT || OP_PORT + 1);
const OP2 = `http://127.0.0.1:${OP2_PORT}`;
const PENDING_KEY = 'lha/v1/pending';
const PENDING_LOGOUT_KEY = 'lha/v1/pending-logout';
const JWKS_KEY = 'lha/v1/jwks';

/** The policy the README's deployment section documents, for DEMO_CONFIG's provider. */
const EXPECTED_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + `img-src 'self' data:; connect-src 'self' ${OP}; frame-ancestors 'none'; base-uri 'none'; `
  + `form-action 'self' ${OP}; object-src 'none'`;

let env;

/** A fresh context with `config` served and every CSP violation of the app's pages recorded. */
async function open(config = {}) {
  env.app.setConfig(configWith(config));
  const opened = await newPage(env.browser);
  opened.violations = await recordCspViolations(opened.context);
  return opened;
}

async function signIn(page, tracker, login = 'alice') {
  await (await signInButton(page, tracker)).click();
  await signInAtProvider(page, login, { tracker });
  await waitForState(page, 'signed-in', tracker);
}

async function tokenRequests() {
  return (await env.provider.stats()).token_requests;
}

function assertNoSessionStored(snapshot, msg) {
  assert.ok(!(SESSION_KEY in snapshot.local), `${SESSION_KEY} must not be in localStorage (${msg})`);
  assert.ok(!(SESSION_KEY in snapshot.session), `${SESSION_KEY} must not be in sessionStorage (${msg})`);
}

async function assertErrorState(page, tracker, code) {
  await waitForState(page, 'error', tracker);
  const ctx = await describePage(page, tracker);
  assert.equal(await errorCode(page), code, `data-lha-error-code\n${ctx}`);
  assert.match((await alertText(page)) ?? '', /\p{L}{2,}/u, `a [role=alert] in words\n${ctx}`);
}

/** No uncaught exception, no panic page, no CSP violation. */
async function assertHealthy(page, tracker, violations, what) {
  const ctx = await describePage(page, tracker);
  assert.deepEqual(tracker.pageErrors, [], `no uncaught error (${what})\n${ctx}`);
  assert.equal(await page.locator('[data-lha-state="panic"]').count(), 0, `no panic page (${what})\n${ctx}`);
  assert.ok(!tracker.consoleErrors.some((e) => /internal error|panicked|unreachable/i.test(e)),
    `no panic in the console (${what})\n${ctx}`);
  if (violations) assert.deepEqual(violations, [], `no CSP violation (${what})`);
}

describe('hostile input and browser hygiene', () => {
  before(async () => {
    env = await startAll();
  });

  after(async () => {
    await env?.stop();
  });

  // ---- headers and the built page ----------------------------------------------------------

  it('serves the strict CSP, no-referrer, nosniff and frame-ancestors on every answer', async () => {
    env.app.setConfig(configWith());
    assert.equal(cspFor(DEMO_CONFIG), EXPECTED_CSP);
    for (const p of ['/', '/callback?code=x&state=y', '/config.json', '/some/deep/path']) {
      const res = await fetch(`${APP}${p}`);
      const csp = res.headers.get('content-security-policy');
      assert.equal(csp, EXPECTED_CSP, `CSP of ${p}`);
      assert.ok(!/unsafe-inline|'unsafe-eval'/.test(csp), `no unsafe-inline/unsafe-eval in ${csp}`);
      assert.match(csp, /frame-ancestors 'none'/, 'clickjacking: frame-ancestors');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `Referrer-Policy of ${p}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `nosniff on ${p}`);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', `X-Frame-Options on ${p}`);
      await res.arrayBuffer();
    }
    // The built page has no inline script or style left for the policy to block.
    const html = fs.readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>\s*\S/i.test(html), 'no inline <script> in index.html');
    assert.ok(!/<style\b|\sstyle\s*=/i.test(html), 'no inline style in index.html');
    assert.match(html, /<meta name="referrer" content="no-referrer"/, 'the referrer meta stays');
    assert.match(html, /<script type="module" src="\/start-[0-9a-f]{16}\.js" integrity="sha384-/, 'external start script with SRI');
  });

  it('cannot be framed (clickjacking)', { timeout: TEST_TIMEOUT }, async () => {
    // A real loopback page on another origin (port OP2_PORT) that frames the sign-in page.
    // (A page fulfilled by Playwright's router would not do: Chromium's local-network-access
    // checks would block the frame for another reason.)
    const framer = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><iframe src="${APP}/" width="600" height="400"></iframe>`);
    });
    await new Promise((resolve) => framer.listen(OP2_PORT, '127.0.0.1', resolve));
    const { context, page } = await open();
    const messages = [];
    page.on('console', (m) => messages.push(m.text()));
    try {
      await page.goto(`${OP2}/`);
      await page.waitForTimeout(2000);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      let rendered = false;
      try {
        rendered = await frame.evaluate(() => document.querySelector('[data-lha-state]') !== null);
      } catch {
        rendered = false; // the error page of a blocked frame is not scriptable
      }
      assert.equal(rendered, false, `the sign-in page must not render inside a frame (frame url ${frame?.url()})`);
      assert.ok(messages.some((m) => m.includes("frame-ancestors 'none'")),
        `Chromium reports the frame-ancestors block: ${JSON.stringify(messages)}`);
    } finally {
      await context.close();
      await new Promise((resolve) => framer.close(resolve));
    }
  });

  // ---- a full sign-in under the policy -----------------------------------------------------

  it('signs in under the strict CSP with zero violations; code and state leave the address bar and history', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker, violations } = await open();
    const callbackResponses = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'document' && res.url().startsWith(`${APP}/callback`)) {
        callbackResponses.push({ url: res.url(), referrerPolicy: res.headers()['referrer-policy'], csp: res.headers()['content-security-policy'] });
      }
    });
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker, 'alice');
      await signOutButton(page, tracker);
      await assertHealthy(page, tracker, violations, 'full sign-in');

      assert.ok(callbackResponses.length >= 1, 'the callback document was loaded');
      for (const r of callbackResponses) {
        assert.equal(r.referrerPolicy, 'no-referrer', `Referrer-Policy on ${r.url.replace(/code=[^&]+/, 'code=…')}`);
        assert.equal(r.csp, EXPECTED_CSP, 'CSP on the callback');
      }
      const href = await page.evaluate(() => location.href);
      for (const p of ['code=', 'state=', 'iss=']) assert.ok(!href.includes(p), `address bar holds ${p}: ${href}`);

      // No entry of the tab's history at the app carries the code or the state.
      const { urls } = await navigationHistory(page);
      const appEntries = urls.filter((u) => u.startsWith(APP));
      assert.ok(appEntries.length >= 2, `history has app entries: ${JSON.stringify(urls)}`);
      for (const u of appEntries) {
        assert.ok(!/[?&#](code|state)=/.test(u), `a history entry holds the code or state: ${u}`);
      }
      // Going back does not land on the callback URL with the code.
      await page.goBack({ waitUntil: 'commit' }).catch(() => {});
      await page.waitForTimeout(500);
      assert.ok(!/[?&](code|state)=/.test(new URL(page.url()).search) || !page.url().startsWith(`${APP}/callback`),
        `back navigation landed on ${page.url()}`);
    } finally {
      await context.close();
    }
  });

  // ---- callbacks -------------------------------------------------------------------------------

  it('refuses a forged callback: no pending sign-in → no_pending_authorization; pending → state_mismatch; nothing stored', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker, violations } = await open();
    try {
      const state = crypto.randomBytes(32).toString('base64url');
      const before0 = await tokenRequests();
      await page.goto(`${APP}/callback?code=attacker&state=${state}&iss=${encodeURIComponent(OP)}`);
      await assertErrorState(page, tracker, 'no_pending_authorization');
      assertNoSessionStored(await storageSnapshot(page), 'forged callback, nothing pending');

      await page.goto(`${APP}/`);
      await (await signInButton(page, tracker)).click();
      await waitForProviderLogin(page, tracker);
      await page.goto(`${APP}/callback?code=attacker&state=${state}&iss=${encodeURIComponent(OP)}`);
      await assertErrorState(page, tracker, 'state_mismatch');
      const snap = await storageSnapshot(page);
      assertNoSessionStored(snap, 'forged callback while a sign-in is pending');
      assert.ok(!(PENDING_KEY in snap.session), 'the pending sign-in is consumed by the forged callback');
      assert.deepEqual(await tokenRequests(), before0, 'nothing was sent to the token endpoint');
      assert.ok(!page.url().includes('code='), `code stripped from the address bar: ${page.url()}`);
      await assertHealthy(page, tracker, violations, 'forged callbacks');
    } finally {
      await context.close();
    }
  });

  it('refuses a replayed callback after a successful sign-in; the session is unchanged', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker, violations } = await open();
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker, 'alice');
      const callback = tracker.callbackUrls().find((u) => u.includes('code='));
      assert.ok(callback, 'saw the callback URL');
      const sessionBefore = (await storageSnapshot(page)).session[SESSION_KEY];
      assert.ok(sessionBefore, 'a session is stored');
      const before = await tokenRequests();

      await page.goto(callback);
      await waitForState(page, 'error', tracker);
      assert.equal(await errorCode(page), 'no_pending_authorization', await describePage(page, tracker));
      assert.deepEqual(await tokenRequests(), before, 'the replayed code is not sent to the token endpoint');
      const sessionAfter = (await storageSnapshot(page)).session[SESSION_KEY];
      assert.equal(sessionAfter, sessionBefore, 'the stored session is exactly as it was');
      // And the session is still usable: a plain load shows the user signed in.
      await page.goto(`${APP}/`);
      await waitForState(page, 'signed-in', tracker);
      await assertHealthy(page, tracker, violations, 'replayed callback');
    } finally {
      await context.close();
    }
  });

  it('refuses a mix-up: a real code and state from provider B, delivered with iss=B (issuer_mismatch)', { timeout: TEST_TIMEOUT }, async () => {
    const providerB = await startProvider({ env: { OIDC_PORT: String(OP2_PORT) } });
    const { context, page, tracker, violations } = await open();
    try {
      const beforeA = await tokenRequests();
      await page.goto(`${APP}/`);
      await (await signInButton(page, tracker)).click();
      await waitForProviderLogin(page, tracker);
      // The page's own authorization request (its state, PKCE challenge, nonce), sent to B.
      const authorize = tracker.requests.map((r) => r.url).find((u) => u.startsWith(`${OP}/auth?`));
      assert.ok(authorize, `saw the authorization request: ${JSON.stringify(tracker.requests.map((r) => r.url))}`);
      const atB = `${OP2}/auth${authorize.slice(`${OP}/auth`.length)}`;
      await page.goto(atB);
      await page.waitForSelector('input[name=login]');
      await page.fill('input[name=login]', 'mallory');
      await page.fill('input[name=password]', 'x');
      await page.click('button.login-submit');
      await page.waitForURL((u) => u.origin === APP, { timeout: 15000 });
      const cb = tracker.callbackUrls().at(-1);
      assert.ok(cb && new URL(cb).searchParams.get('iss') === OP2, `B sent a callback with iss=B: ${cb}`);
      assert.ok(new URL(cb).searchParams.get('code'), 'with a real code from B');

      await assertErrorState(page, tracker, 'issuer_mismatch');
      assertNoSessionStored(await storageSnapshot(page), 'mix-up');
      const statsB = await (await fetch(`${OP2}/__test/stats`)).json();
      assert.equal(statsB.token_requests.authorization_code, 0, "B's code was never exchanged at B");
      assert.deepEqual(await tokenRequests(), beforeA, "B's code was never sent to A");
      await assertHealthy(page, tracker, violations, 'mix-up');
    } finally {
      await context.close();
      await providerB.stop();
    }
  });

  it('refuses a config pointing at an origin the CSP does not list: the browser blocks it', { timeout: TEST_TIMEOUT }, async () => {
    // The CDN's headers are fixed at deploy time (for provider A); config.json is then changed
    // to provider B, which runs and would answer.
    const providerB = await startProvider({ env: { OIDC_PORT: String(OP2_PORT) } });
    env.app.setCspConfig(configWith());
    const { context, page, tracker, violations } = await open({ issuer: OP2 });
    try {
      await page.goto(`${APP}/`);
      const button = page.getByRole('button', { name: 'Sign in', exact: true });
      await Promise.race([
        page.waitForSelector('[data-lha-state="error"]', { timeout: 15000 }),
        button.waitFor({ state: 'visible', timeout: 15000 }).then(() => button.click()),
      ]);
      await waitForState(page, 'error', tracker);
      const ctx = await describePage(page, tracker);
      assert.ok(violations.some((v) => v.directive === 'connect-src' && v.blocked.startsWith(OP2)),
        `a connect-src violation for ${OP2}: ${JSON.stringify(violations)}\n${ctx}`);
      assert.ok(!tracker.navigations.some((u) => u.startsWith(OP2)), `never navigated to ${OP2}`);
      assertNoSessionStored(await storageSnapshot(page), 'unlisted origin');
      assert.deepEqual(tracker.pageErrors, [], `no uncaught error\n${ctx}`);
    } finally {
      env.app.setCspConfig(null);
      await context.close();
      await providerB.stop();
    }
  });

  // ---- where the user is sent ----------------------------------------------------------------

  for (const hostile of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
    it(`post-login return path ${JSON.stringify(hostile)} (tampered in storage) → /`, { timeout: TEST_TIMEOUT }, async () => {
      const { context, page, tracker, violations } = await open();
      try {
        await page.goto(`${APP}/start`);
        await (await signInButton(page, tracker)).click();
        await waitForProviderLogin(page, tracker);
        // Back on the app origin, rewrite the pending sign-in's return path in sessionStorage.
        const loginUrl = page.url();
        await page.goto(`${APP}/config.json`);
        const found = await page.evaluate(([key, value]) => {
          const raw = sessionStorage.getItem(key);
          if (!raw) return null;
          const obj = JSON.parse(raw);
          const field = Object.keys(obj).find((k) => /return/i.test(k));
          if (!field) return { keys: Object.keys(obj) };
          obj[field] = value;
          sessionStorage.setItem(key, JSON.stringify(obj));
          return { field, was: JSON.parse(raw)[field] };
        }, [PENDING_KEY, hostile]);
        assert.ok(found?.field, `the pending sign-in has a return path field: ${JSON.stringify(found)}`);
        assert.equal(found.was, '/start');
        await page.goto(loginUrl);
        await signInAtProvider(page, 'alice', { tracker });
        await waitForState(page, 'signed-in', tracker);
        assert.equal(page.url(), `${APP}/`, `sent to / instead of ${hostile}`);
        await assertHealthy(page, tracker, violations, `return path ${hostile}`);
      } finally {
        await context.close();
      }
    });
  }

  it('post-logout redirect goes only to the configured URL, whatever the address bar says', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker, violations } = await open();
    try {
      await page.goto(`${APP}/`);
      await signIn(page, tracker, 'alice');
      await page.goto(`${APP}/?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}&return_to=//evil.example`);
      await waitForState(page, 'signed-in', tracker);
      const endSession = page.waitForRequest((r) => r.url().startsWith(`${OP}/session/end`), { timeout: 15000 });
      await (await signOutButton(page, tracker)).click();
      const req = await endSession;
      const params = new URL(req.url()).searchParams;
      assert.equal(params.get('post_logout_redirect_uri'), `${APP}/`, `post_logout_redirect_uri sent: ${req.url()}`);
      await completeProviderLogout(page, { tracker });
      assert.equal(new URL(page.url()).origin, APP, `back on the app: ${page.url()}`);
      await signInButton(page, tracker);
      await assertHealthy(page, tracker, violations, 'logout');
    } finally {
      await context.close();
    }
  });

  // ---- corrupt storage -----------------------------------------------------------------------

  for (const storage of ['session', 'local']) {
    it(`storage "${storage}": corrupt values in every key load signed out, no panic; sign-in works afterwards`, { timeout: 240_000 }, async () => {
      const { context, page, tracker, violations } = await open({ storage });
      const randomText = () => {
        // Random UTF-16 code units, lone surrogates and NUL included.
        const units = Array.from(crypto.randomBytes(128), (b, i) => (b << 8) | (i * 37 % 256));
        return String.fromCharCode(...units);
      };
      const values = {
        'random bytes': randomText(),
        'wrong JSON': '{"v":1,"access_token":',
        'JSON array': '[1,2,3]',
        'JSON string': '"lha"',
        'JSON null': 'null',
        'object of another shape': '{"v":1,"hello":"world","nested":{"a":[true]}}',
        'old version v0': '{"v":0,"issuer":"x","client_id":"y"}',
        'future version v2': '{"v":2}',
        'no version': '{"issuer":"x"}',
        'huge value': 'x'.repeat(300_000),
      };
      const keys = [SESSION_KEY, PENDING_KEY, PENDING_LOGOUT_KEY, JWKS_KEY, 'lha/v0/session', 'lha/v0/pending'];
      const outcome = {};
      try {
        await page.goto(`${APP}/`);
        await signInButton(page, tracker);
        for (const [name, value] of Object.entries(values)) {
          await page.evaluate(([ks, v]) => {
            for (const k of ks) {
              sessionStorage.setItem(k, v);
              localStorage.setItem(k, v);
            }
          }, [keys, value]);
          await page.reload();
          await signInButton(page, tracker);
          const state = await page.getAttribute('[data-lha-state]', 'data-lha-state');
          assert.equal(state, 'signed-out', `${name}: signed out\n${await describePage(page, tracker)}`);
          await assertHealthy(page, tracker, violations, `corrupt ${name}`);
          const snap = await storageSnapshot(page);
          outcome[name] = {
            session: keys.filter((k) => k in snap.session),
            local: keys.filter((k) => k in snap.local),
          };
          // The session key of the configured storage is the one the page reads: it is removed.
          const area = storage === 'local' ? snap.local : snap.session;
          assert.ok(!(SESSION_KEY in area), `${name}: the corrupt ${SESSION_KEY} is removed from ${storage}Storage`);
        }
        // Every corrupt value still in place (the last one): a sign-in works.
        await page.evaluate(([ks, v]) => {
          for (const k of ks) {
            sessionStorage.setItem(k, v);
            localStorage.setItem(k, v);
          }
        }, [keys, values['object of another shape']]);
        await page.reload();
        await signIn(page, tracker, 'dave');
        const snap = await storageSnapshot(page);
        const area = storage === 'local' ? snap.local : snap.session;
        assert.ok(area[SESSION_KEY]?.startsWith('{'), 'a fresh session replaced the corrupt one');

        // A well-formed session of another issuer (foreign) is refused and removed too.
        const foreign = JSON.parse(area[SESSION_KEY]);
        const issuerField = Object.keys(foreign).find((k) => foreign[k] === OP);
        assert.ok(issuerField, `the stored session names its issuer: ${Object.keys(foreign)}`);
        foreign[issuerField] = OP2;
        await page.evaluate(([k, v, s]) => (s === 'local' ? localStorage : sessionStorage).setItem(k, v),
          [SESSION_KEY, JSON.stringify(foreign), storage]);
        await page.reload();
        await signInButton(page, tracker);
        const after = await storageSnapshot(page);
        assert.ok(!(SESSION_KEY in (storage === 'local' ? after.local : after.session)), 'the foreign session is removed');
        await assertHealthy(page, tracker, violations, 'foreign session');
        console.log(`# storage=${storage}: keys left after load, per corrupt value: ${JSON.stringify(outcome)}`);
      } finally {
        await context.close();
      }
    });
  }

  // ---- panic -----------------------------------------------------------------------------------

  it('a panic in the release wasm shows the themed error page; Reload works; the log is redacted', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, tracker, violations } = await open();
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    try {
      await page.goto(`${APP}/some/path?x=1#frag`);
      await signInButton(page, tracker);
      await page.evaluate(() => window.wasmBindings.lhaDebugPanic());
      await page.waitForSelector('[data-lha-state="panic"]', { timeout: 5000 });
      const view = await page.evaluate(() => {
        const alert = document.querySelector('[role=alert]');
        const link = document.querySelector('a.lha-panic__reload');
        return {
          heading: alert?.querySelector('h1')?.textContent,
          labelled: alert?.getAttribute('aria-labelledby'),
          focused: document.activeElement?.id,
          href: link?.getAttribute('href'),
          linkText: link?.textContent,
          bg: getComputedStyle(link).backgroundColor,
          primary: getComputedStyle(document.documentElement).getPropertyValue('--lha-color-primary').trim(),
          signIn: document.querySelector('.lha-sign-in-button') !== null,
        };
      });
      assert.equal(view.heading, 'Something went wrong');
      assert.equal(view.labelled, 'lha-panic-title');
      assert.equal(view.focused, 'lha-panic-title', 'focus moves to the heading');
      assert.equal(view.href, '/some/path', 'Reload goes to the path, without query or fragment');
      assert.equal(view.signIn, false, 'the frozen page is gone');
      assert.ok(view.primary, 'the theme tokens are still on <html>');
      const logged = consoleLines.find((l) => l.includes('internal error'));
      assert.ok(logged, `a console line: ${JSON.stringify(consoleLines)}`);
      assert.match(logged, /src\/main\.rs:\d+/, 'names where');
      assert.ok(!logged.includes('SplxlOBeZQQYbYS6WxSbIA'), `the code-like value is redacted: ${logged}`);
      assert.deepEqual(violations, [], 'the error page itself violates no CSP directive');

      await page.getByRole('link', { name: 'Reload' }).click();
      await page.waitForURL(`${APP}/some/path`);
      await signInButton(page, tracker);
    } finally {
      await context.close();
    }
  });
});
