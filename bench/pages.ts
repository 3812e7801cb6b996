import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createPolls } from './lib/api';
import { processCpuNs } from './lib/cpu';
import { createBenchDatabase, type BenchDatabase } from './lib/database';
import { killAll, ROOT, setLogDir } from './lib/processes';
import { startPollcast, type Server } from './lib/servers';
import { settingsFor } from './lib/settings';

/**
 * `npm run bench:pages -- [--base=<other checkout>] [--processes=3] [--warm=600] [--rounds=30] [--views=20] [--encoding=gzip] [--store=embedded] [--pages=embed,new poll]`
 *
 * What a page costs: the server's CPU time to render one view, and the bytes a browser fetches for
 * it (its HTML and scripts, gzipped). A is the server of another checkout (say a worktree at the
 * commit before a change, built with `npx next build`), B this one; each side runs `processes`
 * servers, each serving the same polls from its own PostgreSQL database (services mode) or, with
 * `--store=embedded`, its own PGlite data directory, as `npm start` runs out of the box.
 *
 * Two servers of the same build differ by up to 15 % in what a view costs them, process to process
 * (where V8 happened to optimise what, the heap's layout), as much as a change under test; so each
 * side is several processes, and B/A is the whole of B's CPU time over the whole of A's. First every
 * server renders every page `warm` times, all of them in turns so none sits idle while another
 * warms: a server that has rendered only one page, or waited minutes, renders slower for a while.
 * Then, page by page, the servers take turns, `views` at a time, `rounds` turns each, in an order
 * that reverses every round, so the machine's drift falls on both sides alike. B/A's spread is the
 * lowest and highest B/A over the page's five fifths of rounds; "one process a side" is the range
 * B/A could have read with a single server on each side, from the fastest and slowest processes.
 * B is also read in German and Arabic. Views ask for `encoding` as browsers ask for gzip;
 * `--encoding=identity` leaves compression out and measures rendering alone.
 *
 * The turn's length matters: six servers swapping every 20 views on two cores keep the memory
 * caches cold, which costs the side that runs more code more. With `--views=100` every view costs
 * less and B/A can read several points lower (docs/BENCHMARKS.md, 2026-12-06 night). The default
 * is the stricter reading; say which one a number is.
 *
 * So does how busy the machine is. The same two builds read A 7.64 and B 8.33 ms a view of the
 * home page in one run, 3.49 and 4.14 in another: about the same B−A (+0.69, +0.65 ms), but B/A
 * 1.09 against 1.19. A busy machine adds to both sides alike, so its B/A reads low; the table gives
 * B−A too, and a B/A should come with its A.
 */

type Instance = {
  side: 'A' | 'B';
  name: string;
  root: string;
  server?: Server;
  database?: BenchDatabase;
  paths: string[];
};

const KINDS = [{}, { kind: 'ranked' }, { kind: 'text' }] as const;
const PAGE_NAMES = ['home', 'new poll', 'choice poll', 'ranked poll', 'text poll', 'presenter', 'embed'];

function parse(argv: string[]) {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    base: path.resolve(value('base') ?? ROOT),
    processes: Number(value('processes') ?? 3),
    warm: Number(value('warm') ?? 600),
    rounds: Number(value('rounds') ?? 30),
    views: Number(value('views') ?? 20),
    encoding: value('encoding') ?? 'gzip',
    embedded: value('store') === 'embedded',
    /** The pages measured (all are warmed): names as in PAGE_NAMES, comma-separated. */
    pages: value('pages')?.split(',') ?? PAGE_NAMES,
  };
}

async function start(instance: Instance, workDir: string, embedded: boolean): Promise<void> {
  if (!fs.existsSync(path.join(instance.root, '.next/BUILD_ID'))) {
    throw new Error(`${instance.root} has no page build: run \`npx next build\` there first`);
  }
  const settings = settingsFor({ quick: false, pin: false, workDir });
  if (!embedded) instance.database = await createBenchDatabase();
  instance.server = await startPollcast(
    `pages-${instance.name}`,
    settings,
    instance.database
      ? { databaseUrl: instance.database.url }
      : { dataDir: path.join(workDir, `data-${instance.name}`) },
    {},
    instance.root,
    true,
  );
  const url = instance.server.url;
  const [choice, ranked, text] = await Promise.all(
    KINDS.map(async (kind) => (await createPolls(url, 1, 'pages', kind))[0]!),
  );
  await castVotes(url, choice!, ranked!, text!);
  instance.paths = [
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

/** Server CPU milliseconds per view of one page, one view after another. */
async function cpuPerView(
  server: Server,
  pagePath: string,
  views: number,
  language: string,
  encoding: string,
): Promise<number> {
  const before = processCpuNs(server.pid) ?? 0;
  for (let i = 0; i < views; i += 1) {
    const response = await fetch(`${server.url}${pagePath}`, {
      headers: { 'Accept-Language': language, 'Accept-Encoding': encoding },
    });
    if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
    await response.arrayBuffer();
  }
  return ((processCpuNs(server.pid) ?? 0) - before) / 1e6 / views;
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
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The servers in turns: A and B alternating, the order reversed every other round. */
function inTurns(instances: Instance[], round: number): Instance[] {
  return round % 2 === 0 ? instances : [...instances].reverse();
}

/**
 * Every page on every server, in turns of 60 views, `warm` views each, then each also in German
 * and Arabic: both sides render alike (A's build may know no other language and answer English), as
 * a server that has rendered more reads faster for a while, which made B read about 0.9 of A with
 * the same build on both sides.
 */
async function warmUp(instances: Instance[], options: ReturnType<typeof parse>) {
  const turns = Math.max(1, Math.round(options.warm / 60));
  for (let turn = 0; turn < turns; turn += 1)
    for (const page of PAGE_NAMES.keys())
      for (const instance of inTurns(instances, turn))
        await cpuPerView(instance.server!, instance.paths[page]!, 60, 'en', options.encoding);
  for (const [turn, language] of ['de', 'ar'].entries())
    for (const page of PAGE_NAMES.keys())
      for (const instance of inTurns(instances, turn))
        await cpuPerView(instance.server!, instance.paths[page]!, 60, language, options.encoding);
}

/** One page on every server in turns, then in German and Arabic (only B's reading is kept). */
async function measurePage(instances: Instance[], page: number, options: ReturnType<typeof parse>) {
  const ms = new Map<Instance, number[]>(instances.map((instance) => [instance, []]));
  for (let round = 0; round < options.rounds; round += 1)
    for (const instance of inTurns(instances, round))
      ms.get(instance)!.push(
        await cpuPerView(instance.server!, instance.paths[page]!, options.views, 'en', options.encoding),
      );
  const of = (side: 'A' | 'B') =>
    instances.filter((instance) => instance.side === side).map((instance) => ms.get(instance)!);
  const [a, b] = [of('A'), of('B')];
  const total = (runs: number[][], from = 0, to = options.rounds) => sum(runs.map((run) => sum(run.slice(from, to))));
  const fifth = Math.max(1, Math.floor(options.rounds / 5));
  const fifths = Array.from({ length: Math.min(5, options.rounds) }, (_, i) => {
    const [from, to] = [i * fifth, (i + 1) * fifth];
    return total(b, from, to) / total(a, from, to);
  });
  const means = (runs: number[][]) => runs.map((run) => sum(run) / run.length);
  // A renders as much as B here too, so the next page finds both sides equally warm.
  const other = async (language: string) => {
    const runs: number[] = [];
    for (const instance of instances) {
      const ms = await cpuPerView(
        instance.server!,
        instance.paths[page]!,
        options.views * 3,
        language,
        options.encoding,
      );
      if (instance.side === 'B') runs.push(ms);
    }
    return median(runs);
  };
  return {
    a: total(a) / (a.length * options.rounds),
    b: total(b) / (b.length * options.rounds),
    ratio: total(b) / total(a),
    spread: [Math.min(...fifths), Math.max(...fifths)] as const,
    single: [Math.min(...means(b)) / Math.max(...means(a)), Math.max(...means(b)) / Math.min(...means(a))] as const,
    de: await other('de'),
    ar: await other('ar'),
  };
}

const range = ([low, high]: readonly [number, number]) => `${low.toFixed(2)}–${high.toFixed(2)}`.padEnd(11);

async function main() {
  const options = parse(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-pages-'));
  setLogDir(workDir);
  const instances: Instance[] = Array.from({ length: options.processes }, (_, i) =>
    (['A', 'B'] as const).map((side) => ({
      side,
      name: `${side}${i + 1}`,
      root: side === 'A' ? options.base : ROOT,
      paths: [],
    })),
  ).flat();
  try {
    for (const instance of instances) await start(instance, workDir, options.embedded);
    await warmUp(instances, options);
    console.log(`${instances.length} servers warmed`);
    const results = [];
    const measured = [...PAGE_NAMES.entries()].filter(([, name]) => options.pages.includes(name));
    if (measured.length === 0) throw new Error(`--pages names none of: ${PAGE_NAMES.join(', ')}`);
    for (const [page, name] of measured) {
      results.push({ page, name, ...(await measurePage(instances, page, options)) });
      console.log(`${name} measured`);
    }
    console.log(
      '\npage          | A ms/view | B ms/view | B/A   | B−A ms | spread      | one process a side | B de  | B ar  | JS gz A → B (bytes) | HTML gz A → B',
    );
    const [a, b] = [instances[0]!, instances[1]!];
    for (const r of results) {
      const { page, name } = r;
      const [bytesA, bytesB] = [await pageBytes(a.server!, a.paths[page]!), await pageBytes(b.server!, b.paths[page]!)];
      console.log(
        `${name.padEnd(13)} | ${r.a.toFixed(2).padStart(9)} | ${r.b.toFixed(2).padStart(9)} | ${r.ratio.toFixed(2).padStart(5)} | ` +
          `${`${r.b >= r.a ? '+' : ''}${(r.b - r.a).toFixed(2)}`.padStart(6)} | ` +
          `${range(r.spread)} | ${range(r.single).padEnd(18)} | ${r.de.toFixed(2).padStart(5)} | ${r.ar.toFixed(2).padStart(5)} | ` +
          `${`${bytesA.js} → ${bytesB.js}`.padStart(19)} | ${bytesA.html} → ${bytesB.html}`,
      );
    }
  } finally {
    for (const instance of instances) {
      await instance.server?.stop();
      await instance.database?.drop();
    }
    killAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  killAll();
  process.exitCode = 1;
});
