import { globalSetup } from './synth-run-dir';

export default globalSetup;
