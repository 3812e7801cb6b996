/** Wording shared by server-rendered pages and live components, so both always agree. */

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds % 60} s`;
  return `${seconds} s`;
}

export function msLeft(expiresAt: string | null, now = Date.now()): number | null {
  return expiresAt === null ? null : new Date(expiresAt).getTime() - now;
}

/** "Ends in 3 h 20 min", "Ended" or "No end time". */
export function timeLeftText(expiresAt: string | null, now = Date.now()): string {
  const left = msLeft(expiresAt, now);
  if (left === null) return 'No end time';
  if (left <= 0) return 'Ended';
  return `Ends in ${formatDuration(left)}`;
}

/**
 * "Ended 4 Dec 2026, 18:10": when a poll's end time came, in the reader's language and time zone
 * once the browser renders it; the server, which knows neither, says it in English and UTC.
 */
export function endedText(expiresAt: string, reader: 'browser' | 'server'): string {
  const format =
    reader === 'browser'
      ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
      : new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  return `Ended ${format.format(new Date(expiresAt))}${reader === 'server' ? ' UTC' : ''}`;
}

export function votesText(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'vote' : 'votes'}`;
}
