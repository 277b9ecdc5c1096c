import { apiFetch, curlAuth } from './lib/api.ts';
import { apiBase, type ConsoleConfig } from './lib/config.ts';
import { byId, errorMessage, h } from './lib/dom.ts';
import { featureHint, readFeatures, shellQuote } from './lib/predict-request.ts';

/** `GET /model`'s body (functions/get-model.ts). */
interface ModelView {
  name: string;
  version: string;
  kind: 'classifier' | 'regressor';
  featureNames: string[];
  /** The training data's range of each feature, when the model carries them. */
  featureRanges?: { min: number; max: number }[];
  classNames?: string[];
}

interface PredictBody {
  prediction?: number[];
  labels?: string[];
  probabilities?: number[][];
  model?: { name: string; version: string };
  error?: { code: string; message: string };
}

/** The Predict tab: a form built from `GET /model`'s features, answered by `POST /predict`. */
export class PredictTab {
  readonly #config: ConsoleConfig;
  #model: ModelView | undefined;

  constructor(config: ConsoleConfig) {
    this.#config = config;
  }

  start(): void {
    byId('predict-load').addEventListener('click', () => void this.load());
    byId<HTMLFormElement>('predict-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
    void this.load();
  }

  #modelQuery(): string {
    const ref = byId<HTMLInputElement>('predict-model').value.trim();
    return ref === '' ? '' : `?model=${encodeURIComponent(ref)}`;
  }

  async load(): Promise<void> {
    const info = byId('predict-model-info');
    const error = byId('predict-error');
    error.textContent = '';
    info.textContent = 'Loading the model…';
    try {
      const response = await apiFetch(this.#config, `/model${this.#modelQuery()}`);
      const body = (await response.json()) as ModelView & { error?: { message: string } };
      if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
      this.#model = body;
      info.textContent = `${body.name} ${body.version} (${body.kind}): ${body.featureNames.length} features${body.classNames ? `, classes ${body.classNames.join(', ')}` : ''}.`;
      this.#drawFields(body);
    } catch (failure) {
      info.textContent = '';
      error.textContent = `Could not load the model: ${errorMessage(failure)}`;
    }
  }

  #drawFields(model: ModelView): void {
    const fieldset = byId('predict-features');
    fieldset.replaceChildren(
      h('legend', {}, `Features of ${model.name} ${model.version}`),
      ...model.featureNames.map((name, index) =>
        h(
          'div',
          {},
          h('label', { for: `feature-${index}` }, name),
          h('input', {
            id: `feature-${index}`,
            name,
            type: 'text',
            inputmode: 'decimal',
            required: '',
            autocomplete: 'off',
            'aria-describedby': `feature-${index}-hint`,
          }),
          h('span', { class: 'hint', id: `feature-${index}-hint` }, featureHint(model, index)),
        ),
      ),
    );
  }

  async #submit(): Promise<void> {
    const error = byId('predict-error');
    error.textContent = '';
    if (!this.#model) {
      error.textContent = 'No model loaded: choose one and press "Load model".';
      return;
    }
    const inputs = [...byId('predict-features').querySelectorAll('input')];
    for (const input of inputs) input.removeAttribute('aria-invalid');
    const read = readFeatures(inputs.map((input) => ({ name: input.name, value: input.value })));
    if (!read.ok) {
      const bad = inputs.find((input) => input.name === read.name)!;
      bad.setAttribute('aria-invalid', 'true');
      bad.focus();
      error.textContent = read.message;
      return;
    }
    const path = `/predict${this.#modelQuery()}`;
    const url = `${apiBase()}${path}`;
    const body = JSON.stringify({ instances: [read.instance] });
    byId('predict-request').textContent =
      `POST ${url}\ncontent-type: application/json\n\n${JSON.stringify({ instances: [read.instance] }, null, 2)}`;
    byId('predict-curl').textContent =
      `curl -s -X POST ${shellQuote(url)} -H 'content-type: application/json'${curlAuth(this.#config)} -d ${shellQuote(body)}`;
    try {
      const response = await apiFetch(this.#config, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as PredictBody;
      byId('predict-response').textContent = `HTTP ${response.status}\n${JSON.stringify(answer, null, 2)}`;
      if (!response.ok) throw new Error(`${answer.error?.code ?? response.status}: ${answer.error?.message ?? ''}`);
      this.#drawAnswer(answer);
    } catch (failure) {
      error.textContent = `The prediction failed: ${errorMessage(failure)}`;
    }
  }

  #drawAnswer(answer: PredictBody): void {
    const label = byId('predict-label');
    const bars = byId('predict-bars');
    const index = answer.prediction?.[0];
    const name = answer.labels?.[0];
    label.textContent = name === undefined ? `Prediction: ${index}` : `Prediction: ${name} (class ${index})`;
    const probabilities = answer.probabilities?.[0] ?? [];
    const classes = this.#model?.classNames ?? probabilities.map((_, i) => String(i));
    bars.replaceChildren(
      ...probabilities.map((p, i) => {
        const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
        bar.style.width = `${(p * 100).toFixed(2)}%`;
        return h(
          'li',
          { 'data-class': classes[i] },
          h('span', {}, classes[i] ?? String(i)),
          h('span', {}, bar),
          h('span', {}, `${(p * 100).toFixed(1)}%`),
        );
      }),
    );
  }
}
