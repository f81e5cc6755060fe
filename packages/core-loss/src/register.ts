// Side-effect entry: `import '@harmonization/core-loss/register'` registers the second-order
// gradients and wasm kernels. Import it after every tfjs package you import.
import { registerHarmonizationGradients } from './register-gradients';

registerHarmonizationGradients();
