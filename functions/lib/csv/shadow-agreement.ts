import type { ModelInfo, Predictions } from '../model/types.ts';
import type { ShadowCounts } from './types.ts';

/**
 * Two regression values agree when they differ by at most this much relative to the model's value, absolute below
 * 1 (|a − b| ≤ 1e-6·max(1, |a|)): about float32's precision, so a shadow that computes the same function in another
 * order of operations still agrees.
 */
export const REGRESSION_TOLERANCE = 1e-6;

export function valuesAgree(model: number, shadow: number): boolean {
  return model === shadow || Math.abs(model - shadow) <= REGRESSION_TOLERANCE * Math.max(1, Math.abs(model));
}

/**
 * Counts, batch by batch, the rows where a job's shadow model agrees with its model: for classifiers the same class
 * LABEL (the two may order or number their classes differently), for regressors valuesAgree, with the sum of the
 * absolute differences beside it. Both must be of one kind: ingest refuses a shadow of the other kind.
 */
export class ShadowAgreement {
  #rows = 0;
  #agreeing = 0;
  #absoluteDifference = 0;
  readonly #kind: ModelInfo['kind'];
  /** shadowClass[i] = the shadow's class index with the label of the model's class i, or -1. */
  readonly #shadowClass: Int32Array;

  constructor(model: ModelInfo, shadow: ModelInfo) {
    if (model.kind !== shadow.kind) throw new Error(`a ${shadow.kind} cannot shadow a ${model.kind}`);
    this.#kind = model.kind;
    const shadowNames = shadow.kind === 'classifier' ? shadow.classNames : [];
    this.#shadowClass = Int32Array.from(model.kind === 'classifier' ? model.classNames : [], (name) => shadowNames.indexOf(name));
  }

  add(model: Predictions, shadow: Predictions): void {
    if (model.kind === 'classifier' && shadow.kind === 'classifier') {
      for (let r = 0; r < model.rows; r++) if (this.#shadowClass[model.classIndex[r]] === shadow.classIndex[r]) this.#agreeing++;
    } else if (model.kind === 'regressor' && shadow.kind === 'regressor') {
      for (let r = 0; r < model.rows; r++) {
        const a = model.values[r];
        const b = shadow.values[r];
        if (valuesAgree(a, b)) this.#agreeing++;
        this.#absoluteDifference += a === b ? 0 : Math.abs(a - b);
      }
    } else {
      throw new Error(`the model returned ${model.kind} predictions, its shadow ${shadow.kind} ones`);
    }
    this.#rows += model.rows;
  }

  /** The counts so far; a regressors' sum that is not a finite number (a NaN or infinite value) is null. */
  get counts(): ShadowCounts {
    if (this.#kind === 'classifier') return { rows: this.#rows, agreeing: this.#agreeing };
    const sum = this.#absoluteDifference;
    return { rows: this.#rows, agreeing: this.#agreeing, absoluteDifference: Number.isFinite(sum) ? sum : null };
  }
}
