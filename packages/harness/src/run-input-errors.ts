import { GraphError } from '@grokbench/graph';
import { ConfigError } from '@grokbench/task-kit';
import { DamagedRunFileError, EngineUnavailableError } from '@grokbench/trainer';
import { AnalyzeError } from './analyze/index.js';
import { TaskDiscoveryError } from './discovery.js';
import { LeaderboardError } from './leaderboard/index.js';
import { OutputPathError } from './output-path.js';
import { RunInUseError, RunRequestError } from './run-task.js';

/**
 * The errors that finding a task, naming a run and training it throw for input a user can fix
 * (a bad config, a busy or damaged run, an engine not installed, a curve that cannot be analysed): the command line reports them in
 * one line with exit code 2, and a suite's worker threads hand them back by these classes.
 */
export const RUN_INPUT_ERRORS = [
  AnalyzeError,
  ConfigError,
  DamagedRunFileError,
  EngineUnavailableError,
  GraphError,
  LeaderboardError,
  OutputPathError,
  RunInUseError,
  RunRequestError,
  TaskDiscoveryError,
] as const;
