import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { DType, HostTensor } from '@grokbench/graph';
import writeFileAtomic from 'write-file-atomic';
import type { SessionSnapshot } from './training-session.js';

/**
 * A training checkpoint: one file, written atomically (temp file + rename), so an interrupted
 * write leaves the previous checkpoint intact. Layout: a magic line, the byte length of a JSON
 * header (uint32 LE), the header, the raw tensor bytes the header indexes, then the SHA-256 of
 * everything before it, so a damaged file is refused instead of resuming with altered numbers.
 */
export interface Checkpoint {
  /** Anything JSON the train loop needs (RNG positions, timers, config fingerprint). */
  meta: Record<string, unknown>;
  session: SessionSnapshot;
}

const MAGIC = Buffer.from('GROKBENCH-CHECKPOINT-2\n');
/** Checkpoints written before the checksum existed; still read, without the check. */
const MAGIC_V1 = Buffer.from('GROKBENCH-CHECKPOINT-1\n');
const CHECKSUM_BYTES = 32;

/** A checkpoint or curve file that cannot be trusted: one line naming the file and what to do. */
export class DamagedRunFileError extends Error {
  override name = 'DamagedRunFileError';
  constructor(file: string, problem: string) {
    super(`${file} is damaged (${problem}): start the run over with --fresh`);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

interface TensorEntry {
  key: string;
  dtype: DType;
  shape: readonly number[];
  offset: number;
  bytes: number;
}

const ARRAY_OF: Record<DType, (buffer: ArrayBuffer, offset: number, length: number) => HostTensor['data']> = {
  float32: (b, o, n) => new Float32Array(b, o, n),
  int32: (b, o, n) => new Int32Array(b, o, n),
  bool: (b, o, n) => new Uint8Array(b, o, n),
};

function tensorKeys(session: SessionSnapshot): [string, HostTensor][] {
  const entries: [string, HostTensor][] = [...session.state].map(([name, t]) => [`state/${name}`, t]);
  session.windows.forEach((window, i) =>
    window.forEach((t, slot) => {
      if (t) entries.push([`window/${i}/${slot}`, t]);
    }),
  );
  return entries;
}

export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const tensors = tensorKeys(checkpoint.session);
  const index: TensorEntry[] = [];
  let offset = 0;
  for (const [key, t] of tensors) {
    index.push({ key, dtype: t.dtype, shape: t.shape, offset, bytes: t.data.byteLength });
    offset += Math.ceil(t.data.byteLength / 8) * 8; // keep every array aligned for typed-array views
  }
  const header = Buffer.from(
    JSON.stringify({ meta: checkpoint.meta, stepsDone: checkpoint.session.stepsDone, windows: checkpoint.session.windows.length, tensors: index }),
  );
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32LE(header.length);
  const prefix = MAGIC.length + 4 + header.length;
  const padding = (8 - (prefix % 8)) % 8;
  const body = Buffer.alloc(offset);
  tensors.forEach(([, t], i) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(body, index[i].offset));
  const content = Buffer.concat([MAGIC, headerLength, header, Buffer.alloc(padding), body]);
  await writeFileAtomic(path, Buffer.concat([content, sha256(content)]));
}

/** Reads a checkpoint, or null when there is none; a damaged file is an error that says so. */
export function readCheckpoint(path: string): Checkpoint | null {
  if (!fs.existsSync(path)) return null;
  const file = verifiedContent(path, fs.readFileSync(path));
  const headerLength = file.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  let header: { meta: Record<string, unknown>; stepsDone: number; windows: number; tensors: TensorEntry[] };
  try {
    header = JSON.parse(file.subarray(headerStart, headerStart + headerLength).toString()) as typeof header;
  } catch {
    throw new DamagedRunFileError(path, 'unreadable header');
  }
  const prefix = headerStart + headerLength;
  const bodyStart = prefix + ((8 - (prefix % 8)) % 8);
  // A fresh, aligned copy: typed arrays need aligned offsets and must not alias the file buffer.
  const body = new Uint8Array(file.subarray(bodyStart)).buffer;
  const state = new Map<string, HostTensor>();
  const windows: HostTensor[][] = Array.from({ length: header.windows }, () => []);
  for (const e of header.tensors) {
    const elements = e.bytes / (e.dtype === 'bool' ? 1 : 4);
    if (e.offset + e.bytes > body.byteLength) throw new DamagedRunFileError(path, 'truncated');
    const t: HostTensor = { dtype: e.dtype, shape: e.shape, data: ARRAY_OF[e.dtype](body, e.offset, elements) };
    const [kind, ...rest] = e.key.split('/');
    if (kind === 'state') state.set(rest.join('/'), t);
    else windows[Number(rest[0])][Number(rest[1])] = t;
  }
  return { meta: header.meta, session: { stepsDone: header.stepsDone, state, windows } };
}

/** The file without its checksum, once the checksum matches (version 1 files have none). */
function verifiedContent(path: string, file: Buffer): Buffer {
  if (file.length >= MAGIC_V1.length + 4 && file.subarray(0, MAGIC_V1.length).equals(MAGIC_V1)) return file;
  if (file.length < MAGIC.length + 4 + CHECKSUM_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new DamagedRunFileError(path, 'not a grokbench checkpoint, or truncated');
  }
  const content = file.subarray(0, file.length - CHECKSUM_BYTES);
  if (!sha256(content).equals(file.subarray(file.length - CHECKSUM_BYTES))) throw new DamagedRunFileError(path, 'checksum mismatch');
  return content;
}
