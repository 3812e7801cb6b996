import type { RateDecision } from '../rate-limiter/rate-limiter';

/**
 * The vote gate: what every vote asks before its ballot is written. May this voter vote now (their
 * rate window, and for polls that count browsers the address's too), and does the duplicate hint
 * already know them?
 *
 * - The answers are those of the rate limiters and known voters asked one by one, each keeping its
 *   own contract (rate-limiter.ts, known-voters.ts): where two windows are asked, both count the
 *   hit, even when one of them refuses it.
 * - Order: the memory twin answers each question at once. The Redis twin holds the questions of one
 *   event-loop turn and sends them as one script call (at most 256 a call), which counts their hits
 *   in the order they were asked.
 * - At most once: a hit is counted once, a question never asked again.
 * - Without Redis: each question falls back as the separate calls do, to the in-process limits and
 *   "not known".
 * - A restart keeps what the limiters and the hint keep.
 *
 * Twins: vote-gate.memory.ts (embedded mode: the separate calls), vote-gate.redis.ts (services
 * mode: one script per turn instead of two commands per vote).
 */

export type GateQuestion = {
  /** The voter's rate bucket: their address, or their browser where the poll counts browsers. */
  voterBucket: string;
  /** The address's bucket, only for polls that count browsers. */
  addressBucket: string | undefined;
  pollId: string;
  voterKey: string;
};

export type GateAnswer = { voter: RateDecision; address: RateDecision; known: boolean };

export type VoteGate = { check(question: GateQuestion): Promise<GateAnswer> };
