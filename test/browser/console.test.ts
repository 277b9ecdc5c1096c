/**
 * The web console in a real headless Chromium (@sparticuz/chromium, no download) against the whole local stack:
 * one stack and one browser for the suite. Screenshots of each tab go to test-artifacts/console/ (git-ignored).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { HeadObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { startTestStack, type TestStack } from '../helpers/local-stack.ts';
import { deriveOutputKeys } from '../../functions/lib/jobs/output-keys.ts';
import { REPO_ROOT } from '../../local/stack.ts';

/** The page's globals the callbacks below read (they run in the browser; the test compiles without the DOM library). */
interface PageElement {
  id: string;
  textContent: string | null;
  value: string | number;
  hidden: boolean;
  disabled: boolean;
  getAttribute(name: string): string | null;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  activeElement: PageElement | null;
  querySelectorAll(selector: string): Iterable<{ complete: boolean }>;
  documentElement: { scrollWidth: number; clientWidth: number };
};
declare const performance: { memory: { usedJSHeapSize: number } };
declare class DataTransfer {
  items: { add(file: File): void };
}
declare class DragEvent extends Event {
  constructor(type: string, init: { dataTransfer: DataTransfer; bubbles: boolean; cancelable: boolean });
}

const SHOTS = join(REPO_ROOT, 'test-artifacts', 'console');
let t: TestStack;
let browser: Browser;
let page: Page;
let files: string;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  files = mkdtempSync(join(tmpdir(), 'console-files-'));
  [t, browser] = await Promise.all([
    startTestStack({ console: true }),
    puppeteer.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true }),
  ]);
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(t.stack.consoleUrl!);
  await page.waitForFunction(() => document.getElementById('jobs-status')?.textContent?.includes('upload a CSV'));
});

after(async () => {
  await browser?.close();
  await t?.stop();
  rmSync(files, { recursive: true, force: true });
});

async function tab(name: 'jobs' | 'upload' | 'predict' | 'bench'): Promise<void> {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`#panel-${name}:not([hidden])`);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

function fileOnDisk(name: string, body: string | Buffer): string {
  const path = join(files, name);
  writeFileSync(path, body);
  return path;
}

async function chooseFile(path: string): Promise<void> {
  // An <input type=file> handle (typed as Element here: the test compiles without the DOM library).
  const input = (await page.$('#upload-file')) as unknown as { uploadFile(...paths: string[]): Promise<void> };
  await input.uploadFile(path);
}

const text = (selector: string): Promise<string> => page.$eval(selector, (e) => e.textContent ?? '');

test('upload a CSV: its job runs to SUCCEEDED with a full progress bar; the scored file downloads from its link', async () => {
  const csv = 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n5.9,3.0,5.1,2.3\n6.4,abc,4.5,1.5\n';
  await tab('upload');
  await chooseFile(fileOnDisk('iris-small.csv', csv));

  await page.waitForSelector('#upload-job [data-status="SUCCEEDED"]', { timeout: 30_000 });
  assert.match(await text('#upload-status'), /Uploaded s3:\/\/input\/console\/iris-small\.csv/);
  await shot('upload');
  await tab('jobs');
  const row = 'tr[data-key="console/iris-small.csv"]';
  await page.waitForSelector(`${row}[data-status="SUCCEEDED"] a[data-output="scored"]`);
  assert.equal(await page.$eval(`${row} progress`, (e) => (e as unknown as PageElement).value), 100);
  assert.match(await page.$eval(row, (e) => e.textContent ?? ''), /3 \/ 2 \/ 1/);
  const links = await page.$$eval(`${row} a[data-output]`, (as) =>
    as.map((a) => [a.getAttribute('data-output'), (a as unknown as PageElement).getAttribute('href')]),
  );
  assert.deepEqual(
    links.map(([name]) => name),
    ['scored', 'errors', 'summary'],
  );
  // The link is what the browser downloads: the same bytes as the object (read with the SDK, an independent path).
  const scoredHref = links[0]![1]!;
  const downloaded = await page.evaluate(async (href) => (await fetch(href)).text(), scoredHref);
  assert.equal(downloaded, await t.getText('output', deriveOutputKeys('console/iris-small.csv').scored));
  assert.match(downloaded, /^sepal_length,sepal_width,petal_length,petal_width,prediction,label,/);

  await page.click(`${row} button`);
  await page.waitForSelector('#timeline-steps li[data-step="finalize"]');
  const steps = await page.$$eval('#timeline-steps li', (lis) => lis.map((li) => li.getAttribute('data-step')));
  for (const step of ['ingest', 'plan', 'score', 'finalize']) assert.ok(steps.includes(step), `timeline has ${step}: ${steps.join(', ')}`);
  await shot('jobs');
});

test('a failed job shows its reason in the Jobs table', async () => {
  await t.put('input', 'console/bad-header.csv', 'a,b,c\n1,2,3\n');
  const summary = await t.waitForSummary('console/bad-header.csv');
  assert.equal(summary.status, 'FAILED');
  const row = 'tr[data-key="console/bad-header.csv"][data-status="FAILED"]';
  await page.waitForSelector(`${row} .reason`);
  assert.equal(await text(`${row} .reason`), `Reason: ${summary.reason}`);
  await shot('jobs-failed');
});

test('predict: the form built from GET /model answers with the label and probabilities; the JSON tab has the request and curl', async () => {
  await tab('predict');
  await page.waitForSelector('#predict-features input[name="petal_width"]');
  assert.equal(await text('#feature-1-hint'), 'feature 2 of 4, a number; 2 to 4.4 in the training data'); // the model's training range
  const values = { sepal_length: '5.9', sepal_width: '3.0', petal_length: '5.1', petal_width: '2.3' };
  for (const [name, value] of Object.entries(values)) await page.type(`#predict-features input[name="${name}"]`, value);
  await page.click('#predict-submit');
  await page.waitForFunction(() => document.getElementById('predict-label')?.textContent?.startsWith('Prediction:'));

  // The oracle: the API itself, asked directly.
  const direct = (await (
    await fetch(`${t.stack.apiUrl}/predict`, { method: 'POST', body: JSON.stringify({ values: [[5.9, 3.0, 5.1, 2.3]] }) })
  ).json()) as { labels: string[]; probabilities: number[][] };
  assert.equal(await text('#predict-label'), `Prediction: ${direct.labels[0]} (class 2)`);
  const bars = await page.$$eval('#predict-bars li', (lis) =>
    lis.map((li) => [li.getAttribute('data-class'), li.lastElementChild?.textContent]),
  );
  assert.deepEqual(
    bars,
    ['setosa', 'versicolor', 'virginica'].map((name, i) => [name, `${(direct.probabilities[0]![i]! * 100).toFixed(1)}%`]),
  );
  const widths = await page.$$eval('#predict-bars .bar', (spans) => spans.map((span) => span.getBoundingClientRect().width));
  assert.ok(widths[2]! > widths[1]! && widths[1]! >= widths[0]! && widths[2]! > 100, `bars drawn to scale: ${widths.join(', ')}`);
  await shot('predict');
  await tab('predict');
  await page.click('#tab-json');
  assert.match(
    await text('#predict-curl'),
    /^curl -s -X POST 'http:\/\/127\.0\.0\.1:\d+\/predict' -H 'content-type: application\/json' -d '\{"instances":\[\{"sepal_length":5\.9,/,
  );
  assert.match(await text('#predict-response'), /^HTTP 200/);
  await shot('predict-json');
  await page.click('#tab-result');
});

test('predict: a feature left empty is named on the page, marked invalid and focused; nothing is sent', async () => {
  await page.$eval('#predict-features input[name="sepal_width"]', (e) => {
    (e as unknown as PageElement).value = '';
  });
  const before = await text('#predict-response');
  await page.click('#predict-submit');
  assert.equal(await text('#predict-error'), 'sepal_width is empty: enter a number.');
  assert.equal(await page.$eval('#predict-features input[name="sepal_width"]', (e) => e.getAttribute('aria-invalid')), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'sepal_width');
  assert.equal(await text('#predict-response'), before);
  await shot('predict-empty-feature');
});

test('upload: a non-CSV file and a 0-byte CSV are refused with a message; nothing reaches the bucket', async () => {
  await tab('upload');
  await chooseFile(fileOnDisk('notes.txt', 'hello\n'));
  assert.match(await text('#upload-error'), /"notes\.txt" is not an input the service reads/);
  await chooseFile(fileOnDisk('empty.csv', ''));
  assert.match(await text('#upload-error'), /"empty\.csv" is empty \(0 bytes\)/);
  // Dropped on the page rather than chosen: the same refusal; two files at once are refused too.
  const drop = (names: string[]) =>
    page.$eval(
      '#drop-zone',
      (zone, dropped) => {
        const transfer = new DataTransfer();
        for (const name of dropped) transfer.items.add(new File(['x\n'], name));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      names,
    );
  await drop(['picture.png']);
  assert.match(await text('#upload-error'), /"picture\.png" is not an input the service reads/);
  await drop(['a.csv', 'b.csv']);
  assert.equal(await text('#upload-error'), '2 files dropped: drop one CSV at a time.');
  await shot('upload-refused');
  for (const key of ['console/notes.txt', 'console/empty.csv']) {
    await assert.rejects(t.s3.send(new HeadObjectCommand({ Bucket: 'input', Key: key })), { name: 'NotFound' });
  }
});

test('upload: a 17 MiB CSV goes up as a multipart upload of File.slice parts and is scored', async () => {
  const note = 'x'.repeat(1000);
  const rows = 17 * 1024;
  const csv = `sepal_length,sepal_width,petal_length,petal_width,note\n${'5.1,3.5,1.4,0.2,'.concat(note, '\n').repeat(rows)}`;
  await chooseFile(fileOnDisk('wide.csv', csv));
  await page.waitForFunction(() => document.getElementById('upload-status')?.textContent?.includes('3 parts'));
  await page.waitForSelector('#upload-job [data-status="SUCCEEDED"]', { timeout: 40_000 });
  const head = await t.s3.send(new HeadObjectCommand({ Bucket: 'input', Key: 'console/wide.csv' }));
  assert.equal(head.ContentLength, Buffer.byteLength(csv));
  assert.match(head.ETag ?? '', /-3"$/, 'a multipart ETag of 3 parts');
  assert.equal(await page.$eval('#upload-progress', (e) => (e as unknown as PageElement).value), 100);
  const summary = await t.waitForSummary('console/wide.csv');
  assert.equal(summary.rowsScored, rows);
});

test('upload: a 2 GiB file streams part by part (page memory stays flat); Cancel aborts it and leaves nothing behind', async () => {
  // Sparse on disk: 2 GiB of size, no blocks written.
  const path = join(files, 'huge.csv');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 2 * 1024 ** 3);
  closeSync(fd);
  const heapBefore = await page.evaluate(() => performance.memory.usedJSHeapSize);
  await chooseFile(path);
  await page.waitForFunction(() => document.getElementById('upload-status')?.textContent?.includes('256 parts'));
  await page.waitForFunction(() => Number(document.getElementById('upload-progress')?.value) >= 0.5, { timeout: 20_000 });
  const heapDuring = await page.evaluate(() => performance.memory.usedJSHeapSize);
  assert.ok(heapDuring - heapBefore < 64 * 1024 ** 2, `JS heap grew by ${heapDuring - heapBefore} bytes while uploading 2 GiB`);
  await shot('upload-2gib');
  const uploadId = await page.$eval('#upload-progress', (e) => (e as unknown as PageElement).getAttribute('data-upload-id'));
  assert.ok(uploadId, 'the page names its multipart upload');
  await page.click('#upload-cancel');
  await page.waitForFunction(() => document.getElementById('upload-error')?.textContent?.includes('cancelled'));
  assert.equal(await page.$eval('#upload-cancel', (e) => (e as unknown as PageElement).disabled), true);
  // Aborted: S3 refuses parts for it.
  await assert.rejects(
    t.s3.send(new UploadPartCommand({ Bucket: 'input', Key: 'console/huge.csv', UploadId: uploadId, PartNumber: 1, Body: 'x' })),
    { name: 'NoSuchUpload' },
  );
  await assert.rejects(t.s3.send(new HeadObjectCommand({ Bucket: 'input', Key: 'console/huge.csv' })), { name: 'NotFound' });
});

test('bench: the latest report with its charts', async () => {
  await tab('bench');
  await page.waitForSelector('#bench-charts img');
  assert.match(await text('#bench-status'), /^Run "/);
  // An img is in the DOM before its bytes arrive: wait until every one has finished loading (or failed).
  await page.waitForFunction(() => [...document.querySelectorAll('#bench-charts img')].every((img) => img.complete));
  const loaded = await page.$$eval('#bench-charts img', (imgs) =>
    imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0 && img.getAttribute('alt') !== ''),
  );
  assert.ok(loaded.length > 0 && loaded.every(Boolean), 'every chart loads and has alt text');
  await shot('bench');
});

test('keyboard and narrow window: arrow keys move between tabs; every input has a label; the page fits 360 px', async () => {
  await page.focus('#tab-bench');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-jobs');
  assert.equal(await page.$eval('#panel-jobs', (e) => (e as unknown as PageElement).hidden), false);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-bench');
  const unlabelled = await page.$$eval('input', (inputs) =>
    inputs.filter((i) => !(i as unknown as { labels: unknown[] | null }).labels?.length && !i.getAttribute('aria-label')).map((i) => i.id),
  );
  assert.deepEqual(unlabelled, []);
  await page.setViewport({ width: 360, height: 800 });
  for (const name of ['jobs', 'upload', 'predict'] as const) {
    await tab(name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} tab overflows a 360 px window by ${overflow} px`);
    await shot(`narrow-${name}`);
  }
});
