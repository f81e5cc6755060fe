// Reads everything a Keras .h5 file holds that a tfjs model needs: version, model_config and the
// weights, layer by layer, in the order the file's `layer_names` / `weight_names` attributes give.
import type { Dataset, Group } from 'h5wasm/node';
import { readSource, stringArrayAttr, stringAttr, withH5File } from './h5-file';

export interface KerasH5Weight {
  /** The name Keras stored (`conv1/kernel:0`, `convolution2d_1_W:0`, …). */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface KerasH5Layer {
  name: string;
  weights: KerasH5Weight[];
}

export interface KerasH5Contents {
  /** The file path, or 'the given bytes'. */
  label: string;
  /** 'full' when the file holds a `model_config` (`model.save`), 'weights' for `save_weights` files. */
  kind: 'full' | 'weights';
  kerasVersion?: string;
  backend?: string;
  /** Parsed `model_config` JSON (full files only). */
  modelConfig?: Record<string, unknown>;
  /** Every layer listed in `layer_names`, in file order, including those without weights. */
  layers: KerasH5Layer[];
}

function readDataset(group: Group, layer: string, weightName: string, label: string, fn: string): KerasH5Weight {
  const ds = group.get(weightName) as Dataset | null;
  if (!ds || typeof (ds as Partial<Dataset>).shape === 'undefined') {
    throw new Error(`Error in ${fn}: ${label} lists weight '${weightName}' for layer '${layer}' but holds no such dataset (corrupt file?).`);
  }
  const raw = ds.value;
  let values: Float32Array;
  if (raw instanceof Float32Array) values = raw;
  else if (raw instanceof Float64Array || raw instanceof Int32Array || raw instanceof Uint8Array) values = Float32Array.from(raw);
  else if (typeof raw === 'number') values = Float32Array.of(raw);
  else {
    throw new Error(`Error in ${fn}: weight '${weightName}' of layer '${layer}' in ${label} has an unsupported data type ${JSON.stringify(ds.dtype)}.`);
  }
  return { name: weightName, shape: ds.shape ?? [], values };
}

/** Reads a Keras .h5 file (path or bytes) into plain JS values. */
export async function readKerasH5(pathOrBytes: string | Uint8Array | ArrayBuffer, fn = 'readKerasH5'): Promise<KerasH5Contents> {
  const source = await readSource(pathOrBytes, fn);
  return withH5File(source, fn, (root) => {
    const configText = stringAttr(root, 'model_config');
    const keys = root.keys();
    const weightsGroup = keys.includes('model_weights') ? (root.get('model_weights') as Group) : root;
    const layerNames = stringArrayAttr(weightsGroup, 'layer_names');
    if (layerNames === undefined) {
      throw new Error(
        `Error in ${fn}: ${source.label} is an HDF5 file but not a Keras model or weights file (no 'layer_names' attribute; top-level keys: ${keys.slice(0, 8).join(', ') || 'none'}).`,
      );
    }
    let modelConfig: Record<string, unknown> | undefined;
    if (configText !== undefined) {
      try {
        modelConfig = JSON.parse(configText) as Record<string, unknown>;
      } catch {
        throw new Error(`Error in ${fn}: the model_config attribute of ${source.label} is not valid JSON.`);
      }
    }
    const layers = layerNames.map((name) => {
      const group = weightsGroup.get(name) as Group | null;
      if (!group) throw new Error(`Error in ${fn}: ${source.label} lists layer '${name}' but has no group for it (corrupt file?).`);
      const weightNames = stringArrayAttr(group, 'weight_names') ?? [];
      return { name, weights: weightNames.map((w) => readDataset(group, name, w, source.label, fn)) };
    });
    return {
      label: source.label,
      kind: modelConfig ? 'full' : 'weights',
      kerasVersion: stringAttr(weightsGroup, 'keras_version') ?? stringAttr(root, 'keras_version'),
      backend: stringAttr(weightsGroup, 'backend') ?? stringAttr(root, 'backend'),
      modelConfig,
      layers,
    } satisfies KerasH5Contents;
  });
}
