import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  createPoll,
  nextVoterIp,
  server,
  useServerAndBrowser,
  voteThroughApi,
} from './support';

/**
 * Every page through axe-core in Chromium, in the light and the dark theme: no serious or critical
 * violation. axe runs inside the page, so this context bypasses the page's CSP to inject it; the
 * pages themselves are served exactly as users get them.
 */

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

useServerAndBrowser();

async function createTextPoll(body: Record<string, unknown>): Promise<{ id: string; admin_token: string }> {
  const response = await fetch(`${server.url}/api/polls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'text', ...body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; admin_token: string };
}

async function answerThroughApi(pollId: string, answers: string[]) {
  const response = await fetch(`${server.url}/api/polls/${pollId}/vote`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': nextVoterIp() },
    body: JSON.stringify({ answers }),
  });
  expect(response.status).toBe(200);
}

async function violationsOn(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

describe.skipIf(!browserAvailable)('accessibility (axe-core)', () => {
  it.each(['light', 'dark'] as const)(
    'every page passes in the %s theme',
    async (colorScheme) => {
      const poll = await createPoll(server.url, {
        title: 'Where should the team lunch be?',
        options: ['Pizza', 'Sushi', 'Salad'],
        description: 'We go on Friday.',
        category: 'food',
        // Listed, so the home page is checked with its lists filled.
        listed: true,
      });
      await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
      const hidden = await createPoll(server.url, {
        title: 'Which talk was best?',
        options: ['Opening', 'Closing'],
        results_visibility: 'creator',
        max_choices: 2,
      });
      const ranked = await createPoll(server.url, {
        kind: 'ranked',
        title: 'Who should chair the committee?',
        options: Array.from({ length: 50 }, (_, i) => `Candidate ${i + 1}`),
      });
      const text = await createTextPoll({ title: 'One word for this week?', max_choices: 2, filter_profanity: true });
      for (const answers of [['Busy'], ['calm', 'busy'], ['fun']]) await answerThroughApi(text.id, answers);
      const pages: [string, string, ((page: Page) => Promise<void>)?][] = [
        ['home', '/'],
        ['home with your polls', '/', (page) => page.getByRole('heading', { name: 'Your polls' }).waitFor()],
        ['new poll', '/polls/new'],
        ['new poll as a copy', `/polls/new?from=${poll.id}`],
        ['poll just created, with its manage link and join code', `/polls/${hidden.id}#token=${hidden.admin_token}`],
        ['poll with results', `/polls/${poll.id}`],
        ['poll with hidden results, several answers', `/polls/${hidden.id}`],
        ['manage', `/polls/${poll.id}/manage#token=${poll.admin_token}`],
        ['manage with a wrong link', `/polls/${poll.id}/manage#token=wrong`],
        ['presenter', `/polls/${poll.id}/present`],
        ['presenter with the admin link', `/polls/${hidden.id}/present#admin=${hidden.admin_token}`],
        ['presenter listing its keys', `/polls/${poll.id}/present`, (page) => page.keyboard.press('?')],
        [
          'ranked ballot of 50, finding options by typing',
          `/polls/${ranked.id}`,
          async (page) => {
            await page.getByRole('button', { name: 'Add Candidate 7' }).click();
            await page.getByLabel('Find an option').fill('4');
          },
        ],
        ['embed', `/embed/${poll.id}`],
        ['open-text poll, its ballot and word cloud', `/polls/${text.id}`],
        ['manage an open-text poll', `/polls/${text.id}/manage#token=${text.admin_token}`],
        ['presenter of an open-text poll', `/polls/${text.id}/present`],
        ['embed of an open-text poll', `/embed/${text.id}`],
        ['API reference', '/docs/api'],
        ['404', '/polls/00000000-0000-4000-8000-000000000000'],
      ];
      const context = await browser.newContext({ colorScheme, bypassCSP: true });
      try {
        // The check itself must see a violation when there is one: an image without a text alternative.
        const probe = await context.newPage();
        await probe.goto(`${server.url}/`);
        await probe.waitForLoadState('load');
        await probe.waitForTimeout(500);
        await probe.evaluate(() => document.querySelector('main')?.append(document.createElement('img')));
        expect((await violationsOn(probe)).join('\n')).toContain('image-alt');
        await probe.close();

        // This browser created a poll, so the home page lists it under "Your polls".
        const creating = await context.newPage();
        await creating.goto(`${server.url}/polls/new`);
        await creating.getByLabel('Question').fill('Which room for the demo?');
        await creating.getByLabel('Answer 1', { exact: true }).fill('Blue room');
        await creating.getByLabel('Answer 2', { exact: true }).fill('Green room');
        await creating.getByRole('button', { name: 'Create poll' }).click();
        await creating.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
        await creating.close();

        const found: Record<string, string[]> = {};
        for (const [name, path, prepare] of pages) {
          const page = await context.newPage();
          await page.goto(`${server.url}${path}`);
          // Client components hydrate and the live results arrive before the page is judged.
          await page.waitForLoadState('load');
          await page.waitForTimeout(500);
          await prepare?.(page);
          const violations = await violationsOn(page);
          if (violations.length > 0) found[name] = violations;
          await page.close();
        }
        expect(found).toEqual({});
      } finally {
        await context.close();
      }
    },
    120_000,
  );
});
