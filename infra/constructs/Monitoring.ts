import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../functions/lib/metrics/names.ts';
import type { MetricName } from '../../functions/lib/metrics/names.ts';

/** Where alarms notify: an existing SNS topic, or a new topic with one email subscription; neither = no action. */
export interface AlarmTarget {
  topicArn?: string;
  email?: string;
}

export interface MonitoringProps {
  /** Functions whose Errors and Throttles are alarmed, by a short label used in ids and titles. */
  functions: Record<string, lambda.IFunction>;
  /** Queues that hold what the service could not deliver (lost ingests): any message visible is an alarm. */
  failureQueues?: Record<string, sqs.IQueue>;
  alarmTarget?: AlarmTarget;
  dashboardName?: string;
}

const PERIOD = Duration.minutes(5);

/** A metric the image emits (functions/lib/metrics), with the `service` dimension Powertools adds to each. */
function serviceMetric(name: MetricName, statistic: string, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE },
    statistic,
    period: PERIOD,
    label,
  });
}

/**
 * Alarms on what needs a person: a failed job (JobsFailed), any function error or throttle, any message in a
 * failure queue; each fires on the first occurrence in 5 minutes and treats no data as OK (no traffic is healthy).
 * One dashboard shows them with the jobs' flow, rows scored and /predict latency.
 */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const action = this.alarmAction(props.alarmTarget);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        alarmDescription: description,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (action) created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };
    alarm(
      'JobsFailedAlarm',
      serviceMetric(METRIC.JobsFailed, 'Sum'),
      'A batch job ended FAILED: its summary.json and GET /jobs/{id} give the reason',
    );
    for (const [label, fn] of Object.entries(props.functions)) {
      alarm(`${label}ErrorsAlarm`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), `${label} function invocations failed`);
      alarm(
        `${label}ThrottlesAlarm`,
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        `${label} function throttled: its reserved concurrency is exhausted`,
      );
    }
    for (const [label, queue] of Object.entries(props.failureQueues ?? {})) {
      alarm(
        `${label}DepthAlarm`,
        queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        `${label} holds messages the service could not process`,
      );
    }
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(...this.widgets(props));
  }

  private alarmAction(target: AlarmTarget | undefined): cloudwatch.IAlarmAction | undefined {
    if (target?.topicArn) return new actions.SnsAction(sns.Topic.fromTopicArn(this, 'AlarmTopic', target.topicArn));
    if (!target?.email) return undefined;
    const topic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true });
    topic.addSubscription(new subscriptions.EmailSubscription(target.email));
    return new actions.SnsAction(topic);
  }

  private widgets(props: MonitoringProps): cloudwatch.IWidget[] {
    const graph = (title: string, left: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left, width: 12 });
    const functions = Object.entries(props.functions);
    return [
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
      graph(
        'Jobs',
        [METRIC.JobsStarted, METRIC.JobsSucceeded, METRIC.JobsFailed, METRIC.JobsSuperseded].map((m) => serviceMetric(m, 'Sum')),
      ),
      graph('Rows scored and rejected', [serviceMetric(METRIC.RowsScored, 'Sum'), serviceMetric(METRIC.RowsRejected, 'Sum')]),
      graph(
        '/predict latency (ms)',
        ['p50', 'p99'].map((s) => serviceMetric(METRIC.PredictLatency, s, `PredictLatency ${s}`)),
      ),
      graph(
        'Chunk duration (ms)',
        ['p50', 'p99'].map((s) => serviceMetric(METRIC.ChunkDuration, s, `ChunkDuration ${s}`)),
      ),
      graph(
        'Function errors and throttles',
        functions.flatMap(([label, fn]) => [
          fn.metricErrors({ period: PERIOD, statistic: 'Sum', label: `${label} errors` }),
          fn.metricThrottles({ period: PERIOD, statistic: 'Sum', label: `${label} throttles` }),
        ]),
      ),
      ...Object.entries(props.failureQueues ?? {}).map(([label, queue]) =>
        graph(`${label} depth`, [queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' })]),
      ),
    ];
  }
}
