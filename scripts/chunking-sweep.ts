/**
 * The chunking property over a larger sweep than `npm test` runs: generated adversarial files, each scored as one
 * chunk and chunk by chunk under many plans (see test/property/chunking-property.ts). Exits 1 on a mismatch.
 * Usage: node scripts/chunking-sweep.ts [--files 2000] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { checkChunkingProperty } from '../test/property/chunking-property.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } } });
const files = Number(values.files);
const seed = Number(values.seed);
if (!Number.isInteger(files) || files <= 0 || !Number.isInteger(seed)) {
  console.error('usage: node scripts/chunking-sweep.ts [--files N] [--seed N]');
  process.exit(2);
}

const started = performance.now();
const mismatches = await checkChunkingProperty(seed, files, (done) => {
  if (done % 100 === 0 || done === files) process.stderr.write(`\r${done}/${files} files`);
});
process.stderr.write('\n');
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (mismatches.length > 0) {
  console.error(`chunked ≠ one-chunk (seed ${seed}):`);
  for (const m of mismatches) console.error(JSON.stringify(m));
  process.exit(1);
}
console.log(`chunked = one-chunk on ${files} files, seed ${seed} (${seconds} s)`);
