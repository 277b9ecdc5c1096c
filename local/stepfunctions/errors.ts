/** An error answered to the client in the AWS JSON protocol: `400 {"__type": type, "message": ...}`. */
export class SfnApiError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = 'SfnApiError';
    this.type = type;
    this.status = status;
  }
}

export interface LambdaErrorShape {
  errorType: string;
  errorMessage: string;
  trace?: string[];
  /** `service`: the Invoke call failed (throttle, service fault); `function`: the handler failed. */
  source?: 'function' | 'service';
}

/** What an `invokeLambda` rejects with for a failed invocation (see `lambdaInvoker`). */
export class LambdaInvokeError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: string[];
  readonly source: 'function' | 'service';

  constructor(shape: LambdaErrorShape) {
    super(`${shape.errorType}: ${shape.errorMessage}`);
    this.name = 'LambdaInvokeError';
    this.errorType = shape.errorType;
    this.errorMessage = shape.errorMessage;
    if (shape.trace) this.trace = shape.trace;
    this.source = shape.source ?? (shape.errorType.startsWith('Lambda.') ? 'service' : 'function');
  }
}

/** A definition uses ASL the local engine cannot run; `features` names each use (`State.Field`). */
export class UnsupportedDefinitionError extends Error {
  readonly features: string[];

  constructor(stateMachine: string, features: string[]) {
    super(`State machine ${stateMachine} uses what the local Step Functions cannot run: ${features.join('; ')}`);
    this.name = 'UnsupportedDefinitionError';
    this.features = features;
  }
}
