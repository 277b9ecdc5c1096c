import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countFinalized, countJob, METRIC, METRICS_NAMESPACE, METRICS_SERVICE, timed } from '../../../../../functions/lib/metrics/index.ts';
import { handler as predict } from '../../../../../functions/predict.ts';
import { loadSample } from '../../../../helpers/events.ts';

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  service: string;
  [metric: string]: unknown;
}

/** Every EMF line `act` writes to stdout (Powertools writes one JSON line per publish). */
async function emfLines(act: () => Promise<unknown> | unknown): Promise<EmfLine[]> {
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await act();
  } finally {
    process.stdout.write = write;
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfLine);
}

function metricOf(line: EmfLine, name: string): { unit: string; value: unknown } {
  const directive = line._aws.CloudWatchMetrics[0];
  const definition = directive.Metrics.find((m) => m.Name === name);
  assert.ok(definition, `${name} in ${JSON.stringify(directive.Metrics)}`);
  return { unit: definition.Unit, value: line[name] };
}

describe('EMF metrics', () => {
  it('countJob: one Count of the job event in the shared namespace, with the service dimension', async () => {
    const [line, ...rest] = await emfLines(() => countJob('failed'));

    assert.equal(rest.length, 0);
    assert.equal(line._aws.CloudWatchMetrics[0].Namespace, METRICS_NAMESPACE);
    assert.deepEqual(line._aws.CloudWatchMetrics[0].Dimensions, [['service']]);
    assert.equal(line.service, METRICS_SERVICE);
    assert.deepEqual(metricOf(line, METRIC.JobsFailed), { unit: 'Count', value: 1 });
  });

  it('countJob: started and superseded have their metrics; a duplicate event counts nothing', async () => {
    const lines = await emfLines(() => {
      countJob('started');
      countJob('duplicate');
      countJob('superseded');
    });

    assert.deepEqual(
      lines.map((l) => l._aws.CloudWatchMetrics[0].Metrics.map((m) => m.Name)),
      [[METRIC.JobsStarted], [METRIC.JobsSuperseded]],
    );
  });

  it('countFinalized: JobsSucceeded with RowsScored and RowsRejected; a superseded finalize counts JobsSuperseded only', async () => {
    const [succeeded, superseded] = await emfLines(() => {
      countFinalized({ status: 'SUCCEEDED', rowsScored: 998, rowsRejected: 2 });
      countFinalized({ status: 'SUPERSEDED', rowsScored: 5, rowsRejected: 0 });
    });

    assert.deepEqual(metricOf(succeeded, METRIC.JobsSucceeded), { unit: 'Count', value: 1 });
    assert.deepEqual(metricOf(succeeded, METRIC.RowsScored), { unit: 'Count', value: 998 });
    assert.deepEqual(metricOf(succeeded, METRIC.RowsRejected), { unit: 'Count', value: 2 });
    assert.deepEqual(
      superseded._aws.CloudWatchMetrics[0].Metrics.map((m) => m.Name),
      [METRIC.JobsSuperseded],
    );
  });

  it('timed: milliseconds published when the work resolves and when it throws (the error still reaches the caller)', async () => {
    const lines = await emfLines(async () => {
      assert.equal(await timed(METRIC.ChunkDuration, async () => 'done'), 'done');
      await assert.rejects(
        timed(METRIC.ChunkDuration, async () => {
          throw new Error('chunk failed');
        }),
        /chunk failed/,
      );
    });

    assert.equal(lines.length, 2);
    for (const line of lines) {
      const { unit, value } = metricOf(line, METRIC.ChunkDuration);
      assert.equal(unit, 'Milliseconds');
      assert.ok(typeof value === 'number' && value >= 0, String(value));
    }
  });

  it('the predict handler publishes PredictLatency: its first request at once, then in batches', async () => {
    const request = () => predict(loadSample('events/direct-invoke.json'));
    const first = await emfLines(request);
    const next = await emfLines(async () => {
      for (let i = 0; i < 3; i++) await request();
    });
    const untilFlushed = await emfLines(async () => {
      for (let i = 0; i < 97; i++) await request();
    });

    assert.equal(first.length, 1);
    assert.equal(metricOf(first[0], METRIC.PredictLatency).unit, 'Milliseconds');
    assert.equal(next.length, 0, 'requests within a second of a publish write no line of their own');
    // The batch is published by its 100th value, or earlier by the one-second clock on a slow machine.
    const published = untilFlushed.map((line) => metricOf(line, METRIC.PredictLatency).value);
    assert.ok(
      published.length >= 1 && published.every((v) => Array.isArray(v) && v.length > 1 && v.length <= 100),
      JSON.stringify(published),
    );
  });
});
