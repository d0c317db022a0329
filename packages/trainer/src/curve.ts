/** One evaluation of a run: a line of curve.jsonl. Scores are in [0, 1]. */
export interface CurvePoint {
  step: number;
  /** Train score: accuracy on the training set (or the paradigm's equivalent). */
  train: number;
  /** Held-out score, the quantity whose late rise is grokking. */
  heldout: number;
  trainLoss: number;
  heldoutLoss: number;
  /** L2 norm of all parameters together (Omnigrok's key variable, Liu et al. 2023). */
  weightNorm: number;
  /**
   * The L2 norm of each parameter tensor by name (per layer: Nanda et al. 2023 watch the weights'
   * size fall as weight decay cleans up memorization). Absent from curves recorded before it.
   */
  parameterNorms?: Record<string, number>;
  /** Training wall time up to this point, evaluation excluded. */
  trainSeconds: number;
  /** The experiment's companion series by name (Experiment.companions); null where a value was not finite. */
  extra?: Record<string, number | null>;
}
