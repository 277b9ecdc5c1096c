import type { ConsoleConfig } from './lib/config.ts';
import { byId, errorMessage, formatBytes, h } from './lib/dom.ts';
import { objectUrl, presignedUrl, signer } from './lib/sign.ts';
import { partRange, planUpload, uploadKey, uploadRefusal } from './lib/upload-plan.ts';
import type { JobsTab, JobView } from './jobs.ts';

type Progress = (sentBytes: number) => void;
/** Told the multipart upload's id once S3 has created it (the page shows it, so that it can be looked up or aborted). */
type Started = (uploadId: string) => void;

export class UploadCancelled extends Error {
  override name = 'UploadCancelled';
  constructor() {
    super('the upload was cancelled');
  }
}

/** PUT a body with upload progress (fetch reports none); resolves with the ETag S3 answers. */
function putWithProgress(url: string, body: Blob, onProgress: Progress, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new UploadCancelled());
    const xhr = new XMLHttpRequest();
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.onabort = () => reject(new UploadCancelled());
    xhr.open('PUT', url);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('etag') ?? '');
      else reject(new Error(`S3 answered ${xhr.status}: ${s3ErrorMessage(xhr.responseText)}`));
    };
    xhr.onerror = () => reject(new Error('the upload was interrupted (network error or CORS refused)'));
    xhr.send(body);
  });
}

function s3ErrorMessage(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return doc.querySelector('Message')?.textContent ?? (xml.slice(0, 200) || 'no message');
}

async function s3Call(url: string, method: string, body?: string): Promise<Document> {
  const response = await fetch(url, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/xml' } }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`S3 answered ${response.status}: ${s3ErrorMessage(text)}`);
  return new DOMParser().parseFromString(text, 'application/xml');
}

/** Uploads `file` to `bucket/key`: one presigned PUT, or a multipart upload of `File.slice` parts, one at a time. */
export async function uploadFile(
  config: ConsoleConfig,
  bucket: string,
  key: string,
  file: Blob,
  onProgress: Progress,
  signal: AbortSignal,
  onMultipart: Started = () => undefined,
): Promise<void> {
  const sig = signer(config, 's3');
  const target = objectUrl(config, bucket, key);
  const plan = planUpload(file.size);
  if (plan.kind === 'single') {
    await putWithProgress(await presignedUrl(sig, 'PUT', target), file, onProgress, signal);
    return;
  }
  const withQuery = (query: Record<string, string>): URL => {
    const url = new URL(target.href);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url;
  };
  const created = await s3Call(await presignedUrl(sig, 'POST', withQuery({ uploads: '' })), 'POST');
  const uploadId = created.querySelector('UploadId')?.textContent;
  if (!uploadId) throw new Error('S3 returned no UploadId');
  onMultipart(uploadId);
  try {
    const etags: string[] = [];
    for (let partNumber = 1; partNumber <= plan.parts; partNumber++) {
      const range = partRange(file.size, plan.partBytes, partNumber);
      const url = await presignedUrl(sig, 'PUT', withQuery({ partNumber: String(partNumber), uploadId }));
      // A lazy view of the file's bytes: the browser reads them from disk as the request sends them.
      etags.push(await putWithProgress(url, file.slice(range.start, range.end), (sent) => onProgress(range.start + sent), signal));
    }
    const parts = etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('');
    await s3Call(
      await presignedUrl(sig, 'POST', withQuery({ uploadId })),
      'POST',
      `<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`,
    );
  } catch (error) {
    // Leave no half upload behind (S3 would keep its parts, and bill them, until aborted).
    await fetch(await presignedUrl(sig, 'DELETE', withQuery({ uploadId })), { method: 'DELETE' }).catch(() => undefined);
    throw error;
  }
}

/** The Upload tab: drop or choose a CSV, watch it go up, then follow the job it starts. */
export class UploadTab {
  readonly #config: ConsoleConfig;
  readonly #jobs: JobsTab;
  /** The key being followed, and the job ids it had before this upload (the new one is the other). */
  #following: { key: string; before: Set<string> } | undefined;
  #known = new Map<string, Set<string>>();
  #abort: AbortController | undefined;

  constructor(config: ConsoleConfig, jobs: JobsTab) {
    this.#config = config;
    this.#jobs = jobs;
  }

  start(): void {
    const input = byId<HTMLInputElement>('upload-file');
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void this.upload(file);
      input.value = '';
    });
    const zone = byId('drop-zone');
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      const files = event.dataTransfer?.files;
      if (files?.length === 1) void this.upload(files[0]!);
      else
        byId('upload-error').textContent = files?.length
          ? `${files.length} files dropped: drop one CSV at a time.`
          : 'Nothing was dropped: drop a CSV file.';
    });
    byId('upload-cancel').addEventListener('click', () => this.#abort?.abort());
    this.#jobs.onUpdate((jobs) => this.#follow(jobs));
  }

  /** Uploads one file (a File, or any Blob with a name) into the input bucket. */
  async upload(file: Blob & { name: string }): Promise<void> {
    const status = byId('upload-status');
    const error = byId('upload-error');
    error.textContent = '';
    if (this.#abort) {
      error.textContent = 'An upload is already running: wait for it to finish, or cancel it.';
      return;
    }
    const refusal = uploadRefusal(file.name, file.size);
    if (refusal) {
      status.textContent = '';
      error.textContent = refusal;
      return;
    }
    const key = uploadKey(byId<HTMLInputElement>('upload-prefix').value, file.name);
    const plan = planUpload(file.size);
    const abort = new AbortController();
    this.#abort = abort;
    const cancel = byId<HTMLButtonElement>('upload-cancel');
    cancel.disabled = false;
    this.#setProgress(0, file.size);
    status.textContent = `Uploading ${file.name} (${formatBytes(file.size)}${plan.kind === 'multipart' ? `, ${plan.parts} parts` : ''}) to s3://${this.#config.buckets.input}/${key}…`;
    this.#following = undefined;
    byId('upload-job').replaceChildren();
    byId('upload-progress').removeAttribute('data-upload-id');
    try {
      await uploadFile(
        this.#config,
        this.#config.buckets.input,
        key,
        file,
        (sent) => this.#setProgress(sent, file.size),
        abort.signal,
        (id) => byId('upload-progress').setAttribute('data-upload-id', id),
      );
      this.#setProgress(file.size, file.size);
      status.textContent = `Uploaded s3://${this.#config.buckets.input}/${key}. Waiting for its job…`;
      this.#following = { key, before: new Set(this.#known.get(key) ?? []) };
      this.#jobs.refreshSoon();
    } catch (failure) {
      status.textContent = '';
      error.textContent =
        failure instanceof UploadCancelled
          ? `The upload of ${file.name} was cancelled: nothing was stored, no job started.`
          : `The upload of ${file.name} failed: ${errorMessage(failure)}`;
    } finally {
      this.#abort = undefined;
      cancel.disabled = true;
    }
  }

  #setProgress(sent: number, total: number): void {
    const percent = total === 0 ? 100 : Math.floor((sent / total) * 1000) / 10;
    byId<HTMLProgressElement>('upload-progress').value = percent;
    byId('upload-percent').textContent = `${percent}% (${formatBytes(sent)} of ${formatBytes(total)})`;
  }

  #follow(jobs: readonly JobView[]): void {
    for (const job of jobs) {
      const ids = this.#known.get(job.input.key) ?? new Set<string>();
      ids.add(job.jobId);
      this.#known.set(job.input.key, ids);
    }
    const following = this.#following;
    if (!following) return;
    const job = jobs.find((j) => j.input.key === following.key && !following.before.has(j.jobId));
    if (!job) return;
    const percent = job.progress.percent;
    const bar = h('progress', { max: '100', 'aria-label': `Job progress of ${job.input.key}` });
    if (percent !== null) bar.value = percent;
    byId('upload-job').replaceChildren(
      h(
        'p',
        { 'data-job-id': job.jobId, 'data-status': job.status },
        `Job ${job.jobId}: `,
        h('strong', {}, job.status),
        ' ',
        bar,
        ` ${percent ?? '–'}%`,
      ),
      ...(job.reason ? [h('p', { class: 'error' }, `Reason: ${job.reason}`)] : []),
    );
  }
}
