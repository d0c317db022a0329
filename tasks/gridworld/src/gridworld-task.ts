import {
  Graph,
  add,
  argmax,
  cast,
  concat,
  equal,
  gather,
  gelu,
  less,
  matmul,
  mean,
  mul,
  neg,
  oneHot,
  logSoftmax,
  relu,
  reshape,
  sub,
  sum,
  transpose,
  type Tensor,
  type HostTensor,
} from '@grokbench/graph';
import {
  aliveMean,
  embeddingFourierIpr,
  logitCircuitMeasures,
  residueOrder,
  residueRowsOf,
  discountedReturns,
  leaveOneOutAdvantages,
  logProbOfSet,
  policyEntropy,
  reinforceLoss,
  scheduledWeight,
  splitExamples,
  tabularRollout,
  uniformKl,
  uniformNoise,
  type DatasetDump,
  type Experiment,
  type Rng,
  type Split,
  type Task,
} from '@grokbench/task-kit';
import { ACTIONS, buildEnvironment, coordinates, optimalActions, randomPolicySuccess, type Environment } from './environment.js';
import { controlBc } from './presets/gridworld-control-bc.js';
import { controlRandomGoals } from './presets/gridworld-control-random-goals.js';
import { quick } from './presets/gridworld-quick.js';
import { shapedBandit } from './presets/gridworld-shaped-bandit.js';
import { gridworldConfigSchema, type GridworldConfig } from './gridworld-config.js';

/** The environment and everything seeded about a run's data: the split of configurations and the evaluation's start cells. */
export interface GridworldData {
  env: Environment;
  horizon: number;
  split: Split;
  /** The fixed start cells of the greedy evaluation (the same for every configuration). */
  evalStarts: Int32Array;
}

/** The random-goal control's goal table: a cell per configuration, drawn uniformly, once per seed. */
function randomGoals(world: GridworldConfig['data']['world'], n: number, rng: Rng): Int32Array {
  const cells = world === 'torus' ? n * n : n;
  return Int32Array.from({ length: n * n }, () => rng.int(cells));
}

/** Setup, the dataset dump and the tests all derive the data here, so they agree by construction. */
export function gridworldData(config: GridworldConfig, rng: Rng): GridworldData {
  const { world, n, goals } = config.data;
  const env = buildEnvironment(world, n, goals === 'random' ? randomGoals(world, n, rng.split('random-goals')) : undefined);
  const horizon = config.data.horizon ?? env.diameter + 1;
  const split = splitExamples(env.n * env.n, config.data.trainFraction, rng.split('split'));
  const startRng = rng.split('eval-starts');
  const count = Math.min(config.data.evalStarts, env.cells);
  const evalStarts = Int32Array.from(startRng.shuffle(Array.from({ length: env.cells }, (_, c) => c)).slice(0, count));
  return { env, horizon, split, evalStarts };
}

/** The policy: an MLP over one-hot(cell coordinates, a, b), its first layer written as gathers of embedding rows. */
interface Policy {
  /** The configuration's share of the pre-activation the cell joins (first or second layer), [R, hidden], for int32 configuration indices [R]. */
  context(configs: Tensor): Tensor;
  /** Logits [R, actions] in cells [R] given the context. */
  logits(context: Tensor, cells: Tensor): Tensor;
}

function buildPolicy(g: Graph, env: Environment, config: GridworldConfig): Policy {
  const { hidden, initScale, outputScale, depth, cellEntry } = config.model;
  const dims = env.world === 'torus' ? 2 : 1;
  const late = cellEntry === 'second-layer';
  // Every first-layer table is a slice of one nn.Linear over the one-hots it sees, hence its fan-in.
  const firstFanIn = (late ? 2 : dims + 2) * env.n;
  const limit = initScale / Math.sqrt(firstFanIn);
  const table = (name: string, l: number) => g.param(`policy/embed_${name}`, [env.n, hidden], { kind: 'uniform', limit: l });
  const embedA = table('a', limit);
  const embedB = table('b', limit);
  const bias = g.param('policy/embed_bias', [hidden], { kind: 'uniform', limit });
  const deeper = Array.from({ length: depth - 1 }, (_, i) => {
    // With late entry the cell's one-hots join the second layer's input: its fan-in grows by dims·n.
    const fanIn = hidden + (late && i === 0 ? dims * env.n : 0);
    const l = initScale / Math.sqrt(fanIn);
    return {
      weight: g.param(`policy/hidden_${i + 2}/weight`, [hidden, hidden], { kind: 'uniform', limit: l }),
      bias: g.param(`policy/hidden_${i + 2}/bias`, [hidden], { kind: 'uniform', limit: l }),
      limit: l,
    };
  });
  const coordinateLimit = late ? deeper[0].limit : limit;
  const coordinateTables = Array.from({ length: dims }, (_, d) => table(dims === 2 ? ['x', 'y'][d] : 'x', coordinateLimit));
  const outLimit = outputScale / Math.sqrt(hidden);
  const outWeight = g.param('policy/out/weight', [hidden, env.actions], { kind: 'uniform', limit: outLimit });
  const outBias = g.param('policy/out/bias', [env.actions], { kind: 'uniform', limit: outLimit });
  const coordinateOf = Array.from({ length: dims }, (_, d) =>
    g.constant(`env/coordinate_${d}`, Int32Array.from({ length: env.cells }, (_, c) => coordinates(env, c)[d]), [env.cells], 'int32'),
  );
  const configA = g.constant('env/config_a', env.configA, [env.configA.length], 'int32');
  const configB = g.constant('env/config_b', env.configB, [env.configB.length], 'int32');
  const act = config.model.activation === 'relu' ? relu : gelu;
  const withCell = (h: Tensor, cells: Tensor) => {
    let out = h;
    coordinateTables.forEach((t, d) => {
      out = add(out, gather(t, gather(coordinateOf[d], cells)));
    });
    return out;
  };
  return {
    context(configs) {
      const first = add(add(gather(embedA, gather(configA, configs)), gather(embedB, gather(configB, configs))), bias);
      if (!late) return first;
      // The configuration's layers run once per episode; the cell joins the next layer's pre-activation.
      return add(matmul(act(first), deeper[0].weight), deeper[0].bias);
    },
    logits(context, cells) {
      let h = act(withCell(context, cells));
      for (const layer of late ? deeper.slice(1) : deeper) h = act(add(matmul(h, layer.weight), layer.bias));
      return add(matmul(h, outWeight), outBias);
    },
  };
}

const asFloat = (t: Tensor) => cast(t, 'float32');
const row = (t: Tensor) => reshape(t, [1, t.shape[0]]);

/** The environment's tables as graph constants, made once and shared by the step and evaluation graphs. */
interface EnvTables {
  /** int32 [cells · actions]: the cell reached from c by a. */
  transitions: Tensor;
  /** int32 [n²]: each configuration's goal cell. */
  goal: Tensor;
  /** float [cells · cells]: BFS distance from c to g at c · cells + g. */
  distance: Tensor;
}

function envTables(g: Graph, env: Environment): EnvTables {
  return {
    transitions: g.constant('env/transitions', env.transitions, [env.transitions.length], 'int32'),
    goal: g.constant('env/goal', env.goal, [env.goal.length], 'int32'),
    distance: g.constant('env/distance', Float32Array.from(env.distance), [env.distance.length]),
  };
}

/** Every (configuration, cell) pair of `configs`: the states a teacher-forced evaluation or behaviour cloning reads. */
function allStates(env: Environment, configs: Int32Array) {
  const count = configs.length * env.cells;
  const config = new Int32Array(count);
  const cell = new Int32Array(count);
  const optimal = new Float32Array(count * env.actions);
  configs.forEach((c, i) => {
    for (let s = 0; s < env.cells; s++) {
      const r = i * env.cells + s;
      config[r] = c;
      cell[r] = s;
      for (const a of optimalActions(env, s, env.goal[c])) optimal[r * env.actions + a] = 1;
    }
  });
  return { count, config, cell, optimal };
}

/**
 * Teacher-forced view of the policy on every state of `configs` (no rollout): the fraction of
 * states whose greedy action is optimal (BFS); the fraction of configurations whose greedy policy
 * claims at the goal and nowhere else; and the mean log π(A* | s), the log of the probability the
 * policy gives the optimal set (one action, or two when both axes need a move).
 */
function teacherForced(g: Graph, name: string, env: Environment, policy: Policy, configs: Int32Array) {
  const states = allStates(env, configs);
  const config = g.constant(`${name}/states/config`, states.config, [states.count], 'int32');
  const cell = g.constant(`${name}/states/cell`, states.cell, [states.count], 'int32');
  const optimal = g.constant(`${name}/states/optimal`, states.optimal, [states.count, env.actions]);
  const logits = policy.logits(policy.context(config), cell);
  const greedyAction = argmax(logits, -1);
  const greedyIsOptimal = sum(mul(oneHot(greedyAction, env.actions), optimal), -1);
  const logProb = mean(logProbOfSet(logits, optimal));
  // Goal recognition, per configuration: the greedy policy claims at its goal cell and at no other.
  // (A claim rate at goal cells alone would credit a policy that claims everywhere, as at init.)
  const atGoal = Float32Array.from({ length: states.count }, (_, r) => states.optimal[r * env.actions + env.claim]);
  const claims = asFloat(equal(greedyAction, env.claim));
  const goal = g.constant(`${name}/states/at_goal`, atGoal, [states.count]);
  // |claims − goal| for 0/1 values, summed over each configuration's cells.
  const wrongClaims = sum(reshape(sub(add(claims, goal), mul(mul(claims, goal), 2)), [configs.length, env.cells]), -1);
  const exactClaims = mean(asFloat(less(wrongClaims, 0.5)));
  return { configs, logits, accuracy: mean(greedyIsOptimal), exactClaims, logProb, loss: neg(logProb) };
}

/**
 * The circuit share of the policy (progress measures, Nanda et al. 2023): on the ring, log π(action |
 * a, b, cell) of a policy that has the algorithm is a function of goal − cell for every action, the
 * goal being (a + b) mod n. Rows are (configuration, action) pairs, the "classes" the cells, and the
 * share is that of the table's energy along cos/sin(2πk(goal − cell)/n) of its key frequencies. Log
 * probabilities rather than logits, which the softmax leaves free up to a constant per state. Only
 * the share: the policy's loss is not a softmax over cells, so there is no restricted loss to take.
 * The torus's goal is two residues; its 2-D analogue is left out.
 */
function policyCircuitShare(g: Graph, env: Environment, goals: GridworldConfig['data']['goals'], views: ReturnType<typeof teacherForced>[]): Experiment['companions'] {
  // Random goals have no circuit to form: no rule of (a, b) gives them.
  if (env.world !== 'ring' || goals === 'random') return {};
  const sets = views.map((view) => {
    const perCell = reshape(logSoftmax(view.logits, -1), [view.configs.length, env.cells, env.actions]);
    const rows = reshape(transpose(perCell, [0, 2, 1]), [view.configs.length * env.actions, env.cells]);
    const target = Int32Array.from({ length: view.configs.length * env.actions }, (_, r) => env.goal[view.configs[Math.floor(r / env.actions)]]);
    return { logits: rows, target };
  });
  return logitCircuitMeasures(g, { sets, classIndex: residueOrder(env.n, 'additive'), order: env.n }, 'the policy’s log π table over (a, b, action) × cell');
}

/** The shaping of a reward: weight w on Φ(s) = −w·d(s, goal)/diameter, its form, and the returns' γ. */
export interface Shaping {
  weight: number;
  form: 'potential' | 'step-difference';
  gamma: number;
}

const NO_SHAPING: Shaping = { weight: 0, form: 'potential', gamma: 1 };

/**
 * Per-step reward and success of a rollout, [H, B] each, for episodes with goal cells `goal` [B]:
 * 1 for a claim at the goal, plus the shaping term F. In the potential form F = γΦ(s′) − Φ(s) with
 * Φ = 0 after the episode ends (a claim, or the last step of the horizon), so that Σ_k γ^{k−t} F_k =
 * −Φ(s_t): every return-to-go moves by a function of its own state, and no policy gains by it.
 */
export function episodeRewards(env: Environment, distance: Tensor, rollout: ReturnType<typeof tabularRollout>, goal: Tensor, shaping: Shaping) {
  const distanceToGoal = (cells: Tensor) => gather(distance, add(mul(cells, env.cells), goal));
  const scale = shaping.weight / env.diameter;
  const successRows: Tensor[] = [];
  const rewardRows: Tensor[] = [];
  const horizon = rollout.cells.length;
  rollout.cells.forEach((cell, t) => {
    const next = rollout.cells[t + 1] ?? rollout.finalCells;
    const claims = asFloat(equal(rollout.actions[t], env.claim));
    const success = mul(claims, asFloat(equal(cell, goal)));
    successRows.push(row(success));
    if (shaping.weight === 0) {
      rewardRows.push(row(success));
      return;
    }
    // F in units of distance, scaled by w/diameter (Φ = −w·d/diameter): d(s) − γ·d(s′) in the
    // potential form, with d(s′) taken as 0 once the episode has ended; d(s) − d(s′) in the step-difference form.
    const nextTerm = () => (shaping.form === 'step-difference' ? distanceToGoal(next) : mul(mul(distanceToGoal(next), sub(1, claims)), shaping.gamma));
    const ended = shaping.form === 'potential' && t === horizon - 1;
    const difference = ended ? distanceToGoal(cell) : sub(distanceToGoal(cell), nextTerm());
    rewardRows.push(row(add(success, mul(difference, scale))));
  });
  const stack = (rows: Tensor[]) => (rows.length === 1 ? rows[0] : concat(rows, 0));
  return { success: mul(stack(successRows), rollout.alive), reward: mul(stack(rewardRows), rollout.alive) };
}

/**
 * Greedy success rate over every configuration of `configs` × the fixed start cells: the policy
 * acts by argmax from each start for the horizon; an episode succeeds when it claims at the goal.
 * The environment is deterministic, so the score has no sampling noise.
 */
function greedySuccess(g: Graph, name: string, data: GridworldData, tables: EnvTables, policy: Policy, configs: Int32Array): Tensor {
  const { env, evalStarts } = data;
  const count = configs.length * evalStarts.length;
  const config = Int32Array.from({ length: count }, (_, r) => configs[Math.floor(r / evalStarts.length)]);
  const start = Int32Array.from({ length: count }, (_, r) => evalStarts[r % evalStarts.length]);
  const configTensor = g.constant(`${name}/episodes/config`, config, [count], 'int32');
  const context = policy.context(configTensor);
  const goal = gather(tables.goal, configTensor);
  const rollout = tabularRollout({
    transitions: tables.transitions,
    actions: env.actions,
    start: g.constant(`${name}/episodes/start`, start, [count], 'int32'),
    horizon: data.horizon,
    terminalAction: env.claim,
    policy: (cells) => policy.logits(context, cells),
    noise: null,
  });
  return mul(sum(episodeRewards(env, tables.distance, rollout, goal, NO_SHAPING).success, [0, 1]), 1 / count);
}

/** The uniform-random policy's success rate over the held-out configurations × evaluation starts, exactly. */
export function chanceLevel(data: GridworldData): number {
  let total = 0;
  for (const c of data.split.heldout) for (const s of data.evalStarts) total += randomPolicySuccess(data.env, s, data.env.goal[c], data.horizon);
  return total / (data.split.heldout.length * data.evalStarts.length);
}

/**
 * The REINFORCE step: `nextBatch` feeds B/K groups of K episodes (a training configuration and a
 * start cell per group, drawn uniformly) and the uniform noise [H, B, A] of Gumbel-max sampling;
 * the graph rolls them out, computes rewards, returns-to-go, leave-one-out advantages and the loss.
 */
function reinforceStep(g: Graph, data: GridworldData, tables: EnvTables, policy: Policy, objective: Extract<GridworldConfig['objective'], { kind: 'reinforce' }>) {
  const { env, horizon, split } = data;
  const { episodes, groupSize, gamma, entropy, uniformKl: klWeight } = objective;
  const configInput = g.input('episode/config', [episodes], 'int32');
  const startInput = g.input('episode/start', [episodes], 'int32');
  const noiseInput = g.input('episode/noise', [horizon, episodes, env.actions]);
  const context = policy.context(configInput);
  const goal = gather(tables.goal, configInput);
  const rollout = tabularRollout({
    transitions: tables.transitions,
    actions: env.actions,
    start: startInput,
    horizon,
    terminalAction: env.claim,
    policy: (cells) => policy.logits(context, cells),
    noise: noiseInput,
  });
  const { reward } = episodeRewards(env, tables.distance, rollout, goal, { weight: objective.shaping, form: objective.shapingForm, gamma });
  const advantages = leaveOneOutAdvantages(discountedReturns(reward, gamma), groupSize);
  let loss = reinforceLoss(rollout.logProbs, advantages, rollout.alive);
  if (entropy > 0) {
    const entropies = concat(rollout.logits.map((l) => row(policyEntropy(l))), 0);
    loss = add(loss, mul(aliveMean(entropies, rollout.alive), -entropy));
  }
  // The KL weight is fed each step when it is annealed, a constant otherwise (the same graph as before the schedule existed).
  const klSchedule = scheduledWeight(g, 'episode/uniform-kl-weight', klWeight, objective.uniformKlDecay);
  if (klWeight > 0 || objective.uniformKlDecay !== null) {
    const divergences = concat(rollout.logits.map((l) => row(uniformKl(l))), 0);
    loss = add(loss, mul(aliveMean(divergences, rollout.alive), klSchedule.value));
  }
  const groups = episodes / groupSize;
  const nextBatch = (step: number, rng: Rng): Record<string, HostTensor> => {
    const draw = rng.split(`episodes/${step}`);
    const config = new Int32Array(episodes);
    const start = new Int32Array(episodes);
    for (let group = 0; group < groups; group++) {
      const c = split.train[draw.int(split.train.length)];
      const s = draw.int(env.cells);
      config.fill(c, group * groupSize, (group + 1) * groupSize);
      start.fill(s, group * groupSize, (group + 1) * groupSize);
    }
    return {
      [configInput.name]: { dtype: 'int32', shape: configInput.shape, data: config },
      [startInput.name]: { dtype: 'int32', shape: startInput.shape, data: start },
      [noiseInput.name]: uniformNoise(rng, step, noiseInput.shape, 'gumbel'),
      ...klSchedule.feeds(step),
    };
  };
  return { loss, nextBatch, examplesPerStep: episodes };
}

/**
 * An agent on the torus (or ring) that must claim the goal cell ((a + b) mod n, (a − b) mod n) of
 * the episode's configuration (a, b), trained on a seeded fraction of the n² configurations from
 * reward alone (`reinforce`) or, as a control, by behaviour cloning of BFS-optimal actions.
 */
function gridworldExperiment(config: GridworldConfig, rng: Rng): Experiment {
  const data = gridworldData(config, rng);
  const { env, split } = data;
  const g = new Graph();
  const policy = buildPolicy(g, env, config);
  const tables = envTables(g, env);
  const trainView = teacherForced(g, 'train', env, policy, split.train);
  const heldoutView = teacherForced(g, 'heldout', env, policy, split.heldout);
  const base = {
    graph: g,
    evaluation: {
      train: greedySuccess(g, 'train', data, tables, policy, split.train),
      heldout: greedySuccess(g, 'heldout', data, tables, policy, split.heldout),
      trainLoss: trainView.loss,
      heldoutLoss: heldoutView.loss,
    },
    companions: {
      // The configuration encoder's tables, one row per residue a (and b): the MLP that groks modular addition.
      embeddingFourierIpr: embeddingFourierIpr(g, residueRowsOf(g, ['policy/embed_a', 'policy/embed_b'], residueOrder(env.n, 'additive')), 'the policy’s (a, b) embeddings over Z_n'),
      ...policyCircuitShare(g, env, config.data.goals, [trainView, heldoutView]),
      heldoutOptimalActionAccuracy: {
        value: heldoutView.accuracy,
        better: 'higher' as const,
        description: 'held-out fraction of (configuration, cell) states whose greedy action is BFS-optimal (teacher-forced, no rollout)',
      },
      heldoutExactClaims: {
        value: heldoutView.exactClaims,
        better: 'higher' as const,
        description: 'held-out fraction of configurations whose greedy policy claims at the goal cell and at no other (teacher-forced): the exact goal match (on the ring, x = (a + b) mod n) that the policy must generalize',
      },
      heldoutOptimalLogProb: {
        value: heldoutView.logProb,
        better: 'higher' as const,
        description: 'held-out mean log π(A* | s) of the BFS-optimal action set over every (configuration, cell) state, nats',
      },
    },
    chance: chanceLevel(data),
  };
  if (config.objective.kind === 'behaviour-cloning') {
    // Full batch on every training state; the loss is the teacher-forced one of the train view.
    return { ...base, loss: trainView.loss, examplesPerStep: split.train.length * env.cells, nextBatch: () => ({}) };
  }
  const step = reinforceStep(g, data, tables, policy, config.objective);
  return { ...base, ...step };
}

function gridworldDataset(config: GridworldConfig, rng: Rng): DatasetDump {
  const data = gridworldData(config, rng);
  const { env } = data;
  const names = ACTIONS[env.world];
  const isTrain = new Uint8Array(env.n * env.n);
  for (const c of data.split.train) isTrain[c] = 1;
  const start = 0;
  const examples = Array.from({ length: env.n * env.n }, (_, c) => {
    const optimal = optimalActions(env, start, env.goal[c]).map((a) => names[a]);
    return {
      a: env.configA[c],
      b: env.configB[c],
      goal: coordinates(env, env.goal[c]),
      split: isTrain[c] ? 'train' : 'heldout',
      start: coordinates(env, start),
      distance: env.distance[start * env.cells + env.goal[c]],
      optimalFirstAction: optimal[0],
      optimalFirstActions: optimal,
    };
  });
  const goal = config.data.goals === 'random' ? 'a random cell drawn once per seed (the random-goal control)' : env.world === 'torus' ? '((a + b) mod n, (a − b) mod n)' : '(a + b) mod n';
  return {
    description: `${env.world} gridworld n = ${env.n}: configurations (a, b) with goal ${goal}, train fraction ${config.data.trainFraction}, horizon ${data.horizon}; optimal first actions from cell ${JSON.stringify(coordinates(env, start))} (BFS; ties list every optimal action, the first is the lowest-numbered)`,
    examples,
  };
}

export const gridworld: Task<GridworldConfig> = {
  id: 'gridworld',
  paradigm: 'reinforcement',
  // The log-probability of the optimal actions is the continuous quantity greedy success thresholds.
  primaryCompanion: 'heldoutOptimalLogProb',
  description:
    'walk to the goal of the episode’s configuration (a, b) and claim it — on a ring of n cells the goal is (a + b) mod n, on an n × n torus ((a + b) mod n, (a − b) mod n) — learned from reward alone; scored by greedy success on held-out configurations',
  configSchema: gridworldConfigSchema,
  presets: { quick, 'control-bc': controlBc, 'control-random-goals': controlRandomGoals, 'shaped-bandit': shapedBandit },
  setup: gridworldExperiment,
  dataset: gridworldDataset,
};
