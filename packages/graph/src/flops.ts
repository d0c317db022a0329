import { ancestors } from './graph.js';
import { OP_SPECS } from './ops/op-types.js';
import type { Tensor } from './tensor.js';

/** Floating-point operations to evaluate everything `outputs` depend on (a multiply-add counts two). */
export function countFlops(outputs: readonly Tensor[]): number {
  let total = 0;
  for (const node of ancestors(outputs)) if (node.op) total += OP_SPECS[node.op].flops(node);
  return total;
}
