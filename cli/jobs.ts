/**
 * `npm run jobs -- <command>`: submit a CSV as a batch job and follow it to its outputs, list jobs, watch or get one,
 * against the local stack or a deployed stack (cli/lib/jobs-target.ts says how it picks which).
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { JobView } from '../functions/lib/jobs/job-view.ts';
import { isJobId } from '../functions/lib/jobs/job-view.ts';
import { INPUT_SUFFIXES, startsJob } from '../functions/lib/jobs/input-format.ts';
import { followJob, getJob } from './lib/job-api.ts';
import { downloadOutputs, jobIdOfKey, uploadInput } from './lib/job-files.ts';
import { checkDownloads, checkLine } from './lib/check-downloads.ts';
import { jobsTarget } from './lib/jobs-target.ts';
import type { JobsFlags, JobsTarget } from './lib/jobs-target.ts';
import { jobListLine, listJobs } from './lib/list-jobs.ts';
import { LiveLine, jobLine, uploadLine } from './lib/progress-line.ts';
import type { Env } from './lib/store-target.ts';

const USAGE = `Usage: npm run jobs -- <command> [options]

Commands:
  submit <file> [--key <key>] [--model <ref>] [--out <dir>]
        Uploads the file (.csv, .csv.gz, .jsonl, .ndjson, .jsonl.gz, .ndjson.gz, .parquet) to the input bucket (multipart,
        progress on stderr), follows the job it starts to its end, then downloads its scored output, .errors.csv and
        .summary.json into --out (default: the current folder) and checks each output's size and CRC-32 against
        the summary (exit 1 on a mismatch).
  list [--limit <n>]                     the newest jobs (default 20), read from the Jobs table
  watch <jobId | key>                    follows a job to its end with a progress bar
  get <jobId | key>                      the job as GET /jobs/{id} shows it (JSON)

A key names the input object: its current version's job. Exit code: 0 when the job SUCCEEDED (or, for get and list,
is not over), 1 when it FAILED or was SUPERSEDED (the reason is printed) or on an error, 2 on a usage error.

Where: --api <url> (else $API_URL: a deployed stack's ApiUrl output; else the local stack's http://127.0.0.1:$PORT or
3000), --api-key <key> (or $API_KEY, for -c auth=apikey), --sign (or API_AUTH=iam, for -c auth=iam: SigV4 with your
AWS credentials); --endpoint <url> --input-bucket <name> --table <name>
(else $AWS_ENDPOINT_URL, $INPUT_BUCKET, $JOBS_TABLE; else the local stack's edge, bucket "input", table "Jobs"). A
deployed stack: its InputBucketName and JobsTableName outputs, with your AWS credentials.`;

const OPTIONS = {
  key: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
  limit: { type: 'string' },
  interval: { type: 'string' },
  api: { type: 'string' },
  'api-key': { type: 'string' },
  sign: { type: 'boolean' },
  endpoint: { type: 'string' },
  'input-bucket': { type: 'string' },
  table: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMANDS = ['submit', 'list', 'watch', 'get'] as const;
export type JobsCommandName = (typeof COMMANDS)[number];

export interface JobsCommand {
  command: JobsCommandName;
  /** submit: the file; watch, get: a job id or an input key. */
  subject?: string;
  key?: string;
  model?: string;
  out?: string;
  limit: number;
  intervalMs: number;
  target: JobsFlags;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command line → what to do; 'help' for --help or no command. Throws UsageError when it cannot be run. */
export function parseJobsArgs(argv: string[]): JobsCommand | 'help' {
  const { values, positionals } = parseCommandLine(argv);
  const [command, subject, ...extra] = positionals;
  if (values.help || command === undefined) return 'help';
  if (!COMMANDS.includes(command as JobsCommandName))
    throw new UsageError(`unknown command "${command}"; commands: ${COMMANDS.join(', ')}`);
  const name = command as JobsCommandName;
  if (extra.length > 0 || (name === 'list' && subject !== undefined))
    throw new UsageError(`${name}: unexpected "${[subject, ...extra].join(' ')}"`);
  if (name !== 'list' && subject === undefined)
    throw new UsageError(name === 'submit' ? 'submit needs <file>' : `${name} needs <jobId | key>`);
  const key = values.key ?? (name === 'submit' ? basename(subject!) : undefined);
  if (name === 'submit' && !startsJob(key!))
    throw new UsageError(
      `the input bucket starts jobs for keys ending in ${[...INPUT_SUFFIXES]
        .reverse()
        .map((e) => e.suffix)
        .join(', ')} only (any case): "${key}" (use --key)`,
    );
  if (name !== 'submit' && (values.key || values.model || values.out))
    throw new UsageError('--key, --model and --out are options of submit');
  return {
    command: name,
    ...(subject !== undefined ? { subject } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    limit: positiveInteger('limit', values.limit, 20),
    intervalMs: positiveInteger('interval', values.interval, 500),
    target: {
      api: values.api,
      apiKey: values['api-key'],
      ...(values.sign ? { sign: true } : {}),
      endpoint: values.endpoint,
      inputBucket: values['input-bucket'],
      table: values.table,
    },
  };
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's own errors (an unknown option, a missing value) are the user's to fix.
    if (String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer: "${raw}"`);
  return value;
}

/** Where the CLI writes: results on stdout, progress and reasons on stderr. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Env;
  cwd: string;
}

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };

/** Runs a command line and returns the exit code. */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const warn = (line: string) => io.stderr.write(`${line}\n`);
  try {
    const parsed = parseJobsArgs(argv);
    if (parsed === 'help') {
      say(USAGE);
      return 0;
    }
    const target = jobsTarget(parsed.target, io.env);
    return await RUN[parsed.command](parsed, target, io);
  } catch (error) {
    warn(`jobs: ${(error as Error).message}`);
    if (error instanceof UsageError) {
      warn('(npm run jobs -- --help)');
      return 2;
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (cause === 'ECONNREFUSED')
      warn('(nothing answers there: start the local stack with npm start, or name a deployed stack with --api)');
    return 1;
  }
}

type Run = (command: JobsCommand, target: JobsTarget, io: CliIo) => Promise<number>;

const RUN: Record<JobsCommandName, Run> = {
  submit: async (command, target, io) => {
    const live = new LiveLine(io.stderr);
    const submitted = await uploadInput(target, { file: command.subject!, key: command.key!, model: command.model }, (loaded, total) =>
      live.update(uploadLine(loaded, total), total ? String(Math.floor((loaded / total) * 10)) : undefined),
    );
    live.done();
    io.stderr.write(`uploaded s3://${target.inputBucket}/${submitted.key} (${submitted.bytes} bytes): job ${submitted.jobId}\n`);
    const view = await follow(target, submitted.jobId, command, io);
    if (view.status !== 'SUCCEEDED') return ended(view, io);
    const paths = await downloadOutputs(target.s3, view, command.out ?? io.cwd);
    for (const path of paths) io.stdout.write(`${path}\n`);
    // What arrived is what the job wrote: each output's size and CRC-32 against the summary's (S3's own checksum).
    const checks = await checkDownloads(paths);
    for (const check of checks) io.stderr.write(`${checkLine(check)}\n`);
    return checks.every((check) => check.matches) ? 0 : 1;
  },
  list: async (command, target, io) => {
    const jobs = await listJobs(target, command.limit);
    const now = new Date();
    for (const job of jobs) io.stdout.write(`${jobListLine(job, now)}\n`);
    if (jobs.length === 0) io.stderr.write(`no jobs in table ${target.jobsTable}\n`);
    return 0;
  },
  watch: async (command, target, io) => {
    const view = await follow(target, await jobIdOf(command.subject!, target), command, io);
    io.stdout.write(`${jobLine(view)}\n`);
    return ended(view, io);
  },
  get: async (command, target, io) => {
    const jobId = await jobIdOf(command.subject!, target);
    const view = await getJob(target, jobId);
    if (view === undefined) throw new Error(`no job ${jobId}`);
    io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    return ended(view, io);
  },
};

async function jobIdOf(subject: string, target: JobsTarget): Promise<string> {
  return isJobId(subject) ? subject : jobIdOfKey(target, subject);
}

async function follow(target: JobsTarget, jobId: string, command: JobsCommand, io: CliIo): Promise<JobView> {
  const live = new LiveLine(io.stderr);
  const view = await followJob(target, jobId, {
    intervalMs: command.intervalMs,
    onView: (v) => live.update(jobLine(v), `${v.status} ${v.progress.chunksDone}`),
  });
  live.done();
  return view;
}

/** 1 with the reason for a job that FAILED or was SUPERSEDED; 0 otherwise. */
function ended(view: JobView, io: CliIo): number {
  if (view.status !== 'FAILED' && view.status !== 'SUPERSEDED') return 0;
  io.stderr.write(`job ${view.jobId} ${view.status}: ${view.reason ?? 'no reason recorded'}\n`);
  return 1;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
