export { TEST_BACKENDS, useBackend, type TestBackend } from './backends';
export { realFixturesDir, realFixture, skipWithoutRealFixtures } from './real-fixtures';
export { loadReference } from './reference';
export { expectAllClose, maxRelativeError } from './close';
