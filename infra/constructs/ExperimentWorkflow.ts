import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaTask } from './task-retries.ts';
import { serviceLogGroup, stateMachineLogGroupName, type LogGroupProps } from './log-group.ts';

export interface ExperimentWorkflowProps extends LogGroupProps {
  function: lambda.IFunction;
  stateMachineName: string;
  parallelBranches?: number;
  tracing?: boolean;
}

const EXECUTION_ID = '$$.Execution.Id';

/** The orchestration-overhead experiment: CHAIN A→B→C or PARALLEL fan-out P1..P5 of the probe handler (functions/probe.ts). */
export class ExperimentWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ExperimentWorkflowProps) {
    super(scope, id);
    this.logGroup = serviceLogGroup(this, 'Logs', { ...props, logGroupName: stateMachineLogGroupName(props.stateMachineName) });
    const chain = this.chain(props.function);
    const parallel = this.parallel(props.function, props.parallelBranches ?? 5);
    const select = new sfn.Choice(this, 'SelectExperiment')
      .when(sfn.Condition.stringEquals('$.experiment_type', 'CHAIN'), chain)
      .when(sfn.Condition.stringEquals('$.experiment_type', 'PARALLEL'), parallel)
      .otherwise(chain);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(select),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: props.tracing ?? false,
    });
  }

  /** Each step's whole Lambda result becomes the next step's input ($.Payload.last_step_time). */
  private chain(fn: lambda.IFunction): sfn.Chain {
    const step = (name: string, lastStepTimePath: string, keepOutput: boolean) =>
      lambdaTask(this, `Chain_Step_${name}`, fn, {
        payload: sfn.TaskInput.fromObject({
          step_name: name,
          last_step_time: sfn.JsonPath.numberAt(lastStepTimePath),
          execution_id: sfn.JsonPath.stringAt(EXECUTION_ID),
        }),
        resultPath: keepOutput ? `$.lambda_output_${name}` : sfn.JsonPath.DISCARD,
        outputPath: keepOutput ? `$.lambda_output_${name}` : undefined,
      });
    return step('A', '$.last_step_time', true)
      .next(step('B', '$.Payload.last_step_time', true))
      .next(step('C', '$.Payload.last_step_time', false));
  }

  private parallel(fn: lambda.IFunction, branches: number): sfn.Parallel {
    const fanOut = new sfn.Parallel(this, 'Parallel_Fan_Out', { resultPath: sfn.JsonPath.DISCARD });
    for (let i = 1; i <= branches; i++) {
      fanOut.branch(
        lambdaTask(this, `P${i}`, fn, {
          payload: sfn.TaskInput.fromObject({ step_name: `P${i}`, execution_id: sfn.JsonPath.stringAt(EXECUTION_ID) }),
          resultPath: sfn.JsonPath.DISCARD,
        }),
      );
    }
    return fanOut;
  }
}
