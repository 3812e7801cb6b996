/**
 * What the creator needs to start a room: the join code voters type at `host/j/CODE` (the
 * address the home page's "Join with a code" leads to), and the button that opens the presenter
 * screen with the admin link.
 */
export function JoinCode({ code, joinUrl, presentUrl }: { code: string; joinUrl: string; presentUrl: string }) {
  const shortUrl = joinUrl.replace(/^https?:\/\//, '');
  return (
    <div className="join-code">
      <p className="join-code-text">
        <span className="hint">Voters type</span>{' '}
        <a href={joinUrl} className="join-code-link">
          {shortUrl.slice(0, shortUrl.length - code.length)}
          <strong>{code}</strong>
        </a>
      </p>
      <a className="button" href={presentUrl}>
        Present
      </a>
    </div>
  );
}
