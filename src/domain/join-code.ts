/**
 * Join codes: what people type to find a poll (`/j/CODE`, the home page's field). Six characters
 * from an alphabet without look-alikes: digits 2–9 and capitals but I, L and O, so nobody has to
 * guess between 0 and O or 1, I and l. The database draws them (pollcast_join_code(), migration
 * 0005) and keeps them unique; this module only reads what people typed.
 */

const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const JOIN_CODE_LENGTH = 6;

const CODE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/**
 * The code someone typed, as stored: capitals, without the spaces and dashes people put in to
 * read it out in parts ("abc-234"); undefined when it cannot be a code.
 */
export function joinCodeOf(typed: string): string | undefined {
  if (typed.length > 32) return undefined;
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  return CODE.test(code) ? code : undefined;
}
