// A minimal W3C WebDriver client (https://www.w3.org/TR/webdriver2/) over geckodriver, for the
// Firefox end-to-end test: Playwright drives only its own patched Firefox, not Debian's
// firefox-esr, and these few commands need no dependency.
//
//   const driver = await startGeckodriver();
//   const session = await driver.newSession();
//   await session.goto(url); ...; await session.close(); await driver.stop();

import { spawn } from 'node:child_process';
import net from 'node:net';
import process from 'node:process';

/** The element reference key of W3C WebDriver (section 12.1). */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export const GECKODRIVER_PATH = process.env.GECKODRIVER || 'geckodriver';
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** A free loopback port, from the kernel. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Start geckodriver on a free port and wait until it answers /status. */
export async function startGeckodriver({ timeoutMs = 30000 } = {}) {
  const port = await freePort();
  const child = spawn(GECKODRIVER_PATH, ['--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 20000) output = output.slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const spawnError = new Promise((resolve) => { child.once('error', resolve); });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failed = await Promise.race([spawnError, sleep(200).then(() => null)]);
    if (failed) throw new Error(`geckodriver could not start (${failed.message}); install it with \`cargo install geckodriver\` or set GECKODRIVER`);
    if (child.exitCode !== null) throw new Error(`geckodriver exited (code ${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/status`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`geckodriver did not answer within ${timeoutMs} ms:\n${output}`);
    }
  }
  return {
    base,
    output: () => output,
    async newSession({ args = ['-headless'] } = {}) {
      const res = await command(base, 'POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'firefox',
            'moz:firefoxOptions': { binary: FIREFOX_PATH, args },
            pageLoadStrategy: 'normal',
          },
        },
      });
      return new Session(base, res.sessionId);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const killed = new Promise((resolve) => { child.once('exit', resolve); });
      child.kill('SIGTERM');
      await Promise.race([killed, sleep(3000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

async function command(base, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    const err = new Error(`WebDriver ${method} ${path}: ${v.error ?? res.status}: ${v.message ?? ''}`);
    err.webdriverError = v.error;
    throw err;
  }
  return json.value;
}

class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return command(this.base, method, `/session/${this.id}${path}`, body);
  }

  goto(url) {
    return this.cmd('POST', '/url', { url });
  }

  url() {
    return this.cmd('GET', '/url');
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the page. */
  execute(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** The first element matching the CSS selector, or null. */
  async find(selector) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: selector });
    return found.length ? found[0][ELEMENT] : null;
  }

  /** Wait until `check()` returns a truthy value; returns it. */
  async waitFor(what, check, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        last = await check();
        if (last) return last;
      } catch (err) {
        last = err.message; // a navigation in progress: try again
      }
      if (Date.now() > deadline) {
        const url = await this.url().catch(() => '?');
        throw new Error(`${what}: not within ${timeoutMs} ms (at ${url}; last: ${JSON.stringify(last)})`);
      }
      await sleep(100);
    }
  }

  /** Wait for the selector to match, then return the element. */
  waitForElement(selector, timeoutMs) {
    return this.waitFor(`waiting for ${selector}`, () => this.find(selector), timeoutMs);
  }

  async click(selector) {
    const el = await this.waitForElement(selector);
    await this.cmd('POST', `/element/${el}/click`, {});
  }

  async type(selector, text) {
    const el = await this.waitForElement(selector);
    await this.cmd('POST', `/element/${el}/clear`, {});
    await this.cmd('POST', `/element/${el}/value`, { text });
  }

  async text(selector) {
    const el = await this.waitForElement(selector);
    return this.cmd('GET', `/element/${el}/text`);
  }

  async attribute(selector, name) {
    const el = await this.find(selector);
    return el ? this.cmd('GET', `/element/${el}/attribute/${encodeURIComponent(name)}`) : null;
  }

  /** Wait for a button whose accessible name is exactly `name`; returns the element. */
  waitForButton(name, timeoutMs) {
    return this.waitFor(`waiting for the "${name}" button`, async () => {
      const buttons = await this.cmd('POST', '/elements', { using: 'css selector', value: 'button' });
      for (const b of buttons) {
        const el = b[ELEMENT];
        if (await this.cmd('GET', `/element/${el}/computedlabel`) === name) return el;
      }
      return null;
    }, timeoutMs);
  }

  /** Type into the input whose accessible name (its label) is exactly `label`. */
  async typeLabelled(label, text) {
    const el = await this.waitFor(`waiting for the field "${label}"`, async () => {
      const inputs = await this.cmd('POST', '/elements', { using: 'css selector', value: 'input' });
      for (const i of inputs) {
        const id = i[ELEMENT];
        if (await this.cmd('GET', `/element/${id}/computedlabel`) === label) return id;
      }
      return null;
    });
    await this.cmd('POST', `/element/${el}/clear`, {});
    await this.cmd('POST', `/element/${el}/value`, { text });
  }

  async clickButton(name) {
    const el = await this.waitForButton(name);
    await this.cmd('POST', `/element/${el}/click`, {});
  }

  /** The accessible name of the element, as the browser computes it. */
  async accessibleName(selector) {
    const el = await this.waitForElement(selector);
    return this.cmd('GET', `/element/${el}/computedlabel`);
  }

  /** The current window's handle. */
  windowHandle() {
    return this.cmd('GET', '/window');
  }

  /** Opens a new tab (not switched to) and returns its handle. */
  async newTab() {
    return (await this.cmd('POST', '/window/new', { type: 'tab' })).handle;
  }

  /** Makes the window `handle` the target of the next commands. */
  switchTo(handle) {
    return this.cmd('POST', '/window', { handle });
  }

  close() {
    return this.cmd('DELETE', '');
  }
}
