import type { ReactNode } from 'react';
import { Grid, type GridSize } from '@material-ui/core';
import {
  EntityAboutCard,
  EntityDependsOnComponentsCard,
  EntityDependsOnResourcesCard,
  EntityHasComponentsCard,
  EntityHasResourcesCard,
  EntityHasSubcomponentsCard,
  EntityHasSystemsCard,
  EntityLayout,
  EntityLinksCard,
  EntitySwitch,
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  isKind,
  hasCatalogProcessingErrors,
  isOrphan,
  hasRelationWarnings,
  EntityRelationWarning,
} from '@backstage/plugin-catalog';
import {
  EntityUserProfileCard,
  EntityGroupProfileCard,
  EntityMembersListCard,
  EntityOwnershipCard,
} from '@backstage/plugin-org';
import { EntityTechdocsContent } from '@backstage/plugin-techdocs';
import {
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import {
  type Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import { TechDocsAddons } from '@backstage/plugin-techdocs-react';
import { ReportIssue } from '@backstage/plugin-techdocs-module-addons-contrib';
// Workloads, pods and their logs per entity, found by `backstage.io/kubernetes-id` or
// `backstage.io/kubernetes-label-selector` on every cluster of the backend's `kubernetes` config.
import {
  EntityKubernetesContent,
  isKubernetesAvailable,
} from '@backstage/plugin-kubernetes';
// Sync and health (overview card) and deployment history of the Argo CD Applications named by
// `argocd/app-name` or selected by `argocd/app-selector` (https://roadie.io/backstage/plugins/argo-cd/).
import {
  EntityArgoCDOverviewCard,
  EntityArgoCDHistoryCard,
  isArgocdAvailable,
} from '@roadiehq/backstage-plugin-argo-cd';

const techdocsContent = (
  <EntityTechdocsContent>
    <TechDocsAddons>
      <ReportIssue />
    </TechDocsAddons>
  </EntityTechdocsContent>
);

/** One warning row, shown only when its condition holds for the entity. */
const warningCase = (condition: (entity: Entity) => boolean, warning: ReactNode) => (
  <EntitySwitch>
    <EntitySwitch.Case if={condition}>
      <Grid item xs={12}>
        {warning}
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);

const entityWarningContent = (
  <>
    {warningCase(isOrphan, <EntityOrphanWarning />)}
    {warningCase(hasRelationWarnings, <EntityRelationWarning />)}
    {warningCase(hasCatalogProcessingErrors, <EntityProcessingErrorsPanel />)}
  </>
);

/** Argo CD sync/health beside the entity, shown only when the entity names its Applications. */
const argoCdOverview = (
  <EntitySwitch>
    <EntitySwitch.Case if={e => isArgocdAvailable(e)}>
      <Grid item md={6} xs={12}>
        <EntityArgoCDOverviewCard />
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);

/**
 * Overview of an application or cluster: about, Argo CD sync and health, and the entity's `links`
 * (the catalog generator adds the Kargo promotion project and the Grafana dashboard there).
 */
const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
    {argoCdOverview}
    <Grid item md={6} xs={12}>
      <EntityLinksCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityCatalogGraphCard height={400} />
    </Grid>
    <Grid item md={12} xs={12}>
      <EntityHasSubcomponentsCard />
    </Grid>
  </Grid>
);

/** The overview route of applications, clusters and other entities. */
const overviewRoute = (
  <EntityLayout.Route path="/" title="Overview">
    {overviewContent}
  </EntityLayout.Route>
);

const kubernetesRoute = (
  <EntityLayout.Route
    path="/kubernetes"
    title="Kubernetes"
    if={isKubernetesAvailable}
  >
    <EntityKubernetesContent refreshIntervalMs={30000} />
  </EntityLayout.Route>
);

const docsRoute = (
  <EntityLayout.Route path="/docs" title="Docs">
    {techdocsContent}
  </EntityLayout.Route>
);

/** A grid cell of an overview, `md`/`xs` its widths per breakpoint (as Backstage's example app sets them). */
const cell = (card: ReactNode, md: GridSize, xs?: GridSize) => (
  <Grid item md={md} xs={xs}>
    {card}
  </Grid>
);

/** The overview route of users, groups, systems and domains: the warnings, then these cells. */
const cardsOverviewRoute = (cells: ReactNode, alignItems?: 'stretch') => (
  <EntityLayout.Route path="/" title="Overview">
    <Grid container spacing={3} alignItems={alignItems}>
      {entityWarningContent}
      {cells}
    </Grid>
  </EntityLayout.Route>
);

const componentPage = (
  <EntityLayout>
    {overviewRoute}

    {kubernetesRoute}

    <EntityLayout.Route
      path="/argocd"
      title="Deployments"
      if={e => isArgocdAvailable(e)}
    >
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <EntityArgoCDOverviewCard />
        </Grid>
        <Grid item xs={12}>
          <EntityArgoCDHistoryCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>

    <EntityLayout.Route path="/dependencies" title="Dependencies">
      <Grid container spacing={3} alignItems="stretch">
        {cell(<EntityDependsOnComponentsCard />, 6)}
        {cell(<EntityDependsOnResourcesCard />, 6)}
      </Grid>
    </EntityLayout.Route>

    {docsRoute}
  </EntityLayout>
);

/** Clusters are Resources of type kubernetes-cluster: their links lead to Argo CD and Grafana. */
const resourcePage = (
  <EntityLayout>
    {overviewRoute}
    {kubernetesRoute}
  </EntityLayout>
);

const userPage = (
  <EntityLayout>
    {cardsOverviewRoute(
      <>
        {cell(<EntityUserProfileCard />, 6, 12)}
        {cell(<EntityOwnershipCard />, 6, 12)}
      </>,
    )}
  </EntityLayout>
);

const groupPage = (
  <EntityLayout>
    {cardsOverviewRoute(
      <>
        {cell(<EntityGroupProfileCard />, 6, 12)}
        {cell(<EntityOwnershipCard />, 6, 12)}
        {cell(<EntityMembersListCard />, 6, 12)}
        {cell(<EntityLinksCard />, 6, 12)}
      </>,
    )}
  </EntityLayout>
);

const systemPage = (
  <EntityLayout>
    {cardsOverviewRoute(
      <>
        {cell(<EntityAboutCard />, 6)}
        {cell(<EntityCatalogGraphCard height={400} />, 6, 12)}
        {cell(<EntityLinksCard />, 4, 12)}
        {cell(<EntityHasComponentsCard />, 8)}
        {cell(<EntityHasResourcesCard />, 12)}
      </>,
      'stretch',
    )}
    <EntityLayout.Route path="/diagram" title="Diagram">
      <EntityCatalogGraphCard
        direction={Direction.TOP_BOTTOM}
        title="System Diagram"
        height={700}
        relations={[
          RELATION_PART_OF,
          RELATION_HAS_PART,
          RELATION_DEPENDENCY_OF,
          RELATION_DEPENDS_ON,
        ]}
        unidirectional={false}
      />
    </EntityLayout.Route>
    {docsRoute}
  </EntityLayout>
);

const domainPage = (
  <EntityLayout>
    {cardsOverviewRoute(
      <>
        {cell(<EntityAboutCard />, 6)}
        {cell(<EntityHasSystemsCard />, 6)}
      </>,
      'stretch',
    )}
  </EntityLayout>
);

const defaultEntityPage = (
  <EntityLayout>
    {overviewRoute}
    {docsRoute}
  </EntityLayout>
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={componentPage} />
    <EntitySwitch.Case if={isKind('resource')} children={resourcePage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case if={isKind('domain')} children={domainPage} />
    <EntitySwitch.Case>{defaultEntityPage}</EntitySwitch.Case>
  </EntitySwitch>
);
