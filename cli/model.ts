/**
 * `npm run model -- <command>`: publish, list, alias and describe models in the model store, against the local stack
 * or a deployed stack (cli/lib/store-target.ts says how it picks which).
 */
import { parseArgs } from 'node:util';
import { formatModelRef } from '../functions/lib/model-store/model-ref.ts';
import { publishModel } from './lib/publish.ts';
import { describeModel, listModels, setAlias } from './lib/store-admin.ts';
import { storeTarget } from './lib/store-target.ts';
import type { StoreTarget } from './lib/store-target.ts';

const USAGE = `Usage: npm run model -- <command> [options]

Commands:
  publish <file.onnx> --name <name> --version <version> [--alias <alias>] [--features f1,f2,... | --card card.json]
        Runs the model once (one row of zeros), then writes models/<name>/<version>/{model.onnx,card.json} once
        (an existing version is refused) and points the alias "latest" (and --alias) at it.
  list                                   every model, its versions and its aliases
  alias <name> <alias> <version>         point an alias at a version (promote, or roll back)
  describe <name>[@alias|@version]       the card of the version a reference names now

A reference: "wine" (= wine@latest), "wine@champion" (an alias), "wine@2" or "wine@v1.2.0" (a version: after "@",
a digit or "v" and a digit start a version, anything else is an alias).

Where: --endpoint <url> --bucket <name>; else $AWS_ENDPOINT_URL and $MODEL_BUCKET; else the local stack
(http://127.0.0.1:$EDGE_PORT or 4566, bucket "models"). A deployed stack: --bucket <its ModelBucketName output>.`;

const OPTIONS = {
  name: { type: 'string' },
  version: { type: 'string' },
  alias: { type: 'string' },
  features: { type: 'string' },
  card: { type: 'string' },
  endpoint: { type: 'string' },
  bucket: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[], print: (line: string) => void = console.log): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, ...args] = positionals;
  if (values.help || command === undefined) return print(USAGE);
  const target = storeTarget({ endpoint: values.endpoint, bucket: values.bucket });
  const commands: Record<string, () => Promise<void>> = {
    publish: () => publish(target, args, values, print),
    list: () => list(target, print),
    alias: () => alias(target, args, print),
    describe: () => describe(target, args, print),
  };
  const run = commands[command];
  if (!run) throw new UsageError(`unknown command "${command}"; commands: ${Object.keys(commands).join(', ')}`);
  await run();
}

class UsageError extends Error {
  override name = 'UsageError';
}

type Values = { name?: string; version?: string; alias?: string; features?: string; card?: string };

async function publish(target: StoreTarget, args: string[], values: Values, print: (line: string) => void): Promise<void> {
  const [file] = args;
  if (!file || !values.name || !values.version) throw new UsageError('publish needs <file.onnx> --name <name> --version <version>');
  if (values.features && values.card) throw new UsageError('give the feature names once: --features or --card');
  const features = values.features?.split(',').map((f) => f.trim());
  const { card, aliases, inspection } = await publishModel(target, {
    file,
    name: values.name,
    version: values.version,
    alias: values.alias,
    features,
    cardFile: values.card,
  });
  print(`published ${card.name}@${card.version} to ${target.where}`);
  print(`  sha256   ${card.sha256} (${inspection.bytes.length} bytes)`);
  print(`  inputs   ${inspection.inputs.join(', ')}: ${card.features.length} features (${card.features.join(', ')})`);
  print(`  outputs  ${card.outputs.join(', ')}${card.classes.length ? `; classes ${card.classes.join(', ')}` : ''}`);
  print(`  aliases  ${aliases.map((a) => `${card.name}@${a}`).join(', ')} → ${card.version}`);
}

async function list(target: StoreTarget, print: (line: string) => void): Promise<void> {
  const models = await listModels(target);
  if (models.length === 0)
    return print(`no models in ${target.where}; publish one with: npm run model -- publish <file.onnx> --name <n> --version 1`);
  for (const model of models) {
    const aliases = Object.entries(model.aliases).map(([alias, version]) => `${alias} → ${version}`);
    print(`${model.name}  versions: ${model.versions.join(', ') || 'none'}  aliases: ${aliases.join(', ') || 'none'}`);
  }
}

async function alias(target: StoreTarget, args: string[], print: (line: string) => void): Promise<void> {
  const [name, aliasName, version] = args;
  if (!name || !aliasName || !version) throw new UsageError('alias needs <name> <alias> <version>');
  const move = await setAlias(target, name, aliasName, version);
  const ref = formatModelRef({ name: move.name, alias: move.alias });
  print(move.from === null ? `${ref} → ${move.to} (new alias)` : `${ref}: ${move.from} → ${move.to}`);
}

async function describe(target: StoreTarget, args: string[], print: (line: string) => void): Promise<void> {
  const [ref] = args;
  if (!ref) throw new UsageError('describe needs <name>[@alias|@version]');
  const { card, aliases } = await describeModel(target, ref);
  print(JSON.stringify({ ...card, aliases }, null, 2));
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(`model: ${error.message}`);
    if ((error as { code?: string }).code === 'ECONNREFUSED') {
      console.error('(nothing answers there: start the local stack with npm start, or name a deployed stack with --bucket)');
    }
    if (error.name === 'UsageError') console.error('(npm run model -- --help)');
    process.exitCode = 1;
  });
}
