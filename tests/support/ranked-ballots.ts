import http from 'node:http';

/**
 * Many ranked ballots sent to a started pollcast over kept-alive connections, each from a voter
 * address of its own (X-Forwarded-For, with the server trusting loopback as its proxy).
 */

export type RankOutcome = { status: number; counted?: boolean } | { error: string };

/** Voter address number `i`: 10.200.0.0 onwards, distinct for up to 3 × 65,536 voters. */
function rankedVoterIp(i: number): string {
  return `10.${200 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

/** POSTs one ranking on the agent's connections and resolves its outcome instead of throwing. */
function rankOn(
  agent: http.Agent,
  url: string,
  pollId: string,
  ranking: readonly string[],
  ip: string,
): Promise<RankOutcome> {
  return new Promise((resolve) => {
    const request = http.request(
      `${url}/api/polls/${pollId}/vote`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-forwarded-for': ip } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(
            status === 200 ? { status, counted: (JSON.parse(text) as { counted: boolean }).counted } : { status },
          );
        });
        response.on('error', (error) => resolve({ error: error.message }));
      },
    );
    request.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    request.end(JSON.stringify({ ranking }));
  });
}

/**
 * Sends ballot `i` as voter `voterOf(i)` (voter `i` by default), `concurrency` at a time on as many
 * kept-alive connections; `onOutcome` sees each answer as it comes. Resolves every outcome, in
 * ballot order.
 */
export async function rankAll(
  url: string,
  pollId: string,
  ballots: readonly (readonly string[])[],
  options: {
    concurrency: number;
    voterOf?: (i: number) => number;
    onOutcome?: (outcome: RankOutcome, i: number) => void;
  },
): Promise<RankOutcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const outcomes: RankOutcome[] = new Array(ballots.length);
  let next = 0;
  const worker = async () => {
    while (next < ballots.length) {
      const i = next++;
      const outcome = await rankOn(agent, url, pollId, ballots[i]!, rankedVoterIp(options.voterOf?.(i) ?? i));
      outcomes[i] = outcome;
      options.onOutcome?.(outcome, i);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return outcomes;
}
