/**
 * One `Intl` formatter per language and options for the whole process, not one per page view.
 *
 * The pages' i18n library (use-intl) keeps the formatters it makes for one request only, so every
 * view built its number, plural, date and relative-time formatters again, and each one's first
 * use loads its language's data anew. Formatters cannot change once made, so one made for
 * `("de", { style: "percent" })` serves every later view asking for the same (decision 0017).
 *
 * `keepIntlFormatters` swaps each constructor for one that hands back the formatter it made
 * before for the same arguments, keeping the `limit` most recently used of each kind. Subclasses,
 * calls without `new` and arguments that do not serialise go to the original constructor as ever.
 */

const KINDS = ['DateTimeFormat', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat', 'ListFormat'] as const;
type Kind = (typeof KINDS)[number];
type Constructor = new (...args: unknown[]) => object;

const KEPT = Symbol('pollcast.keptFormatters');

/** How the arguments read as a key: `undefined` apart from `null`, which some constructors refuse. */
function keyOf(args: unknown[]): string | undefined {
  try {
    return JSON.stringify(args, (_key, value: unknown) => (value === undefined ? { undefined: true } : value));
  } catch {
    return undefined;
  }
}

function keeping(made: Constructor, name: Kind, limit: number): Constructor {
  const kept = new Map<string, object>();
  function Keeping(this: unknown, ...args: unknown[]): object {
    if (new.target !== Keeping) {
      return new.target ? Reflect.construct(made, args, new.target) : (Reflect.apply(made, this, args) as object);
    }
    const key = keyOf(args);
    if (key === undefined) return new made(...args);
    let formatter = kept.get(key);
    if (formatter) {
      // Most recently used last: the first in the map is the one to let go.
      kept.delete(key);
    } else {
      formatter = new made(...args);
      if (kept.size >= limit) kept.delete(kept.keys().next().value!);
    }
    kept.set(key, formatter);
    return formatter;
  }
  Object.defineProperty(Keeping, 'name', { value: name });
  Object.defineProperty(Keeping, KEPT, { value: true });
  Keeping.prototype = made.prototype;
  // Static methods (`supportedLocalesOf`) come from the original.
  Object.setPrototypeOf(Keeping, made);
  return Keeping as unknown as Constructor;
}

/** From now on `new Intl.X(...)` gives back the formatter made before for the same arguments. */
export function keepIntlFormatters(intl: Record<Kind, unknown> = Intl, limit = 256): void {
  for (const kind of KINDS) {
    const made = intl[kind] as Constructor & { [KEPT]?: true };
    if (made[KEPT]) continue;
    intl[kind] = keeping(made, kind, limit);
  }
}
