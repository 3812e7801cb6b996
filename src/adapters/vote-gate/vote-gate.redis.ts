import type { Redis } from '../../redis/client';
import type { RateDecision } from '../rate-limiter/rate-limiter';
import type { RedisRateLimiter } from '../rate-limiter/rate-limiter.redis';
import type { GateAnswer, GateQuestion, VoteGate } from './vote-gate';

/**
 * Services mode: the questions asked in one event-loop turn leave together as one `voteGate`
 * script call (src/redis/scripts.ts), which counts each hit in its fixed window and reads the
 * voters set, exactly as the separate calls would. Redis runs one script per turn instead of two
 * commands per vote, and the server sends and parses one reply. While Redis cannot answer, each
 * question falls back as the separate calls do: the in-process limits, and "cannot tell" (not known).
 */

/** Keeps one script's keys and reply small; a bigger turn goes out as several calls. */
const MAX_QUESTIONS_PER_CALL = 256;
const ALLOWED: RateDecision = { allowed: true };

type Waiting = { question: GateQuestion; resolve: (answer: GateAnswer) => void };

export class RedisVoteGate implements VoteGate {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly votes: RedisRateLimiter,
    private readonly votesPerAddress: RedisRateLimiter,
  ) {}

  check(question: GateQuestion): Promise<GateAnswer> {
    return new Promise((resolve) => {
      this.waiting.push({ question, resolve });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the current I/O phase, so the requests parsed in one turn share a call.
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.waiting;
    this.waiting = [];
    for (let start = 0; start < all.length; start += MAX_QUESTIONS_PER_CALL) {
      void this.ask(all.slice(start, start + MAX_QUESTIONS_PER_CALL));
    }
  }

  private async ask(batch: Waiting[]): Promise<void> {
    const keys: string[] = [];
    const args: (string | number)[] = [
      this.votes.windowMs,
      this.votesPerAddress.windowMs,
      this.votes.points,
      this.votesPerAddress.points,
    ];
    for (const { question } of batch) {
      const byAddress = question.addressBucket !== undefined;
      keys.push(
        this.votes.keyFor(question.voterBucket),
        // The script skips this key when the poll does not count addresses separately.
        byAddress
          ? this.votesPerAddress.keyFor(question.addressBucket as string)
          : this.votes.keyFor(question.voterBucket),
        this.redis.keys.voters(question.pollId),
      );
      args.push(byAddress ? 1 : 0, question.voterKey);
    }
    let reply: number[];
    try {
      reply = await this.redis.call((client) => client.voteGate(keys, args));
    } catch {
      for (const waiting of batch) waiting.resolve(await this.fallback(waiting.question));
      return;
    }
    batch.forEach(({ question, resolve }, i) => {
      const at = i * 5;
      resolve({
        voter: this.votes.judge(reply[at] as number, reply[at + 1] as number),
        address:
          question.addressBucket === undefined
            ? ALLOWED
            : this.votesPerAddress.judge(reply[at + 2] as number, reply[at + 3] as number),
        known: reply[at + 4] === 1,
      });
    });
  }

  private async fallback({ voterBucket, addressBucket }: GateQuestion): Promise<GateAnswer> {
    const [voter, address] = await Promise.all([
      this.votes.fallback(voterBucket),
      addressBucket === undefined ? ALLOWED : this.votesPerAddress.fallback(addressBucket),
    ]);
    return { voter, address, known: false };
  }
}
