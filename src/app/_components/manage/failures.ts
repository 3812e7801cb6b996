/** How the manage page words a refused or failed request to the API. */

const FAILURES: Record<number, string> = {
  401: 'This manage link is not valid for this poll. Use the exact link you got when you created it.',
  404: 'This poll no longer exists.',
  429: 'Too many requests. Wait a moment and try again.',
};

export const NETWORK_FAILURE = 'Could not reach pollcast. Check your connection and try again.';

export function failureText(status: number, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return FAILURES[status] ?? capitalize(typeof message === 'string' ? message : 'That did not work.');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
