export { encodeSafetensors, type NamedTensor } from './safetensors.js';
export { exportRun, type ExportRequest, type ExportResult } from './export-run.js';
