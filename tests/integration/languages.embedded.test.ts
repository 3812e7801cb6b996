import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextVoterIp } from '../support/harness';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { apiOf } from './hostile-clients';

/**
 * The language of pages (docs/TRANSLATING.md) as a browser meets it: the switcher's form
 * (`POST /language`), the pages our server answers itself before Next, and the home page and its
 * neighbours, each in the language `?lang`, the cookie or Accept-Language asked for.
 */

/** RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE for this suite's server. */
const CODE_LOOKUPS = 2;
const FORM = 'application/x-www-form-urlencoded';

/** The text a reader sees, tags dropped and the few entities React writes decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('languages', () => {
  let server: PollcastProcess;

  beforeAll(async () => {
    server = await startPollcastProcess({
      env: { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE: String(CODE_LOOKUPS) },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const page = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(server.url, 'GET', path, { headers: { 'x-forwarded-for': nextVoterIp(), ...headers } });

  describe('the language switch', () => {
    const switchTo = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      rawRequest(server.url, 'POST', '/language', {
        body: new URLSearchParams(fields).toString(),
        headers: { 'content-type': FORM, origin: server.url, ...headers },
      });

    it('remembers the language for a year and goes back to the page it came from', async () => {
      const reply = await switchTo({ lang: 'de', back: '/?category=food' });
      expect(reply.status).toBe(303);
      expect(reply.headers.location).toBe('/?category=food');
      // Plain http here: no Secure attribute, which the browser would refuse to store.
      expect(reply.headers['set-cookie']).toBe('pollcast_lang=de; Path=/; Max-Age=31536000; SameSite=Lax');

      const home = String((await page('/', { cookie: 'pollcast_lang=de', 'accept-language': 'fr' })).body);
      expect(home).toMatch(/<html lang="de" dir="ltr"/);
      expect(textOf(home)).toContain('Umfragen, live');
    });

    it('sends a back address that leaves the site to the home page instead', async () => {
      for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '']) {
        const reply = await switchTo({ lang: 'fr', back });
        expect([reply.status, reply.headers.location], back).toEqual([303, '/']);
      }
      expect((await switchTo({ lang: 'fr' })).headers.location).toBe('/');
    });

    it('keeps the current language when asked for one it does not have', async () => {
      for (const lang of ['xx', 'de; Domain=evil.example', '']) {
        const reply = await switchTo({ lang, back: '/docs/api' });
        expect([reply.status, reply.headers.location], lang).toEqual([303, '/docs/api']);
        expect(reply.headers['set-cookie'], lang).toBeUndefined();
      }
    });

    it('refuses the switch when another site sends the form', async () => {
      const reply = await switchTo({ lang: 'ar', back: '/' }, { origin: 'http://evil.example' });
      expect(reply.status).toBe(403);
      expect(reply.headers['set-cookie']).toBeUndefined();
      expect(String(reply.body)).toContain('This form came from another site');
    });
  });

  describe('pages our server answers itself', () => {
    const crossSiteForm = (headers: Record<string, string>) =>
      rawRequest(server.url, 'POST', '/', {
        body: 'lang=de',
        headers: { 'content-type': FORM, origin: 'http://evil.example', ...headers },
      });

    it('refuse a form from another site in the visitor’s language', async () => {
      const german = String((await crossSiteForm({ 'accept-language': 'de-AT, en;q=0.5' })).body);
      expect(german).toMatch(/<html lang="de" dir="ltr">/);
      expect(german).toContain('<title>Dieses Formular kam von einer anderen Website · pollcast</title>');
      expect(german).toContain('>Offene Umfragen ansehen</a>');

      const arabic = String((await crossSiteForm({ 'accept-language': 'ar' })).body);
      expect(arabic).toMatch(/<html lang="ar" dir="rtl">/);
      expect(arabic).toContain('<h1>جاء هذا النموذج من موقع آخر</h1>');

      const chosen = String((await crossSiteForm({ cookie: 'pollcast_lang=fr', 'accept-language': 'de' })).body);
      expect(chosen).toMatch(/<html lang="fr" dir="ltr">/);
      expect(chosen).toContain('Ce formulaire vient d’un autre site');

      const unknown = String((await crossSiteForm({ 'accept-language': 'ja' })).body);
      expect(unknown).toMatch(/<html lang="en" dir="ltr">/);
    });

    it('refuse too many wrong join codes in the visitor’s language, the wait in its words', async () => {
      const guesser = nextVoterIp();
      const guess = (i: number, headers: Record<string, string> = {}) =>
        rawRequest(server.url, 'GET', `/j/3333${'23456789'[i]}${'23456789'[i]}`, {
          headers: { 'x-forwarded-for': guesser, ...headers },
        });
      for (let i = 0; i < CODE_LOOKUPS; i++) expect((await guess(i)).status).toBe(404);
      const refused = await guess(CODE_LOOKUPS, { 'accept-language': 'de' });
      expect(refused.status).toBe(429);
      const seconds = Number(refused.headers['retry-after']);
      const html = String(refused.body);
      expect(html).toMatch(/<html lang="de" dir="ltr">/);
      expect(html).toContain('<h1>Zu viele falsche Codes</h1>');
      expect(html).toContain(`Warten Sie ${seconds} ${seconds === 1 ? 'Sekunde' : 'Sekunden'}`);

      const arabic = String((await guess(CODE_LOOKUPS, { 'accept-language': 'ar-EG' })).body);
      expect(arabic).toMatch(/<html lang="ar" dir="rtl">/);
      expect(arabic).toContain('رموز خاطئة كثيرة');
    });
  });

  describe('the home page and its neighbours', () => {
    it('speak German, with the poll cards’ counts and end times in German', async () => {
      const title = `Mittagessen ${Date.now()}`;
      const expiresAt = new Date(Date.now() + 3 * 3_600_000 + 600_000).toISOString();
      await apiOf(server).create({ title, listed: true, expires_at: expiresAt });
      const reply = await page('/?lang=de');
      expect(reply.status).toBe(200);
      const html = String(reply.body);
      expect(html).toMatch(/<html lang="de" dir="ltr"/);
      const text = textOf(html);
      for (const words of ['Umfragen, live', 'Mit Code teilnehmen', 'Neueste offene Umfragen', 'Filtern', title]) {
        expect(text).toContain(words);
      }
      expect(text).toContain('0 Stimmen · Endet in 3 Stunden');
      expect(text).not.toContain('Newest open polls');
    });

    it('run right to left in Arabic', async () => {
      const html = String((await page('/', { 'accept-language': 'ar' })).body);
      expect(html).toMatch(/<html lang="ar" dir="rtl"/);
      expect(textOf(html)).toContain('أحدث الاستطلاعات المفتوحة');
    });

    it('say a poll was not found in the visitor’s language', async () => {
      // Next answers with a bare shell the browser renders; the not-found page, a client component,
      // reads the words the shell names (tests/e2e/access.test.ts reads it in Chromium).
      const missing = await page('/polls/no-such-poll?lang=fr');
      expect(missing.status).toBe(404);
      expect(String(missing.body)).toContain('fr.common.EventLinks..');
      const words = (await page('/words/fr.common.EventLinks..')).body as { NotFound: { title: string } };
      expect(words.NotFound.title).toBe('Nous n’avons pas trouvé ce sondage');
    });

    it('keep the API reference’s own words translated and the API’s in English', async () => {
      const text = textOf(String((await page('/docs/api?lang=de')).body));
      expect(text).toContain('API-Referenz');
      expect(text).toContain('Die API selbst spricht Englisch');
      expect(text).toContain('Antworten');
      expect(text).toContain('Create a poll');
    });
  });

  describe('the words a page’s scripts read', () => {
    /** Not shown on the page: what the vote form says when pollcast cannot be reached. */
    const UNREACHABLE = 'pollcast ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.';
    const blocksOf = (html: string) =>
      new Map(
        [...html.matchAll(/<script type="application\/json" id="words:([^"]+)">([^<]*)<\/script>/g)].map(
          ([, id, text]) => [id!, text!],
        ),
      );
    const payloadOf = (html: string) =>
      [...html.matchAll(/<script[^>]*>(self\.__next_f\.push[^<]*)<\/script>/g)].map(([, script]) => script).join('');

    it('come once in the HTML, as data, and not again in the RSC payload inside it', async () => {
      const poll = await apiOf(server).create({ title: `Kaffee ${Date.now()}` });
      // A client's own claim about the answer's form counts for nothing: our server decides.
      const html = String((await page(`/polls/${poll.id}?lang=de`, { 'x-pollcast-words-in-html': '0' })).body);
      const blocks = blocksOf(html);
      expect([...blocks.keys()]).toEqual(['de.common.EventLinks..', 'de.poll,live.CreatedNotice.choice.']);
      const words = JSON.parse(blocks.get('de.poll,live.CreatedNotice.choice.')!) as Record<string, object>;
      expect(Object.keys(words)).toEqual(expect.arrayContaining(['Ballot', 'Live']));
      expect(JSON.stringify(words)).toContain(UNREACHABLE);
      const payload = payloadOf(html);
      expect(payload).toContain('de.poll,live.CreatedNotice.choice.');
      expect(payload).not.toContain('nicht erreichbar');
      expect(html.split('nicht erreichbar')).toHaveLength(2);
    });

    it('come by their name to a page not found, whose HTML Next leaves to the browser', async () => {
      const missing = await page('/polls/no-such-poll?lang=de');
      expect(missing.status).toBe(404);
      const html = String(missing.body);
      expect(blocksOf(html).size).toBe(0);
      expect(payloadOf(html)).toContain('de.common.EventLinks..');
      const words = await page('/words/de.common.EventLinks..');
      expect(words.status).toBe(200);
      expect(words.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(words.headers['cache-control']).toBe('private, no-cache');
      const chrome = (words.body as { Chrome: { language: string } }).Chrome;
      expect(chrome.language).toBe('Sprache');
      for (const madeUp of ['/words/de.common.EventLinks,Nope..', '/words/xx.common...', '/words/de.common.....']) {
        expect((await page(madeUp)).status, madeUp).toBe(404);
      }
    });
  });
});
