// The ES5 check that runs before the bundle: a plain message where Office shows add-ins in IE11 or Edge Legacy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder: globalThis.TextEncoder ?? TextEncoder, TextDecoder: globalThis.TextDecoder ?? TextDecoder });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { JSDOM } = require('jsdom') as { JSDOM: new (html: string, o: object) => { window: any } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const acorn = require('acorn') as { parse: (src: string, o: object) => unknown };

const root = path.resolve(__dirname, '../..');
const script = fs.readFileSync(path.join(root, 'src/taskpane/browser-check.js'), 'utf8');
const html = fs.readFileSync(path.join(root, 'src/taskpane/taskpane.html'), 'utf8');

function pageWith(userAgent: string, tweak: (w: any) => void = () => undefined) {
  const dom = new JSDOM('<!doctype html><body><div id="root"><p>Loading Milestone Register…</p></div></body>', { runScripts: 'outside-only' });
  const w = dom.window;
  Object.defineProperty(w.navigator, 'userAgent', { value: userAgent, configurable: true });
  // jsdom lacks fetch; a modern webview has it.
  w.fetch = () => undefined;
  tweak(w);
  w.eval(script);
  return w;
}

const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
const EDGE_LEGACY = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041';
const WEBVIEW2 = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';

describe('the browser check before the pane', () => {
  test('is ES5: IE11 can parse it', () => {
    expect(() => acorn.parse(script, { ecmaVersion: 5 })).not.toThrow();
  });

  test.each([
    ['Internet Explorer 11', IE11],
    ['Edge Legacy', EDGE_LEGACY],
  ])('%s: a plain message says the add-in cannot run here and what to do; the pane is not started', (_name, ua) => {
    const w = pageWith(ua);
    const text = w.document.getElementById('root').textContent;
    expect(text).toMatch(/cannot run in this version of Office/);
    expect(text).toMatch(/Excel on the web/);
    expect(text).not.toMatch(/Loading/);
    expect(w.document.querySelector('[role="alert"]')).not.toBeNull();
    expect(w.milestoneRegisterUnsupported).toBe(true);
  });

  test('a browser without what the pane needs (no Promise) gets the message too', () => {
    const w = pageWith(WEBVIEW2, (x) => {
      x.Promise = undefined;
    });
    expect(w.document.getElementById('root').textContent).toMatch(/cannot run/);
  });

  test('a webview too old for the ES2022 bundle (Safari 13 on an old Mac: no Array.prototype.at) gets the message', () => {
    const w = pageWith('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko)', (x) => {
      delete x.Array.prototype.at;
      delete x.Object.hasOwn;
    });
    expect(w.document.getElementById('root').textContent).toMatch(/cannot run/);
    expect(w.milestoneRegisterUnsupported).toBe(true);
  });

  test('WebView2 (Microsoft 365 on Windows): nothing changes, the pane loads', () => {
    const w = pageWith(WEBVIEW2);
    expect(w.document.getElementById('root').textContent).toBe('Loading Milestone Register…');
    expect(w.milestoneRegisterUnsupported).toBeUndefined();
  });

  test('the page runs it after the root element and before the deferred bundle', () => {
    const rootAt = html.indexOf('id="root"');
    const checkAt = html.indexOf('<script src="browser-check.js"></script>');
    expect(rootAt).toBeGreaterThan(0);
    expect(checkAt).toBeGreaterThan(rootAt);
  });
});
