import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { Graph } from './graph.js';
import { add, mul, relu } from './ops/elementwise.js';
import { concat, gather, matmul, reshape, slice, transpose } from './ops/shape-ops.js';
import { crossEntropy } from './ops/nn.js';
import { sum } from './ops/reductions.js';
import { countFlops } from './flops.js';
import { exportOnnx, ONNX_OPSET } from './onnx-export.js';
import { GraphError } from './shape.js';

describe('shape inference', () => {
  it('infers broadcast and matmul shapes', () => {
    const g = new Graph();
    const a = g.input('a', [2, 1, 3, 4]);
    const b = g.input('b', [5, 4, 6]);
    expect(matmul(a, b).shape).toEqual([2, 5, 3, 6]);
    expect(add(g.input('c', [3, 1]), g.input('d', [4])).shape).toEqual([3, 4]);
    expect(gather(g.input('table', [10, 7]), g.input('idx', [2, 3], 'int32')).shape).toEqual([2, 3, 7]);
    expect(reshape(g.input('e', [6, 4]), [3, -1]).shape).toEqual([3, 8]);
    expect(transpose(g.input('f', [2, 3, 4]), [2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(slice(g.input('h', [5, 6]), 1, 2, 5).shape).toEqual([5, 3]);
  });

  it('names the op and the shapes when they do not fit', () => {
    const g = new Graph();
    expect(() => matmul(g.input('a', [3, 4]), g.input('b', [5, 6]))).toThrow(new GraphError('MatMul: inner dimensions differ: [3,4] x [5,6]'));
    expect(() => add(g.input('c', [3, 4]), g.input('d', [3]))).toThrow(new GraphError('Add: shapes [3,4] and [3] do not broadcast'));
    expect(() => reshape(g.input('e', [3, 4]), [5, 2])).toThrow(/Reshape: cannot reshape e:float32\[3,4\] to \[5,2\]/);
    expect(() => concat([g.input('f', [2, 3]), g.input('h', [2, 4])], 0)).toThrow(/Concat: shapes \[2,3\], \[2,4\] differ off axis 0/);
    expect(() => sum(g.input('s', [2, 3]), [])).toThrow(/ReduceSum: no axes given/);
    expect(() => crossEntropy(g.input('logits', [4, 3]), g.input('labels', [4]))).toThrow(/crossEntropy: labels/);
  });

  it('refuses duplicate names, bad shapes and tensors of another graph', () => {
    const g = new Graph();
    g.input('x', [2]);
    expect(() => g.input('x', [2])).toThrow(/already used/);
    expect(() => g.input('y', [0])).toThrow(/positive integer/);
    const other = new Graph().input('z', [2]);
    expect(() => add(g.input('w', [2]), other)).toThrow(/belongs to another graph/);
  });
});

describe('FLOP count', () => {
  it('counts 2·m·k·n for a matmul and one per element for elementwise ops', () => {
    const g = new Graph();
    const y = relu(matmul(g.input('x', [8, 16]), g.param('w', [16, 4], { kind: 'zeros' })));
    expect(countFlops([y])).toBe(2 * 8 * 16 * 4 + 8 * 4);
  });

  it('counts each node once even when it is used twice', () => {
    const g = new Graph();
    const x = g.input('x', [10]);
    const twice = mul(x, 2);
    expect(countFlops([add(twice, twice)])).toBe(20);
  });
});

describe('ONNX export', () => {
  it('writes an IR 8, opset 17 model with inputs, initializers and named outputs', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    const w = g.param('w', [3, 4], { kind: 'zeros' });
    const c = g.constant('c', Float32Array.from([1, 2, 3, 4]), [4]);
    const y = add(matmul(x, w), c);
    const { model, signature } = exportOnnx(g, { outputs: { y, total: sum(y), copy: y } });
    const decoded = onnxProto.onnx.ModelProto.decode(model);
    expect(Number(decoded.irVersion)).toBe(8);
    expect(Number(decoded.opsetImport[0].version)).toBe(ONNX_OPSET);
    const graph = decoded.graph as onnxProto.onnx.GraphProto;
    expect(graph.input.map((i) => i.name)).toEqual(['x', 'w']);
    expect(graph.initializer.map((i) => i.name)).toContain('c');
    expect(graph.output.map((o) => o.name)).toEqual(['y', 'total', 'copy']);
    // A value returned under two names is copied once through an Identity.
    expect(graph.node.filter((n) => n.opType === 'Identity')).toHaveLength(1);
    expect(signature.inputs).toEqual([x, w]);
  });

  it('leaves out what the outputs do not need', () => {
    const g = new Graph();
    const x = g.input('x', [2]);
    g.input('unused', [2]);
    const { signature } = exportOnnx(g, { outputs: { y: mul(x, 3) } });
    expect(signature.inputs.map((t) => t.name)).toEqual(['x']);
  });
});
