import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createPolls } from './lib/api';
import { processTicks } from './lib/cpu';
import { createBenchDatabase, type BenchDatabase } from './lib/database';
import { killAll, ROOT, setLogDir } from './lib/processes';
import { startPollcast, type Server } from './lib/servers';
import { settingsFor } from './lib/settings';

/**
 * `npm run bench:pages -- [--base=<other checkout>] [--rounds=3] [--views=120]`
 *
 * What a page costs: the server's CPU time to render one view, and the bytes a browser fetches for
 * it (its HTML and scripts, gzipped). A is the server of another checkout (say a worktree at the
 * commit before a change, built with `npx next build`), B this one; both serve the same polls from
 * their own PostgreSQL database. Views go A B B A per page, `rounds` times, so drift falls on both
 * alike; B is also read in German and Arabic. Prints each page's medians and B's ratio to A.
 */

type Side = { name: 'A' | 'B'; root: string; server?: Server; database?: BenchDatabase; paths: string[] };

const TICK_MS = 1000 / 100;
const KINDS = [{}, { kind: 'ranked' }, { kind: 'text' }] as const;
const PAGE_NAMES = ['home', 'new poll', 'choice poll', 'ranked poll', 'text poll', 'presenter', 'embed'];

function parse(argv: string[]) {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    base: path.resolve(value('base') ?? ROOT),
    rounds: Number(value('rounds') ?? 3),
    views: Number(value('views') ?? 120),
  };
}

async function start(side: Side, workDir: string): Promise<void> {
  if (!fs.existsSync(path.join(side.root, '.next/BUILD_ID'))) {
    throw new Error(`${side.root} has no page build: run \`npx next build\` there first`);
  }
  const settings = settingsFor({ quick: false, pin: false, workDir });
  side.database = await createBenchDatabase();
  side.server = await startPollcast(
    `pages-${side.name}`,
    settings,
    { databaseUrl: side.database.url },
    {},
    side.root,
    true,
  );
  const url = side.server.url;
  const [choice, ranked, text] = await Promise.all(
    KINDS.map(async (kind) => (await createPolls(url, 1, 'pages', kind))[0]!),
  );
  await castVotes(url, choice!, ranked!, text!);
  side.paths = [
    '/',
    '/polls/new',
    `/polls/${choice!.id}`,
    `/polls/${ranked!.id}`,
    `/polls/${text!.id}`,
    `/polls/${choice!.id}/present`,
    `/embed/${choice!.id}`,
  ];
}

/** Thirty voters on each poll, so results have bars, rounds and words to draw. */
async function castVotes(url: string, ...polls: { id: string; optionIds: string[] }[]): Promise<void> {
  const words = ['vim', 'emacs', 'nano', 'helix', 'zed', 'code'];
  for (let voter = 0; voter < 30; voter += 1) {
    await Promise.all(
      polls.map((poll, kind) => {
        const ids = poll.optionIds;
        const ballot =
          kind === 0
            ? { option_ids: [ids[voter % ids.length]] }
            : kind === 1
              ? { ranking: [ids[voter % ids.length], ids[(voter + 1) % ids.length]] }
              : { answers: [words[voter % words.length]] };
        return fetch(`${url}/api/polls/${poll.id}/vote`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${voter + 1}` },
          body: JSON.stringify(ballot),
        });
      }),
    );
  }
}

/** Server CPU milliseconds per view of one page, two views at a time. */
async function cpuPerView(server: Server, pagePath: string, views: number, language: string): Promise<number> {
  const get = async () => {
    const response = await fetch(`${server.url}${pagePath}`, { headers: { 'Accept-Language': language } });
    if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
    await response.arrayBuffer();
  };
  for (let i = 0; i < 10; i += 1) await get();
  const before = processTicks(server.pid) ?? 0;
  const lanes = Array.from({ length: 2 }, async (_, lane) => {
    for (let i = lane; i < views; i += 2) await get();
  });
  await Promise.all(lanes);
  return (((processTicks(server.pid) ?? 0) - before) * TICK_MS) / views;
}

/** Gzipped bytes of a page's HTML and of the scripts it loads. */
async function pageBytes(server: Server, pagePath: string): Promise<{ html: number; js: number }> {
  const html = await (await fetch(`${server.url}${pagePath}`)).text();
  const scripts = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!))];
  let js = 0;
  for (const src of scripts)
    js += gzipSync(Buffer.from(await (await fetch(new URL(src, server.url))).arrayBuffer())).length;
  return { html: gzipSync(Buffer.from(html)).length, js };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const options = parse(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-pages-'));
  setLogDir(workDir);
  const sides: Side[] = [
    { name: 'A', root: options.base, paths: [] },
    { name: 'B', root: ROOT, paths: [] },
  ];
  try {
    for (const side of sides) await start(side, workDir);
    const [a, b] = sides as [Side, Side];
    const cost: Record<string, number[]> = {};
    const add = (key: string, ms: number) => (cost[key] ??= []).push(ms);
    for (let round = 0; round < options.rounds; round += 1) {
      for (const [page, name] of PAGE_NAMES.entries()) {
        for (const side of [a, b, b, a])
          add(`${side.name} ${name}`, await cpuPerView(side.server!, side.paths[page]!, options.views, 'en'));
        for (const language of ['de', 'ar'])
          add(`B ${name} ${language}`, await cpuPerView(b.server!, b.paths[page]!, options.views, language));
      }
      console.log(`round ${round + 1} of ${options.rounds} done`);
    }
    console.log(
      '\npage          | A ms/view | B ms/view | B/A   | B de  | B ar  | JS gz A → B (bytes) | HTML gz A → B',
    );
    for (const [page, name] of PAGE_NAMES.entries()) {
      const ms = (key: string) => median(cost[key] ?? []);
      const [bytesA, bytesB] = [await pageBytes(a.server!, a.paths[page]!), await pageBytes(b.server!, b.paths[page]!)];
      console.log(
        `${name.padEnd(13)} | ${ms(`A ${name}`).toFixed(2).padStart(9)} | ${ms(`B ${name}`).toFixed(2).padStart(9)} | ` +
          `${(ms(`B ${name}`) / ms(`A ${name}`)).toFixed(2).padStart(5)} | ${ms(`B ${name} de`).toFixed(2).padStart(5)} | ` +
          `${ms(`B ${name} ar`).toFixed(2).padStart(5)} | ${`${bytesA.js} → ${bytesB.js}`.padStart(19)} | ${bytesA.html} → ${bytesB.html}`,
      );
    }
  } finally {
    for (const side of sides) {
      await side.server?.stop();
      await side.database?.drop();
    }
    killAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  killAll();
  process.exitCode = 1;
});
