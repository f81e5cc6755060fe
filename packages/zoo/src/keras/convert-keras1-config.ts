// Keras 1 `model_config` → Keras 2, for the layers whose Keras 1 form maps one-to-one onto a
// Keras 2 layer (Convolution2D, Dense, pooling, Dropout, Flatten, Activation, BatchNormalization
// mode 0). Keras 1 stores weights in the same order and, with TF dim ordering, the same layout,
// so loadKerasH5Weights then loads them by layer name and order.
type Json = Record<string, unknown>;

function isObj(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function regularizer(r: unknown): Json | null {
  if (!isObj(r)) return null;
  return { class_name: 'L1L2', config: { l1: Number(r['l1'] ?? 0), l2: Number(r['l2'] ?? 0) } };
}

function dataFormat(c: Json, fn: string): string {
  const ordering = c['dim_ordering'] ?? 'tf';
  if (ordering !== 'tf' && ordering !== 'default') {
    throw new Error(`Error in ${fn}: Keras 1 layer '${String(c['name'])}' uses dim_ordering '${String(ordering)}' (Theano layout); only 'tf' (channels last) converts.`);
  }
  return 'channels_last';
}

function common(c: Json): Json {
  const out: Json = { name: c['name'], trainable: c['trainable'] ?? true };
  if (Array.isArray(c['batch_input_shape'])) out['batch_input_shape'] = c['batch_input_shape'];
  else if (typeof c['input_dim'] === 'number') out['batch_input_shape'] = [null, c['input_dim']];
  if (c['input_dtype'] !== undefined) out['dtype'] = c['input_dtype'];
  return out;
}

function convertLayer(layer: Json, fn: string): Json {
  const cls = String(layer['class_name']);
  const c = isObj(layer['config']) ? layer['config'] : {};
  switch (cls) {
    case 'Convolution2D':
      return {
        class_name: 'Conv2D',
        config: {
          ...common(c),
          filters: c['nb_filter'],
          kernel_size: [c['nb_row'], c['nb_col']],
          strides: c['subsample'] ?? [1, 1],
          padding: c['border_mode'] ?? 'valid',
          data_format: dataFormat(c, fn),
          activation: c['activation'] ?? 'linear',
          use_bias: c['bias'] ?? true,
          kernel_regularizer: regularizer(c['W_regularizer']),
          bias_regularizer: regularizer(c['b_regularizer']),
        },
      };
    case 'Dense':
      return {
        class_name: 'Dense',
        config: {
          ...common(c),
          units: c['output_dim'],
          activation: c['activation'] ?? 'linear',
          use_bias: c['bias'] ?? true,
          kernel_regularizer: regularizer(c['W_regularizer']),
          bias_regularizer: regularizer(c['b_regularizer']),
        },
      };
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return {
        class_name: cls,
        config: { ...common(c), pool_size: c['pool_size'], strides: c['strides'] ?? c['pool_size'], padding: c['border_mode'] ?? 'valid', data_format: dataFormat(c, fn) },
      };
    case 'Dropout':
      return { class_name: 'Dropout', config: { ...common(c), rate: c['p'] ?? 0 } };
    case 'Flatten':
      return { class_name: 'Flatten', config: common(c) };
    case 'Activation':
      return { class_name: 'Activation', config: { ...common(c), activation: c['activation'] } };
    case 'BatchNormalization':
      if ((c['mode'] ?? 0) !== 0) break;
      return {
        class_name: 'BatchNormalization',
        config: { ...common(c), axis: c['axis'] ?? -1, momentum: c['momentum'] ?? 0.99, epsilon: c['epsilon'] ?? 1e-3 },
      };
    default:
      break;
  }
  throw new Error(
    `Error in ${fn}: Keras 1 layer '${String(c['name'])}' of class ${cls} has no Keras 2 conversion here; supported: Convolution2D, Dense, MaxPooling2D, AveragePooling2D, Dropout, Flatten, Activation, BatchNormalization (mode 0).`,
  );
}

/** True for a Keras 1 config (Sequential stored as a bare layer list, or a Keras 1.x version). */
export function isKeras1Config(modelConfig: Json, kerasVersion?: string): boolean {
  return Array.isArray(modelConfig['config']) || (kerasVersion !== undefined && kerasVersion.startsWith('1.'));
}

/** Converts a Keras 1 Sequential `model_config` to its Keras 2 form; other Keras 1 models throw. */
export function convertKeras1Config(modelConfig: Json, fn = 'importKerasH5'): Json {
  const layers = modelConfig['config'];
  if (modelConfig['class_name'] !== 'Sequential' || !Array.isArray(layers)) {
    throw new Error(`Error in ${fn}: only Keras 1 Sequential models convert to Keras 2, got a Keras 1 ${String(modelConfig['class_name'])}.`);
  }
  return {
    class_name: 'Sequential',
    config: { name: 'sequential_keras1', layers: layers.map((l) => (isObj(l) ? convertLayer(l, fn) : l)) },
  };
}
