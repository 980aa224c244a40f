/**
 * `npx projen`'s platform renderer, run in a test fork (cwd): a bare projen Project with the real
 * PlatformArtifacts component and the real fork-owned list, reading `platform.config.json`. The rest
 * of the real .projenrc.ts (package.json, tasks, CI files) is left out: it would run npm and needs the
 * repository's own dependencies, and nothing in it writes the GitOps tree or promotion state.
 * Usage (as template-sync's `regenerate` command): `tsx test/support/regenerate-fork.ts`.
 */
import { Project } from 'projen';
import { FORK_OWNED_PATHS } from '../../projenrc/fork-owned-paths';
import { PlatformArtifacts } from '../../projenrc/platform-artifacts';

const project = new Project({ name: 'fork', outdir: process.cwd(), commitGenerated: true });
new PlatformArtifacts(project, { forkOwnedPaths: FORK_OWNED_PATHS, configFile: 'platform.config.json' });
project.synth();
