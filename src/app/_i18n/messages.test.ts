import { describe, expect, it } from 'vitest';
import { clientMessagesJson } from './messages';

const namespacesOf = async (...args: Parameters<typeof clientMessagesJson>) =>
  Object.keys(JSON.parse(await clientMessagesJson(...args)) as object).sort();

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
    const root = JSON.parse(await clientMessagesJson('fr', { areas: ['common'], namespaces: ['EventLinks'] })) as {
      EventLinks: { newEvent: unknown };
    };
    expect(JSON.stringify(root.EventLinks.newEvent)).toContain('événement');
  });
});
