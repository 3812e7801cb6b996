import { openApiDocument } from '../src/api/openapi';

/** `npm run --silent openapi > openapi.json`: the document GET /api/openapi.json serves, for tools that want a file. */
process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
