/** @jest-environment jsdom */
// The add-in manifest, checked offline: well-formed, the elements Office requires in order, every reference resolves.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const manifestPath = path.join(root, 'manifest.xml');
const xml = readFileSync(manifestPath, 'utf8');
const doc = new DOMParser().parseFromString(xml, 'application/xml');
const TYPES_NS = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

const children = (el: Element) => Array.from(el.children);
const all = (name: string) => Array.from(doc.getElementsByTagName(name));
const one = (name: string) => {
  const found = all(name);
  expect(found.length).toBeGreaterThan(0);
  return found[0]!;
};

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** https://localhost:3000/assets/icon-32.png -> the file the build serves at that path. */
function sourceFileFor(url: string): string {
  const p = new URL(url).pathname.replace(/^\//, '');
  if (p === 'taskpane.html' || p === 'support.html') return path.join(root, 'src/taskpane', p);
  if (p === 'commands.html') return path.join(root, 'src/commands/commands.html');
  return path.join(root, p);
}

describe('manifest.xml', () => {
  test('is well-formed XML (DOM parser and xmllint)', () => {
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const lint = spawnSync('xmllint', ['--noout', manifestPath], { encoding: 'utf8' });
    if (lint.error === undefined) expect(lint.status).toBe(0);
  });

  test('has the task pane elements Office requires, in schema order', () => {
    const app = doc.documentElement;
    expect(app.localName).toBe('OfficeApp');
    expect(app.getAttributeNS(XSI, 'type')).toBe('TaskPaneApp');
    const order = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];
    expect(children(app).map((e) => e.localName)).toEqual(order);
    expect(one('Id').textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(one('Version').textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(children(one('Hosts')).map((h) => h.getAttribute('Name'))).toEqual(['Workbook']);
    expect(one('Permissions').textContent).toBe('ReadWriteDocument');
    expect(one('Set').getAttribute('Name')).toBe('ExcelApi');
  });

  test('declares what reading needs (ExcelApi 1.4), and the pane checks the same set at run time', () => {
    expect(one('Set').getAttribute('MinVersion')).toBe('1.4');
    expect(one('Sets').getAttribute('DefaultMinVersion')).toBe('1.4');
    expect(readFileSync(path.join(root, 'src/adapters/office/excel-run.ts'), 'utf8')).toMatch(/read: '1\.4'/);
  });

  test('support and publisher: SupportUrl is a help page, not the pane; ProviderName is not the product; no AppDomain for our own origin', () => {
    const support = one('SupportUrl').getAttribute('DefaultValue')!;
    expect(support).not.toBe(one('SourceLocation').getAttribute('DefaultValue'));
    expect(readFileSync(sourceFileFor(support), 'utf8')).toMatch(/help and support/i);
    expect(one('ProviderName').textContent).not.toBe(one('DisplayName').getAttribute('DefaultValue'));
    const origin = new URL(one('SourceLocation').getAttribute('DefaultValue')!).origin;
    expect(all('AppDomain').map((d) => d.textContent)).not.toContain(origin);
  });

  test('puts a button on the Home tab that opens the task pane', () => {
    expect(one('OfficeTab').getAttribute('id')).toBe('TabHome');
    const control = one('Control');
    expect(control.getAttributeNS(XSI, 'type')).toBe('Button');
    const action = control.getElementsByTagName('Action')[0]!;
    expect(action.getAttributeNS(XSI, 'type')).toBe('ShowTaskpane');
    const resid = action.getElementsByTagName('SourceLocation')[0]!.getAttribute('resid');
    const url = Array.from(doc.getElementsByTagNameNS(TYPES_NS, 'Url')).find((u) => u.getAttribute('id') === resid);
    expect(url?.getAttribute('DefaultValue')).toBe(one('SourceLocation').getAttribute('DefaultValue'));
  });

  test('every resid is defined once, and the ribbon icons come in every size Office asks for', () => {
    const defined = new Map<string, number>();
    for (const el of Array.from(doc.getElementsByTagNameNS(TYPES_NS, '*'))) {
      const id = el.getAttribute('id');
      if (id && el.parentElement?.namespaceURI === TYPES_NS) defined.set(id, (defined.get(id) ?? 0) + 1);
    }
    const used = Array.from(doc.querySelectorAll('[resid]')).map((e) => e.getAttribute('resid')!);
    expect(used.length).toBeGreaterThan(5);
    for (const r of used) expect([r, defined.get(r)]).toEqual([r, 1]);
    const sizes = Array.from(doc.querySelectorAll('Icon > *')).map((e) => e.getAttribute('size'));
    expect(new Set(sizes)).toEqual(new Set(['16', '20', '24', '32', '40', '48', '64', '80']));
  });

  test('every URL is on the add-in origin and names a file the build serves, icons at their stated size', () => {
    const urls = new Set<string>();
    for (const el of Array.from(doc.getElementsByTagName('*'))) {
      const v = el.getAttribute('DefaultValue');
      if (v && /^https?:/.test(v)) urls.add(v);
    }
    expect(urls.size).toBeGreaterThanOrEqual(6);
    for (const u of urls) {
      expect(new URL(u).origin).toBe('https://localhost:3000');
      const file = sourceFileFor(u);
      expect([u, existsSync(file)]).toEqual([u, true]);
    }
    for (const el of Array.from(doc.getElementsByTagNameNS(TYPES_NS, 'Image')).filter((e) => e.getAttribute('DefaultValue'))) {
      const size = Number(/(\d+)x\d+/.exec(el.getAttribute('id')!)![1]);
      expect(pngSize(sourceFileFor(el.getAttribute('DefaultValue')!))).toEqual({ width: size, height: size });
    }
    expect(pngSize(sourceFileFor(one('HighResolutionIconUrl').getAttribute('DefaultValue')!))).toEqual({ width: 64, height: 64 });
  });

  test('office-addin-manifest reads it (and rejects a broken copy)', () => {
    const bin = path.join(root, 'node_modules/.bin/office-addin-manifest');
    const out = execFileSync(bin, ['info', manifestPath], { encoding: 'utf8' });
    expect(out).toMatch(/Hosts: Workbook/);
    expect(out).toMatch(/Permissions: ReadWriteDocument/);
    const broken = path.join(mkdtempSync(path.join(tmpdir(), 'manifest-')), 'manifest.xml');
    writeFileSync(broken, xml.replace('</Hosts>', ''));
    expect(spawnSync(bin, ['info', broken]).status).not.toBe(0);
  });
});
