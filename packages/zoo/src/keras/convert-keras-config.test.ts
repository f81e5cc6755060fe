import { describe, expect, it } from 'vitest';
import { convertKerasModelConfig } from './convert-keras-config';

const model = (layers: unknown[]) => ({ class_name: 'Functional', config: { name: 'm', layers, input_layers: [], output_layers: [] } });

describe('convertKerasModelConfig', () => {
  it('rewrites a TFOpLambda addition (Keras 2.10 inbound layout) into an Add of both operands', () => {
    const out = convertKerasModelConfig(
      model([
        {
          class_name: 'TFOpLambda',
          name: 'tf.__operators__.add',
          config: { name: 'tf.__operators__.add', trainable: true, dtype: 'float32', function: '__operators__.add' },
          inbound_nodes: [['relu1', 0, 0, { y: ['bn2', 0, 0], name: null }]],
        },
      ]),
    ) as { config: { layers: Array<Record<string, unknown>> } };
    expect(out.config.layers[0]).toMatchObject({
      class_name: 'Add',
      config: { name: 'tf.__operators__.add' },
      inbound_nodes: [[['relu1', 0, 0, {}], ['bn2', 0, 0, {}]]],
    });
  });

  it('names the TFOpLambda functions it cannot run', () => {
    const config = model([{ class_name: 'TFOpLambda', config: { name: 'tf.math.log', function: 'math.log' }, inbound_nodes: [] }]);
    expect(() => convertKerasModelConfig(config)).toThrow(
      "Error in importKerasH5: layer 'tf.math.log' is a TFOpLambda calling 'math.log', which tfjs-layers cannot run; supported TFOpLambda functions:",
    );
  });

  it("renames TF 2's 'untruncated_normal' VarianceScaling distribution to tfjs' 'normal'", () => {
    const init = { class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_out', distribution: 'untruncated_normal', seed: null } };
    const out = convertKerasModelConfig(model([{ class_name: 'Conv2D', config: { name: 'c', kernel_initializer: init } }])) as {
      config: { layers: Array<{ config: Record<string, { config: Record<string, unknown> }> }> };
    };
    expect(out.config.layers[0]!.config['kernel_initializer']!.config['distribution']).toBe('normal');
  });

  it('maps keepdims global pooling and L2 regularizers onto tfjs classes', () => {
    const out = convertKerasModelConfig(
      model([
        { class_name: 'GlobalAveragePooling2D', config: { name: 'gap', keepdims: true } },
        { class_name: 'Conv2D', config: { name: 'c', kernel_regularizer: { class_name: 'L2', config: { l2: 0.001 } } } },
      ]),
    ) as { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } };
    expect(out.config.layers[0]).toMatchObject({ class_name: 'KerasGlobalPooling2D', config: { mode: 'avg', keepdims: true } });
    expect(out.config.layers[1]!.config['kernel_regularizer']).toEqual({ class_name: 'L1L2', config: { l1: 0, l2: 0.001 } });
  });

  it('converts Keras 1 Sequential configs and rejects what has no Keras 2 form', () => {
    const out = convertKerasModelConfig(
      { class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'd', output_dim: 3, input_dim: 4, activation: 'relu', bias: true } }] },
      'importKerasH5',
      '1.1.2',
    ) as { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } };
    expect(out.config.layers[0]).toMatchObject({ class_name: 'Dense', config: { name: 'd', units: 3, activation: 'relu', use_bias: true, batch_input_shape: [null, 4] } });
    expect(() =>
      convertKerasModelConfig({ class_name: 'Sequential', config: [{ class_name: 'Merge', config: { name: 'merge_1' } }] }),
    ).toThrow("Error in importKerasH5: Keras 1 layer 'merge_1' of class Merge has no Keras 2 conversion here; supported:");
    expect(() =>
      convertKerasModelConfig({
        class_name: 'Sequential',
        config: [{ class_name: 'Convolution2D', config: { name: 'c', dim_ordering: 'th', nb_filter: 1, nb_row: 1, nb_col: 1 } }],
      }),
    ).toThrow("Error in importKerasH5: Keras 1 layer 'c' uses dim_ordering 'th' (Theano layout); only 'tf' (channels last) converts.");
  });
});
