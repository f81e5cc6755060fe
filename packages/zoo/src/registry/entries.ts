// Every architecture of the zoo and its pretrained configurations (SPEC §5.2). Plain data: the
// registry adds these on its first use, so importing the package has no side effects.
import { buildEfficientNetB0 } from '../models/efficientnet';
import { buildResNet50, buildResNet50V2, buildTinyResNet } from '../models/resnet';
import { buildTinyVGG, buildVGG16 } from '../models/vgg';
import { buildConvNeXtTiny } from '../models/convnext';
import { buildLeViT128 } from '../models/levit';
import { buildMaxViTTiny } from '../models/maxvit';
import { buildViTB16 } from '../models/vit';
import { IMAGENET_PREPROCESSING } from './preprocess';
import type { ModelEntry, PretrainedConfig, WeightsFormat } from './types';

/** The bucket of the original's released weights. */
export const HARMONIZATION_WEIGHTS_BASE = 'https://storage.googleapis.com/serrelab/prj_harmonization/models/';

const LICENCE =
  'Code MIT (serre-lab/Harmonization). The weights files carry no licence statement of their own; they were trained on ImageNet and ClickMe, whose terms of use apply.';

function harmonized(fileName: string, format: WeightsFormat, loader: string, notes: string): Record<string, PretrainedConfig> {
  return {
    harmonized: {
      tag: 'harmonized',
      url: `${HARMONIZATION_WEIGHTS_BASE}${fileName}`,
      fileName,
      format,
      // Not published: the first download records the sha256 beside the file and later uses verify it.
      inputShape: [224, 224, 3],
      numClasses: 1000,
      preprocessing: IMAGENET_PREPROCESSING,
      licence: LICENCE,
      origin: `Fel, Felipe, Linsley, Serre, NeurIPS 2022 (arXiv 2211.04533); serre-lab/Harmonization harmonization.models.${loader}()`,
      notes,
    },
  };
}

const IMAGENET = { defaultInputShape: [224, 224, 3] as [number, number, number], defaultNumClasses: 1000, preprocessing: IMAGENET_PREPROCESSING };

/** The built-in entries, by name. */
export const BUILTIN_MODELS: Record<string, ModelEntry> = {
  vgg16: {
    ...IMAGENET,
    builder: buildVGG16,
    description: 'VGG16, Keras-applications layer names',
    minInputSize: 32,
    classifier: 'predictions',
    publishedParams: 138_357_544,
    pretrained: harmonized('vgg16_harmonized.h5', 'keras-h5-full', 'load_VGG16', 'tf.keras VGG16 saved with model.save; the head activation stored in the file is ignored (logits).'),
  },
  resnet50: {
    ...IMAGENET,
    builder: buildResNet50,
    description: 'ResNet50 (v1), Keras-applications layer names; loads v2-named files as ResNet50V2',
    minInputSize: 32,
    classifier: 'predictions',
    classifierAliases: ['probs'],
    publishedParams: 25_636_712,
    pretrained: harmonized(
      'resnet50v2_harmonized.h5',
      'keras-h5-full',
      'load_ResNet50',
      'The file is named ResNet50V2 while the original training code used ResNet50 v1 (SPEC §13.14): the layout (v1 or v2) is chosen from the layer names in the file.',
    ),
    layouts: [
      { name: 'resnet50v2', builder: buildResNet50V2, markers: ['post_bn', 'conv2_block1_preact_bn'] },
      { name: 'resnet50', builder: buildResNet50, markers: ['conv1_bn', 'conv2_block1_0_bn'] },
    ],
  },
  resnet50v2: {
    ...IMAGENET,
    builder: buildResNet50V2,
    description: 'ResNet50V2 (pre-activation), Keras-applications layer names',
    minInputSize: 32,
    classifier: 'predictions',
    classifierAliases: ['probs'],
    publishedParams: 25_613_800,
    pretrained: {},
  },
  efficientnet_b0: {
    ...IMAGENET,
    builder: buildEfficientNetB0,
    description: 'EfficientNet-B0, qubvel `efficientnet` layer names',
    minInputSize: 32,
    classifier: 'probs',
    classifierAliases: ['predictions'],
    // Keras reports 5,330,564 including 42,016 BatchNorm moving statistics; 5.3 M trainable.
    publishedParams: 5_330_564,
    pretrained: harmonized(
      'efficientnetB0_harmonized.h5',
      'keras-h5-full',
      'load_EfficientNetB0',
      'qubvel efficientnet (efficientnet.keras) model saved with model.save; head `probs` loaded as logits.',
    ),
  },
  vit_b16: {
    ...IMAGENET,
    builder: buildViTB16,
    description: 'ViT-B/16, vit_keras layer names',
    minInputSize: 16,
    classifier: 'head',
    publishedParams: 86_567_656,
    pretrained: harmonized(
      'vit-b16_harmonized.h5',
      'keras-h5-weights',
      'load_ViT_B16',
      'vit_keras vit_b16(image_size=224, activation="linear", include_top=True) weights (load_weights).',
    ),
  },
  convnext_tiny: {
    ...IMAGENET,
    builder: buildConvNeXtTiny,
    description: 'ConvNeXt-Tiny, keras_cv_attention_models layer names',
    minInputSize: 32,
    classifier: 'predictions',
    publishedParams: 28_589_128,
    pretrained: harmonized(
      'convnext_tiny_harmonized.h5',
      'keras-h5-weights',
      'load_tiny_ConvNeXT',
      'keras_cv_attention_models ConvNeXtTiny(classifier_activation=None, pretrained=None) weights (load_weights). The original caches it as tiny_convnext_harmonized.',
    ),
  },
  maxvit_tiny: {
    ...IMAGENET,
    builder: buildMaxViTTiny,
    description: 'MaxViT-Tiny, keras_cv_attention_models layer names',
    minInputSize: 64,
    classifier: 'predictions',
    publishedParams: 30_964_144,
    pretrained: harmonized(
      'maxvit_tiny_harmonized.h5',
      'keras-h5-weights',
      'load_tiny_MaxViT',
      'keras_cv_attention_models MaxViT_Tiny(classifier_activation=None, pretrained=None) weights (load_weights).',
    ),
  },
  levit_128: {
    ...IMAGENET,
    builder: buildLeViT128,
    description: 'LeViT-128 without distillation head, keras_cv_attention_models layer names',
    minInputSize: 64,
    classifier: 'head',
    // The paper's 9.2 M counts the distillation head (385,768 parameters), not built here.
    publishedParams: 8_876_008,
    pretrained: harmonized(
      'levit_small_harmonized.h5',
      'keras-h5-weights',
      'load_LeViT_small',
      'keras_cv_attention_models LeViT128(classifier_activation=None, use_distillation=False) weights (load_weights); the original calls it "small".',
    ),
  },
  tiny_vgg: {
    builder: buildTinyVGG,
    description: 'CPU demo CNN: conv 16-32-64 (3×3, ReLU, max-pool 2) + flatten + dense',
    defaultInputShape: [32, 32, 3],
    defaultNumClasses: 6,
    minInputSize: 8,
    classifier: 'predictions',
    publishedParams: 29_734,
    preprocessing: IMAGENET_PREPROCESSING,
    pretrained: {},
  },
  tiny_resnet: {
    builder: buildTinyResNet,
    description: 'CPU residual CNN: 3 BN basic blocks (16-32-64) + global pool + dense',
    defaultInputShape: [32, 32, 3],
    defaultNumClasses: 6,
    minInputSize: 4,
    classifier: 'predictions',
    publishedParams: 78_454,
    preprocessing: IMAGENET_PREPROCESSING,
    pretrained: {},
  },
};
