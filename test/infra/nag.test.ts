import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from '../../infra/nag.ts';
import { PredictionStack } from '../../infra/stacks/PredictionStack.ts';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
}

const outdirs: string[] = [];
after(() => {
  for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Synthesizes with cdk-nag's AwsSolutions pack and returns the unacknowledged rule names. */
function nagFindings(build: (app: App) => void, context: Record<string, unknown> = {}): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-'));
  outdirs.push(outdir);
  // Report instead of throwing so the test can list every finding.
  const app = new App({ outdir, analyticsReporting: false, context: { ...context, '@aws-cdk/core:failSynthOnValidationErrors': false } });
  build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName));
}

describe('cdk-nag AwsSolutions', () => {
  it('reports findings in this harness (control: an unacknowledged bare bucket)', () => {
    const findings = nagFindings((app) => new s3.Bucket(new Stack(app, 'Control'), 'Bare'));
    assert.ok(findings.includes('AwsSolutions-S1'), `findings: ${findings}`);
  });

  it('finds nothing unacknowledged in PredictionStack', () => {
    assert.deepEqual(
      nagFindings((app) => new PredictionStack(app, 'PredictionStack')),
      [],
    );
  });

  it('finds nothing unacknowledged in a dev PredictionStack with tracing', () => {
    assert.deepEqual(
      nagFindings((app) => new PredictionStack(app, 'PredictionStack'), { dev: true, tracing: true }),
      [],
    );
  });

  it('finds nothing unacknowledged with IAM auth and alarms by email, nor with API key auth and alarms to a topic', () => {
    for (const context of [
      { auth: 'iam', alarmEmail: 'ops@example.com' },
      { auth: 'apikey', alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops' },
    ]) {
      assert.deepEqual(
        nagFindings((app) => new PredictionStack(app, 'PredictionStack'), context),
        [],
        JSON.stringify(context),
      );
    }
  });

  it('gives every acknowledgement a written reason', () => {
    const app = new App({ analyticsReporting: false });
    const stack = new PredictionStack(app, 'PredictionStack');
    const reasons = stack.node.findAll().flatMap((c) => acknowledgementsOf(c));
    assert.ok(reasons.length > 10);
    for (const { id, reason } of reasons) assert.ok(reason.length >= 30, `${id}: "${reason}"`);
  });
});

function acknowledgementsOf(construct: object): { id: string; reason: string }[] {
  // Validations stores acknowledgements as construct metadata.
  const metadata = (construct as { node: { metadata: { type: string; data: unknown }[] } }).node.metadata;
  return metadata
    .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
}
