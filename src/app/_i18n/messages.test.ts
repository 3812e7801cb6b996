import { describe, expect, it } from 'vitest';
import { clientMessagesJson, clientMessagesNamed } from './messages';

const namespacesOf = async (...args: Parameters<typeof clientMessagesJson>) =>
  Object.keys(JSON.parse((await clientMessagesJson(...args)).json) as object).sort();

describe('the words a page carries to the browser', () => {
  it('gives a choice poll page no ranking or open-text words', async () => {
    const names = await namespacesOf('de', { areas: ['poll', 'live'], kind: 'choice' });
    expect(names).toContain('Ballot');
    expect(names).toContain('Live');
    expect(names).not.toContain('RankingBallot');
    expect(names).not.toContain('RankedResults');
    expect(names).not.toContain('AnswerBallot');
    expect(names).not.toContain('TextResults');
  });

  it("gives a ranked poll page its ballot's and results' words, and only results' without a ballot", async () => {
    expect(await namespacesOf('ar', { areas: ['poll', 'live'], kind: 'ranked' })).toEqual(
      expect.arrayContaining(['RankingBallot', 'RankedResults']),
    );
    const presenter = await namespacesOf('ar', { areas: ['live', 'present'], kind: 'text', ballot: false });
    expect(presenter).toContain('TextResults');
    expect(presenter).not.toContain('AnswerBallot');
  });

  it("leaves common words to the root layout and carries a namespace's words in the page's language", async () => {
    expect(await namespacesOf('fr', { areas: ['create'] })).not.toContain('Chrome');
    const root = JSON.parse(
      (await clientMessagesJson('fr', { areas: ['common'], namespaces: ['EventLinks'] })).json,
    ) as {
      EventLinks: { newEvent: unknown };
    };
    expect(JSON.stringify(root.EventLinks.newEvent)).toContain('événement');
  });

  it('is the words themselves, with nothing to wait for, from the second view of a page on', async () => {
    const wanted = { areas: ['poll', 'live'], kind: 'text' } as const;
    const first = clientMessagesJson('es', wanted);
    expect(first).toBeInstanceOf(Promise);
    const again = clientMessagesJson('es', { ...wanted });
    expect(again).toBe(first);
    const built = await first;
    expect(clientMessagesJson('es', { ...wanted })).toBe(built);
    expect(Object.keys(JSON.parse(built.json) as object)).toContain('AnswerBallot');
  });

  it('names the same words the same, and other words otherwise', async () => {
    const poll = await clientMessagesJson('de', { areas: ['poll'], kind: 'ranked' });
    expect((await clientMessagesJson('de', { areas: ['poll'], kind: 'ranked' })).id).toBe(poll.id);
    const others = await Promise.all([
      clientMessagesJson('fr', { areas: ['poll'], kind: 'ranked' }),
      clientMessagesJson('de', { areas: ['poll'], kind: 'text' }),
      clientMessagesJson('de', { areas: ['poll'], kind: 'ranked', ballot: false }),
      clientMessagesJson('de', { areas: ['poll', 'live'], kind: 'ranked' }),
    ]);
    for (const other of others) {
      expect(other.id).not.toBe(poll.id);
      expect(other.json).not.toBe(poll.json);
    }
  });

  it('names the words by what a page part wants, readably', async () => {
    const poll = await clientMessagesJson('de', {
      areas: ['poll', 'live'],
      namespaces: ['CreatedNotice'],
      kind: 'ranked',
    });
    expect(poll.id).toBe('de.poll,live.CreatedNotice.ranked.');
    const presenter = await clientMessagesJson('ar', { areas: ['live', 'present'], kind: 'text', ballot: false });
    expect(presenter.id).toBe('ar.live,present..text.false');
  });

  it('writes every < so the words can stand inside a page’s script, and reads back as they were', async () => {
    const root = await clientMessagesJson('en', { areas: ['common'], namespaces: ['EventLinks'] });
    expect(root.json).not.toContain('<');
    // Rich text: a message with tags in it, e.g. "<hint>Voters type</hint> …".
    expect(JSON.stringify(JSON.parse(root.json))).toContain('<');
  });

  it('builds the words again from their name, and nothing for a name no page gives', async () => {
    const poll = await clientMessagesJson('ar', { areas: ['poll', 'live'], kind: 'text', ballot: false });
    expect(await clientMessagesNamed('ar.poll,live..text.false')).toEqual(poll);
    // Not used by a page of this process yet: built all the same.
    const unused = await clientMessagesNamed('es.manage,live.Export,Moderation.ranked.');
    expect(Object.keys(JSON.parse(unused!.json) as object)).toEqual(
      expect.arrayContaining(['Manage', 'Export', 'Moderation', 'RankedResults', 'RankingBallot']),
    );
    const refused = [
      '',
      'de',
      'de.poll..',
      'xx.poll...',
      'de.nowhere...',
      '.poll...',
      'de.poll.NewPollPage..',
      'de.poll..survey.',
      'de.poll...yes',
      'de.poll,...',
      'de.poll,,live...',
      'de.poll....',
      'de.poll.Ballot,.',
      'de,poll...',
    ];
    for (const name of refused) expect(clientMessagesNamed(name), name).toBeUndefined();
    // The smallest name a page could give: one area, nothing else.
    expect(clientMessagesNamed('de.poll...')).toBeInstanceOf(Promise);
  });
});
