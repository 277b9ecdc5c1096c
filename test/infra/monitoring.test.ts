import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Monitoring } from '../../infra/constructs/Monitoring.ts';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../functions/lib/metrics/names.ts';
import { resourcesOf, synthesizeStack } from './synth-helpers.ts';
import type { Resource } from './synth-helpers.ts';

const { stack, template } = synthesizeStack();
const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
const functionRef = (fn: lambda.IFunction) => ({ Ref: stack.getLogicalId(fn.node.defaultChild as never) });
const alarmOn = (metricName: string, functionName?: unknown): Resource | undefined =>
  alarms.find(
    (a) =>
      a.Properties.MetricName === metricName &&
      (functionName === undefined ||
        JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: functionName }])),
  );

describe('Monitoring: alarms', () => {
  it('JobsFailed: the namespace, name and service dimension the functions emit; first failure in 5 min, no data is OK', () => {
    const alarm = alarmOn(METRIC.JobsFailed);
    assert.ok(alarm, 'a JobsFailed alarm');
    assert.equal(alarm.Properties.Namespace, METRICS_NAMESPACE);
    assert.deepEqual(alarm.Properties.Dimensions, [{ Name: 'service', Value: METRICS_SERVICE }]);
    assert.equal(alarm.Properties.Statistic, 'Sum');
    assert.equal(alarm.Properties.Period, 300);
    assert.equal(alarm.Properties.Threshold, 1);
    assert.equal(alarm.Properties.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
    assert.equal(alarm.Properties.TreatMissingData, 'notBreaching');
  });

  for (const [label, fn] of [
    ['API', () => stack.apiHandler.function],
    ['task', () => stack.handler.function],
  ] as const) {
    it(`${label} function: an Errors alarm and a Throttles alarm (AWS/Lambda, by function name)`, () => {
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = alarmOn(metric, functionRef(fn()));
        assert.ok(alarm, `${metric} alarm on the ${label} function`);
        assert.equal(alarm.Properties.Namespace, 'AWS/Lambda');
        assert.equal(alarm.Properties.Threshold, 1);
      }
    });
  }

  it("exactly those six alarms (with the safety net's dead-letter queue depth), and no alarm action by default", () => {
    assert.equal(alarms.length, 6);
    assert.ok(alarmOn('ApproximateNumberOfMessagesVisible'), 'the dead-letter queue depth');
    for (const alarm of alarms) assert.equal(alarm.Properties.AlarmActions, undefined);
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('-c alarmTopicArn: every alarm notifies that topic; -c alarmEmail: a new topic with the email subscribed', () => {
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:ops';
    const withTopic = Object.values(resourcesOf(synthesizeStack({ alarmTopicArn: topicArn }).template, 'AWS::CloudWatch::Alarm'));
    for (const alarm of withTopic) assert.deepEqual(alarm.Properties.AlarmActions, [topicArn]);

    const withEmail = synthesizeStack({ alarmEmail: 'ops@example.com' }).template;
    withEmail.resourceCountIs('AWS::SNS::Topic', 1);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    for (const alarm of Object.values(resourcesOf(withEmail, 'AWS::CloudWatch::Alarm')))
      assert.equal(alarm.Properties.AlarmActions.length, 1);
  });

  it('a malformed alarm target is refused at synth with the context key named', () => {
    assert.throws(() => synthesizeStack({ alarmTopicArn: 'ops-topic' }), /alarmTopicArn.*SNS topic ARN/);
    assert.throws(() => synthesizeStack({ alarmEmail: 'ops' }), /alarmEmail.*email address/);
  });

  it('a failure queue gets a depth alarm (ApproximateNumberOfMessagesVisible ≥ 1) and a dashboard graph', () => {
    const app = new App({ analyticsReporting: false });
    const bare = new Stack(app, 'Bare');
    const fn = new lambda.Function(bare, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('0'),
    });
    const queue = new sqs.Queue(bare, 'LostIngests');
    new Monitoring(bare, 'Monitoring', { functions: { Fn: fn }, failureQueues: { LostIngests: queue } });
    const bareTemplate = Template.fromStack(bare);

    bareTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Threshold: 1,
    });
    const body = JSON.stringify(Object.values(resourcesOf(bareTemplate, 'AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    assert.match(body, /LostIngests depth/);
  });
});

describe('Monitoring: dashboard and the functions’ metric settings', () => {
  const [dashboard] = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
  const body = JSON.stringify(dashboard?.Properties.DashboardBody);

  it('one dashboard: alarms, jobs, rows scored, /predict latency p50/p99 in the functions’ namespace', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    for (const text of ['Alarms', METRIC.RowsScored, METRIC.PredictLatency, 'p99', METRIC.JobsFailed, METRICS_NAMESPACE]) {
      assert.ok(body.includes(text), `${text} on the dashboard`);
    }
  });

  it('both functions emit into that namespace and service (POWERTOOLS_* environment from the same constants)', () => {
    for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function')).filter((f) => f.Properties.PackageType === 'Image')) {
      assert.equal(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE, METRICS_NAMESPACE);
      assert.equal(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME, METRICS_SERVICE);
    }
  });
});
