import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FOLDERS } from '../../../scripts/docs/folders.ts';
import { applySections, renderSections, trackedFolders } from '../../../scripts/docs/sections.ts';

const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'architecture.md');

describe('docs/architecture.md', () => {
  test('its generated sections match the code (`npm run docs` rewrites them)', () => {
    const current = readFileSync(DOC, 'utf8');

    const regenerated = applySections(current, renderSections());

    assert.equal(current, regenerated);
  });

  test('the layout names every folder git tracks, and no folder that is gone', () => {
    const described = Object.keys(FOLDERS).sort();

    assert.deepEqual(described, trackedFolders());
  });

  test('a section without its markers is an error, not a silent skip', () => {
    assert.throws(() => applySections('# no markers\n', { settings: 'x' }), /no <!-- generated:settings --> section/);
  });
});
