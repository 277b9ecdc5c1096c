/**
 * cfn-lint (AWS's CloudFormation linter, Python) over the synthesized template: resource property schemas, allowed
 * values, intrinsic functions and references — what CloudFormation itself would refuse at deploy time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { PredictionStack } from '../../infra/stacks/PredictionStack.ts';

const INSTALL_HINT = 'cfn-lint is not installed (not on PATH): install it with `pip install cfn-lint` to lint the synthesized template';

interface LintMatch {
  Level: 'Error' | 'Warning' | 'Informational';
  Rule: { Id: string };
  Message: string;
  Location: { Path: string[] };
}

function cfnLintAvailable(): boolean {
  return spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
}

const CONTROL = 'control';
const CONTROL_TEMPLATE = { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 901, Role: 'x', Code: {} } } } };

const VARIANTS: Record<string, Record<string, unknown>> = {
  defaults: {},
  'dev stack with tracing and no account log role': { dev: true, tracing: true, apiCloudWatchRole: false },
  'IAM auth, alarms to a topic': { auth: 'iam', alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops' },
  'API key auth, alarms by email': { auth: 'apikey', alarmEmail: 'ops@example.com' },
};

/** Synthesizes the real app once per variant into a temp dir and lints all templates in one cfn-lint run. */
function lintSynthesized(): Record<string, LintMatch[]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  try {
    const files = Object.entries(VARIANTS).map(([name, context], i) => {
      const app = new App({ outdir: path.join(outdir, String(i)), context, analyticsReporting: false });
      const stack = new PredictionStack(app, 'PredictionStack');
      const assembly = app.synth();
      return [name, path.join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile)] as [string, string];
    });
    // A control template with an out-of-range property proves in the same run that errors are reported.
    const control = path.join(outdir, 'control.json');
    fs.writeFileSync(control, JSON.stringify(CONTROL_TEMPLATE));
    files.push([CONTROL, control]);
    const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...files.map(([, file]) => file)], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    // Exit status is a bit mask (2 errors, 4 warnings, 8 informational); a failure to run at all has no JSON.
    assert.ok(run.status !== null && run.status < 32, `cfn-lint did not run: ${run.error?.message ?? run.stderr}`);
    const matches = JSON.parse(run.stdout || '[]') as (LintMatch & { Filename: string })[];
    return Object.fromEntries(files.map(([name, file]) => [name, matches.filter((m) => path.resolve(m.Filename) === file)]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const describeFinding = (m: LintMatch) => `${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`;

describe('cfn-lint over the synthesized template', () => {
  const available = cfnLintAvailable();
  let findings: Record<string, LintMatch[]> = {};
  before(() => {
    if (available) findings = lintSynthesized();
  });

  for (const name of Object.keys(VARIANTS)) {
    it(`finds zero errors (${name})`, { skip: available ? false : INSTALL_HINT }, () => {
      const errors = findings[name]!.filter((m) => m.Level === 'Error');

      assert.deepEqual(errors.map(describeFinding), []);
    });
  }

  it('reports errors in this harness (control: a Lambda timeout of 901 s)', { skip: available ? false : INSTALL_HINT }, () => {
    assert.ok(
      findings[CONTROL]!.some((m) => m.Level === 'Error'),
      JSON.stringify(findings[CONTROL]),
    );
  });
});
