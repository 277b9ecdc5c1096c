import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { serviceLogGroup, type LogGroupProps } from './log-group.ts';

export interface PredictionApiProps extends LogGroupProps {
  function: lambda.IFunction;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  tracing?: boolean;
}

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
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: props.throttleRateLimit,
        throttlingBurstLimit: props.throttleBurstLimit,
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
    this.api.root.addResource('experiment').addMethod('POST', integration);
    this.api.root.addResource('jobs').addResource('{id}').addMethod('GET', integration, {
      requestParameters: { 'method.request.path.id': true },
      requestValidator: validator,
    });
  }
}
