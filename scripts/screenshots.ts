import fs from 'node:fs';
import path from 'node:path';
import { createPoll, launchChromium, ROOT, startPollcast, voteThroughApi, voterContext } from '../tests/e2e/support';

/**
 * Screenshots of the main pages for the README (docs/screenshots/*.png), taken from a real
 * server with a few polls and votes. Run after `npx next build`: `npx tsx scripts/screenshots.ts`.
 */

const OUT = path.join(ROOT, 'docs/screenshots');

async function main(): Promise<void> {
  const server = await startPollcast();
  const browser = await launchChromium();
  try {
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000 + 3 * 3_600_000).toISOString();
    const offsite = await createPoll(server.url, {
      title: 'Where should the team offsite be this spring?',
      description: 'Two days, mid-April. Pick the place you would most like to go.',
      options: ['Lisbon', 'Kraków', 'The Lake District', 'Somewhere with no Wi-Fi'],
      category: 'Team',
      expires_at: inTwoDays,
      listed: true,
    });
    const seeds: [string, string[], string, number][] = [
      ['Tabs or spaces?', ['Tabs', 'Spaces'], 'Code', 5],
      ['Best pizza topping?', ['Mushroom', 'Basil', 'Olive'], 'Food', 3],
      ['Friday demo at 4 pm?', ['Yes', 'No', 'Later'], 'Team', 0],
      ['Which logo do you prefer?', ['Round', 'Square'], 'Design', 0],
    ];
    for (const [title, options, category, votes] of seeds) {
      const poll = await createPoll(server.url, { title, options, category, listed: true });
      for (let i = 0; i < votes; i++) await voteThroughApi(server.url, poll.id, poll.options[i % 2]!.id);
    }
    const tally = [7, 4, 9, 2];
    for (const [index, count] of tally.entries()) {
      for (let i = 0; i < count; i++) await voteThroughApi(server.url, offsite.id, offsite.options[index]!.id);
    }

    fs.mkdirSync(OUT, { recursive: true });
    const desktop = await voterContext(browser, { viewport: { width: 1024, height: 800 } });
    const page = await desktop.newPage();
    await page.goto(server.url);
    await page.screenshot({ path: path.join(OUT, 'home.png'), fullPage: true });

    await page.goto(`${server.url}/polls/new`);
    await page.getByLabel('Question').fill('What should we call the new meeting room?');
    await page.getByLabel('Answer 1', { exact: true }).fill('The Nook');
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.locator('[id="options.1-error"]').waitFor();
    await page.screenshot({ path: path.join(OUT, 'new-poll.png'), fullPage: true });

    await page.goto(`${server.url}/polls/${offsite.id}`);
    await page.getByLabel('The Lake District').check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await page.getByText('Your vote for “The Lake District” was counted.').waitFor();
    await page.getByText('Live: results update as votes come in').waitFor();
    await page.screenshot({ path: path.join(OUT, 'poll-results.png'), fullPage: true });
    // The same page in German and in Arabic (right to left), as docs/TRANSLATING.md shows them.
    for (const language of ['de', 'ar']) {
      await page.goto(`${server.url}/polls/${offsite.id}?lang=${language}`);
      await page.locator(`html[lang="${language}"]`).waitFor();
      // The live results arrive over the page's stream once it has hydrated.
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: path.join(OUT, `poll-results-${language}.png`), fullPage: true });
    }

    await page.goto(`${server.url}/polls/${offsite.id}/manage#token=${offsite.admin_token}`);
    await page.getByRole('button', { name: 'Close voting' }).waitFor();
    await page.screenshot({ path: path.join(OUT, 'manage.png'), fullPage: true });

    // The presenter screen as a projector shows it, with a second screen watching; and the embed.
    const projector = await voterContext(browser, { viewport: { width: 1280, height: 720 } });
    const presenter = await projector.newPage();
    await presenter.goto(`${server.url}/polls/${offsite.id}/present`);
    await presenter.getByText(/watching now/i).waitFor();
    await presenter.waitForTimeout(700);
    await presenter.screenshot({ path: path.join(OUT, 'presenter.png') });

    const framed = await voterContext(browser, { viewport: { width: 440, height: 560 } });
    const embed = await framed.newPage();
    await embed.goto(`${server.url}/embed/${offsite.id}`);
    await embed.getByRole('button', { name: 'Vote' }).waitFor();
    await embed.screenshot({ path: path.join(OUT, 'embed.png') });

    const phone = await voterContext(browser, {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      colorScheme: 'dark',
    });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${server.url}/polls/${offsite.id}`);
    await phonePage.getByRole('button', { name: 'Vote' }).waitFor();
    await phonePage.screenshot({ path: path.join(OUT, 'phone.png') });
    console.log(`screenshots written to ${path.relative(process.cwd(), OUT)}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
