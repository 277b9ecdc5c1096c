/** Step Functions' payload quota: an execution's input, every state's input and output, at most 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 262_144;
