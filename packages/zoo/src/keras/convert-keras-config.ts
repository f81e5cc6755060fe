// Rewrites a Keras model_config into one tfjs-layers can deserialize: the few constructs tfjs lacks
// become equivalent layers it has (or ours in custom-layers.ts). Everything else passes unchanged.
import { convertKeras1Config, isKeras1Config } from './convert-keras1-config';

type Json = Record<string, unknown>;

/** TFOpLambda functions rewritten into merge layers (`x + y` in Keras ≥ 2.4 functional code). */
const TF_OP_MERGES: Record<string, string> = {
  'tf.__operators__.add': 'Add',
  '__operators__.add': 'Add',
  'math.add': 'Add',
  'tf.math.add': 'Add',
  'math.multiply': 'Multiply',
  'tf.math.multiply': 'Multiply',
  'tf.math.subtract': 'Subtract',
  'math.subtract': 'Subtract',
};

function isObj(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An inbound-node reference `[layer, nodeIndex, tensorIndex]`. */
function isRef(x: unknown): x is [string, number, number, unknown?] {
  return Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'number' && typeof x[2] === 'number';
}

const REGULARIZER_KEYS = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'depthwise_regularizer', 'pointwise_regularizer', 'beta_regularizer', 'gamma_regularizer', 'embeddings_regularizer'];

/** Keras ≥ 2.4 writes `{class_name: 'L2', config: {l2}}`; tfjs knows only `L1L2`. */
function convertRegularizers(config: Json): Json {
  let out = config;
  for (const key of REGULARIZER_KEYS) {
    const reg = config[key];
    if (isObj(reg) && (reg['class_name'] === 'L2' || reg['class_name'] === 'L1')) {
      const c = isObj(reg['config']) ? reg['config'] : {};
      out = { ...out, [key]: { class_name: 'L1L2', config: { l1: Number(c['l1'] ?? 0), l2: Number(c['l2'] ?? 0) } } };
    }
  }
  return out;
}

/** TF 2 writes VarianceScaling(distribution='untruncated_normal'); tfjs calls it 'normal'. */
function convertInitializers(config: Json): Json {
  let out = config;
  for (const [key, value] of Object.entries(config)) {
    if (!key.endsWith('_initializer') || !isObj(value) || value['class_name'] !== 'VarianceScaling') continue;
    const c = isObj(value['config']) ? value['config'] : {};
    if (c['distribution'] === 'untruncated_normal') {
      out = { ...out, [key]: { ...value, config: { ...c, distribution: 'normal' } } };
    }
  }
  return out;
}

function convertLayer(layer: Json, fn: string): Json {
  const className = layer['class_name'];
  const config = isObj(layer['config']) ? convertInitializers(convertRegularizers(layer['config'])) : {};
  layer = { ...layer, config };
  if (className === 'TFOpLambda') {
    const fnName = String(config['function'] ?? '');
    const merge = TF_OP_MERGES[fnName];
    if (!merge) {
      throw new Error(
        `Error in ${fn}: layer '${String(config['name'])}' is a TFOpLambda calling '${fnName}', which tfjs-layers cannot run; ` +
          `supported TFOpLambda functions: ${Object.keys(TF_OP_MERGES).join(', ')}.`,
      );
    }
    // Keras 2.10 writes inbound_nodes [[a, 0, 0, {y: [b, 0, 0], name: null}]] (older: one more
    // level of nesting); both become [[[a, 0, 0, {}], [b, 0, 0, {}]]].
    const nodes = Array.isArray(layer['inbound_nodes']) ? (layer['inbound_nodes'] as unknown[]) : [];
    const inbound = nodes.map((node) => {
      const first = isRef(node) ? (node as unknown[]) : Array.isArray(node) ? (node[0] as unknown[]) : undefined;
      if (!first || !isRef(first)) {
        throw new Error(`Error in ${fn}: TFOpLambda layer '${String(config['name'])}' has inbound nodes in an unknown layout.`);
      }
      const kwargs: Json = isObj(first[3]) ? first[3] : {};
      const other = kwargs['y'];
      if (!isRef(other)) {
        throw new Error(`Error in ${fn}: TFOpLambda layer '${String(config['name'])}' (${fnName}) has a constant operand; only tensor + tensor is supported.`);
      }
      return [[first[0], first[1], first[2], {}], [other[0], other[1], other[2], {}]];
    });
    return {
      ...layer,
      class_name: merge,
      config: { name: config['name'], trainable: config['trainable'] ?? true, dtype: config['dtype'] ?? 'float32' },
      inbound_nodes: inbound,
    };
  }
  if ((className === 'GlobalAveragePooling2D' || className === 'GlobalMaxPooling2D') && config['keepdims'] === true) {
    return {
      ...layer,
      class_name: 'KerasGlobalPooling2D',
      config: { name: config['name'], trainable: config['trainable'] ?? true, mode: className === 'GlobalMaxPooling2D' ? 'max' : 'avg', keepdims: true },
    };
  }
  if (className === 'Model' || className === 'Functional' || className === 'Sequential') {
    return convertKerasModelConfig(layer, fn);
  }
  return layer;
}

/**
 * Returns a converted copy of a Keras `model_config` ({class_name, config}) that tfjs-layers can
 * deserialize. Keras 1 Sequential configs are first converted to Keras 2 (convert-keras1-config).
 */
export function convertKerasModelConfig(modelConfig: Json, fn = 'importKerasH5', kerasVersion?: string): Json {
  if (isKeras1Config(modelConfig, kerasVersion)) modelConfig = convertKeras1Config(modelConfig, fn);
  const inner = modelConfig['config'];
  if (!isObj(inner) || !Array.isArray(inner['layers'])) {
    throw new Error(`Error in ${fn}: model_config has no layer list (class_name ${String(modelConfig['class_name'])}).`);
  }
  return {
    ...modelConfig,
    config: { ...inner, layers: (inner['layers'] as unknown[]).map((l) => (isObj(l) ? convertLayer(l, fn) : l)) },
  };
}
