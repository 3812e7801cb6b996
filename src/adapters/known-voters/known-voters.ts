/**
 * The duplicate-vote fast path (`poll:{id}:voters`, docs/REDIS.md): addresses whose vote in a
 * poll PostgreSQL has committed. It is only a hint. "Known" sends a voter to one read of
 * their recorded choice instead of the vote writer; "not known" (or "cannot tell") sends
 * them to the writer, where PostgreSQL's UNIQUE(poll_id, voter_ip) decides.
 */

export interface KnownVoters {
  has(pollId: string, voterIp: string): Promise<boolean>;
  /** Remembers voters whose vote is committed. */
  add(pollId: string, voterIps: string[]): void;
  forget(pollId: string): void;
}

/** Embedded mode: the same hint in memory, dropping the least recently voted polls beyond a bound. */
export class MemoryKnownVoters implements KnownVoters {
  private readonly polls = new Map<string, Set<string>>();
  private size = 0;

  constructor(private readonly maxVoters = 100_000) {}

  async has(pollId: string, voterIp: string): Promise<boolean> {
    return this.polls.get(pollId)?.has(voterIp) ?? false;
  }

  add(pollId: string, voterIps: string[]): void {
    const voters = this.polls.get(pollId) ?? new Set<string>();
    // Re-inserted so the Map's order is least recently voted first.
    this.polls.delete(pollId);
    this.polls.set(pollId, voters);
    for (const ip of voterIps) {
      if (voters.has(ip)) continue;
      voters.add(ip);
      this.size++;
    }
    for (const [oldest, set] of this.polls) {
      if (this.size <= this.maxVoters || oldest === pollId) break;
      this.polls.delete(oldest);
      this.size -= set.size;
    }
  }

  forget(pollId: string): void {
    this.size -= this.polls.get(pollId)?.size ?? 0;
    this.polls.delete(pollId);
  }
}
