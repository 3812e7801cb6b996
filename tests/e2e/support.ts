import fs from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

export { ROOT, type PollcastProcess } from '../support/pollcast-process';

/** Starts the real pollcast process (server.ts on the .next build) and Chromium for the browser tests. */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The real process in embedded mode; the browser tests speak as many voters, so X-Forwarded-For from loopback is trusted. */
export function startPollcast(env: Record<string, string> = {}): Promise<PollcastProcess> {
  return startPollcastProcess({ env: { TRUST_PROXY: '127.0.0.1', ...env } });
}

/**
 * The test file's pollcast process and Chromium, set by useServerAndBrowser before the file's
 * first test. Imported bindings follow the assignment, so a test file reads them as its own.
 */
export let server: PollcastProcess;
export let browser: Browser;

/** One pollcast process and one Chromium for a test file: started before its first test, stopped after its last. */
export function useServerAndBrowser(): void {
  beforeAll(async () => {
    server = await startPollcast();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

let voterCounter = 0;
/** A distinct voter address; the server trusts X-Forwarded-For from loopback (TRUST_PROXY). */
export function nextVoterIp(): string {
  voterCounter++;
  return `10.9.${(process.pid + voterCounter) % 250}.${voterCounter % 250}`;
}

/**
 * A browser profile that votes as its own address (or as `ip`, to put several browsers behind one
 * address); fetch and EventSource requests carry it too.
 */
export function voterContext(
  browser: Browser,
  options: BrowserContextOptions = {},
  ip = nextVoterIp(),
): Promise<BrowserContext & { ip: string }> {
  return browser
    .newContext({ ...options, extraHTTPHeaders: { 'x-forwarded-for': ip } })
    .then((context) => Object.assign(context, { ip }));
}

/** Console errors and uncaught exceptions seen on a page, such as CSP refusals or hydration failures. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Chromium's console line for a failed load names no address; this one does, so a failure says what was missing.
  page.on('response', (response) => {
    if (response.status() === 404 && response.request().resourceType() !== 'document') {
      errors.push(`404 for ${new URL(response.url()).pathname}`);
    }
  });
  return errors;
}

export type CreatedPoll = {
  id: string;
  code: string;
  admin_token: string;
  options: { id: string; option_text: string }[];
};

/** POSTs JSON to the API as one voter address (the test server trusts X-Forwarded-For from loopback). */
function postAs(ip: string, url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(body),
  });
}

/** Creates a poll through the API, as a given voter address; an open-text poll has no options. */
export async function createPoll(
  baseUrl: string,
  body: {
    kind?: 'choice' | 'ranked' | 'text';
    title: string;
    options?: string[];
    category?: string;
    description?: string;
    expires_at?: string;
    voter_identity?: 'address' | 'browser';
    max_choices?: number;
    results_visibility?: 'always' | 'after_vote' | 'after_close' | 'creator';
    listed?: boolean;
    filter_profanity?: boolean;
  },
  ip = nextVoterIp(),
): Promise<CreatedPoll> {
  const response = await postAs(ip, `${baseUrl}/api/polls`, body);
  if (response.status !== 201) throw new Error(`creating a poll failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedPoll;
}

export type CreatedEvent = {
  event: { id: string; code: string };
  questions: { id: string; options: { id: string; option_text: string }[] }[];
  admin_token: string;
};

/** Creates an event through the API, as a given voter address; each question is a poll's create body. */
export async function createEvent(
  baseUrl: string,
  body: { title: string; questions: Record<string, unknown>[] },
  ip = nextVoterIp(),
): Promise<CreatedEvent> {
  const response = await postAs(ip, `${baseUrl}/api/events`, body);
  if (response.status !== 201)
    throw new Error(`creating the event failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedEvent;
}

/** Moves an event's audience as its presenter would (a question's index, or null to wait); the answer's status. */
export async function moveEvent(baseUrl: string, eventId: string, token: string, current: number | null) {
  const response = await fetch(`${baseUrl}/api/events/${eventId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ current }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Casts a ballot of any kind through the API, as a given voter address. */
export async function castThroughApi(
  baseUrl: string,
  pollId: string,
  ballot: { option_id: string } | { ranking: string[] } | { answers: string[] },
  ip = nextVoterIp(),
) {
  const response = await postAs(ip, `${baseUrl}/api/polls/${pollId}/vote`, ballot);
  if (!response.ok) throw new Error(`voting failed: ${response.status} ${await response.text()}`);
}

export const voteThroughApi = (baseUrl: string, pollId: string, optionId: string, ip = nextVoterIp()) =>
  castThroughApi(baseUrl, pollId, { option_id: optionId }, ip);

export const browserAvailable = fs.existsSync(CHROMIUM_PATH);
