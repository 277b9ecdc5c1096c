import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PredictionStack } from '../../infra/stacks/PredictionStack.ts';

export interface SynthesizedStack {
  app: App;
  stack: PredictionStack;
  template: Template;
}

/** One synthesis of the real stack (real image asset, real context handling). */
export function synthesizeStack(context: Record<string, unknown> = {}): SynthesizedStack {
  const app = new App({ context, analyticsReporting: false });
  const stack = new PredictionStack(app, 'PredictionStack');
  return { app, stack, template: Template.fromStack(stack) };
}

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

export function only<T>(record: Record<string, T>): [string, T] {
  const entries = Object.entries(record);
  if (entries.length !== 1) throw new Error(`expected exactly one, got ${entries.length}`);
  return entries[0];
}
