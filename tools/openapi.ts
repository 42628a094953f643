/** Writes docs/openapi.json from the API's Zod schemas: `npm run openapi`. The tests fail when it is stale. */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/http/v1/index.ts';

const target = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
