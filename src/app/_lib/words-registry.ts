/**
 * The words of the page parts this process has rendered, by their address, for server rendering:
 * ClientWords (a server component) keeps them here, and the words providers (client components,
 * rendered into HTML in the same process, in another of Next's module graphs) read them back, so
 * the words need not travel inside every page (docs/TRANSLATING.md). On `globalThis` because the
 * two module graphs do not share this module. Bounded by the page parts and languages there are.
 */
const KEY = Symbol.for('pollcast.client-words');

type Registry = Map<string, string>;

function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [KEY]?: Registry };
  return (holder[KEY] ??= new Map());
}

export function keepWords(href: string, json: string): void {
  const kept = registry();
  if (!kept.has(href)) kept.set(href, json);
}

export function keptWords(href: string): string | undefined {
  return registry().get(href);
}
