// The `harmonize` command line: one commander program, one file per command's work.
import { Command, Option } from 'commander';
import { BACKEND_CHOICES } from './backend/backend-names';
import { applyConfigFile } from './util/config-file';
import { floatArg, intArg, choiceArg } from './util/parsers';
import { CLI_VERSION } from './version';

/** Options every command that computes takes. */
export interface CommonOptions {
  backend: string;
  requireGpu: boolean;
  quiet: boolean;
  config?: string;
}

function common(cmd: Command, { backend = true } = {}): Command {
  if (backend) {
    cmd
      .addOption(new Option('--backend <name>', 'TensorFlow.js backend; auto takes the fastest that loads').choices(BACKEND_CHOICES).default('auto'))
      .option('--require-gpu', 'fail unless the tensorflow-gpu backend loads', false);
  }
  return cmd
    .option('-q, --quiet', 'no progress output', false)
    .option('--config <file.json>', 'JSON object of option values (camelCase keys); flags override it');
}

function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Runs `fn` with the command's options after the config file has been merged in. */
function action<T>(fn: (opts: T, cmd: Command) => Promise<void>) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    applyConfigFile(cmd);
    await fn({ ...(cmd.opts() as T), _args: cmd.args } as T, cmd);
  };
}

export function buildProgram(): Command {
  const program = new Command('harmonize')
    .description('Harmonization for TensorFlow.js: train classifiers whose saliency agrees with human importance maps, and measure that agreement.')
    .version(CLI_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  examples(program, ['harmonize demo', 'harmonize doctor', 'harmonize train --help']);

  examples(
    common(
      program
        .command('demo')
        .description('train a small model twice (baseline vs harmonized) on a synthetic dataset with a misleading shortcut, and report which one was misled')
        .option('--out <dir>', 'report folder', 'harmonize-demo')
        .option('--seed <n>', 'random seed for data, initial weights and batch order', intArg('--seed'), 0)
        .option('--steps <n>', 'training steps per model', intArg('--steps', 1), 600)
        .option('--train-size <n>', 'training images', intArg('--train-size', 16), 4096)
        .option('--test-size <n>', 'images per test split', intArg('--test-size', 8), 500)
        .option('--image-size <n>', 'image side in pixels', intArg('--image-size', 16), 32)
        .option('--batch-size <n>', 'batch size', intArg('--batch-size', 1), 16)
        .option('--lambda <x>', 'harmonization weight λ of the harmonized model', floatArg('--lambda', 0), 10)
        .option('--lr <x>', 'Adam learning rate', floatArg('--lr', 0), 1e-3)
        .option('--gallery <n>', 'rows in gallery.png', intArg('--gallery', 1), 8)
        .option('--no-parallel', 'train the two models one after the other instead of in two worker threads'),
    ).action(action(async (opts) => (await import('./commands/demo')).demoCommand(opts as never))),
    ['harmonize demo', 'harmonize demo --out runs/demo --seed 3', 'harmonize demo --steps 100 --train-size 1024 --test-size 200   # a quick look'],
  );

  examples(
    common(
      program
        .command('train')
        .description('train a zoo or saved model on ClickMe shards, harmonized or baseline, with checkpoints and exact resume')
        .option('--model <name|dir>', 'zoo model name or a saved model folder', 'tiny_vgg')
        .option('--data <dir>', 'folder of ClickMe-schema TFRecord shards (train split)')
        .option('--download', 'download the official ClickMe shards into the cache first', false)
        .option('--image-only <dir>', 'folder of image-only shards mixed in with token 0 (as the original mixed ImageNet)')
        .option('--clickme-ratio <x>', 'share of ClickMe samples when --image-only is given', floatArg('--clickme-ratio', 0), 0.2)
        .addOption(new Option('--mode <mode>', 'loss').choices(['harmonized', 'baseline']).default('harmonized'))
        .addOption(new Option('--optimizer <name>', 'optimizer').choices(['sgd', 'adam']).default('adam'))
        .option('--lr <x>', 'base learning rate', floatArg('--lr', 0), 1e-3)
        .option('--momentum <x>', 'Nesterov momentum for sgd', floatArg('--momentum', 0), 0.9)
        .addOption(new Option('--schedule <name>', 'step: linear warm-up then ×0.1 at 1/3, 2/3, 8/9 of training (the original\'s 30/60/80 of 90 epochs); cosine; constant').choices(['step', 'cosine', 'constant']).default('constant'))
        .option('--warmup <fraction>', 'warm-up share of training for step/cosine (the original: 5/90)', floatArg('--warmup', 0), 5 / 90)
        .option('--lambda-harmonization <x>', 'harmonization weight λ', floatArg('--lambda-harmonization', 0), 1)
        .option('--lambda-weights <x>', 'weight-decay coefficient', floatArg('--lambda-weights', 0), 1e-5)
        .option('--label-smoothing <x>', 'label smoothing', floatArg('--label-smoothing', 0), 0.1)
        .option('--batch-size <n>', 'batch size', intArg('--batch-size', 1), 16)
        .option('--epochs <n>', 'epochs (ignored when --steps is given)', intArg('--epochs', 1), 1)
        .option('--steps <n>', 'total training steps', intArg('--steps', 1))
        .option('--image-size <n>', 'input side in pixels (data are resized to it)', intArg('--image-size', 8))
        .option('--num-classes <n>', 'classes of a new zoo model', intArg('--num-classes', 2))
        .option('--seed <n>', 'random seed', intArg('--seed'), 0)
        .option('--out <dir>', 'run folder (config, metrics.jsonl, checkpoints, final model)', 'harmonize-run')
        .option('--checkpoint-every <n>', 'steps between checkpoints', intArg('--checkpoint-every', 1), 500)
        .option('--resume', 'continue exactly from the last checkpoint in --out', false)
        .option('--eval-data <dir>', 'shards evaluated periodically (alignment and accuracy)')
        .option('--eval-every <n>', 'steps between evaluations', intArg('--eval-every', 1), 1000)
        .option('--eval-limit <n>', 'images per periodic evaluation', intArg('--eval-limit', 1), 256)
        .option('--no-blur', "skip the original's 10×10 heatmap blur when decoding shards (for maps that are already smooth, e.g. the demo's)"),
    ).action(action(async (opts) => (await import('./commands/train')).trainCommand(opts as never))),
    [
      'harmonize train --data clickme/train --model resnet50 --optimizer sgd --lr 0.7 --schedule step --epochs 90 --lambda-harmonization 2',
      'harmonize train --data demo/data/train --model tiny_vgg --steps 600 --lambda-harmonization 10 --out runs/a',
      'harmonize train --out runs/a --resume',
    ],
  );

  examples(
    common(
      program
        .command('eval')
        .description('alignment (Spearman, Dice, IoU, alignment score) and accuracy of a model against human maps')
        .option('--model <name|dir>', 'zoo model name or saved model folder')
        .option('--data <dir>', 'folder of ClickMe-schema TFRecord shards')
        .option('--images <dir>', 'folder of images (with --maps: maps of the same file names)')
        .option('--maps <dir>', 'folder of human maps, one per image, same names')
        .option('--explainer <name>', 'saliency, signedSaliency, smoothGrad, gradientTimesInput or integratedGradients', 'saliency')
        .option('--image-size <n>', 'input side', intArg('--image-size', 8))
        .option('--batch-size <n>', 'batch size', intArg('--batch-size', 1), 16)
        .option('--limit <n>', 'evaluate at most this many images', intArg('--limit', 1))
        .option('--no-blur', "skip the original's 10×10 heatmap blur when decoding shards")
        .option('--json', 'print the result as JSON on stdout', false),
    ).action(action(async (opts) => (await import('./commands/eval')).evalCommand(opts as never))),
    ['harmonize eval --model runs/a/model --data demo/data/test --json', 'harmonize eval --model vgg16.harmonized --data clickme/val', 'harmonize eval --model tiny_vgg --images photos/ --maps fixations/'],
  );

  examples(
    common(
      program
        .command('download')
        .description('download the official ClickMe shards into the cache (resumable, verified)')
        .addOption(new Option('--split <split>', 'which shards').choices(['train', 'val', 'all']).default('val'))
        .option('--dir <dir>', 'cache folder (default $HARMONIZATION_HOME or the user cache)')
        .option('--offline', 'only check what is cached; fail if something is missing', false),
      { backend: false },
    ).action(action(async (opts) => (await import('./commands/download')).downloadCommand(opts as never))),
    ['harmonize download --split val', 'harmonize download --split all --dir /data/clickme'],
  );

  const zoo = program.command('zoo').description('the model zoo: list, inspect, convert Keras .h5 files');
  examples(zoo, ['harmonize zoo list', 'harmonize zoo info vgg16', 'harmonize zoo convert model.h5 out/ --preprocess-like vgg16']);
  examples(
    common(zoo.command('list').description('list registered models').argument('[pattern]', 'glob, e.g. "resnet*"').option('--json', 'JSON output', false), { backend: false }).action(
      action(async (opts) => (await import('./commands/zoo')).zooListCommand(opts as never)),
    ),
    ['harmonize zoo list', 'harmonize zoo list "*harmonized" --json'],
  );
  examples(
    common(zoo.command('info').description('pretrained config of one model').argument('<name>', 'model name').option('--json', 'JSON output', false), { backend: false }).action(
      action(async (opts) => (await import('./commands/zoo')).zooInfoCommand(opts as never)),
    ),
    ['harmonize zoo info resnet50.harmonized'],
  );
  examples(
    common(
      zoo
        .command('convert')
        .description('convert a Keras .h5 file to a TensorFlow.js model folder')
        .argument('<file.h5>', 'Keras file')
        .argument('<outdir>', 'output folder')
        .option('--preprocess-like <zoo-name>', "record that the model expects this zoo model's preprocessing (so eval/saliency can use it)"),
    ).action(
      action(async (opts) => (await import('./commands/zoo')).zooConvertCommand(opts as never)),
    ),
    ['harmonize zoo convert vgg16_harmonized.h5 models/vgg16 --preprocess-like vgg16'],
  );

  examples(
    common(
      program
        .command('saliency')
        .description('write saliency maps of a model for images, as PNG')
        .argument('<images...>', 'image files')
        .requiredOption('--model <name|dir>', 'zoo model name or saved model folder')
        .option('--out <dir>', 'output folder', 'saliency')
        .option('--label <n>', 'class to explain (default: the predicted class)', intArg('--label'))
        .option('--explainer <name>', 'explainer', 'saliency')
        .option('--image-size <n>', 'input side', intArg('--image-size', 8)),
    ).action(action(async (opts) => (await import('./commands/saliency')).saliencyCommand(opts as never))),
    ['harmonize saliency cat.jpg dog.jpg --model runs/a/model --out maps/'],
  );

  examples(
    common(
      program
        .command('pack')
        .description('pack folders of images and human maps into ClickMe-schema TFRecord shards')
        .requiredOption('--images <dir>', 'folder of images')
        .requiredOption('--maps <dir>', 'folder of maps with the same file names')
        .requiredOption('--out <dir>', 'output folder for the shards')
        .option('--labels <file.json>', 'JSON object {fileName: classIndex}')
        .option('--label <n>', 'one class index for every image', intArg('--label'), 0)
        .option('--size <n>', 'side of the stored images and maps', intArg('--size', 8), 256)
        .option('--per-shard <n>', 'records per shard', intArg('--per-shard', 1), 1024),
      { backend: false },
    ).action(action(async (opts) => (await import('./commands/pack')).packCommand(opts as never))),
    ['harmonize pack --images mit1003/stimuli --maps mit1003/fixation_maps --out shards/'],
  );

  examples(
    common(
      program
        .command('plot')
        .description('accuracy vs alignment over several result files (as the paper\'s figure)')
        .argument('<results...>', 'results.json files (demo or eval --json output)')
        .option('--out <file.png>', 'output PNG (an .svg beside it too)', 'plot.png'),
      { backend: false },
    ).action(action(async (opts) => (await import('./commands/plot')).plotCommand(opts as never))),
    ['harmonize plot runs/*/results.json --out figure.png'],
  );

  examples(
    common(program.command('doctor').description('backends, versions, CUDA libraries, and what --backend auto picks').option('--json', 'JSON output', false), { backend: false }).action(
      action(async (opts) => {
        const { runDoctor, formatDoctor } = await import('./commands/doctor');
        const report = await runDoctor();
        const o = opts as { json: boolean };
        process.stdout.write(`${o.json ? JSON.stringify(report, null, 2) : formatDoctor(report)}\n`);
      }),
    ),
    ['harmonize doctor', 'harmonize doctor --json'],
  );

  return program;
}

export { choiceArg };
