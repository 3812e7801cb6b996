import fs from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  createPoll,
  server,
  useServerAndBrowser,
  voteThroughApi,
  voterContext,
} from './support';

/** The creator's download buttons on the manage page, in a real browser against the real build. */

useServerAndBrowser();

/**
 * Console errors and uncaught exceptions, but the browser's own request for /favicon.ico (pollcast
 * has none), which headless Chromium makes on its own schedule after a page loads.
 */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const exportSection = (page: Page) =>
  page.locator('section', { has: page.getByRole('heading', { name: 'Show and download' }) });

async function downloadWith(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([
    page.waitForEvent('download'),
    exportSection(page).getByRole('button', { name: button }).click(),
  ])) as [Download, unknown];
  return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
}

describe.skipIf(!browserAvailable)('downloading a poll’s results', () => {
  it('saves the CSV and the JSON the creator asks for', async () => {
    const poll = await createPoll(server.url, {
      title: 'Team lunch',
      options: ['=1+1', 'Sushi, fresh', 'Crème brûlée'],
    });
    await voteThroughApi(server.url, poll.id, poll.options[1]!.id);
    await voteThroughApi(server.url, poll.id, poll.options[2]!.id);
    const code = ((await (await fetch(`${server.url}/api/polls/${poll.id}`)).json()) as { poll: { code: string } }).poll
      .code;
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);

      const csv = await downloadWith(page, 'Download CSV');
      expect(csv.name).toBe(`poll-${code}.csv`);
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe('voted_at (UTC),\'=1+1,"Sushi, fresh",Crème brûlée');
      expect(lines.slice(1).map((line) => line.slice(24))).toEqual(['0,1,0', '0,0,1', '']);
      await expect.poll(() => exportSection(page).getByText(`Downloaded poll-${code}.csv.`).count()).toBe(1);

      const json = await downloadWith(page, 'Download JSON');
      expect(json.name).toBe(`poll-${code}.json`);
      const document = JSON.parse(json.bytes.toString('utf8')) as { ballots: { options: string[] }[] };
      expect(document.ballots.map((ballot) => ballot.options)).toEqual([['Sushi, fresh'], ['Crème brûlée']]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says why when the download is refused, and saves nothing', async () => {
    const poll = await createPoll(server.url, { title: 'Team lunch', options: ['Pizza', 'Sushi'] });
    const context = await voterContext(browser);
    const page = await context.newPage();
    let downloads = 0;
    page.on('download', () => downloads++);
    try {
      // The manage page shows its controls only for the right link; the poll goes away after that.
      await page.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
      await exportSection(page).getByRole('button', { name: 'Download CSV' }).waitFor();
      const deleted = await fetch(`${server.url}/api/polls/${poll.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${poll.admin_token}` },
      });
      expect(deleted.status).toBe(204);
      await exportSection(page).getByRole('button', { name: 'Download CSV' }).click();
      await expect.poll(() => exportSection(page).getByText('This poll no longer exists.').count()).toBe(1);
      expect(await exportSection(page).getByRole('button', { name: 'Download CSV' }).isEnabled()).toBe(true);
      expect(downloads).toBe(0);
    } finally {
      await context.close();
    }
  });
});
