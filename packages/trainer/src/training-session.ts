import { numel, sampleInitializer, type StepProgram, type UniformSource, type HostTensor } from '@grokbench/graph';
import { ConfigError } from '@grokbench/task-kit';
import { isDeviceTensor, scalarTensor, type CompiledGraph, type Engine, type EngineValue } from './engines/engine.js';

/**
 * Most float32 values parameters and optimizer state may hold together (1 GiB), checked before
 * anything is allocated: a width or modulus typed with extra digits fails with this limit named
 * instead of an out-of-memory abort.
 */
export const MAX_STATE_VALUES = 2 ** 28;

export interface SessionSnapshot {
  stepsDone: number;
  state: ReadonlyMap<string, HostTensor>;
  /** Per history slot, the last `window` values pushed, indexed by (step − 1) mod window. */
  windows: readonly (readonly HostTensor[])[];
}

function zeros(shape: readonly number[]): HostTensor {
  return { dtype: 'float32', shape, data: new Float32Array(numel(shape)) };
}

/** Frees a value's device memory, if it has any. */
function release(value: EngineValue | undefined): void {
  if (value && isDeviceTensor(value)) value.dispose();
}

/**
 * Runs a compiled training step again and again: carries parameters and optimizer state from each
 * step's outputs to the next step's inputs, keeps the history windows of gradient filters, and
 * feeds the step scalars. Engine-independent, so the ORT and tfjs engines train identically. On an
 * engine with device memory, state and windows stay there; each value is freed once replaced.
 */
export class TrainingSession {
  /** Steps completed; the next step is number `stepsDone + 1`. */
  stepsDone = 0;
  private readonly state = new Map<string, EngineValue>();
  private readonly windows: EngineValue[][];

  private constructor(
    readonly program: StepProgram,
    readonly compiled: CompiledGraph<EngineValue>,
    private readonly engine: Engine,
    initialState: Map<string, EngineValue>,
  ) {
    this.state = initialState;
    this.windows = program.histories.map(() => []);
  }

  /** Compiles the step and draws every state slot's first value, in slot order, from `uniform`. */
  static async create(engine: Engine, program: StepProgram, uniform: UniformSource): Promise<TrainingSession> {
    const values = program.state.reduce((sum, slot) => sum + numel(slot.input.shape), 0);
    if (values > MAX_STATE_VALUES) {
      throw new ConfigError(
        `the model's parameters and optimizer state need ${values.toLocaleString('en-US')} values, above the limit of ${MAX_STATE_VALUES.toLocaleString('en-US')} (1 GiB); use a smaller width, depth or modulus`,
      );
    }
    const carried = [...program.state.map((slot) => slot.outputName), ...program.histories.map((h) => h.outputName)];
    const compiled = await engine.compile(program.graph, program.outputs, { deviceOutputs: carried });
    const initial = new Map<string, EngineValue>();
    for (const slot of program.state) {
      const data = sampleInitializer(slot.init, slot.input.shape, uniform);
      initial.set(slot.input.name, { dtype: 'float32', shape: slot.input.shape, data });
    }
    return new TrainingSession(program, compiled, engine, initial);
  }

  /** Runs one step on `batch` and returns its scalar metrics (the loss first). */
  async step(batch: Readonly<Record<string, HostTensor>> = {}): Promise<Record<string, number>> {
    const t = this.stepsDone + 1;
    const feeds: Record<string, EngineValue> = { ...batch };
    for (const [name, value] of Object.entries(this.program.scalarFeeds(t))) feeds[name] = scalarTensor(value);
    for (const [name, value] of this.state) feeds[name] = value;
    this.program.histories.forEach((h, i) => {
      feeds[h.evicted.name] = this.windows[i][(t - 1) % h.window] ?? zeros(h.evicted.shape);
    });

    const out = await this.compiled.run(feeds);
    for (const slot of this.program.state) {
      release(this.state.get(slot.input.name));
      this.state.set(slot.input.name, out[slot.outputName]);
    }
    this.program.histories.forEach((h, i) => {
      const at = (t - 1) % h.window;
      release(this.windows[i][at]);
      this.windows[i][at] = out[h.outputName];
    });
    this.stepsDone = t;
    return Object.fromEntries(this.program.metrics.map((m) => [m, hostScalar(out[m], m)]));
  }

  /** Everything needed to continue exactly where this session is, on the host: the step count, state and history windows. */
  async snapshot(): Promise<SessionSnapshot> {
    const state = new Map(Object.entries(await this.engine.readBack(Object.fromEntries(this.state))));
    // One read-back at a time: a session's runs are not meant to overlap on one GPU queue.
    const windows: HostTensor[][] = [];
    for (const w of this.windows) {
      const host = await this.engine.readBack(Object.fromEntries(w.flatMap((value, slot) => (value ? [[slot, value]] : []))));
      windows.push(w.map((_, slot) => host[slot]));
    }
    return { stepsDone: this.stepsDone, state, windows };
  }

  restore(snapshot: SessionSnapshot): void {
    this.releaseAll();
    for (const slot of this.program.state) {
      const value = snapshot.state.get(slot.input.name);
      if (!value || value.data.length !== numel(slot.input.shape)) {
        throw new Error(`checkpoint does not match this model: state "${slot.input.name}" is missing or has another size`);
      }
      this.state.set(slot.input.name, value);
    }
    if (snapshot.windows.length !== this.windows.length) throw new Error('checkpoint does not match this model: gradient-filter windows differ');
    snapshot.windows.forEach((w, i) => (this.windows[i] = [...w]));
    this.stepsDone = snapshot.stepsDone;
  }

  /** Current value of every state slot (parameters and optimizer state) by input name, on the host. */
  async stateValues(): Promise<ReadonlyMap<string, HostTensor>> {
    return new Map(Object.entries(await this.engine.readBack(Object.fromEntries(this.state))));
  }

  /** Parameter values by name: the feeds an evaluation graph needs (on the device, where the state is). */
  paramFeeds(): Record<string, EngineValue> {
    const feeds: Record<string, EngineValue> = {};
    for (const p of this.program.graph.params) {
      const value = this.state.get(p.tensor.name);
      if (value) feeds[p.tensor.name] = value;
    }
    return feeds;
  }

  async dispose(): Promise<void> {
    this.releaseAll();
    await this.compiled.dispose();
  }

  private releaseAll(): void {
    for (const value of this.state.values()) release(value);
    for (const window of this.windows) window.forEach(release);
  }
}

function hostScalar(value: EngineValue, name: string): number {
  if (isDeviceTensor(value)) throw new Error(`metric "${name}" was left on the device`);
  return value.data[0];
}
