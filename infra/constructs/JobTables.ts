import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface JobTablesProps {
  dev: boolean;
}

/** Two tables (docs/architecture.md): job records by jobId; probe timing records by run, expiring via TTL. */
export class JobTables extends Construct {
  readonly jobs: dynamodb.Table;
  readonly probes: dynamodb.Table;

  constructor(scope: Construct, id: string, props: JobTablesProps) {
    super(scope, id);
    const common = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.dev ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    };
    this.jobs = new dynamodb.Table(this, 'Jobs', {
      ...common,
      partitionKey: { name: 'jobId', type: dynamodb.AttributeType.STRING },
    });
    this.probes = new dynamodb.Table(this, 'Probes', {
      ...common,
      partitionKey: { name: 'runId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'probeId', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
    });
  }
}
