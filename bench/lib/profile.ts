import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes';

/** Reads the V8 .cpuprofile files of `--profile` and names where the busy time went, by self time. */

type ProfileNode = {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};

/** The busiest thread's profile of each server directory under `dir`, summarised. */
export function profileSummaries(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((server) => {
    const files = fs
      .readdirSync(path.join(dir, server))
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(dir, server, f));
    const busiest = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    return busiest ? [`${server}: ${topFunctions(busiest)}`] : [];
  });
}

function topFunctions(file: string, limit = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const byFunction = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    busy += hits;
    const where = url ? ` ${path.relative(ROOT, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const share = (hits: number) => `${((hits / Math.max(busy, 1)) * 100).toFixed(1).padStart(5)}%`;
  return [
    `busy in ${((busy / Math.max(busy + idle, 1)) * 100).toFixed(0)}% of samples (${path.relative(ROOT, file)}); top self time:`,
    ...top.map(([name, hits]) => `  ${share(hits)}  ${name}`),
  ].join('\n');
}
