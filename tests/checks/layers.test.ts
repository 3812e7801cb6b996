import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer check of `npm test` (.dependency-cruiser.js, docs/CHECKS.md), run as npm test runs it
 * on a small tree written for the purpose: every import that breaks a rule must be reported, and
 * no import the rules allow.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** The tree: each file and its imports. A comment says which rule an import breaks, if any. */
const TREE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx' },
  }),
  'server.ts': [
    `import { route } from './src/server/routing';`,
    `import { startPollcast } from './src/pollcast';`,
    `route(startPollcast());`,
  ].join('\n'),
  'src/pollcast.ts': [
    `import { castVote } from './votes/cast';`,
    `export type Pollcast = { stop(): void };`,
    `export function startPollcast(): Pollcast { castVote(); return { stop() {} }; }`,
  ].join('\n'),
  'src/server/routing.ts': [
    `import type { Pollcast } from '../pollcast';`, // allowed: the server names the root's types
    `import { apiApp } from '../api/app';`,
    `import { helper } from '../elsewhere/helper';`, // layer-unknown
    `export function route(pollcast?: Pollcast) { return [pollcast, apiApp, helper]; }`,
  ].join('\n'),
  'src/server/start-again.ts': `import { startPollcast } from '../pollcast';\nexport const again = startPollcast;\n`, // types only
  'src/elsewhere/helper.ts': `export const helper = 1;\n`,
  'src/api/app.ts': [
    `import { hub } from '../realtime/hub';`,
    `import { castVote } from '../votes/cast';`,
    `export const apiApp = [hub, castVote];`,
  ].join('\n'),
  'src/api/pages.ts': `import { Page } from '../app/page';\nexport const pages = [Page];\n`, // layer-api: app is its sibling
  'src/app/page.tsx': [
    `import { apiApp } from '../api/app';`, // allowed: the Next route mounts the API
    `import { route } from '../server/routing';`, // layer-app: the server is above the pages
    `import { Panel } from './_components/panel';`,
    `import { readPoll } from './_lib/read.server';`,
    `export function Page() { return [apiApp, route, Panel, readPoll]; }`,
  ].join('\n'),
  'src/app/_components/panel.tsx': [
    `import type { PollService } from '../../polls/service';`, // allowed: a type
    `import { MAX_OPTIONS } from '../../domain/shapes';`,
    `import { openDb } from '../../db/client';`, // browser-code
    `export function Panel(props: { service?: PollService }) { return [props, MAX_OPTIONS, openDb]; }`,
  ].join('\n'),
  'src/app/widgets/clock.tsx': [
    `'use client';`,
    `import fs from 'node:fs';`, // browser-code-no-node
    `import { whoIsAsking } from '../../voters/who';`, // browser-code
    `import { vote } from './actions';`, // allowed: a server action is called over the network
    `import { watch } from '../_lib/live-client';`,
    `export function Clock() { return [fs, whoIsAsking, vote, watch]; }`,
  ].join('\n'),
  'src/app/widgets/actions.ts': [
    `'use server';`,
    `import { castVote } from '../../votes/cast';`,
    `export async function vote() { castVote(); }`,
  ].join('\n'),
  'src/app/_lib/live-client.ts': `import { parseMessage } from '../../realtime/live-messages';\nexport const watch = parseMessage;\n`,
  // Shared by the server and the browser: browser code, so it may not reach the hub.
  'src/realtime/live-messages.ts': [
    `import { MAX_OPTIONS } from '../domain/shapes';`,
    `import { hub } from './hub';`, // browser-code
    `export const parseMessage = [MAX_OPTIONS, hub];`,
  ].join('\n'),
  'src/app/_lib/read.server.ts': `import { openDb } from '../../db/client';\nexport const readPoll = openDb;\n`, // allowed: server-only
  'src/realtime/hub.ts': [
    `import { bus } from '../adapters/bus';`,
    `import { whoIsAsking } from '../voters/who';`,
    `export const hub = [bus, whoIsAsking];`,
  ].join('\n'),
  'src/votes/cast.ts': [
    `import { pollSettings } from '../polls/service';`, // allowed: votes sit above polls
    `import { whoIsAsking } from '../voters/who';`,
    `import { ranked } from '../kinds/ranked';`, // allowed: every layer above uses the kinds
    `export function castVote() { return [pollSettings, whoIsAsking, ranked]; }`,
  ].join('\n'),
  'src/votes/ballot.ts': `export type Ballot = { optionId: string };\n`,
  'src/polls/service.ts': [
    `import type { Ballot } from '../votes/ballot';`, // layer-polls: type imports point down too
    `export type PollService = { cast(ballot: Ballot): void };`,
    `export const pollSettings = 1;`,
  ].join('\n'),
  'src/voters/who.ts': [
    `import { MAX_OPTIONS } from '../domain/shapes';`,
    `import { config } from '../config';`,
    `import { ask } from './ask';`,
    `export const whoIsAsking = [MAX_OPTIONS, config, ask];`,
  ].join('\n'),
  // A cycle inside one layer, one of its two imports a type only.
  'src/voters/ask.ts': `import { answer } from './answer';\nexport const ask = answer;\n`, // no-cycle
  'src/voters/answer.ts': `import type { ask } from './ask';\nexport const answer: typeof ask | null = null;\n`, // no-cycle
  'src/adapters/bus.ts': `import { castVote } from '../votes/cast';\nexport const bus = castVote;\n`, // layer-adapters
  'src/adapters/poll-bus/poll-bus.ts': `import type { hub } from '../../realtime/hub';\nexport type Hub = typeof hub;\n`, // layer-adapters
  'src/db/client.ts': [
    `import { logger } from '../logger';`,
    `import { redis } from '../redis/client';`, // layer-db: redis is its sibling
    `export const openDb = [logger, redis];`,
  ].join('\n'),
  'src/redis/client.ts': `import { logger } from '../logger';\nexport const redis = logger;\n`,
  'src/config.ts': `import { openDb } from './db/client';\nexport const config = openDb;\n`, // layer-settings
  'src/logger.ts': `import { MAX_OPTIONS } from './domain/shapes';\nexport const logger = MAX_OPTIONS;\n`,
  'src/domain/shapes.ts': `export const MAX_OPTIONS = 10;\n`,
  // A ballot kind: its pure parts just above domain, its React parts with the pages (browser code).
  'src/kinds/ranked/tally.ts': [
    `import { MAX_OPTIONS } from '../../domain/shapes';`,
    `import { openDb } from '../../db/client';`, // layer-kinds
    `export type Tally = Record<string, number>;`,
    `export const count = [MAX_OPTIONS, openDb];`,
  ].join('\n'),
  'src/kinds/ranked/index.ts': [
    `import { count } from './tally';`,
    `import { Ballot } from './ui/ballot';`, // layer-kinds: its ui/ is app code
    `export const ranked = [count, Ballot];`,
  ].join('\n'),
  'src/kinds/ranked/ui/ballot.tsx': [
    `import type { Tally } from '../tally';`, // allowed: a type
    `import { openDb } from '../../../db/client';`, // browser-code
    `export function Ballot(props: { tally?: Tally }) { return [props, openDb]; }`,
  ].join('\n'),
  'src/domain/rules.ts': [
    `import { castVote } from '../votes/cast';`, // layer-domain
    `import { harness } from '../../tests/support/harness';`, // no-tests-in-src
    `export const rules = [castVote, harness];`,
  ].join('\n'),
  'tests/support/harness.ts': `export const harness = 1;\n`,
};

/** What the tree breaks: rule, importing module, imported module. */
const EXPECTED = [
  'browser-code-no-node: src/app/widgets/clock.tsx -> fs',
  'browser-code: src/app/_components/panel.tsx -> src/db/client.ts',
  'browser-code: src/app/widgets/clock.tsx -> src/voters/who.ts',
  'browser-code: src/kinds/ranked/ui/ballot.tsx -> src/db/client.ts',
  'browser-code: src/realtime/live-messages.ts -> src/realtime/hub.ts',
  'layer-adapters: src/adapters/bus.ts -> src/votes/cast.ts',
  'layer-adapters: src/adapters/poll-bus/poll-bus.ts -> src/realtime/hub.ts',
  'layer-api: src/api/pages.ts -> src/app/page.tsx',
  'layer-app: src/app/page.tsx -> src/server/routing.ts',
  'layer-db: src/db/client.ts -> src/redis/client.ts',
  'layer-domain: src/domain/rules.ts -> src/votes/cast.ts',
  'layer-kinds: src/kinds/ranked/index.ts -> src/kinds/ranked/ui/ballot.tsx',
  'layer-kinds: src/kinds/ranked/tally.ts -> src/db/client.ts',
  'layer-polls: src/polls/service.ts -> src/votes/ballot.ts',
  'layer-server-types-only: src/server/start-again.ts -> src/pollcast.ts',
  'layer-settings: src/config.ts -> src/db/client.ts',
  'layer-unknown: src/server/routing.ts -> src/elsewhere/helper.ts',
  'no-cycle: src/voters/answer.ts -> src/voters/ask.ts',
  'no-tests-in-src: src/domain/rules.ts -> tests/support/harness.ts',
];

let tree = '';
let check: { exitCode: number; output: string };

beforeAll(async () => {
  tree = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-layers-'));
  for (const [file, text] of Object.entries(TREE)) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(path.join(tree, file), text);
  }
  check = await checkLayers();
});

afterAll(() => {
  if (tree) fs.rmSync(tree, { recursive: true, force: true });
});

/** Runs the check as `npm run lint:layers` does, from the tree's root, with the project's rules. */
async function checkLayers(): Promise<{ exitCode: number; output: string }> {
  const config = path.join(ROOT, '.dependency-cruiser.js');
  const args = [DEPCRUISE, 'src', 'server.ts', '--config', config, '--output-type', 'err-long'];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: tree });
    return { exitCode: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: unknown };
    if (typeof failed.code !== 'number' || typeof failed.stdout !== 'string') throw error;
    return { exitCode: failed.code, output: failed.stdout };
  }
}

/** "rule: from -> to" for each error; a cycle's lines joined, named by its first import. */
function violations(output: string): string[] {
  const joined = output.replace(/→\s*\n\s*/g, '→ ');
  return [...joined.matchAll(/^\s*error (\S+): (\S+) → (\S+)/gm)]
    .map(([, rule, from, to]) => `${rule}: ${from} -> ${to}`)
    .sort();
}

describe('the layer check', () => {
  it('reports every import against the layers, and only those', () => {
    const { exitCode, output } = check;
    expect(violations(output)).toEqual(EXPECTED);
    // npm test stops on the exit code: one per error.
    expect(exitCode).toBe(EXPECTED.length);
  });

  it('says in the message which way the layers go', () => {
    const { output } = check;
    expect(output).toContain(
      'error layer-domain: src/domain/rules.ts → src/votes/cast.ts\n    src/domain imports nothing else of ours.',
    );
    expect(output.replace(/\s+/g, ' ')).toContain(
      'Top to bottom: root > server > api | app > realtime > votes > polls > voters > adapters > db | redis > settings > kinds > domain',
    );
  });
});
