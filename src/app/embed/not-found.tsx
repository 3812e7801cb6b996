import './embed.css';

/** An embed whose poll does not exist (any more): a line in the frame, without the site around it. */
export default function EmbedNotFound() {
  return (
    <main id="main" className="embed">
      <p className="notice">This poll does not exist, or its creator deleted it.</p>
    </main>
  );
}
