import type { Graph } from '../graph.js';
import type { Initializer } from '../initializers.js';
import { GraphError, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** A value carried from one step to the next: fed as `input`, returned as `output`. */
export interface StateSlot {
  input: Tensor;
  output: Tensor;
  init: Initializer;
}

/**
 * A window of past values kept by the engine on the host: each step pushes `pushed` and is fed,
 * as `evicted`, the value pushed `window` steps earlier (zeros before that).
 */
export interface HistorySlot {
  evicted: Tensor;
  pushed: Tensor;
  window: number;
}

/** Collects the optimizer state an update rule declares while it appends itself to the graph. */
export class StateBuilder {
  readonly slots: StateSlot[] = [];
  readonly histories: HistorySlot[] = [];
  private readonly pending = new Map<Tensor, Initializer>();

  constructor(private readonly graph: Graph) {}

  /** A state input, zero (or `init`) at the first step; its next value must be given by `update`. */
  carry(name: string, shape: Shape, init: Initializer = { kind: 'zeros' }): Tensor {
    const input = this.graph.input(name, shape);
    this.pending.set(input, init);
    return input;
  }

  update(input: Tensor, output: Tensor): Tensor {
    const init = this.pending.get(input);
    if (!init) throw new GraphError(`state ${input.name} was not declared with carry() or is already updated`);
    this.pending.delete(input);
    this.slots.push({ input, output, init });
    return output;
  }

  history(name: string, pushed: Tensor, window: number): Tensor {
    if (!Number.isInteger(window) || window < 1) throw new GraphError(`history ${name}: window must be a positive integer`);
    const evicted = this.graph.input(`${name}/evicted`, pushed.shape);
    this.histories.push({ evicted, pushed, window });
    return evicted;
  }

  /** Fails if a declared state never received its next value. */
  finish(): void {
    const missing = [...this.pending.keys()].map((t) => t.name);
    if (missing.length) throw new GraphError(`state without an update: ${missing.join(', ')}`);
  }
}
