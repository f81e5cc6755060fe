// Side-effect entry: `import '@harmonization/accelerator/register'` turns the accelerator on when
// the native build is present, and otherwise leaves the stock kernels (status says why).
import { enableCpuAccelerator } from './accelerator';

enableCpuAccelerator();
