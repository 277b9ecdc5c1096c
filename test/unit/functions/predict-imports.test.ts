import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

/**
 * The router imports each handler lazily so `/predict` never loads the AWS SDK at cold start; the model store (which
 * reads S3) must keep it that way for requests that name no model. Checked in a fresh process, recording every
 * module the import resolves.
 */
/** The AWS SDK clients importing `module` loads, in a fresh process recording every module the import resolves. */
function sdkClientsLoadedBy(module: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = new Set();
    registerHooks({ resolve(specifier, context, next) {
      const result = next(specifier, context);
      const sdk = /node_modules\\/(@aws-sdk\\/client-[^/]+)/.exec(result.url);
      if (sdk) loaded.add(sdk[1]);
      return result;
    } });
    await import(${JSON.stringify(`${process.cwd()}/${module}`)});
    console.log(JSON.stringify([...loaded]));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as string[];
}

test('importing the predict handler loads no AWS SDK client (the model store is imported only when a model is named)', () => {
  assert.deepEqual(sdkClientsLoadedBy('functions/predict.ts'), []);
});

test('importing the router loads no AWS SDK client (the job store that records an invocation’s units is loaded on first use)', () => {
  assert.deepEqual(sdkClientsLoadedBy('functions/router.ts'), []);
});
