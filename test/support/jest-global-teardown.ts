import { globalTeardown } from './synth-run-dir';

export default globalTeardown;
