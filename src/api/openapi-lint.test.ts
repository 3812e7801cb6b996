import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig, type NormalizedProblem } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { METHODS, openApiDocument, type OpenApiDocument } from './openapi';

/**
 * The served OpenAPI document under Redocly's recommended rules, as configured in redocly.yaml:
 * any problem, error or warning, fails. The rules redocly.yaml turns off are checked here for the
 * operations they can hold for.
 */

const CONFIG = fileURLToPath(new URL('../../redocly.yaml', import.meta.url));

async function lint(document: OpenApiDocument): Promise<string[]> {
  const config = await loadConfig({ configPath: CONFIG });
  const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
  const where = (problem: NormalizedProblem) => problem.location[0]?.pointer ?? '';
  return problems.map((problem) => `${problem.severity} ${problem.ruleId} at ${where(problem)}: ${problem.message}`);
}

const operations = (document: OpenApiDocument) =>
  Object.values(document.paths).flatMap((item) => METHODS.flatMap((method) => item[method] ?? []));

describe('the OpenAPI document under Redocly’s rules', () => {
  it('has no problem', async () => {
    expect(await lint(openApiDocument())).toEqual([]);
  });

  it('finds the problem in a document that has one', async () => {
    const broken = structuredClone(openApiDocument());
    delete broken.paths['/api/health']!.get!.security;
    expect(await lint(broken)).toEqual([
      expect.stringMatching(/^error security-defined at #\/paths\/~1api~1health\/get/),
    ]);
  });

  it('answers a success and a client error on every operation that can have them', () => {
    // Health and this document read no input; the WebSocket succeeds with 101 (redocly.yaml).
    const exempt = new Set(['getHealth', 'getOpenApi', 'liveSocket']);
    for (const operation of operations(openApiDocument()).filter(({ operationId }) => !exempt.has(operationId))) {
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((status) => status.startsWith('2')),
        operation.operationId,
      ).toBe(true);
      expect(
        statuses.some((status) => status.startsWith('4')),
        operation.operationId,
      ).toBe(true);
    }
  });

  it('reaches every named schema from some operation, events included', () => {
    const document = openApiDocument();
    const text = JSON.stringify(document.paths);
    const reached = new Set<string>();
    const follow = (name: string) => {
      if (reached.has(name)) return;
      reached.add(name);
      for (const [, inner] of JSON.stringify(document.components.schemas[name]).matchAll(
        /"#\/components\/schemas\/(\w+)"/g,
      ))
        follow(inner!);
    };
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) follow(name!);
    expect([...reached].sort()).toEqual(Object.keys(document.components.schemas).sort());
  });
});
