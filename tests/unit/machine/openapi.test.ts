import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineOpenApi } from '../../../lib/machine/openapi';

/**
 * The OpenAPI document names every machine route and only those: the walk lists app/api/v1's route.ts files (this
 * document's own route included) with the HTTP methods they export, and compares them with the document's paths.
 */
const ROOT = path.resolve(__dirname, '../../../app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === 'route.ts' ? [path.join(dir, e.name)] : [],
  );
}

describe('the machine API document', () => {
  const doc = machineOpenApi('http://localhost:3000');

  it('is OpenAPI 3.1 with the bearer scheme and the error envelope', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['key', 'message']);
  });

  it('lists every route under app/api/v1 with its methods, and nothing else', () => {
    const actual: Record<string, string[]> = {};
    for (const file of routeFiles(ROOT)) {
      const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).join('/').replace(/\[(\w+)\]/g, '{$1}');
      // the methods a route exports, read from its source (importing would need the runtime)
      const source = readFileSync(file, 'utf8');
      actual[`/api/v1/${rel}`] = METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(source)).map((m) => m.toLowerCase());
    }
    const documented = Object.fromEntries(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops as object).sort()]));
    expect(Object.keys(actual).length).toBeGreaterThan(0);
    expect(documented).toEqual(Object.fromEntries(Object.entries(actual).map(([p, m]) => [p, m.sort()])));
  });

  it('every route there but this open document checks the key through machineRoute, and the document says which are open', () => {
    const open = Object.entries(doc.paths).filter(([, ops]) => Object.values(ops as Record<string, { security?: unknown[] }>).every((op) => op.security?.length === 0)).map(([p]) => p);
    expect(open).toEqual(['/api/v1/openapi.json']);
    for (const file of routeFiles(ROOT)) {
      const rel = `/api/v1/${path.relative(ROOT, path.dirname(file)).split(path.sep).join('/')}`;
      if (open.includes(rel)) continue;
      expect(readFileSync(file, 'utf8'), `${rel} does not use machineRoute (lib/machine/route.ts)`).toMatch(/export const (GET|POST|PUT|PATCH|DELETE) = machineRoute\(/);
    }
  });
});
