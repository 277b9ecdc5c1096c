import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from '../nag.ts';
import { PredictionStack } from '../stacks/PredictionStack.ts';

// Environment-agnostic on purpose: synth needs no credentials; `cdk deploy` picks the account/region from the profile.
const app = new App();
new PredictionStack(app, 'PredictionStack', {
  description: 'Iris ONNX prediction service: sync API, S3-triggered batch scoring, orchestration experiment',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
