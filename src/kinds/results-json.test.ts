import { describe, expect, it } from 'vitest';
import { jsonWithResults } from './results-json';
import type { TextResults } from './text/results';

describe('JSON with results written once', () => {
  it('reads back as the value itself, with or without results', () => {
    const results: TextResults = { answers: [{ text: 'pizza "al taglio"', count: 2 }], distinct: 1 };
    const answer = { success: true, counted: true, results };
    expect(JSON.parse(jsonWithResults(answer))).toEqual(answer);
    expect(JSON.parse(jsonWithResults({ success: true, results: null }))).toEqual({ success: true, results: null });
    expect(JSON.parse(jsonWithResults({ success: true, results: undefined }))).toEqual({ success: true });
    expect(JSON.parse(jsonWithResults({ results }))).toEqual({ results });
  });

  it('writes one results object once, whatever carries it', () => {
    const results: TextResults = { answers: [{ text: 'tacos', count: 1 }], distinct: 1 };
    const first = jsonWithResults({ poll_id: 'a', results });
    // The text was written when results looked like this; results are never changed after they are handed out.
    results.answers[0]!.count = 99;
    expect(JSON.parse(jsonWithResults({ counted: true, results })).results.answers[0].count).toBe(1);
    expect(JSON.parse(first).results.answers[0].count).toBe(1);
  });
});
