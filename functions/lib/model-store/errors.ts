/** A model reference or name/version/alias outside its charset (model-ref.ts): the caller's mistake. */
export class InvalidModelRefError extends Error {
  override name = 'InvalidModelRefError';
}

/** The store has no such model, alias or version; the message names what is missing and what exists. */
export class ModelNotFoundError extends Error {
  override name = 'ModelNotFoundError';
}

/** The store holds something it must not: a card that fails validation, bytes whose sha256 is not the card's. */
export class ModelIntegrityError extends Error {
  override name = 'ModelIntegrityError';
}

/** A model was asked for, but this deployment names no model bucket (MODEL_BUCKET). */
export class ModelStoreNotConfiguredError extends Error {
  override name = 'ModelStoreNotConfiguredError';
}
