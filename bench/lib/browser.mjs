// Headless Chromium (Debian's /usr/bin/chromium through playwright-core) and the measurements made
// in it: cold loads to the first screen, SRP timings, memory after a sign-in.

import process from 'node:process';

import { chromium } from 'playwright-core';

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
const VIEWPORT = { width: 900, height: 640 };

/** `promise`, or a rejection saying `what` did not happen within `ms`. */
export function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Playwright launches Chromium with a fresh temporary profile (user-data-dir) of its own and
 * removes it when the browser closes.
 */
export async function launchBrowser() {
  return within(60_000, 'launching Chromium', chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  }));
}

// ---- scripts run in the page before any of its own (context.addInitScript) -------------------

/**
 * Watches for `selector` to be in the document and visible (a MutationObserver on the whole
 * document, plus a requestAnimationFrame poll for changes that only restyle), then records
 * performance.now() (milliseconds since navigation start) and tells the bench through the
 * `__benchReady` binding.
 */
function readyDetector(selector) {
  if (window.top !== window) return;
  let done = false;
  let observer = null;
  const check = () => {
    if (done) return;
    const el = document.querySelector(selector);
    if (!el) return;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return;
    done = true;
    const t = performance.now();
    observer?.disconnect();
    window.__benchReadyAt = t;
    // What had arrived by now: the document, and every resource-timing entry (each is added
    // when its response has ended).
    const received = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
    window.__benchReady?.({ t, received });
  };
  observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  const poll = () => {
    check();
    if (!done) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/**
 * Records every WebAssembly.Memory the page instantiates or passes to an instance (the main
 * module exports its memory; split chunks import it), in window.__benchWasmMemories, by
 * wrapping WebAssembly.instantiate, instantiateStreaming and the Instance constructor.
 */
function wasmMemoryRecorder() {
  const W = globalThis.WebAssembly;
  if (!W) return;
  const memories = new Set();
  Object.defineProperty(window, '__benchWasmMemories', { value: memories });
  const note = (instance, imports) => {
    for (const v of Object.values(instance?.exports ?? {})) if (v instanceof W.Memory) memories.add(v);
    for (const ns of Object.values(imports ?? {})) {
      for (const v of Object.values(ns ?? {})) if (v instanceof W.Memory) memories.add(v);
    }
  };
  const { instantiate, instantiateStreaming, Instance } = W;
  W.instantiate = async function benchInstantiate(source, imports) {
    const result = await instantiate.call(W, source, imports);
    note(result instanceof Instance ? result : result.instance, imports);
    return result;
  };
  if (instantiateStreaming) {
    W.instantiateStreaming = async function benchInstantiateStreaming(source, imports) {
      const result = await instantiateStreaming.call(W, source, imports);
      note(result.instance, imports);
      return result;
    };
  }
  const Wrapped = function BenchInstance(module, imports) {
    const instance = new Instance(module, imports);
    note(instance, imports);
    return instance;
  };
  Wrapped.prototype = Instance.prototype;
  W.Instance = Wrapped;
}

// ---- one cold load ----------------------------------------------------------------------------

/**
 * Loads `page.url` in a new browser context (empty cache, storage and code cache) and waits
 * until `page.selector` is visible. Returns {readyMs, cpu: {task, script, layout, style, thread,
 * process} (ms, from Performance.getMetrics at that moment), responses (the network events of
 * the responses the page had received by then, as its resource timing tells: [{url, status}]),
 * later (the responses after it), problems}.
 */
export async function coldLoad(browser, page, { timeoutMs = 30_000 } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const problems = [];
  try {
    let readyResolve;
    const ready = new Promise((resolve) => { readyResolve = resolve; });
    await context.exposeBinding('__benchReady', (_source, data) => readyResolve(data));
    await context.addInitScript(readyDetector, page.selector);
    const tab = await context.newPage();
    const finished = [];
    tab.on('requestfinished', (req) => {
      finished.push(req.response().then(
        (res) => ({ url: req.url(), status: res?.status() ?? null }),
        () => ({ url: req.url(), status: null }),
      ));
    });
    tab.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    tab.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    tab.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await tab.goto(page.url, { waitUntil: 'commit', timeout: timeoutMs });
    let at;
    try {
      at = await within(timeoutMs, `${page.label}: waiting for ${page.selector} to be visible`, ready);
    } catch (err) {
      const text = await tab.evaluate(() => document.body?.innerText?.slice(0, 300)).catch(() => '?');
      throw new Error(`${err.message}\n  page text: ${JSON.stringify(text)}\n  ${problems.join('\n  ')}`);
    }
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    // Let the network events of the responses that ended before the ready moment arrive.
    await tab.waitForTimeout(300);
    const responses = await Promise.all(finished);
    const received = new Set(at.received);
    const early = responses.filter((r) => received.has(r.url));
    const later = responses.filter((r) => !received.has(r.url));
    for (const url of received) {
      if (!early.some((r) => r.url === url)) problems.push(`in the page's resource timing but no network event: ${url}`);
    }
    return {
      readyMs: at.t,
      cpu: {
        task: 1000 * (m.TaskDuration ?? NaN),
        script: 1000 * (m.ScriptDuration ?? NaN),
        layout: 1000 * (m.LayoutDuration ?? NaN),
        style: 1000 * (m.RecalcStyleDuration ?? NaN),
        devtools: 1000 * (m.DevToolsCommandDuration ?? NaN),
        thread: 1000 * (m.ThreadTime ?? NaN),
        process: 1000 * (m.ProcessTime ?? NaN),
      },
      responses: early,
      later,
      problems,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---- SRP ---------------------------------------------------------------------------------------

async function openSrpPage(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const tab = await context.newPage();
  const problems = [];
  tab.on('pageerror', (err) => problems.push(err.message));
  await tab.goto(url, { timeout: 30_000 });
  try {
    await tab.waitForFunction(() => window.benchSrpReady === true, null, { timeout: 30_000 });
  } catch (err) {
    throw new Error(`${url}: the SRP page did not get ready (${err.message.split('\n')[0]}) ${problems.join('; ')}`);
  }
  return { context, tab };
}

const srpOnce = (tab, aHex = '') => tab.evaluate((a) => window.benchSrp(a), aHex);

/**
 * Both SRP pages open side by side in one browser: the first run of each (cold: just loaded),
 * then `runs` more of each, alternating, then one run each with the vector's fixed `a` whose
 * signature must be the expected one. Returns {js: {first, runs}, ours: {first, runs}, check}.
 */
export async function srpComparison(browser, { jsUrl, oursUrl, runs, expected }) {
  const js = await openSrpPage(browser, jsUrl);
  const ours = await openSrpPage(browser, oursUrl);
  try {
    const out = { js: { runs: [] }, ours: { runs: [] } };
    out.js.first = (await srpOnce(js.tab)).ms;
    out.ours.first = (await srpOnce(ours.tab)).ms;
    for (let i = 0; i < runs; i += 1) {
      out.js.runs.push((await srpOnce(js.tab)).ms);
      out.ours.runs.push((await srpOnce(ours.tab)).ms);
    }
    const jsCheck = await srpOnce(js.tab, expected.a);
    const oursCheck = await srpOnce(ours.tab, expected.a);
    out.check = {
      js: jsCheck.signature === expected.signature,
      ours: oursCheck.signature === expected.signature,
      sameA: jsCheck.srpA === oursCheck.srpA,
    };
    return out;
  } finally {
    await js.context.close().catch(() => {});
    await ours.context.close().catch(() => {});
  }
}

// ---- memory after a sign-in ---------------------------------------------------------------------

/**
 * Signs in through the page's own form (`page.signIn`: {username, password, submit, done}
 * selectors) with `user`, waits for the signed-in view, lets the page settle, collects garbage,
 * then reads the JS heap (Runtime.getHeapUsage) and the bytes of every WebAssembly memory.
 */
export async function memoryAfterSignIn(browser, page, user, { timeoutMs = 30_000 } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(wasmMemoryRecorder);
    const tab = await context.newPage();
    const problems = [];
    tab.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    tab.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    const s = page.signIn;
    await tab.goto(page.url, { timeout: timeoutMs });
    const step = async (what, fn) => {
      try {
        return await fn();
      } catch (err) {
        const text = await tab.evaluate(() => document.body?.innerText?.slice(0, 300)).catch(() => '?');
        throw new Error(`${page.label}: ${what}: ${err.message.split('\n')[0]}\n  page text: ${JSON.stringify(text)}\n  ${problems.join('\n  ')}`);
      }
    };
    await step('the sign-in form', () => tab.locator(s.username).waitFor({ state: 'visible', timeout: timeoutMs }));
    await tab.fill(s.username, user.username);
    await tab.fill(s.password, user.password);
    const started = Date.now();
    await tab.click(s.submit);
    await step('waiting for the signed-in view', () => tab.locator(s.done).first().waitFor({ state: 'visible', timeout: timeoutMs }));
    const signInMs = Date.now() - started;
    const shown = (await tab.locator(s.done).first().innerText()).trim().replace(/\s+/g, ' ');
    await tab.waitForTimeout(1000);
    const cdp = await context.newCDPSession(tab);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await tab.evaluate(() => {
      const list = [...(window.__benchWasmMemories ?? [])];
      return { count: list.length, bytes: list.reduce((n, m) => n + m.buffer.byteLength, 0) };
    });
    return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasm, signInMs, shown, problems };
  } finally {
    await context.close().catch(() => {});
  }
}
