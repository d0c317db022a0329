import { numel, type Shape } from './shape.js';

/** How a parameter's first value is drawn. Fan-in is the second-to-last dimension (rows of a [in, out] weight). */
export type Initializer =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; limit: number }
  /** U(−1/√fanIn, 1/√fanIn): PyTorch's default for nn.Linear weights. */
  | { kind: 'fan-in-uniform' }
  /** N(0, 1/fanIn). */
  | { kind: 'fan-in-normal' };

/** A source of uniform numbers in [0, 1); the trainer's seeded RNG streams satisfy it. */
export type UniformSource = () => number;

export function fanIn(shape: Shape): number {
  return shape.length >= 2 ? shape[shape.length - 2] : shape[0] ?? 1;
}

function standardNormal(uniform: UniformSource): number {
  // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function sampleInitializer(init: Initializer, shape: Shape, uniform: UniformSource): Float32Array {
  const out = new Float32Array(numel(shape));
  const fill = (f: () => number) => {
    for (let i = 0; i < out.length; i++) out[i] = f();
  };
  switch (init.kind) {
    case 'zeros':
      break;
    case 'ones':
      out.fill(1);
      break;
    case 'constant':
      out.fill(init.value);
      break;
    case 'normal':
      fill(() => init.std * standardNormal(uniform));
      break;
    case 'uniform':
      fill(() => (2 * uniform() - 1) * init.limit);
      break;
    case 'fan-in-uniform': {
      const limit = 1 / Math.sqrt(fanIn(shape));
      fill(() => (2 * uniform() - 1) * limit);
      break;
    }
    case 'fan-in-normal': {
      const std = 1 / Math.sqrt(fanIn(shape));
      fill(() => std * standardNormal(uniform));
      break;
    }
  }
  return out;
}
