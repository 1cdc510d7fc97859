// Shared helpers for the end-to-end tests: the local OpenID provider (tools/oidc-provider.mjs in a
// child process), the static server for the built page (tools/serve.mjs, in-process), headless
// Chromium through playwright-core, and a few page helpers.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from '../../tools/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');
export const TOOLS_DIR = path.join(REPO, 'tools');
export const DIST_DIR = path.resolve(process.env.DIST_DIR || path.join(REPO, 'dist'));

function envPort(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`${name} must be a TCP port number, got ${JSON.stringify(raw)}`);
  }
  return port;
}

/** The app server's port (E2E_APP_PORT, default 8080) and the provider's (E2E_OP_PORT, default 9090). */
export const APP_PORT = envPort('E2E_APP_PORT', 8080);
export const OP_PORT = envPort('E2E_OP_PORT', 9090);
export const APP = `http://127.0.0.1:${APP_PORT}`;
export const OP = `http://127.0.0.1:${OP_PORT}`;

/**
 * tools/demo-config.json with the issuer moved to this run's provider (OP). `redirect_uri` and
 * `post_logout_redirect_uri` are paths there, so they follow the app's port by themselves.
 */
export const DEMO_CONFIG = {
  ...JSON.parse(fs.readFileSync(path.join(TOOLS_DIR, 'demo-config.json'), 'utf8')),
  issuer: OP,
};
export const SESSION_KEY = 'lha/v1/session';
export const CLIENT_ID = DEMO_CONFIG.client_id;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = { width: 900, height: 640 };
/** Default time to wait for the page to reach a state. */
export const WAIT_MS = Number(process.env.E2E_WAIT_MS || 15000);

export function configWith(overrides = {}) {
  return { ...DEMO_CONFIG, ...overrides };
}

// ---- preconditions ---------------------------------------------------------------------------

export function assertPrerequisites({ provider = true } = {}) {
  const index = path.join(DIST_DIR, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(
      `${index} is missing: build the page first (the release build, e.g. \`trunk build --release\` `
      + 'at the repository root, which writes dist/), or point DIST_DIR at a built page.',
    );
  }
  if (provider && !fs.existsSync(path.join(TOOLS_DIR, 'node_modules', 'oidc-provider'))) {
    throw new Error(`oidc-provider is not installed: run \`npm ci\` in ${TOOLS_DIR}.`);
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium, or set CHROMIUM_PATH).`);
  }
}

// ---- the provider ----------------------------------------------------------------------------

/**
 * Start tools/oidc-provider.mjs as a child process with OIDC_TEST_HOOKS=1 and wait for its
 * "listening" line. `env` adds or overrides variables (OIDC_ACCESS_TOKEN_TTL, ...).
 *
 * It normally listens within a second. A start that fails (no "listening" line within
 * `timeoutMs`, or an early exit, e.g. while the previous test file's provider still holds the
 * port) is retried: this is about the test machine, not about the code under test, and a
 * busy CI machine once missed a single 20 s start. Every failed attempt is written to stderr.
 */
export async function startProvider({ env = {}, timeoutMs = 45000, attempts = 3 } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    const started = Date.now();
    try {
      const provider = await startProviderOnce({ env, timeoutMs });
      const took = Date.now() - started;
      if (attempt > 1 || took > 5000) {
        process.stderr.write(`oidc-provider listening after ${took} ms (attempt ${attempt})\n`);
      }
      return provider;
    } catch (err) {
      process.stderr.write(`oidc-provider start, attempt ${attempt} of ${attempts}, failed after ${Date.now() - started} ms: ${err.message}\n`);
      if (attempt >= attempts) throw err;
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
    }
  }
}

async function startProviderOnce({ env, timeoutMs }) {
  const child = spawn(process.execPath, [path.join(TOOLS_DIR, 'oidc-provider.mjs')], {
    cwd: TOOLS_DIR,
    env: {
      ...process.env,
      OIDC_PORT: String(OP_PORT),
      OIDC_APP_ORIGIN: APP,
      OIDC_TEST_HOOKS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk) => {
    output += chunk.toString();
    if (output.length > 20000) output = output.slice(-20000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`oidc-provider did not start within ${timeoutMs} ms. Output:\n${output}`));
    }, timeoutMs);
    const check = () => {
      if (/oidc-provider listening on /.test(output)) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve();
      }
    };
    child.stdout.on('data', check);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited early (code ${code}, signal ${signal}; port ${env.OIDC_PORT ?? OP_PORT} in use? set E2E_OP_PORT). Output:\n${output}`));
    });
  });

  return {
    url: OP,
    child,
    output: () => output,
    async stats() {
      const res = await fetch(`${OP}/__test/stats`);
      if (!res.ok) throw new Error(`/__test/stats answered ${res.status}`);
      return res.json();
    },
    async resetStats() {
      await fetch(`${OP}/__test/reset-stats`, { method: 'POST' });
    },
    async revokeGrants() {
      const res = await fetch(`${OP}/__test/revoke-grants`, { method: 'POST' });
      return res.json();
    },
    /** Every refresh_token request so far: [{at (ms), grant_id, status, error, rotations, origin}]. */
    async refreshLog() {
      const res = await fetch(`${OP}/__test/refresh-log`);
      if (!res.ok) throw new Error(`/__test/refresh-log answered ${res.status}`);
      return res.json();
    },
    /** What the provider knows about a refresh token, without using it. */
    async refreshTokenStatus(token) {
      const res = await fetch(`${OP}/__test/refresh-token?token=${encodeURIComponent(token)}`);
      if (!res.ok) throw new Error(`/__test/refresh-token answered ${res.status}`);
      return res.json();
    },
    /** Destroy one refresh token (its grant and the provider session survive). */
    async revokeRefreshToken(token) {
      const res = await fetch(`${OP}/__test/revoke-refresh-token?token=${encodeURIComponent(token)}`, { method: 'POST' });
      if (!res.ok) throw new Error(`/__test/revoke-refresh-token answered ${res.status}`);
      return res.json();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}

// ---- the app server and the browser ----------------------------------------------------------

export async function startApp({ config = DEMO_CONFIG, headers = [] } = {}) {
  try {
    return await startServer({ dir: DIST_DIR, port: APP_PORT, configJson: config, headers });
  } catch (err) {
    if (err.code === 'EADDRINUSE') {
      throw new Error(`port ${APP_PORT} is in use: stop whatever serves ${APP} first, or set E2E_APP_PORT.`);
    }
    throw err;
  }
}

/** Launch headless Chromium; a failed launch (machine trouble, not the page's) is tried once more. */
export async function launchBrowser() {
  const launch = () => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    return await launch();
  } catch (err) {
    process.stderr.write(`Chromium did not launch, trying once more: ${err.message}\n`);
    return launch();
  }
}

/**
 * Everything a test file needs: provider, app server and browser. Call `stop()` in `after`.
 */
export async function startAll({ providerEnv = {}, config = configWith() } = {}) {
  assertPrerequisites();
  const started = {};
  try {
    started.provider = await startProvider({ env: providerEnv });
    started.app = await startApp({ config });
    started.browser = await launchBrowser();
  } catch (err) {
    await stopAll(started);
    throw err;
  }
  return { ...started, stop: () => stopAll(started) };
}

async function stopAll({ provider, app, browser }) {
  await Promise.allSettled([
    browser?.close(),
    app?.close(),
    provider?.stop(),
  ]);
}

// ---- pages -----------------------------------------------------------------------------------

function isLoopback(url) {
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/**
 * Follow a page: console errors, uncaught exceptions, failed requests (loopback only: the
 * provider's pages import a web font from the internet, which always fails here), navigations,
 * and the successful token responses it received.
 */
export function track(page) {
  const t = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    navigations: [],
    tokenResponses: [],
    // every loopback request the page issued: {at (ms), method, url, grantType (token endpoint)}
    requests: [],
  };
  page.on('request', (req) => {
    if (!isLoopback(req.url())) return;
    const entry = { at: Date.now(), method: req.method(), url: req.url(), grantType: null };
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/token') {
      try {
        entry.grantType = new URLSearchParams(req.postData() ?? '').get('grant_type');
      } catch {
        // not a form body
      }
    }
    t.requests.push(entry);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location()?.url ?? '';
      if (!loc || isLoopback(loc)) t.consoleErrors.push(`${msg.text()} (${loc})`);
    }
  });
  page.on('pageerror', (err) => t.pageErrors.push(`${page.url()}: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (isLoopback(req.url())) t.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', async (res) => {
    const req = res.request();
    if (!isLoopback(res.url())) return;
    if (res.status() >= 400) t.failedRequests.push(`${req.method()} ${res.url()}: HTTP ${res.status()}`);
    if (req.method() === 'POST' && res.url() === `${OP}/token` && res.status() === 200) {
      try {
        t.tokenResponses.push(await res.json());
      } catch {
        // body not available (page closed); ignore
      }
    }
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) t.navigations.push(frame.url());
  });
  t.callbackUrls = () => t.navigations.filter((u) => u.includes('/callback?'));
  t.describe = () => [
    `navigations: ${JSON.stringify(t.navigations.map(shorten))}`,
    `console errors: ${JSON.stringify(t.consoleErrors)}`,
    `page errors: ${JSON.stringify(t.pageErrors)}`,
    `failed requests: ${JSON.stringify(t.failedRequests)}`,
  ].join('\n');
  return t;
}

function shorten(u) {
  return u.length > 200 ? `${u.slice(0, 200)}...` : u;
}

/** A new context (own cookies and storage) and page, followed by `track`. */
export async function newPage(browser, { colorScheme = 'light', viewport = VIEWPORT } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  const tracker = track(page);
  return { context, page, tracker };
}

/** A snapshot of the page: URL, state attributes, alert text. For assertion messages. */
export async function describePage(page, tracker) {
  let dom = {};
  try {
    dom = await page.evaluate(() => {
      const root = document.querySelector('[data-lha-state]');
      const code = document.querySelector('[data-lha-error-code]');
      const alert = document.querySelector('[role=alert]');
      return {
        state: root?.getAttribute('data-lha-state') ?? null,
        errorCode: code?.getAttribute('data-lha-error-code') ?? null,
        alert: alert?.textContent?.trim() ?? null,
        body: document.body?.innerText?.slice(0, 400) ?? null,
      };
    });
  } catch (err) {
    dom = { evaluateError: err.message };
  }
  return `url: ${page.url()}\ndom: ${JSON.stringify(dom)}${tracker ? `\n${tracker.describe()}` : ''}`;
}

async function withDiagnostics(page, tracker, what, fn) {
  try {
    return await fn();
  } catch (err) {
    const e = new Error(`${what}: ${err.message.split('\n')[0]}\n${await describePage(page, tracker)}`);
    e.cause = err;
    throw e;
  }
}

/** Wait until the root element's data-lha-state is `state`. */
export async function waitForState(page, state, tracker, timeout = WAIT_MS) {
  await withDiagnostics(page, tracker, `waiting for data-lha-state="${state}"`, () => page.waitForSelector(`[data-lha-state="${state}"]`, { state: 'attached', timeout }));
}

/** The "Sign in" button (accessible name), once visible. */
export async function signInButton(page, tracker, timeout = WAIT_MS) {
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  await withDiagnostics(page, tracker, 'waiting for the "Sign in" button', () => button.waitFor({ state: 'visible', timeout }));
  return button;
}

export async function signOutButton(page, tracker, timeout = WAIT_MS) {
  const button = page.getByRole('button', { name: 'Sign out', exact: true });
  await withDiagnostics(page, tracker, 'waiting for the "Sign out" button', () => button.waitFor({ state: 'visible', timeout }));
  return button;
}

/** Wait for the provider's dev login page (after the app sent the browser there). */
export async function waitForProviderLogin(page, tracker, timeout = WAIT_MS) {
  await withDiagnostics(page, tracker, 'waiting for the provider login page', () => page.waitForSelector('input[name=login]', { timeout }));
}

/**
 * On the provider's dev interaction pages: type `login` and a password, submit, submit the
 * consent page if one is shown, and wait until the browser is back on the app.
 */
export async function signInAtProvider(page, login = 'alice', { password = 'correct horse', tracker, timeout = WAIT_MS } = {}) {
  await waitForProviderLogin(page, tracker, timeout);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await page.click('button.login-submit');
  await withDiagnostics(page, tracker, 'waiting to come back from the provider', async () => {
    const deadline = Date.now() + timeout;
    let consentSubmitted = false;
    for (;;) {
      const url = new URL(page.url());
      if (url.origin === APP) return;
      // A consent page (the provider's default; tools/oidc-provider.mjs normally skips it):
      // one button.login-submit and no login field.
      if (!consentSubmitted && url.origin === OP && url.pathname.startsWith('/interaction/')) {
        const onConsent = await page.locator('input[name=login]').count() === 0
          && await page.locator('button.login-submit').count() === 1;
        if (onConsent) {
          consentSubmitted = true;
          await page.click('button.login-submit');
        }
      }
      if (Date.now() > deadline) throw new Error(`still not back on ${APP} after ${timeout} ms`);
      await page.waitForTimeout(100);
    }
  });
}

/** Press the provider's "[ Cancel ]" link on its login page (-> error=access_denied). */
export async function cancelAtProvider(page, { tracker, timeout = WAIT_MS } = {}) {
  await waitForProviderLogin(page, tracker, timeout);
  await page.click('a[href$="/abort"]');
  await withDiagnostics(page, tracker, 'waiting to come back from the provider', () => page.waitForURL((url) => url.origin === APP, { timeout }));
}

/**
 * After the app's "Sign out": if the browser went to the provider's end-session page, confirm
 * ("Yes, sign me out", button[name=logout]) and wait to be back on the app.
 */
export async function completeProviderLogout(page, { tracker, timeout = WAIT_MS } = {}) {
  // Give the app a moment to navigate away, if it does.
  await page.waitForURL((url) => url.origin === OP, { timeout: 3000 }).catch(() => {});
  if (new URL(page.url()).origin !== OP) return;
  await withDiagnostics(page, tracker, 'confirming the provider logout', async () => {
    await page.click('button[name=logout]', { timeout });
    await page.waitForURL((url) => url.origin === APP, { timeout });
  });
}

/** Everything in localStorage and sessionStorage of the app origin. */
export async function storageSnapshot(page) {
  return page.evaluate(() => {
    const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)).map((k) => [k, s.getItem(k)]));
    return { local: dump(localStorage), session: dump(sessionStorage) };
  });
}

/** The data-lha-error-code of the page (the first element carrying it), or null. */
export async function errorCode(page) {
  return page.evaluate(() => document.querySelector('[data-lha-error-code]')?.getAttribute('data-lha-error-code') ?? null);
}

export async function alertText(page) {
  const alert = page.locator('[role=alert]').first();
  if (await alert.count() === 0) return null;
  return (await alert.textContent())?.trim() ?? '';
}

// ---- session (token expiry, refresh, multi-tab, logout) --------------------------------------

/**
 * Runs in every document of a context (context.addInitScript): records each change of the
 * page's session view — root state, session status, expiry, sign-out reason — with a timestamp
 * in `window.__lhaSessionLog`, so the tests also see states that lasted less than a poll.
 */
export function installSessionRecorder() {
  const log = [];
  let last = '';
  const read = () => {
    const root = document.querySelector('[data-lha-state]');
    const status = document.querySelector('[data-lha-session-status]');
    const expires = document.querySelector('[data-lha-expires-at]');
    const reason = document.querySelector('[data-lha-signout-reason]');
    const statusValue = status ? (status.getAttribute('data-lha-session-status') || status.textContent.trim()) : null;
    return {
      state: root ? root.getAttribute('data-lha-state') : null,
      status: statusValue,
      expiresAt: expires ? Number(expires.getAttribute('data-lha-expires-at')) : null,
      reason: reason ? reason.getAttribute('data-lha-signout-reason') : null,
    };
  };
  const snap = () => {
    const view = read();
    const key = JSON.stringify(view);
    if (key !== last) {
      last = key;
      log.push({ t: Date.now(), ...view });
    }
  };
  Object.defineProperty(window, '__lhaSessionLog', { value: log, configurable: true });
  new MutationObserver(snap).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-lha-state', 'data-lha-session-status', 'data-lha-expires-at', 'data-lha-signout-reason'],
  });
}

/** A new context with the session recorder installed, and its first page (tracked). */
export async function newSessionContext(browser, { viewport = VIEWPORT } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(installSessionRecorder);
  const { page, tracker } = await newTab(context);
  return { context, page, tracker };
}

/** Another tab (page) in the same context: shares localStorage, BroadcastChannel, Web Locks. */
export async function newTab(context) {
  const page = await context.newPage();
  const tracker = track(page);
  return { page, tracker };
}

/**
 * The page's session view now: {state, status, expiresAt (Unix s), expiresText, reason,
 * reasonText}. `status` is the data-lha-session-status attribute (its text when the attribute
 * is empty).
 */
export async function sessionView(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-lha-state]');
    const status = document.querySelector('[data-lha-session-status]');
    const expires = document.querySelector('[data-lha-expires-at]');
    const reason = document.querySelector('[data-lha-signout-reason]');
    return {
      state: root?.getAttribute('data-lha-state') ?? null,
      status: status ? (status.getAttribute('data-lha-session-status') || status.textContent.trim()) : null,
      expiresAt: expires ? Number(expires.getAttribute('data-lha-expires-at')) : null,
      expiresText: expires?.textContent?.trim() ?? null,
      reason: reason?.getAttribute('data-lha-signout-reason') ?? null,
      reasonText: reason?.textContent?.trim() ?? null,
    };
  });
}

/** The recorder's log of this document (see installSessionRecorder). */
export async function sessionLog(page) {
  return page.evaluate(() => window.__lhaSessionLog ?? []);
}

/**
 * Wait until a signed-in page shows its session status ([data-lha-session-status]) and expiry
 * ([data-lha-expires-at]); a page built without session management fails here.
 */
export async function waitForSessionView(page, tracker, timeout = WAIT_MS) {
  await withDiagnostics(page, tracker,
    'waiting for [data-lha-session-status] and [data-lha-expires-at] (is the page built with session management?)',
    async () => {
      await page.waitForSelector('[data-lha-session-status]', { state: 'attached', timeout });
      await page.waitForSelector('[data-lha-expires-at]', { state: 'attached', timeout });
    });
  return sessionView(page);
}

/** Wait until `predicate(sessionView)` holds (polled every 100 ms). */
export async function waitForSession(page, tracker, what, predicate, timeout = WAIT_MS) {
  return withDiagnostics(page, tracker, `waiting for ${what}`, async () => {
    const deadline = Date.now() + timeout;
    let view;
    for (;;) {
      view = await sessionView(page);
      if (predicate(view)) return view;
      if (Date.now() > deadline) throw new Error(`not reached within ${timeout} ms; last view ${JSON.stringify(view)}`);
      await page.waitForTimeout(100);
    }
  });
}

/** Keys starting with `lha/` in localStorage and sessionStorage. */
export async function lhaKeys(page) {
  const { local, session } = await storageSnapshot(page);
  return {
    local: Object.keys(local).filter((k) => k.startsWith('lha/')),
    session: Object.keys(session).filter((k) => k.startsWith('lha/')),
  };
}

/**
 * The refresh token in a stored session JSON: a string value under a key containing "refresh"
 * (any depth). Null when there is none.
 */
export function findRefreshToken(json) {
  let found = null;
  const walk = (value, key) => {
    if (found) return;
    if (typeof value === 'string') {
      if (/refresh/i.test(key) && /^[\w.~+/=-]{16,}$/.test(value)) found = value;
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? key : k);
    }
  };
  walk(json, '');
  return found;
}

/** PKCE pair (S256) for hand-made authorization requests. */
export async function pkcePair() {
  const { createHash, randomBytes } = await import('node:crypto');
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

// ---- Amazon Cognito: the local emulator (tools/ministack.sh) -----------------------------------

/** ministack's port (E2E_MINISTACK_PORT, default 4566; passed to tools/ministack.sh as MINISTACK_PORT). */
export const MINISTACK_PORT = envPort('E2E_MINISTACK_PORT', 4566);
export const MINISTACK = `http://127.0.0.1:${MINISTACK_PORT}`;
const MINISTACK_SH = path.join(TOOLS_DIR, 'ministack.sh');

/**
 * What the Cognito tests need: ministack (started unless it already answers), the app server
 * (serving `config`; tests call `app.setConfig`) and the browser. Call `stop()` in `after`: it
 * stops ministack only if it started it.
 */
export async function startCognitoAll({ config = {} } = {}) {
  assertPrerequisites({ provider: false });
  const started = {};
  try {
    started.ministack = await startMinistack();
    started.app = await startApp({ config });
    started.browser = await launchBrowser();
  } catch (err) {
    await stopCognitoAll(started);
    throw err;
  }
  return { ...started, stop: () => stopCognitoAll(started) };
}

async function stopCognitoAll({ ministack, app, browser }) {
  await Promise.allSettled([browser?.close(), app?.close()]);
  await ministack?.stop();
}

/** Run `tools/ministack.sh <args>`; resolves to its stdout, rejects with its output on failure. */
export function ministackSh(args, { env = {}, timeoutMs = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [MINISTACK_SH, ...args], {
      cwd: REPO,
      env: { ...process.env, MINISTACK_PORT: String(MINISTACK_PORT), PAGE_ORIGIN: APP, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`tools/ministack.sh ${args.join(' ')} failed (code ${code}, signal ${signal}):\n${stdout}${stderr}`));
    });
  });
}

/**
 * Start ministack with `tools/ministack.sh start` unless it already answers (then it is left
 * running afterwards). `stop()` stops it only if this call started it.
 */
export async function startMinistack() {
  const answering = await ministackSh(['status']).then(() => true, () => false);
  if (!answering) await ministackSh(['start']);
  return {
    url: MINISTACK,
    startedHere: !answering,
    async stop() {
      if (!answering) await ministackSh(['stop']);
    },
  };
}

/**
 * A new user pool and app client (`tools/ministack.sh provision`, callback and logout URLs on
 * this run's APP origin): {region, user_pool_id, client_id, endpoint}. `tokenValiditySeconds`
 * sets the access and ID token lifetime (default 1 h).
 */
export async function provisionPool({ tokenValiditySeconds } = {}) {
  const env = tokenValiditySeconds ? { TOKEN_VALIDITY_SECONDS: String(tokenValiditySeconds) } : {};
  const out = await ministackSh(['provision'], { env });
  const line = out.trim().split('\n').pop();
  return JSON.parse(line);
}

/** The hosted page's config for a provisioned pool (what `provision FILE` writes), plus overrides. */
export function cognitoConfig(pool, overrides = {}) {
  return {
    cognito: {
      region: pool.region,
      user_pool_id: pool.user_pool_id,
      domain: pool.endpoint,
      endpoint: pool.endpoint,
    },
    client_id: pool.client_id,
    redirect_uri: '/callback',
    post_logout_redirect_uri: '/',
    scopes: ['openid', 'email', 'profile'],
    storage: 'session',
    ...overrides,
  };
}

/**
 * One unsigned user-pool API call from Node (the public actions: SignUp, ConfirmSignUp,
 * InitiateAuth, ...): {status, body}. Sent with the app's Origin, as the page would.
 */
export async function cognitoCall(action, body) {
  const res = await fetch(`${MINISTACK}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
      Origin: APP,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: json ?? text };
}

/** A confirmed user (SignUp, then ConfirmSignUp with ministack's fixed code 123456): its sub. */
export async function createConfirmedUser(pool, { username, password, attributes = {} }) {
  const signUp = await cognitoCall('SignUp', {
    ClientId: pool.client_id,
    Username: username,
    Password: password,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  });
  if (signUp.status !== 200) throw new Error(`SignUp ${username}: ${signUp.status} ${JSON.stringify(signUp.body)}`);
  const confirm = await cognitoCall('ConfirmSignUp', {
    ClientId: pool.client_id,
    Username: username,
    ConfirmationCode: '123456',
  });
  if (confirm.status !== 200) throw new Error(`ConfirmSignUp ${username}: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  return signUp.body.UserSub;
}

/**
 * Record every request a page sends (any origin): {at, method, url, origin, path, body (the
 * POST body as sent), action (the X-Amz-Target action for user-pool API calls), json (the
 * parsed API body), status, response (the parsed JSON answer of ministack's POSTs), failure}.
 * `calls(action)` filters the API calls; `pending()` counts requests without an answer yet.
 */
export function recordRequests(page) {
  const entries = [];
  const byRequest = new Map();
  page.on('request', (req) => {
    const url = new URL(req.url());
    const target = req.headers()['x-amz-target'] ?? null;
    const entry = {
      at: Date.now(),
      method: req.method(),
      url: req.url(),
      origin: url.origin,
      path: url.pathname,
      body: req.postData() ?? '',
      action: target ? target.replace(/^.*\./, '') : null,
      json: null,
      status: null,
      response: null,
      failure: null,
      done: false,
    };
    if (entry.action) {
      try {
        entry.json = JSON.parse(entry.body);
      } catch {
        // not JSON
      }
    }
    entries.push(entry);
    byRequest.set(req, entry);
  });
  page.on('requestfinished', async (req) => {
    const entry = byRequest.get(req);
    if (!entry) return;
    try {
      const res = await req.response();
      entry.status = res?.status() ?? null;
      if (res && entry.origin === MINISTACK && entry.method === 'POST') {
        try {
          entry.response = JSON.parse(await res.text());
        } catch {
          // no body (page navigated away) or not JSON
        }
      }
    } finally {
      entry.done = true;
    }
  });
  page.on('requestfailed', (req) => {
    const entry = byRequest.get(req);
    if (!entry) return;
    entry.failure = req.failure()?.errorText ?? 'failed';
    entry.done = true;
  });
  return {
    entries,
    calls: (action) => entries.filter((e) => e.action === action),
    pending: () => entries.filter((e) => !e.done).length,
    /** One line per user-pool call: `Action [AuthFlow] -> status __type`. */
    summary: () => entries
      .filter((e) => e.origin === MINISTACK)
      .map((e) => {
        const flow = e.json?.AuthFlow ?? e.json?.ChallengeName ?? '';
        const err = e.response?.__type ?? e.failure ?? '';
        return `${e.action ?? `${e.method} ${e.path}`}${flow ? ` ${flow}` : ''} -> ${e.status ?? '...'}${err ? ` ${err}` : ''}`;
      }),
  };
}

// ---- browser hygiene (tests/e2e/hostile.test.mjs) ---------------------------------------------

/**
 * Collect every `securitypolicyviolation` event of the app's documents in this context (the
 * provider's own pages are left out: their policy is not ours). Playwright's binding and init
 * script are injected through the DevTools protocol, not as page script, so they are not
 * subject to the page's CSP and do not weaken it. Returns the live array of
 * {url, directive, blocked, sample}.
 */
export async function recordCspViolations(context) {
  const violations = [];
  await context.exposeBinding('__lhaCspViolation', (_source, v) => violations.push(v));
  await context.addInitScript((appOrigin) => {
    if (location.origin !== appOrigin) return;
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__lhaCspViolation({
        url: location.href,
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
      });
    });
  }, APP);
  return violations;
}

/** The URLs of the tab's session history (DevTools `Page.getNavigationHistory`). */
export async function navigationHistory(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { entries, currentIndex } = await cdp.send('Page.getNavigationHistory');
    return { urls: entries.map((e) => e.url), currentIndex };
  } finally {
    await cdp.detach();
  }
}
