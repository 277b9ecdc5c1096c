// cdk-nag is CommonJS without static export names Node can detect; take its members from the default export.
import cdkNag from 'cdk-nag';

export const { AwsSolutionsChecks } = cdkNag;
