import { Graph, evaluateReference, type HostTensor } from '@grokbench/graph';
import { ConfigError, METHODS, Rng, mergeConfig, parseConfig, tabularRollout } from '@grokbench/task-kit';
import { OrtEngine, train } from '@grokbench/trainer';
import { initialParams, lossGradients, relativeError, taskRuns } from '@grokbench/trainer/testing';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  buildEnvironment,
  chanceLevel,
  goalOf,
  gridworld,
  gridworldConfigSchema,
  gridworldData,
  optimalActions,
  tasks,
  type GridworldConfig,
} from './index.js';
import { episodeRewards, type Shaping } from './gridworld-task.js';

function configOf(overrides: Record<string, unknown> = {}, preset = 'quick'): GridworldConfig {
  return parseConfig(gridworldConfigSchema, mergeConfig(gridworld.presets[preset].config, overrides), 'test');
}

/** A tiny torus that trains in a second or two. */
const TINY = {
  data: { world: 'torus', n: 3, trainFraction: 0.5, evalStarts: 4, horizon: null },
  model: { hidden: 16, depth: 2, cellEntry: 'second-layer' },
  objective: { kind: 'reinforce', episodes: 32, groupSize: 4, gamma: 1, shaping: 1, entropy: 0, uniformKl: 0 },
  steps: 60,
  evalEvery: 10,
  patience: 0,
  checkpointEvery: 20,
  checkpointSeconds: 0,
};

const mod = (v: number, n: number) => ((v % n) + n) % n;

/** Torus (or ring) distance by formula, independent of the environment's BFS. */
function formulaDistance(world: 'torus' | 'ring', n: number, from: number, to: number): number {
  const axis = (u: number, v: number) => Math.min(mod(u - v, n), mod(v - u, n));
  if (world === 'ring') return axis(from, to);
  return axis(Math.floor(from / n), Math.floor(to / n)) + axis(from % n, to % n);
}

describe('gridworld environment', () => {
  it.each([
    ['torus', 5],
    ['torus', 7],
    ['ring', 9],
  ] as const)('%s n = %i: transitions, BFS distances and the goal map agree with independent code', (world, n) => {
    const env = buildEnvironment(world, n);
    const names = ACTIONS[world];
    expect(env.actions).toBe(names.length);
    for (let c = 0; c < env.cells; c++) {
      const [x, y] = world === 'torus' ? [Math.floor(c / n), c % n] : [c, 0];
      names.forEach((name, a) => {
        const [dx, dy] = { up: [0, -1], down: [0, 1], left: [-1, 0], right: [1, 0], claim: [0, 0] }[name]!;
        const expected = world === 'torus' ? mod(x + dx, n) * n + mod(y + dy, n) : mod(x + dx, n);
        expect(env.transitions[c * env.actions + a]).toBe(expected);
      });
      for (let g = 0; g < env.cells; g++) expect(env.distance[c * env.cells + g]).toBe(formulaDistance(world, n, c, g));
    }
    expect(env.diameter).toBe(world === 'torus' ? n - 1 : (n - 1) / 2);
    // The goal map is a bijection of Zₙ × Zₙ onto the cells on the torus, and hits every cell n times on the ring.
    const hits = new Array<number>(env.cells).fill(0);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const g = env.goal[a * n + b];
        expect(g).toBe(goalOf(world, n, a, b));
        expect(g).toBe(world === 'torus' ? mod(a + b, n) * n + mod(a - b, n) : mod(a + b, n));
        hits[g]++;
      }
    }
    expect(new Set(hits)).toEqual(new Set([world === 'torus' ? 1 : n]));
    // Optimal actions: claim exactly at the goal, otherwise exactly the moves that shorten the distance.
    for (let c = 0; c < env.cells; c++) {
      for (let g = 0; g < env.cells; g++) {
        const best = optimalActions(env, c, g);
        if (c === g) expect(best).toEqual([env.claim]);
        else {
          const shorter = [...names.keys()].filter(
            (a) => a !== env.claim && formulaDistance(world, n, env.transitions[c * env.actions + a], g) === formulaDistance(world, n, c, g) - 1,
          );
          expect(best).toEqual(shorter);
          expect(best.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the goal map is not a bijection for even n, which the config refuses', () => {
    const goals = new Set<number>();
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) goals.add(goalOf('torus', 4, a, b));
    expect(goals.size).toBeLessThan(16);
  });

  it('chance is the random policy success rate: exact, and close to a large simulated sample', () => {
    const config = configOf({ data: { world: 'torus', n: 5, evalStarts: 3 } });
    const data = gridworldData(config, Rng.fromSeed(1));
    const chance = chanceLevel(data);
    expect(chance).toBeGreaterThan(0);
    const rng = Rng.fromSeed(7);
    const { env } = data;
    let successes = 0;
    let trials = 0;
    for (const c of data.split.heldout) {
      for (const s of data.evalStarts) {
        for (let k = 0; k < 400; k++) {
          let cell = s;
          for (let t = 0; t < data.horizon; t++) {
            const a = rng.int(env.actions);
            if (a === env.claim) {
              if (cell === env.goal[c]) successes++;
              break;
            }
            cell = env.transitions[cell * env.actions + a];
          }
          trials++;
        }
      }
    }
    const p = successes / trials;
    expect(Math.abs(p - chance)).toBeLessThan(4 * Math.sqrt((chance * (1 - chance)) / trials) + 1e-3);
  });

  it('the dataset lists every configuration with its goal, split and optimal first action, agreeing with setup', () => {
    const config = configOf({ data: { world: 'torus', n: 7, trainFraction: 0.6 } });
    const dump = gridworld.dataset(config, Rng.fromSeed(3));
    expect(dump.examples).toHaveLength(49);
    const data = gridworldData(config, Rng.fromSeed(3));
    const train = new Set(data.split.train);
    for (const e of dump.examples as { a: number; b: number; goal: number[]; split: string; optimalFirstAction: string; optimalFirstActions: string[] }[]) {
      expect(e.goal).toEqual([mod(e.a + e.b, 7), mod(e.a - e.b, 7)]);
      expect(e.split).toBe(train.has(e.a * 7 + e.b) ? 'train' : 'heldout');
      expect(e.optimalFirstActions[0]).toBe(e.optimalFirstAction);
      if (e.goal[0] === 0 && e.goal[1] === 0) expect(e.optimalFirstAction).toBe('claim');
    }
    expect(dump.examples.filter((e) => e.split === 'train')).toHaveLength(Math.floor(0.6 * 49));
  });

  it('no training observation ever contains a held-out configuration', () => {
    const config = configOf(TINY);
    const data = gridworldData(config, Rng.fromSeed(0).split('data'));
    const experiment = gridworld.setup(config, Rng.fromSeed(0).split('data'));
    const heldout = new Set(data.split.heldout);
    // The step graph's only per-episode inputs are the configuration, the start cell and the noise.
    const inputs = experiment.graph.nodes.filter((t) => t.kind === 'input').map((t) => t.name);
    expect(inputs.sort()).toEqual(['episode/config', 'episode/noise', 'episode/start']);
    const seen = new Set<number>();
    for (let step = 1; step <= 50; step++) {
      const configs = experiment.nextBatch(step, Rng.fromSeed(9))['episode/config'].data;
      for (const c of configs) {
        expect(heldout.has(c)).toBe(false);
        seen.add(c);
      }
    }
    expect([...seen].sort()).toEqual([...data.split.train].sort());
  });
});

describe('gridworld config', () => {
  it.each([
    [{ data: { n: 10 } }, /data\.n: n must be odd/],
    [{ data: { horizon: 0 } }, /data\.horizon: the horizon must be at least 1 step, got 0/],
    [{ data: { trainFraction: 1 } }, /data\.trainFraction: trainFraction must be in \(0, 1\), got 1/],
    [{ data: { trainFraction: 0 } }, /data\.trainFraction: trainFraction must be in \(0, 1\), got 0/],
    [{ objective: { episodes: 30, groupSize: 4 } }, /objective\.episodes: episodes \(30\) must be a multiple of groupSize \(4\)/],
    [{ model: { depth: 1, cellEntry: 'second-layer' } }, /model\.cellEntry: cellEntry second-layer needs model\.depth ≥ 2/],
    [{ data: { world: 'torus', n: 43 } }, /data\.n: n must be at most 41 on the torus/],
    [{ objective: { gamma: -0.5 } }, /objective\.gamma/],
    [{ objective: { uniformKlDecay: { to: -0.1, steps: 100 } } }, /objective\.uniformKlDecay\.to/],
    [{ objective: { uniformKlDecay: { to: 0.01, steps: 0 } } }, /objective\.uniformKlDecay\.steps/],
  ])('rejects %o with one line naming the field', (overrides, message) => {
    expect(() => configOf(overrides)).toThrow(ConfigError);
    expect(() => configOf(overrides)).toThrow(message);
    try {
      configOf(overrides);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it.each(Object.keys(gridworld.presets))('preset %s parses under every method and cites its source', (name) => {
    const preset = gridworld.presets[name];
    expect(preset.source).toBeTruthy();
    for (const method of [undefined, ...Object.values(METHODS)]) {
      expect(() => parseConfig(gridworldConfigSchema, mergeConfig(preset.config, method?.config), name)).not.toThrow();
    }
    expect(tasks.map((t) => t.id)).toEqual(['gridworld']);
    expect(tasks[0].paradigm).toBe('reinforcement');
  });
});

/**
 * REINFORCE in plain float64 JavaScript, sharing no code with the task: roll the fed episodes out
 * with Gumbel-max sampling, compute shaped rewards, returns-to-go and leave-one-out advantages, and
 * backpropagate −(1/B) Σ alive · A · log π(a | s) through the one-hidden-layer ReLU policy by hand.
 */
function referenceReinforceGradient(
  n: number,
  hidden: number,
  params: Record<string, Float32Array>,
  feeds: { config: ArrayLike<number>; start: ArrayLike<number>; noise: ArrayLike<number> },
  options: { horizon: number; groupSize: number; gamma: number; shaping: number; shapingForm: 'potential' | 'step-difference' },
): Record<string, Float64Array> {
  const A = 5;
  const B = feeds.config.length;
  const { horizon: H, groupSize: K, gamma, shaping, shapingForm } = options;
  const diameter = n - 1;
  const W = params['policy/out/weight'];
  const ob = params['policy/out/bias'];
  const table = (name: string, row: number, k: number) => params[`policy/embed_${name}`][row * hidden + k];
  const steps: { x: number; y: number; a: number; b: number; pre: number[]; h: number[]; probs: number[]; action: number; alive: number }[][] = [];
  const rewards: number[][] = [];
  for (let e = 0; e < B; e++) {
    const a = Math.floor(feeds.config[e] / n);
    const b = feeds.config[e] % n;
    const goal = [mod(a + b, n), mod(a - b, n)];
    let [x, y] = [Math.floor(feeds.start[e] / n), feeds.start[e] % n];
    let alive = 1;
    const episode: (typeof steps)[number] = [];
    const r: number[] = [];
    for (let t = 0; t < H; t++) {
      const pre = Array.from({ length: hidden }, (_, k) => table('x', x, k) + table('y', y, k) + table('a', a, k) + table('b', b, k) + params['policy/embed_bias'][k]);
      const h = pre.map((v) => Math.max(0, v));
      const logits = Array.from({ length: A }, (_, j) => h.reduce((s, hk, k) => s + hk * W[k * A + j], ob[j]));
      const top = Math.max(...logits);
      const z = logits.reduce((s, l) => s + Math.exp(l - top), 0);
      const probs = logits.map((l) => Math.exp(l - top) / z);
      const perturbed = logits.map((l, j) => l - Math.log(-Math.log(feeds.noise[(t * B + e) * A + j])));
      const action = perturbed.indexOf(Math.max(...perturbed));
      episode.push({ x, y, a, b, pre, h, probs, action, alive });
      const [nx, ny] = [
        [x, mod(y - 1, n)],
        [x, mod(y + 1, n)],
        [mod(x - 1, n), y],
        [mod(x + 1, n), y],
        [x, y],
      ][action];
      const distance = (u: number, v: number) => Math.min(mod(u - goal[0], n), mod(goal[0] - u, n)) + Math.min(mod(v - goal[1], n), mod(goal[1] - v, n));
      const success = action === 4 && x === goal[0] && y === goal[1] ? 1 : 0;
      // Potential form: Φ(s′) is 0 once the episode ends (a claim or the last step), and F = γΦ(s′) − Φ(s).
      const ended = action === 4 || t === H - 1;
      const nextDistance = shapingForm === 'step-difference' ? distance(nx, ny) : ended ? 0 : gamma * distance(nx, ny);
      r.push(alive * (success + (shaping * (distance(x, y) - nextDistance)) / diameter));
      if (action === 4) alive = 0;
      [x, y] = [nx, ny];
    }
    steps.push(episode);
    rewards.push(r);
  }
  const returns = rewards.map((r) => r.map((_, t) => r.slice(t).reduce((s, rk, k) => s + gamma ** k * rk, 0)));
  const grads: Record<string, Float64Array> = Object.fromEntries(Object.entries(params).map(([name, v]) => [name, new Float64Array(v.length)]));
  for (let e = 0; e < B; e++) {
    const group = Math.floor(e / K) * K;
    for (let t = 0; t < H; t++) {
      let others = 0;
      for (let j = group; j < group + K; j++) if (j !== e) others += returns[j][t];
      const advantage = returns[e][t] - others / (K - 1);
      const s = steps[e][t];
      const dLogits = s.probs.map((p, j) => (-s.alive * advantage * ((j === s.action ? 1 : 0) - p)) / B);
      for (let j = 0; j < A; j++) grads['policy/out/bias'][j] += dLogits[j];
      for (let k = 0; k < hidden; k++) {
        let dh = 0;
        for (let j = 0; j < A; j++) {
          grads['policy/out/weight'][k * A + j] += s.h[k] * dLogits[j];
          dh += W[k * A + j] * dLogits[j];
        }
        const dPre = s.pre[k] > 0 ? dh : 0;
        grads['policy/embed_x'][s.x * hidden + k] += dPre;
        grads['policy/embed_y'][s.y * hidden + k] += dPre;
        grads['policy/embed_a'][s.a * hidden + k] += dPre;
        grads['policy/embed_b'][s.b * hidden + k] += dPre;
        grads['policy/embed_bias'][k] += dPre;
      }
    }
  }
  return grads;
}

describe('gridworld companions', () => {
  /** The held-out companions for hand-set parameters: every weight 0, the output bias as given. */
  async function companionsWithBias(bias: number[]) {
    const config = configOf({ data: { world: 'ring', n: 7, trainFraction: 0.5 } });
    const experiment = gridworld.setup(config, Rng.fromSeed(0).split('data'));
    const feeds: Record<string, HostTensor> = {};
    for (const p of experiment.graph.params) {
      const data = new Float32Array(p.tensor.shape.reduce((a, b) => a * b, 1));
      if (p.tensor.name === 'policy/out/bias') data.set(bias);
      feeds[p.tensor.name] = { dtype: 'float32', shape: p.tensor.shape, data };
    }
    const outputs = Object.fromEntries(Object.entries(experiment.companions!).map(([name, c]) => [name, c.value]));
    const compiled = await new OrtEngine({ threads: 1 }).compile(experiment.graph, outputs);
    try {
      const out = await compiled.run(feeds);
      return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, t.data[0]]));
    } finally {
      await compiled.dispose();
    }
  }

  it('goal recognition gives no credit to a policy that claims everywhere, and per-state accuracy is its share of goal cells', async () => {
    const everywhere = await companionsWithBias([0, 0, 5]);
    expect(everywhere.heldoutExactClaims).toBe(0);
    // Claim is optimal only at the goal: 1 state in 7 per configuration.
    expect(everywhere.heldoutOptimalActionAccuracy).toBeCloseTo(1 / 7, 6);
    const never = await companionsWithBias([5, 0, 0]);
    expect(never.heldoutExactClaims).toBe(0);
  });
});

/**
 * Every open-loop action sequence of a small ring from every start, for one goal, forced through the
 * step graph's reward code (Gumbel noise that makes the wanted action win whatever the logits): the
 * per-step rewards [H, B] under `shaping`, and each episode's cells and actions.
 */
function enumeratedRewards(n: number, goalCell: number, shaping: Shaping) {
  const env = buildEnvironment('ring', n);
  const horizon = env.diameter + 1;
  const sequences = env.actions ** horizon;
  const batch = env.cells * sequences;
  const actionAt = (b: number, t: number) => Math.floor((b % sequences) / env.actions ** t) % env.actions;
  const g = new Graph();
  const noise = new Float32Array(horizon * batch * env.actions);
  for (let t = 0; t < horizon; t++) for (let b = 0; b < batch; b++) for (let a = 0; a < env.actions; a++) noise[(t * batch + b) * env.actions + a] = a === actionAt(b, t) ? 1 - 1e-6 : 1e-6;
  const rollout = tabularRollout({
    transitions: g.constant('transitions', env.transitions, [env.transitions.length], 'int32'),
    actions: env.actions,
    start: g.constant('start', Int32Array.from({ length: batch }, (_, b) => Math.floor(b / sequences)), [batch], 'int32'),
    horizon,
    terminalAction: env.claim,
    policy: () => g.constant(`zero_logits_${g.nodes.length}`, new Float32Array(batch * env.actions), [batch, env.actions]),
    noise: g.constant('noise', noise, [horizon, batch, env.actions]),
  });
  const goal = g.constant('goal', new Int32Array(batch).fill(goalCell), [batch], 'int32');
  const distance = g.constant('distance', Float32Array.from(env.distance), [env.distance.length]);
  const { reward } = episodeRewards(env, distance, rollout, goal, shaping);
  const [values, ...cells] = evaluateReference([reward, ...rollout.cells]);
  const perStep = (t: number, b: number) => values[t * batch + b];
  return { env, horizon, batch, perStep, cellAt: (t: number, b: number) => cells[t][b], actionAt };
}

/** Discounted return-to-go from step t of episode b. */
function returnFrom(perStep: (t: number, b: number) => number, horizon: number, gamma: number, t: number, b: number): number {
  let total = 0;
  for (let k = t; k < horizon; k++) total += gamma ** (k - t) * perStep(k, b);
  return total;
}

describe('gridworld reward shaping', () => {
  const n = 5;
  const gamma = 0.95;
  const weight = 2;

  it('the potential form moves every return-to-go by −Φ(s_t), so the optimal sequences are those of the sparse reward', () => {
    for (let goalCell = 0; goalCell < n; goalCell++) {
      const sparse = enumeratedRewards(n, goalCell, { weight: 0, form: 'potential', gamma });
      const shaped = enumeratedRewards(n, goalCell, { weight, form: 'potential', gamma });
      const { env, horizon, batch } = sparse;
      const potential = (cell: number) => (-weight * env.distance[cell * env.cells + goalCell]) / env.diameter;
      const bestFrom = (rewards: typeof sparse, start: number) => {
        const returns = Array.from({ length: batch }, (_, b) => (Math.floor(b / (batch / env.cells)) === start ? returnFrom(rewards.perStep, horizon, gamma, 0, b) : -Infinity));
        const best = Math.max(...returns);
        return returns.flatMap((r, b) => (r > best - 1e-5 ? [b] : []));
      };
      for (let b = 0; b < batch; b++) {
        let ended = false;
        for (let t = 0; t < horizon && !ended; t++) {
          const expected = returnFrom(sparse.perStep, horizon, gamma, t, b) - potential(sparse.cellAt(t, b));
          expect(returnFrom(shaped.perStep, horizon, gamma, t, b)).toBeCloseTo(expected, 5);
          ended = sparse.actionAt(b, t) === env.claim;
        }
      }
      for (let start = 0; start < env.cells; start++) {
        const optimal = bestFrom(sparse, start);
        // The sparse optimum claims the goal at its BFS distance: γ^d.
        expect(returnFrom(sparse.perStep, horizon, gamma, 0, optimal[0])).toBeCloseTo(gamma ** env.distance[start * env.cells + goalCell], 5);
        expect(bestFrom(shaped, start)).toEqual(optimal);
      }
    }
  });

  it('the step-difference form at γ < 1 is not potential-based: its returns move by more than a function of the state', () => {
    const goalCell = 0;
    const sparse = enumeratedRewards(n, goalCell, { weight: 0, form: 'potential', gamma });
    const stepDifference = enumeratedRewards(n, goalCell, { weight, form: 'step-difference', gamma });
    const shiftsFromStart = new Map<number, Set<string>>();
    for (let b = 0; b < sparse.batch; b++) {
      const start = sparse.cellAt(0, b);
      const shift = returnFrom(stepDifference.perStep, sparse.horizon, gamma, 0, b) - returnFrom(sparse.perStep, sparse.horizon, gamma, 0, b);
      shiftsFromStart.set(start, (shiftsFromStart.get(start) ?? new Set()).add(shift.toFixed(4)));
    }
    expect(Math.max(...[...shiftsFromStart.values()].map((s) => s.size))).toBeGreaterThan(1);
  });
});

describe('gridworld random-goal control', () => {
  it('draws a goal per configuration once per seed, the environment and the dataset agreeing', () => {
    const config = configOf({ data: { world: 'ring', n: 7, trainFraction: 0.6, goals: 'random' } });
    const data = gridworldData(config, Rng.fromSeed(3).split('data'));
    const again = gridworldData(config, Rng.fromSeed(3).split('data'));
    const other = gridworldData(config, Rng.fromSeed(4).split('data'));
    expect(Array.from(again.env.goal)).toEqual(Array.from(data.env.goal));
    expect(Array.from(other.env.goal)).not.toEqual(Array.from(data.env.goal));
    // Not the modular goal map: a fixed random function of (a, b).
    const modular = Array.from({ length: 49 }, (_, c) => goalOf('ring', 7, Math.floor(c / 7), c % 7));
    expect(Array.from(data.env.goal).filter((goal, c) => goal === modular[c]).length).toBeLessThan(20);
    const dump = gridworld.dataset!(config, Rng.fromSeed(3).split('data'));
    expect(dump.examples.map((e) => (e as { goal: number[] }).goal[0])).toEqual(Array.from(data.env.goal));
    // Split, evaluation starts: the same streams as the modular world's.
    const modularData = gridworldData(configOf({ data: { world: 'ring', n: 7, trainFraction: 0.6 } }), Rng.fromSeed(3).split('data'));
    expect(Array.from(data.split.heldout)).toEqual(Array.from(modularData.split.heldout));
  });

  it('learns its training goals from reward while held-out success stays at chance', async () => {
    const { options } = taskRuns(gridworld);
    const config = configOf({
      data: { world: 'ring', n: 7, trainFraction: 0.6, evalStarts: 7, horizon: null, goals: 'random' },
      model: { hidden: 64 },
      objective: { episodes: 64, gamma: 0.95, shaping: 0, uniformKl: 0.3 },
      optimizer: { weightDecay: 0.1 },
      steps: 3000,
      evalEvery: 250,
      patience: 0,
      checkpointSeconds: 0,
    });
    const result = await train(options(config, 0));
    const heldoutConfigs = 49 - Math.round(0.6 * 49);
    // The greedy walk claims at most one cell per (configuration, start); a held-out goal, drawn
    // independently of everything trained on, is that cell with probability 1/n. Four standard
    // deviations above 1/n over the held-out configurations bound what chance can give.
    const bound = 1 / 7 + 4 * Math.sqrt((1 / 7) * (6 / 7) / heldoutConfigs);
    expect(result.curve.at(-1)!.train).toBeGreaterThan(0.9);
    for (const point of result.curve) expect(point.heldout).toBeLessThan(bound);
  });
});

describe('gridworld policy gradient', () => {
  it.each([
    [0.95, 0, 'potential'],
    [0.95, 0.5, 'potential'],
    [0.9, 0.5, 'step-difference'],
    [0, 0.5, 'step-difference'],
  ] as const)('the REINFORCE loss gradient of the step graph equals an independent float64 REINFORCE computation (γ = %s, shaping %s, %s)', async (gamma, shaping, shapingForm) => {
    const n = 3;
    const hidden = 6;
    const objective = { kind: 'reinforce', episodes: 8, groupSize: 2, gamma, shaping, shapingForm, entropy: 0, uniformKl: 0 };
    const config = configOf({ ...TINY, data: { world: 'torus', n, trainFraction: 0.6, horizon: null }, model: { hidden, depth: 1, cellEntry: 'first-layer', initScale: 3, outputScale: 3 }, objective });
    const experiment = gridworld.setup(config, Rng.fromSeed(0));
    const values = initialParams(experiment.graph, 5);
    const referenceFor = (batch: Record<string, HostTensor>) =>
      referenceReinforceGradient(
        n,
        hidden,
        values,
        { config: batch['episode/config'].data, start: batch['episode/start'].data, noise: batch['episode/noise'].data },
        { horizon: n, groupSize: 2, gamma, shaping, shapingForm },
      );
    // The first fed batch whose gradient reaches every parameter (a sparse reward needs a success in it).
    let batchSeed = 2;
    while (Object.values(referenceFor(experiment.nextBatch(1, Rng.fromSeed(batchSeed)))).some((grad) => Math.hypot(...grad) < 1e-6)) batchSeed++;
    const batch = experiment.nextBatch(1, Rng.fromSeed(batchSeed));
    const ours = (await lossGradients(experiment, values, batch)).grads;
    const reference = referenceFor(batch);
    for (const name of Object.keys(values)) {
      expect(Math.hypot(...reference[name]), name).toBeGreaterThan(1e-6);
      expect(relativeError(ours[name], reference[name]), name).toBeLessThan(1e-4);
    }
  });

  it('an annealed KL(uniform ‖ π) weight enters the step at its scheduled value: the same gradient as that constant weight', async () => {
    const base = { ...TINY, objective: { ...TINY.objective, gamma: 0.95, shaping: 0 } };
    const annealed = gridworld.setup(configOf({ ...base, objective: { ...base.objective, uniformKl: 0.3, uniformKlDecay: { to: 0.05, steps: 101 } } }), Rng.fromSeed(0));
    const halfway = gridworld.setup(configOf({ ...base, objective: { ...base.objective, uniformKl: 0.175 } }), Rng.fromSeed(0));
    const none = gridworld.setup(configOf(base), Rng.fromSeed(0));
    const values = initialParams(annealed.graph, 5);
    const step = 51; // halfway along the schedule: 0.3 + (0.05 − 0.3)·(50/100) = 0.175
    const batch = annealed.nextBatch(step, Rng.fromSeed(4));
    expect(batch['episode/uniform-kl-weight'].data[0]).toBeCloseTo(0.175, 7);
    const { 'episode/uniform-kl-weight': _weight, ...episodes } = batch;
    const [ours, constant, without] = await Promise.all([
      lossGradients(annealed, values, batch),
      lossGradients(halfway, values, episodes),
      lossGradients(none, values, episodes),
    ]);
    for (const name of Object.keys(values)) {
      expect(relativeError(ours.grads[name], constant.grads[name]), name).toBeLessThan(1e-6);
    }
    // and the KL term is really in it: without it the gradient differs.
    expect(Object.keys(values).some((name) => relativeError(ours.grads[name], without.grads[name]) > 1e-3)).toBe(true);
  });
});

describe('gridworld training', () => {
  const { options, expectReproducibleAndResumable } = taskRuns(gridworld);

  it('gives the same curve, companions included, for the same seed; an interrupted run resumes to it exactly', async () => {
    const config = configOf(TINY);
    const curve = await expectReproducibleAndResumable(config, 33);
    for (const point of curve) {
      expect(Object.keys(point.extra ?? {})).toEqual(['embeddingFourierIpr', 'heldoutOptimalActionAccuracy', 'heldoutExactClaims', 'heldoutOptimalLogProb']);
      expect(Number.isFinite(point.extra!.heldoutOptimalLogProb)).toBe(true);
    }
  });

  it('learns from a sparse reward alone: the greedy train success passes θ = 0.95 on a tiny ring', async () => {
    // The quick preset's objective (sparse reward, γ = 0.95) and network on a ring of 5, with a
    // stronger KL(uniform ‖ π): on so few states a confident wrong action is otherwise never sampled again.
    const config = configOf({
      data: { world: 'ring', n: 5, trainFraction: 0.6, evalStarts: 5, horizon: null },
      model: { hidden: 32 },
      optimizer: { weightDecay: 0.1 },
      objective: { episodes: 64, uniformKl: 0.3 },
      steps: 2500,
      evalEvery: 100,
      patience: 0,
      checkpointSeconds: 0,
    });
    const result = await train(options(config, 0));
    expect(result.curve[0].train).toBeLessThan(0.5);
    expect(result.curve.at(-1)!.train).toBeGreaterThan(0.95);
  });

  it('behaviour cloning (the control) fits the training states too', async () => {
    const config = configOf({ ...TINY, objective: { kind: 'behaviour-cloning' }, optimizer: { lr: 1e-2, weightDecay: 0.1 }, model: { hidden: 32, depth: 1, cellEntry: 'first-layer' }, steps: 400, evalEvery: 100 }, 'control-bc');
    const result = await train(options(config, 0));
    expect(result.curve.at(-1)!.train).toBe(1);
  });
});
