import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES } from '../../src/domain/locales';

/**
 * The interface's messages (docs/TRANSLATING.md): every language has every key English has and no
 * other, every message is an ICU message that parses, names the same placeholders and tags as the
 * English one, and every plural names each form its language has (Arabic six) and no form it lacks.
 */

const MESSAGES = path.resolve(import.meta.dirname, '../../messages');
const AREAS = fs.readdirSync(MESSAGES).filter((name) => fs.statSync(path.join(MESSAGES, name)).isDirectory());

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(name, value);
    else for (const [inner, text] of flatten(value, name)) flat.set(inner, text);
  }
  return flat;
}

function messagesOf(area: string, locale: string): Map<string, string> {
  return flatten(JSON.parse(fs.readFileSync(path.join(MESSAGES, area, `${locale}.json`), 'utf8')) as Tree);
}

/** Placeholders and tags a message names, and each plural's forms with the locale's rules. */
function shapeOf(elements: MessageFormatElement[], names = new Set<string>(), plurals: string[][] = []) {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    names.add(`${element.type === TYPE.tag ? '<>' : ''}${element.value}`);
    if (element.type === TYPE.tag) shapeOf(element.children, names, plurals);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      if (element.type === TYPE.plural && element.pluralType !== 'ordinal') {
        plurals.push(Object.keys(element.options).filter((option) => !option.startsWith('=')));
      }
      for (const option of Object.values(element.options)) shapeOf(option.value, names, plurals);
    }
  }
  return { names: [...names].sort(), plurals };
}

/**
 * The plural forms a language must name: all its CLDR categories, but Spanish's and French's
 * `many`, which only large round numbers take ("1 millón de votos") and which `other` reads well for.
 */
function formsOf(locale: string): string[] {
  const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  return forms.filter((form) => !(form === 'many' && (locale === 'es' || locale === 'fr'))).sort();
}

describe.each(AREAS)('messages/%s', (area) => {
  const english = messagesOf(area, DEFAULT_LOCALE);

  it.each(LOCALES)('%s has exactly the English keys', (locale) => {
    expect([...messagesOf(area, locale).keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(LOCALES)('%s: each message parses, with the placeholders of English and its own plurals', (locale) => {
    const problems: string[] = [];
    for (const [key, text] of messagesOf(area, locale)) {
      let shape;
      try {
        shape = shapeOf(parse(text));
      } catch (error) {
        problems.push(`${key}: does not parse (${(error as Error).message})`);
        continue;
      }
      if (!text.trim()) problems.push(`${key}: empty`);
      const englishText = english.get(key);
      if (englishText !== undefined) {
        const expected = shapeOf(parse(englishText)).names;
        if (shape.names.join() !== expected.join()) {
          problems.push(`${key}: names ${shape.names.join(', ')}; English names ${expected.join(', ')}`);
        }
      }
      for (const forms of shape.plurals) {
        const missing = formsOf(locale).filter((form) => !forms.includes(form));
        const foreign = forms.filter((form) => form !== 'many' && !formsOf(locale).includes(form));
        if (missing.length) problems.push(`${key}: plural lacks ${missing.join(', ')}`);
        if (foreign.length) problems.push(`${key}: plural has ${foreign.join(', ')}, which ${locale} lacks`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the check itself', () => {
  it('sees a missing Arabic form and a placeholder renamed', () => {
    const arabic = shapeOf(parse('{count, plural, zero {لا أصوات} one {صوت واحد} other {# صوت}}'));
    expect(formsOf('ar').filter((form) => !arabic.plurals[0]!.includes(form))).toEqual(['few', 'many', 'two']);
    expect(shapeOf(parse('Hallo {nam}')).names).not.toEqual(shapeOf(parse('Hello {name}')).names);
  });
});
