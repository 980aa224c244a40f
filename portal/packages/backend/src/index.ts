/*
 * The platform portal's backend: Backstage's new backend system (https://backstage.io/docs/backend-system/),
 * every plugin from the release of @backstage/create-app 0.9.2 (backend-defaults 0.18.0, the root's
 * pin), plus the community/Roadie modules built against that release's backend-plugin-api 1.10.
 * Which provider signs users in and which catalog providers run is configuration, not code:
 * app-config.platform.yaml (generated from platform.config.ts) enables Keycloak OIDC and the Keycloak
 * org provider; a local/test overlay enables the guest provider and leaves the org provider out.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built frontend (packages/app, `app.packageName`) and its runtime config.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: Keycloak through the generic OIDC provider (https://backstage.io/docs/auth/oidc), and
// guest (https://backstage.io/docs/auth/guest/provider), which refuses to run in production unless
// `auth.providers.guest.dangerouslyAllowOutsideDevelopment` is set: only the local/test overlay sets it.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog: the generated entities (clusters, teams, applications) from the catalog locations, users and
// groups from the Keycloak realm (`catalog.providers.keycloakOrg`, a no-op when that key is absent),
// and the Template kind of the golden paths.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage-community/plugin-catalog-backend-module-keycloak'));

// Golden paths: the scaffolder with GitLab actions (merge requests on the platform repository).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));

// Status and logs per entity: the Kubernetes backend reads each cluster (from app-config, `aws` auth:
// the portal's Pod Identity role, admitted read-only by every cluster's access entry), and Argo CD's
// Applications through Roadie's backend (https://roadie.io/backstage/plugins/argo-cd/).
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));

// The platform docs (mkdocs.yml at the repository root), and search over catalog and docs.
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.start();
