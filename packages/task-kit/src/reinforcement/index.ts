export { uniformNoise } from './noise.js';
export {
  aliveMean,
  discountedReturns,
  gumbelMaxSample,
  leaveOneOutAdvantages,
  linearAnneal,
  logProbOf,
  logProbOfSet,
  policyEntropy,
  reinforceLoss,
  tabularRollout,
  uniformKl,
  type TabularRollout,
  type TabularRolloutSpec,
} from './policy-gradient.js';
