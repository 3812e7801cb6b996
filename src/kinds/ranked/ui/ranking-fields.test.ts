import { describe, expect, it } from 'vitest';
import { rankFieldName, readRankingFields } from './ranking-fields';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe('the ranked ballot form fields', () => {
  it('names the field of each rank rank_1, rank_2, …', () => {
    expect([1, 2, 10].map(rankFieldName)).toEqual(['rank_1', 'rank_2', 'rank_10']);
  });

  it('reads the ranking in rank order, whatever order the fields came in', () => {
    expect(readRankingFields(form({ rank_2: 'b', rank_1: 'a', rank_3: 'c' }), 3)).toEqual(['a', 'b', 'c']);
  });

  it('skips ranks left blank, so a gap does not end the ranking', () => {
    expect(readRankingFields(form({ rank_1: 'a', rank_2: '', rank_3: 'c' }), 3)).toEqual(['a', 'c']);
    expect(readRankingFields(form({ rank_1: '', rank_2: '' }), 2)).toEqual([]);
  });

  it('reads no rank beyond the most a ballot may rank', () => {
    expect(readRankingFields(form({ rank_1: 'a', rank_2: 'b', rank_3: 'c' }), 2)).toEqual(['a', 'b']);
  });

  it('keeps a repeated option for the vote to refuse, rather than quietly dropping it', () => {
    expect(readRankingFields(form({ rank_1: 'a', rank_2: 'a' }), 2)).toEqual(['a', 'a']);
  });
});
