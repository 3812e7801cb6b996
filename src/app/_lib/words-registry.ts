/**
 * The words of the page parts this process has rendered, by their name, for server rendering:
 * ClientWords (a server component) keeps them here, and the words providers (client components,
 * rendered into HTML in the same process, in another of Next's module graphs) read them back, so
 * the words need not travel inside a page's RSC payload as well as its HTML (docs/TRANSLATING.md).
 * On `globalThis` because the two module graphs do not share this module. Bounded by the page
 * parts and languages there are.
 */
const KEY = Symbol.for('pollcast.client-words');

type Registry = Map<string, string>;

function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [KEY]?: Registry };
  return (holder[KEY] ??= new Map());
}

export function keepWords(id: string, json: string): void {
  const kept = registry();
  if (!kept.has(id)) kept.set(id, json);
}

export function keptWords(id: string): string | undefined {
  return registry().get(id);
}
