import { ExportButtons } from '../export-buttons';

/** The presenter screen's link, with the admin token, and the creator's downloads. */
export function ShowSection({ pollId, token, presentUrl }: { pollId: string; token: string; presentUrl: string }) {
  return (
    <section className="panel" aria-labelledby="show-heading">
      <h2 id="show-heading">Show and download</h2>
      <p>
        {/* The token rides in the fragment, as on this page: browsers never send it to the server. */}
        <a href={presentUrl}>Open the presenter screen</a>{' '}
        <span className="hint">for a projector; with this link it can reveal hidden results</span>
      </p>
      <ExportButtons pollId={pollId} token={token} />
    </section>
  );
}
