/**
 * The gridworld: an n × n torus (or, as the design's first alternative, a ring of n cells), with a
 * configuration (a, b) ∈ Zₙ × Zₙ fixed for an episode. Its goal is ((a + b) mod n, (a − b) mod n) on
 * the torus and (a + b) mod n on the ring. Moves wrap around; `claim` ends the episode, with reward 1
 * at the goal. Everything here is plain host code: tables the graphs gather from, BFS distances and
 * optimal actions for the companion series, the dataset dump and the tests.
 */
export type World = 'torus' | 'ring';

export const ACTIONS: Readonly<Record<World, readonly string[]>> = {
  torus: ['up', 'down', 'left', 'right', 'claim'],
  ring: ['left', 'right', 'claim'],
};

export interface Environment {
  world: World;
  n: number;
  /** n² on the torus (cell = x·n + y), n on the ring (cell = x). */
  cells: number;
  actions: number;
  claim: number;
  /** int32 [cells · actions]: the cell reached from c by a, at c · actions + a (claim stays). */
  transitions: Int32Array;
  /** n² configurations, index a·n + b: their a, b and goal cell. */
  configA: Int32Array;
  configB: Int32Array;
  goal: Int32Array;
  /** [cells · cells]: BFS distance from cell c to cell g at c · cells + g. */
  distance: Int32Array;
  /** Largest distance between two cells. */
  diameter: number;
}

const mod = (v: number, n: number) => ((v % n) + n) % n;

/** The cell's coordinates: [x, y] on the torus, [x] on the ring. */
export function coordinates(env: Pick<Environment, 'world' | 'n'>, cell: number): number[] {
  return env.world === 'torus' ? [Math.floor(cell / env.n), cell % env.n] : [cell];
}

export function goalOf(world: World, n: number, a: number, b: number): number {
  return world === 'torus' ? mod(a + b, n) * n + mod(a - b, n) : mod(a + b, n);
}

/**
 * The world's tables. `goals` replaces the task's goal map, one goal cell per configuration a·n + b:
 * the random-goal control, whose goals no rule of (a, b) predicts.
 */
export function buildEnvironment(world: World, n: number, goals?: Int32Array): Environment {
  const names = ACTIONS[world];
  const actions = names.length;
  const cells = world === 'torus' ? n * n : n;
  const transitions = new Int32Array(cells * actions);
  for (let c = 0; c < cells; c++) {
    const [x, y] = coordinates({ world, n }, c);
    names.forEach((name, a) => {
      let next = c;
      if (world === 'torus') {
        if (name === 'up') next = x * n + mod(y - 1, n);
        if (name === 'down') next = x * n + mod(y + 1, n);
        if (name === 'left') next = mod(x - 1, n) * n + y;
        if (name === 'right') next = mod(x + 1, n) * n + y;
      } else {
        if (name === 'left') next = mod(x - 1, n);
        if (name === 'right') next = mod(x + 1, n);
      }
      transitions[c * actions + a] = next;
    });
  }
  const configs = n * n;
  if (goals && (goals.length !== configs || goals.some((g) => g < 0 || g >= cells))) throw new Error(`buildEnvironment: goals must be ${configs} cells in [0, ${cells})`);
  const configA = new Int32Array(configs);
  const configB = new Int32Array(configs);
  const goal = new Int32Array(configs);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      configA[a * n + b] = a;
      configB[a * n + b] = b;
      goal[a * n + b] = goals ? goals[a * n + b] : goalOf(world, n, a, b);
    }
  }
  // Breadth-first search from every cell over the transition table (moves are invertible, so the
  // distance from c to g is the distance from g to c).
  const distance = new Int32Array(cells * cells).fill(-1);
  let diameter = 0;
  for (let source = 0; source < cells; source++) {
    const row = source * cells;
    distance[row + source] = 0;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const c = queue[head];
      for (let a = 0; a < actions; a++) {
        const next = transitions[c * actions + a];
        if (distance[row + next] < 0) {
          distance[row + next] = distance[row + c] + 1;
          diameter = Math.max(diameter, distance[row + next]);
          queue.push(next);
        }
      }
    }
  }
  return { world, n, cells, actions, claim: actions - 1, transitions, configA, configB, goal, distance, diameter };
}

/** The optimal actions in `cell` for goal cell `goal`: claim at the goal, else every move that shortens the BFS distance. */
export function optimalActions(env: Environment, cell: number, goal: number): number[] {
  if (cell === goal) return [env.claim];
  const d = env.distance[cell * env.cells + goal];
  const out: number[] = [];
  for (let a = 0; a < env.claim; a++) if (env.distance[env.transitions[cell * env.actions + a] * env.cells + goal] === d - 1) out.push(a);
  return out;
}

/**
 * Success probability of the uniform-random policy from `start` to `goal` within `horizon` steps,
 * exactly: at each step 1/A of the alive mass claims (a success where the cell is the goal) and
 * the rest moves.
 */
export function randomPolicySuccess(env: Environment, start: number, goal: number, horizon: number): number {
  let mass = new Float64Array(env.cells);
  mass[start] = 1;
  let success = 0;
  const p = 1 / env.actions;
  for (let t = 0; t < horizon; t++) {
    success += mass[goal] * p;
    const next = new Float64Array(env.cells);
    for (let c = 0; c < env.cells; c++) {
      if (mass[c] === 0) continue;
      for (let a = 0; a < env.claim; a++) next[env.transitions[c * env.actions + a]] += mass[c] * p;
    }
    mass = next;
  }
  return success;
}
