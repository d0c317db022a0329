import type { Engine, EngineInfo, EngineName, EngineOptions } from './engine.js';
import { OrtEngine } from './ort-engine.js';

/**
 * The tfjs engine, loaded on first use: TensorFlow.js takes a third of a second to import, which
 * every command would pay (a bad flag, `--help`) though most runs never use it.
 */
const tfjs = () => import('./tfjs-engine.js');

/** The engine `name` on `options.device`: what one run trains on, disposed when the run ends. */
export async function createEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  return name === 'ort' ? OrtEngine.create(options) : (await tfjs()).TfjsEngine.create(options);
}

/**
 * What createEngine would give, creating no engine: the identity a run id fingerprints (engine,
 * device, threads, adapter). A suite names every run with it before deciding which to train, so
 * the runs it then skips start nothing.
 */
export async function describeEngine(name: EngineName, options: EngineOptions = {}): Promise<EngineInfo> {
  return name === 'ort' ? OrtEngine.describe(options) : (await tfjs()).TfjsEngine.describe(options);
}
