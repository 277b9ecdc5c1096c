import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { serviceLogGroup, type LogGroupProps } from './log-group.ts';

export interface PredictionApiProps extends LogGroupProps {
  function: lambda.IFunction;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  /** `POST /experiment`'s own throttle: each request starts a workflow execution. */
  experimentRateLimit: number;
  experimentBurstLimit: number;
  /**
   * true: the stack sets the account's API Gateway CloudWatch Logs role (AWS::ApiGateway::Account, retained on
   * delete). false: the account already has one, managed elsewhere; the stack leaves the setting alone.
   */
  createAccountLogRole: boolean;
  tracing?: boolean;
}

const EXPERIMENT_RESOURCE = 'experiment';

/** The routes the API serves; the local API adapter and tests read them through definitions.ts. */
export const API_ROUTES = [
  { method: 'POST', resource: '/predict' },
  { method: 'POST', resource: '/experiment' },
  { method: 'GET', resource: '/jobs/{id}' },
] as const;

/**
 * REST API, every route a Lambda proxy to the one function.
 * REST APIs cap payloads at 10 MB; the function enforces its own smaller documented limit (MAX_BODY_BYTES → 413).
 * Bodies are not schema-validated here on purpose: the function answers bad bodies with the contract's
 * error codes (INVALID_JSON, MISSING_VALUES, ...), which an API Gateway model would replace with a generic message.
 */
export class PredictionApi extends Construct {
  readonly api: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PredictionApiProps) {
    super(scope, id);
    this.accessLogs = serviceLogGroup(this, 'AccessLogs', props);
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Iris prediction service: sync predict, experiment start, job status',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // A stage with access logging is refused ("CloudWatch Logs role ARN must be set in account settings") unless the
      // account's API Gateway settings name a role; the setting is account-wide per region, so the role is retained:
      // deleting this stack must not break logging of other APIs in the account. The stage depends on the setting.
      cloudWatchRole: props.createAccountLogRole,
      ...(props.createAccountLogRole ? { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN } : {}),
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: props.throttleRateLimit,
        throttlingBurstLimit: props.throttleBurstLimit,
        // Each POST /experiment starts a Standard workflow execution; at the stage's rate it could use up the
        // account's StartExecution quota (shared with batch job starts), so it gets a much lower throttle.
        methodOptions: {
          [`/${EXPERIMENT_RESOURCE}/POST`]: { throttlingRateLimit: props.experimentRateLimit, throttlingBurstLimit: props.experimentBurstLimit },
        },
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: props.tracing ?? false,
      },
    });
    this.addRoutes(props.function);
  }

  private addRoutes(fn: lambda.IFunction): void {
    // No test-invoke permissions: one Lambda permission per route is enough.
    const integration = new apigw.LambdaIntegration(fn, { proxy: true, allowTestInvoke: false });
    // Validates the path parameter; bodies carry no model (see above), so body validation never rejects them.
    const validator = this.api.addRequestValidator('RequestValidator', { validateRequestParameters: true, validateRequestBody: true });
    this.api.root.addResource('predict').addMethod('POST', integration);
    this.api.root.addResource(EXPERIMENT_RESOURCE).addMethod('POST', integration);
    this.api.root.addResource('jobs').addResource('{id}').addMethod('GET', integration, {
      requestParameters: { 'method.request.path.id': true },
      requestValidator: validator,
    });
  }
}
