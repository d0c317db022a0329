import type { DType, HostTensor } from '@grokbench/graph';

/**
 * The safetensors format (huggingface/safetensors, "Format" in its README): an 8-byte
 * little-endian header length N, N bytes of JSON — per tensor its dtype, shape and
 * `data_offsets` [begin, end) into the byte buffer that follows, plus an optional
 * `__metadata__` map of strings — then the raw little-endian tensor bytes, in row-major order.
 * The header is padded with spaces to a multiple of 8 bytes, as the reference writer does, so
 * every tensor starts aligned.
 */
const SAFETENSORS_DTYPE: Record<DType, string> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };

export interface NamedTensor {
  name: string;
  tensor: HostTensor;
}

function bytesOf(tensor: HostTensor): Buffer {
  const { data } = tensor;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Readonly<Record<string, string>> = {}): Buffer {
  const header: Record<string, unknown> = Object.keys(metadata).length ? { __metadata__: metadata } : {};
  const payloads: Buffer[] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    if (name === '__metadata__' || name in header) throw new Error(`tensor name "${name}" is reserved or repeated`);
    const bytes = bytesOf(tensor);
    header[name] = { dtype: SAFETENSORS_DTYPE[tensor.dtype], shape: [...tensor.shape], data_offsets: [offset, offset + bytes.length] };
    payloads.push(bytes);
    offset += bytes.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(padded.length));
  return Buffer.concat([length, padded, ...payloads]);
}
