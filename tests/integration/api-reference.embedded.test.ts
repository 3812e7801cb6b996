import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/api/openapi';
import { startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * /docs/api as `npm start` serves it: rendered from the document GET /api/openapi.json serves,
 * under the page CSP, readable without JavaScript and loading nothing from another origin.
 */

let pollcast: PollcastProcess;
beforeAll(async () => {
  pollcast = await startPollcastProcess();
});
afterAll(async () => {
  await pollcast?.stop();
});

const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('the API reference page', () => {
  it('shows every operation of the served document, with its statuses and schemas', async () => {
    const document = (await (await fetch(`${pollcast.url}/api/openapi.json`)).json()) as OpenApiDocument;
    const response = await fetch(`${pollcast.url}/docs/api`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    // Server-rendered: everything is in the HTML itself, so it reads the same with JavaScript off.
    const text = decode(html.replace(/<[^>]+>/g, ''));
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(html, operation.operationId).toContain(`id="op-${operation.operationId}"`);
        expect(text).toContain(`${method.toUpperCase()} ${path}`);
        expect(text).toContain(operation.summary);
        const start = html.indexOf(`id="op-${operation.operationId}"`);
        const end = html.indexOf('<section', start + 1);
        const section = html.slice(start, end === -1 ? undefined : end);
        for (const status of Object.keys(operation.responses)) expect(section).toContain(`>${status}</span>`);
      }
    }
    for (const name of Object.keys(document.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    // Every link to a schema lands on one.
    for (const [, target] of html.matchAll(/href="#(schema-[^"]+)"/g)) expect(html).toContain(`id="${target}"`);
  });

  it('loads scripts and styles from its own origin only, under the page CSP', async () => {
    const response = await fetch(`${pollcast.url}/docs/api`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(policy).toMatch(/style-src 'self' 'nonce-[^']+'/);
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    const loads = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map(
      (match) => match[1]!,
    );
    expect(loads.length).toBeGreaterThan(0);
    for (const url of loads) expect(new URL(url, pollcast.url).origin, url).toBe(pollcast.url);
    // Inline scripts carry the nonce; no style attribute or inline <style> needs 'unsafe-inline'.
    // The page's words are a data block (decision 0020): never run, so the policy has no say.
    const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>/g)].map(([tag]) => tag);
    const data = inline.filter((tag) => /\btype="application\/json"/.test(tag));
    expect(data.length).toBeGreaterThan(0);
    for (const tag of data) expect(tag).toMatch(/^<script type="application\/json" id="words:[^"]+">$/);
    for (const tag of inline.filter((tag) => !data.includes(tag))) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<style\b(?![^>]*nonce=)/);
  });
});
