import { currentPollcast } from '../server/context';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const { polls } = await currentPollcast().polls.list({ page: 1, limit: 20 });
  return (
    <main>
      <h1>pollcast</h1>
      <h2>Active polls</h2>
      {polls.length === 0 ? (
        <p>No open polls yet.</p>
      ) : (
        <ul>
          {polls.map((poll) => (
            <li key={poll.id}>
              {poll.title} ({poll.total_votes} votes)
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
