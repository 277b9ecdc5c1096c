import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasKey, versionKeys } from '../../../../../functions/lib/model-store/index.ts';
import { aliasFromKey, folderName, isVersionFolder } from '../../../../../functions/lib/model-store/keys.ts';

test('a version is a folder holding the model and its card; an alias a pointer object beside the versions', () => {
  assert.deepEqual(versionKeys('wine', '1.2.0'), { model: 'models/wine/1.2.0/model.onnx', card: 'models/wine/1.2.0/card.json' });
  assert.equal(aliasKey('wine', 'champion'), 'models/wine/aliases/champion.json');
});

test('listed folders and keys back to versions and aliases', () => {
  assert.equal(folderName('models/wine/1.2.0/'), '1.2.0');
  assert.equal(isVersionFolder('models/wine/1.2.0/'), true);
  assert.equal(isVersionFolder('models/wine/aliases/'), false);
  assert.equal(aliasFromKey('models/wine/aliases/champion.json'), 'champion');
  assert.equal(aliasFromKey('models/wine/aliases/notes.txt'), undefined);
});
