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
 * `npm run bench:pages -- [--base=<other checkout>] [--rounds=60] [--views=20] [--encoding=gzip]`
 *
 * What a page costs: the server's CPU time to render one view, and the bytes a browser fetches for
 * it (its HTML and scripts, gzipped). A is the server of another checkout (say a worktree at the
 * commit before a change, built with `npx next build`), B this one; both serve the same polls from
 * their own PostgreSQL database. Each page is first rendered a while on both sides; then they take
 * turns, `views` at a time, `rounds` turns each, A first on even rounds and B first on odd ones,
 * so the machine's drift falls on both alike. B/A is B's CPU time over A's for the whole page; its
 * spread is the lowest and highest B/A over the page's five fifths of rounds. B is also read in
 * German and Arabic. Views ask for `encoding` as browsers ask for gzip; `--encoding=identity`
 * leaves compression out and measures rendering alone.
 */

type Side = { name: 'A' | 'B'; root: string; server?: Server; database?: BenchDatabase; paths: string[] };

const KINDS = [{}, { kind: 'ranked' }, { kind: 'text' }] as const;
const PAGE_NAMES = ['home', 'new poll', 'choice poll', 'ranked poll', 'text poll', 'presenter', 'embed'];

function parse(argv: string[]) {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return {
    base: path.resolve(value('base') ?? ROOT),
    rounds: Number(value('rounds') ?? 60),
    views: Number(value('views') ?? 20),
    encoding: value('encoding') ?? 'gzip',
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

/** One page's A and B in turns, after a warm-up; B alone in German and Arabic. */
async function measurePage(a: Side, b: Side, page: number, options: ReturnType<typeof parse>) {
  for (const side of [a, b])
    for (const language of ['en', 'de', 'ar'])
      await cpuPerView(side.server!, side.paths[page]!, language === 'en' ? 300 : 60, language, options.encoding);
  const ms = { A: [] as number[], B: [] as number[] };
  for (let round = 0; round < options.rounds; round += 1)
    for (const side of round % 2 === 0 ? [a, b] : [b, a])
      ms[side.name].push(await cpuPerView(side.server!, side.paths[page]!, options.views, 'en', options.encoding));
  const fifth = Math.max(1, Math.floor(options.rounds / 5));
  const fifths = Array.from({ length: Math.min(5, options.rounds) }, (_, i) => {
    const part = (values: number[]) => sum(values.slice(i * fifth, (i + 1) * fifth));
    return part(ms.B) / part(ms.A);
  });
  const other = async (language: string) => {
    const runs: number[] = [];
    for (let run = 0; run < 3; run += 1)
      runs.push(await cpuPerView(b.server!, b.paths[page]!, options.views * 3, language, options.encoding));
    return median(runs);
  };
  return {
    a: sum(ms.A) / ms.A.length,
    b: sum(ms.B) / ms.B.length,
    ratio: sum(ms.B) / sum(ms.A),
    spread: [Math.min(...fifths), Math.max(...fifths)] as const,
    de: await other('de'),
    ar: await other('ar'),
  };
}

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
    const results = [];
    for (const [page, name] of PAGE_NAMES.entries()) {
      results.push(await measurePage(a, b, page, options));
      console.log(`${name} measured`);
    }
    console.log(
      '\npage          | A ms/view | B ms/view | B/A   | spread      | B de  | B ar  | JS gz A → B (bytes) | HTML gz A → B',
    );
    for (const [page, name] of PAGE_NAMES.entries()) {
      const r = results[page]!;
      const [bytesA, bytesB] = [await pageBytes(a.server!, a.paths[page]!), await pageBytes(b.server!, b.paths[page]!)];
      console.log(
        `${name.padEnd(13)} | ${r.a.toFixed(2).padStart(9)} | ${r.b.toFixed(2).padStart(9)} | ${r.ratio.toFixed(2).padStart(5)} | ` +
          `${r.spread
            .map((x) => x.toFixed(2))
            .join('–')
            .padEnd(11)} | ${r.de.toFixed(2).padStart(5)} | ${r.ar.toFixed(2).padStart(5)} | ` +
          `${`${bytesA.js} → ${bytesB.js}`.padStart(19)} | ${bytesA.html} → ${bytesB.html}`,
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
