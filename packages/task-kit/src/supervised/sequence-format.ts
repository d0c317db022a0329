import type { ModelConfig } from '../models/model-config.js';

/**
 * How an equation a ∘ b = c is written for the transformer: `'a op b ='` as in Power et al.'s paper
 * and Lee et al.'s code, `'<eos> a op b ='` as Power et al.'s code writes it (openai/grok data.py
 * wraps every equation in end-of-sequence tokens), or `'a b ='` as in Nanda et al. (2023). The model
 * predicts c from the last token.
 */
export const SEQUENCE_FORMATS = ['a op b =', '<eos> a op b =', 'a b ='] as const;
export type SequenceFormat = (typeof SEQUENCE_FORMATS)[number];

export interface SequenceEncoding {
  /** Tokens per example. */
  length: number;
  /** Distinct token ids: the `size` elements plus the symbols. */
  vocab: number;
  tokens(a: number, b: number): readonly number[];
}

/**
 * Elements are tokens 0..size−1. In `'a op b ='` the operator is token `size` and '=' is `size + 1`,
 * and `'<eos> a op b ='` adds end-of-sequence as `size + 2`; in `'a b ='` '=' is `size` (Nanda et
 * al.'s numbering). The MLP reads the two operands alone.
 */
export function sequenceEncoding(model: ModelConfig['kind'], format: SequenceFormat, size: number): SequenceEncoding {
  if (model === 'mlp') return { length: 2, vocab: size, tokens: (a, b) => [a, b] };
  if (format === 'a op b =') return { length: 4, vocab: size + 2, tokens: (a, b) => [a, size, b, size + 1] };
  if (format === '<eos> a op b =') return { length: 5, vocab: size + 3, tokens: (a, b) => [size + 2, a, size, b, size + 1] };
  return { length: 3, vocab: size + 1, tokens: (a, b) => [a, b, size] };
}
