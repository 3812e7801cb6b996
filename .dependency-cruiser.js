// @ts-check
/**
 * The layers of docs/ARCHITECTURE.md, checked by `npm run lint:layers` (part of `npm test`).
 * docs/CHECKS.md says what each rule means and how to read a failure.
 *
 * A module imports its own layer and the layers below it, never one above or beside it. Type-only
 * imports follow the same rule: a type belongs to the layer that defines it, so an upward type
 * import is an upward dependency all the same. One exception: src/server may import the
 * composition root's types (the assembled Pollcast it serves); no other layer may.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * @typedef {{ name: string, where: string, rank: number, path: string,
 *   typesOf?: string[], alsoMay?: { path: string, where: string } }} Layer
 */

/**
 * Top to bottom; layers of one rank sit side by side. `where` names a layer in messages, `typesOf`
 * the layers above whose types it may import, `alsoMay` the few modules beside it it may import.
 * @type {Layer[]}
 */
/** The Next route handler that serves the API inside Next (src/app/api/[[...path]]/route.ts). */
const MOUNTED_API = 'src/app/api/\\[\\[\\.\\.\\.path\\]\\]/route\\.ts';

const layers = [
  // The process and its assembly: server.ts and src/pollcast.ts; and the Next route that mounts the
  // API where server.ts does not run (`next start`, serverless), which assembles pollcast itself.
  {
    name: 'root',
    where: 'the composition root',
    rank: 10,
    path: `^(server\\.ts|src/pollcast\\.ts|${MOUNTED_API})$`,
  },
  { name: 'server', where: 'src/server', rank: 9, path: '^src/server/', typesOf: ['root'] },
  { name: 'api', where: 'src/api', rank: 8, path: '^src/api/' },
  {
    name: 'app',
    where: "src/app (and each kind's ui/)",
    rank: 8,
    // A kind's React parts (src/kinds/<kind>/ui/) are pages' code that lives beside its kind.
    path: `^src/(app/(?!${MOUNTED_API.slice('src/app/'.length)})|kinds/[^/]+/ui/)`,
    // The Next route that mounts the API, the page that renders its OpenAPI description, and the
    // no-JavaScript vote form that answers errors as the API does.
    alsoMay: { path: '^src/api/(app|openapi|errors)\\.ts$', where: 'src/api/app.ts, openapi.ts, errors.ts' },
  },
  { name: 'realtime', where: 'src/realtime', rank: 7, path: '^src/realtime/' },
  // votes above polls: a vote reads a poll's settings, a poll never casts a vote.
  { name: 'votes', where: 'src/votes', rank: 6, path: '^src/votes/' },
  { name: 'polls', where: 'src/polls', rank: 5, path: '^src/polls/' },
  { name: 'voters', where: 'src/voters', rank: 4, path: '^src/voters/' },
  { name: 'adapters', where: 'src/adapters', rank: 3, path: '^src/adapters/' },
  { name: 'db', where: 'src/db', rank: 2, path: '^src/db/' },
  { name: 'redis', where: 'src/redis', rank: 2, path: '^src/redis/' },
  // Settings and the process's instruments, read by every layer above domain.
  {
    name: 'settings',
    where: 'settings (src/config.ts, logger.ts, metrics.ts)',
    rank: 1,
    path: '^src/(config|logger|metrics)\\.ts$',
  },
  // Ballot kinds' pure parts (their ui/ folders sit with src/app): rules, counts, export cells.
  { name: 'kinds', where: 'src/kinds (but its ui/ folders)', rank: 0.5, path: '^src/kinds/(?![^/]+/ui/)' },
  { name: 'domain', where: 'src/domain', rank: 0, path: '^src/domain/' },
];

const anyOf = (/** @type {string[]} */ paths) => paths.map((p) => `(${p})`).join('|');

/** "root > server > api | app > … > domain", ended by where to read more: the tail of every message. */
const ORDER =
  'Top to bottom: ' +
  [...new Set(layers.map((layer) => layer.rank))]
    .map((rank) =>
      layers
        .filter((layer) => layer.rank === rank)
        .map((layer) => layer.name)
        .join(' | '),
    )
    .join(' > ') +
  ' (docs/CHECKS.md).';

/** Per layer: nothing above it or beside it; and where it may import types only, no values. */
/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = layers.flatMap((layer) => {
  const typesOf = layer.typesOf ?? [];
  const never = layers.filter((other) => other !== layer && other.rank >= layer.rank && !typesOf.includes(other.name));
  /** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
  const rules = [];
  if (never.length > 0) {
    const allowed = layer.rank > 0 ? 'imports only its own layer and those below it' : 'imports nothing else of ours';
    const beside = layer.alsoMay ? `; of the layers beside it only ${layer.alsoMay.where}` : '';
    rules.push({
      name: `layer-${layer.name}`,
      comment: `${layer.where} ${allowed}${beside}. ${ORDER}`,
      severity: 'error',
      from: { path: layer.path },
      to: { path: anyOf(never.map((other) => other.path)), ...(layer.alsoMay ? { pathNot: layer.alsoMay.path } : {}) },
    });
  }
  for (const name of typesOf) {
    const other = layers.find((candidate) => candidate.name === name);
    if (!other) throw new Error(`.dependency-cruiser.js: no layer named ${name}`);
    rules.push({
      name: `layer-${layer.name}-types-only`,
      comment: `${layer.where} may import ${other.where}'s types, never its values. ${ORDER}`,
      severity: 'error',
      from: { path: layer.path },
      to: { path: other.path, dependencyTypesNot: ['type-only'] },
    });
  }
  return rules;
});

/** Files under src/app that start with 'use client': Next sends them, and what they import, to the browser. */
function clientFiles() {
  /** @type {string[]} */
  const found = [];
  for (const entry of fs.readdirSync('src/app', { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use client['"]/.test(fs.readFileSync(file, 'utf8'))) {
      found.push(file.split(path.sep).join('/'));
    }
  }
  return found;
}

const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Code that may run in the browser: every 'use client' file, the shared components and helpers
 * (src/app/_components, _lib, _client, except *.server.ts), the presenter screen's parts, and the
 * live messages the browser's
 * client reads. Its value imports stay in this set or in src/domain, so everything the browser
 * bundle can reach is checked by one direct rule; server actions are called over the network.
 */
const browserCode = anyOf([
  ...clientFiles().map((file) => `^${escape(file)}$`),
  '^src/app/_(components|lib|client)/(?!.*\\.server\\.tsx?$)',
  // The presenter screen's parts, beside the page that renders it.
  '^src/app/polls/\\[id\\]/present/presenter-',
  '^src/kinds/[^/]+/ui/',
  '^src/realtime/live-messages\\.ts$',
]);
// A stylesheet holds no code: a client component may bring its part's, wherever it lives.
const browserMayImport = anyOf([browserCode, '^src/domain/', '^src/app/.*/actions\\.ts$', '\\.css$']);

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unknown',
      comment:
        'Every module of src belongs to a layer: place a new folder in .dependency-cruiser.js and docs/ARCHITECTURE.md.',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: anyOf(layers.map((layer) => layer.path)) },
    },
    {
      name: 'browser-code',
      comment:
        "Browser code (a 'use client' file, src/app/_components, _client, _lib except *.server.ts, each kind's ui/) " +
        'imports values only from browser code and src/domain; types from lower layers are fine.',
      severity: 'error',
      from: { path: browserCode },
      to: { path: '^(src/|server\\.ts$)', pathNot: browserMayImport, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'browser-code-no-node',
      comment: 'Browser code runs in the browser: no Node built-in modules (node:fs, node:net…).',
      severity: 'error',
      from: { path: browserCode },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-cycle',
      comment: 'Modules import each other in one direction only; a cycle, even of types, is one knot to untie.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-tests-in-src',
      comment: 'src never imports test code (tests/).',
      severity: 'error',
      from: { path: '^(src/|server\\.ts$)' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    // The layers are about the shipped code: tests may reach anything they exercise.
    exclude: { path: ['\\.test\\.tsx?$', '^node_modules/', '^\\.next/'] },
    doNotFollow: { path: ['node_modules'] },
    tsConfig: { fileName: 'tsconfig.json' },
    // Keep `import type` edges: type-only imports obey the layers too.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
