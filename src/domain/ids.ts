/**
 * Poll and option ids are UUIDs. PostgreSQL reads any letter case, but the rest of pollcast
 * keys maps, caches, Redis keys and live channels by the id's text, so every id is compared
 * in one form: lower case, as PostgreSQL writes it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id in canonical form, or undefined when the value is not an id at all. */
export function canonicalId(value: unknown): string | undefined {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;
}
