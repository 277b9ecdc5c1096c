/**
 * Headers as real files write them, end to end: R's write.csv layout of iris (dotted names, an empty row-names cell,
 * quoted), uploaded with the SDK, is matched by normalised names; an ambiguous header fails the job with the reason in
 * its summary; the same file with an explicit x-amz-meta-columns pair is scored, and the summary says how.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { hasAwsCli } from '../helpers/aws-cli.ts';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { sampleText } from '../helpers/events.ts';

const R_HEADER = '"","Sepal.Length","Sepal.Width","Petal.Length","Petal.Width","Species"';

/** samples/csv/iris.csv as R's write.csv(iris) lays it out: quoted row names and strings. */
function irisAsR(header = R_HEADER, extra: (row: string[]) => string[] = () => []): string {
  const rows = (parse(sampleText('csv/iris.csv'), { from_line: 2 }) as string[][]).map(([id, ...rest]) => {
    const species = rest[4];
    return [`"${id}"`, ...rest.slice(0, 4), `"${species}"`, ...extra(rest)].join(',');
  });
  return `${header}\n${rows.join('\n')}\n`;
}

describe('header matching on the local stack', () => {
  let t: TestStack;
  before(async () => {
    t = await startTestStack();
  });
  after(() => t.stop());

  test("R's iris.csv is scored: every feature found by its normalised name, the summary says which column fed it", async () => {
    await t.s3.send(new PutObjectCommand({ Bucket: 'input', Key: 'r/iris.csv', Body: irisAsR() }));

    const summary = await t.waitForSummary('r/iris.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsScored, 150);
    assert.deepEqual(summary.columns, [
      { feature: 'sepal_length', column: 'Sepal.Length', position: 2, match: 'normalised' },
      { feature: 'sepal_width', column: 'Sepal.Width', position: 3, match: 'normalised' },
      { feature: 'petal_length', column: 'Petal.Length', position: 4, match: 'normalised' },
      { feature: 'petal_width', column: 'Petal.Width', position: 5, match: 'normalised' },
    ]);
    const rows = parse(await t.getText('output', 'r/iris.scored.csv'), { columns: true }) as Record<string, string>[];
    const correct = rows.filter((r) => r.label === r.Species).length;
    assert.ok(correct / 150 >= 0.93, `accuracy ${correct / 150}`);
  });

  const ambiguous = () => irisAsR(`${R_HEADER},"sepal length (cm)"`, (row) => [String(Number(row[0]) * 10)]);

  test('an ambiguous header fails the job; the summary names the columns, the feature and the fixes', async () => {
    await t.s3.send(new PutObjectCommand({ Bucket: 'input', Key: 'r/ambiguous.csv', Body: ambiguous() }));

    const summary = await t.waitForSummary('r/ambiguous.csv');

    assert.equal(summary.status, 'FAILED');
    assert.equal(
      summary.reason,
      'ambiguous header: columns "Sepal.Length" (column 2) and "sepal length (cm)" (column 7) both match feature "sepal_length"; ' +
        "rename all but one, or name its column in the upload's metadata: x-amz-meta-columns: sepal_length=Sepal.Length",
    );
    assert.equal(summary.outputs.scored, null);
    assert.equal(summary.columns, undefined);
  });

  test('the same file with the pair from that reason in its metadata is scored with that column', async () => {
    await t.s3.send(
      new PutObjectCommand({
        Bucket: 'input',
        Key: 'r/explicit.csv',
        Body: ambiguous(),
        Metadata: { columns: 'sepal_length=Sepal.Length' },
      }),
    );

    const summary = await t.waitForSummary('r/explicit.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.equal(summary.rowsScored, 150);
    assert.deepEqual(summary.columns?.[0], { feature: 'sepal_length', column: 'Sepal.Length', position: 2, match: 'metadata' });
    assert.deepEqual(
      summary.columns?.slice(1).map((c) => c.match),
      ['normalised', 'normalised', 'normalised'],
    );
    // Scored from Sepal.Length, not the ×10 look-alike: the labels are the plain R file's (the first test's output).
    const labels = async (key: string) =>
      (parse(await t.getText('output', key), { columns: true }) as Record<string, string>[]).map((r) => r.label);
    assert.deepEqual(await labels('r/explicit.scored.csv'), await labels('r/iris.scored.csv'));
  });

  test("the README's aws s3 cp --metadata form maps names that match nothing", {
    skip: !hasAwsCli() && 'aws CLI not installed',
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'header-cli-'));
    const file = join(dir, 'measurements.csv');
    await writeFile(file, irisAsR('"","SL","SW","PL","PW","Species"'));
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
    };
    const metadata = JSON.stringify({ columns: 'sepal_length=SL,sepal_width=SW,petal_length=PL,petal_width=PW' });

    try {
      await promisify(execFile)(
        'aws',
        ['s3', 'cp', file, 's3://input/cli/measurements.csv', '--metadata', metadata, '--endpoint-url', t.edgeUrl],
        {
          env,
        },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const summary = await t.waitForSummary('cli/measurements.csv');

    assert.equal(summary.status, 'SUCCEEDED', summary.reason);
    assert.deepEqual(
      summary.columns?.map((c) => [c.feature, c.column, c.position, c.match]),
      [
        ['sepal_length', 'SL', 2, 'metadata'],
        ['sepal_width', 'SW', 3, 'metadata'],
        ['petal_length', 'PL', 4, 'metadata'],
        ['petal_width', 'PW', 5, 'metadata'],
      ],
    );
  });
});
