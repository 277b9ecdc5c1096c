import { execFileSync } from 'node:child_process';

/** The AWS CLI is optional for the tests that drive it (CI: `apt-get install -y awscli` or `pip install awscli`). */
export function hasAwsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
