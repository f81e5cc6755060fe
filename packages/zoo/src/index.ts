// @harmonization/zoo: harmonized model architectures, a timm-style registry of pretrained weights,
// Keras .h5 import and TensorFlow.js-format save/load.

// Registry
export { registerModel, listModels, getModelEntry, getPretrainedConfig, parseModelName, type ListModelsOptions } from './registry/registry';
export { createModel, type CreateModelOptions, type ZooModel } from './registry/create-model';
export { preprocess } from './registry/preprocess-for';
export { makePreprocess, IMAGENET_PREPROCESSING } from './registry/preprocess';
export { BUILTIN_MODELS, HARMONIZATION_WEIGHTS_BASE } from './registry/entries';
export type { ModelEntry, ModelBuilder, PretrainedConfig, PreprocessConfig, WeightsFormat } from './registry/types';

// Architectures
export type { ModelBuildOptions } from './models/model-options';
export { buildVGG16, buildTinyVGG } from './models/vgg';
export { buildResNet50, buildResNet50V2, buildTinyResNet } from './models/resnet';
export { buildEfficientNetB0 } from './models/efficientnet';
export { buildViT, buildViTB16, VIT_B16_CONFIG, type ViTConfig } from './models/vit';
export { buildConvNeXt, buildConvNeXtTiny, CONVNEXT_TINY_CONFIG, type ConvNeXtConfig } from './models/convnext';
export { buildMaxViT, buildMaxViTTiny, MAXVIT_TINY_CONFIG, type MaxViTConfig } from './models/maxvit';
export { buildLeViT, buildLeViT128, LEVIT_128_CONFIG, type LeViTConfig } from './models/levit';
export { registerZooLayers, ZOO_LAYER_CLASSES } from './layers/register-layers';
export { BatchNormalization, batchNormalization, withZooBatchNormalization } from './layers/batch-normalization';

// Keras .h5
export { importKerasH5, type ImportKerasH5Options } from './keras/import-keras-h5';
export {
  loadKerasH5Weights,
  type LoadKerasH5WeightsOptions,
  type LoadKerasH5WeightsReport,
} from './keras/load-keras-h5-weights';
export { readKerasH5, type KerasH5Contents, type KerasH5Layer, type KerasH5Weight } from './keras/read-keras-h5';
export { saveKerasH5Weights } from './keras/save-keras-h5-weights';
export { convertKerasModelConfig } from './keras/convert-keras-config';
export { FixedDropout, KerasGlobalPooling2D, KERAS_CUSTOM_LAYERS, registerKerasLayers } from './keras/custom-layers';

// Weights download
export { fetchPretrainedWeights, hashRecordPath, type FetchWeightsOptions, type FetchWeightsResult } from './weights/fetch-pretrained';

// TensorFlow.js-format save / load
export { saveModel } from './io/save-model';
export { loadModel } from './io/load-model';
export { fileSystemIO, DEFAULT_SHARD_BYTES } from './io/file-system-io';
