import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locales';
import {
  browser,
  browserAvailable,
  castThroughApi,
  createPoll,
  server,
  useServerAndBrowser,
  voteThroughApi,
} from './support';
import { translator, vocabularyOf, wordsOf } from './vocabulary';

/**
 * Every page in Chromium, in every language, in the light and the dark theme, on a phone (375 px)
 * and a wide screen (1920 px): axe-core finds no serious or critical violation, and the page says
 * nothing that is not in that language's message files (docs/TRANSLATING.md). Each language is
 * seen in both themes and at both widths; English in all four pairs. axe runs inside the page, so
 * the context bypasses the page's CSP to inject it; the pages are served exactly as users get them.
 */

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
type Look = { locale: Locale; colorScheme: 'light' | 'dark'; width: 375 | 1920 };
type Translate = ReturnType<typeof translator>;
type PageToCheck = {
  name: string;
  path: string;
  prepare?: (page: Page, t: Translate) => Promise<void>;
  ownWords?: 'English';
};

const LOOKS: Look[] = [
  { locale: 'en', colorScheme: 'light', width: 375 },
  { locale: 'en', colorScheme: 'dark', width: 1920 },
  { locale: 'en', colorScheme: 'light', width: 1920 },
  { locale: 'en', colorScheme: 'dark', width: 375 },
  { locale: 'de', colorScheme: 'dark', width: 375 },
  { locale: 'de', colorScheme: 'light', width: 1920 },
  { locale: 'es', colorScheme: 'light', width: 375 },
  { locale: 'es', colorScheme: 'dark', width: 1920 },
  { locale: 'fr', colorScheme: 'dark', width: 375 },
  { locale: 'fr', colorScheme: 'light', width: 1920 },
  { locale: 'ar', colorScheme: 'light', width: 375 },
  { locale: 'ar', colorScheme: 'dark', width: 1920 },
];

useServerAndBrowser();

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

/**
 * Every text the page shows or gives assistive technology (text, labels, titles, placeholders, the
 * document's title), but code, key names and whatever is marked translate="no".
 */
function textsOn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const skipped = 'script, style, template, noscript, textarea, code, pre, kbd, samp, [translate="no"]';
    const texts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest(skipped) && node.textContent?.trim()) texts.push(node.textContent.trim());
    }
    for (const element of document.body.querySelectorAll(
      '[aria-label], [title], [placeholder], [alt], [aria-roledescription]',
    )) {
      if (element.closest(skipped)) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription']) {
        const value = element.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

function wholeWords(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{M}])${escaped}(?![\\p{L}\\p{M}])`, 'gu');
}

/** The texts that hold a word outside the language's messages, once poll content, links and numbers are taken out. */
function untranslated(texts: string[], locale: Locale, vocabulary: Set<string>, content: string[]): string[] {
  return texts.filter((text) => {
    let rest = text;
    // Whole words only: "fun", an answer, is not taken out of "gefunden".
    for (const known of content) rest = rest.replace(wholeWords(known), ' ');
    rest = rest
      .split(/\s+/)
      .filter((chunk) => !/\d|\/|#/.test(chunk))
      .join(' ');
    return wordsOf(rest, locale).some((word) => !vocabulary.has(word));
  });
}

describe.skipIf(!browserAvailable)('every page, every language: axe and the message files', () => {
  let pages: PageToCheck[];
  /** Poll content and join codes: shown as typed in every language. */
  const content: string[] = [];
  let yours: { id: string; title: string; admin_token: string; created_at: string };

  beforeAll(async () => {
    const listed = { title: 'Where should the team lunch be?', options: ['Pizza', 'Sushi', 'Salad'] };
    // Listed, so the home page is checked with its lists filled.
    const poll = await createPoll(server.url, {
      ...listed,
      description: 'We go on Friday.',
      category: 'food',
      listed: true,
    });
    await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
    const hidden = await createPoll(server.url, {
      title: 'Which talk was best?',
      options: ['Opening', 'Closing'],
      results_visibility: 'creator',
      max_choices: 2,
    });
    const candidates = Array.from({ length: 50 }, (_, i) => `Candidate ${i + 1}`);
    const ranked = await createPoll(server.url, {
      kind: 'ranked',
      title: 'Who should chair the committee?',
      options: candidates,
    });
    const text = await createPoll(server.url, {
      kind: 'text',
      title: 'One word for this week?',
      max_choices: 2,
      filter_profanity: true,
    });
    for (const answers of [['Busy'], ['calm', 'busy'], ['fun']]) await castThroughApi(server.url, text.id, { answers });
    const created = { title: 'Which room for the demo?', options: ['Blue room', 'Green room'] };
    yours = (await createPoll(server.url, created)) as unknown as typeof yours;
    content.push(
      ...[listed.title, ...listed.options, 'We go on Friday.', 'food', 'Which talk was best?', 'Opening', 'Closing'],
      ...['Who should chair the committee?', ...candidates, 'One word for this week?', 'Busy', 'calm', 'busy', 'fun'],
      ...[created.title, ...created.options],
      ...[poll, hidden, ranked, text].flatMap((p) => (p as { code?: string }).code ?? []),
    );
    pages = [
      { name: 'home', path: '/' },
      { name: 'home with your polls', path: '/', prepare: (page) => page.locator('.your-polls li').first().waitFor() },
      { name: 'new poll', path: '/polls/new' },
      { name: 'new poll as a copy', path: `/polls/new?from=${poll.id}` },
      {
        name: 'poll just created, with its manage link and join code',
        path: `/polls/${hidden.id}#token=${hidden.admin_token}`,
      },
      { name: 'poll with results', path: `/polls/${poll.id}` },
      { name: 'poll with hidden results, several answers', path: `/polls/${hidden.id}` },
      { name: 'manage', path: `/polls/${poll.id}/manage#token=${poll.admin_token}` },
      { name: 'manage with a wrong link', path: `/polls/${poll.id}/manage#token=wrong` },
      { name: 'presenter', path: `/polls/${poll.id}/present` },
      { name: 'presenter with the admin link', path: `/polls/${hidden.id}/present#admin=${hidden.admin_token}` },
      {
        name: 'presenter listing its keys',
        path: `/polls/${poll.id}/present`,
        prepare: (page) => page.keyboard.press('?'),
      },
      {
        name: 'ranked ballot of 50, finding options by typing',
        path: `/polls/${ranked.id}`,
        prepare: async (page) => {
          await page.locator('.ranking-pool button').nth(6).click();
          await page.locator('input[type="search"]').fill('4');
        },
      },
      {
        name: 'poll paused, its results as a table, summaries off',
        path: `/polls/${poll.id}`,
        prepare: async (page) => {
          // Pause, then summaries: the two switches, in every language.
          await page.locator('.live-controls button').first().click();
          await page.locator('.live-controls button').nth(1).click();
          await page.locator('.results-table-details summary').click();
        },
      },
      {
        name: 'presenter paused, its results as a table',
        path: `/polls/${poll.id}/present`,
        prepare: async (page) => {
          await page.keyboard.press('p');
          await page.keyboard.press('t');
        },
      },
      { name: 'embed', path: `/embed/${poll.id}` },
      { name: 'open-text poll, its ballot and word cloud', path: `/polls/${text.id}` },
      { name: 'manage an open-text poll', path: `/polls/${text.id}/manage#token=${text.admin_token}` },
      { name: 'presenter of an open-text poll', path: `/polls/${text.id}/present` },
      { name: 'embed of an open-text poll', path: `/embed/${text.id}` },
      // The reference describes an API that speaks English: only axe judges it.
      { name: 'API reference', path: '/docs/api', ownWords: 'English' },
      { name: '404', path: '/polls/00000000-0000-4000-8000-000000000000' },
    ];
  });

  async function contextFor(look: Look): Promise<BrowserContext> {
    const context = await browser.newContext({
      colorScheme: look.colorScheme,
      viewport: { width: look.width, height: look.width === 375 ? 812 : 1080 },
      bypassCSP: true,
    });
    await context.addCookies([{ name: 'pollcast_lang', value: look.locale, url: server.url }]);
    // This browser created a poll, so the home page lists it under "Your polls".
    const mine = JSON.stringify([
      { id: yours.id, title: yours.title, token: yours.admin_token, createdAt: yours.created_at },
    ]);
    await context.addInitScript((stored) => localStorage.setItem('pollcast:your-polls', stored), mine);
    return context;
  }

  it('the checks see a violation and a word from another language', async () => {
    const context = await contextFor({ locale: 'de', colorScheme: 'light', width: 375 });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForLoadState('load');
      // Planted again until it stays: a render that finishes hydrating may replace <main>'s children.
      const plant = () =>
        page.evaluate(() => {
          const main = document.querySelector('main');
          if (!main || main.querySelector('#planted')) return;
          const p = document.createElement('p');
          p.id = 'planted';
          p.textContent = 'Vote now';
          main.append(document.createElement('img'), p);
        });
      await expect
        .poll(async () => {
          await plant();
          return (await violationsOn(page)).join('\n');
        })
        .toContain('image-alt');
      expect(untranslated(await textsOn(page), 'de', vocabularyOf('de'), content)).toEqual(['Vote now']);
    } finally {
      await context.close();
    }
  });

  it.each(LOOKS)(
    '$locale, $colorScheme, $width px',
    async (look) => {
      const vocabulary = vocabularyOf(look.locale);
      const t = translator(look.locale);
      const context = await contextFor(look);
      try {
        const violations: Record<string, string[]> = {};
        const foreign: Record<string, string[]> = {};
        for (const { name, path, prepare, ownWords } of pages) {
          const page = await context.newPage();
          await page.goto(`${server.url}${path}`);
          // Client components hydrate and the live results arrive before the page is judged.
          await page.waitForLoadState('load');
          await page.waitForTimeout(250);
          await prepare?.(page, t);
          expect(await page.locator('html').getAttribute('lang'), name).toBe(look.locale);
          const found = await violationsOn(page);
          if (found.length > 0) violations[name] = found;
          const words = ownWords ? [] : untranslated(await textsOn(page), look.locale, vocabulary, content);
          if (words.length > 0) foreign[name] = words;
          await page.close();
        }
        expect(violations).toEqual({});
        expect(foreign).toEqual({});
      } finally {
        await context.close();
      }
    },
    180_000,
  );
});
