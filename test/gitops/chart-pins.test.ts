import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ADDONS } from '../../catalog/registry';
import { findChartData, PULLED_FROM_FILE } from '../../scripts/lib/chart-cache';
import { CHART_DATA_EXCEPTIONS } from '../support/chart-data';

/**
 * Every pin is a version whose data a chart cache holds, and its repoURL is where that version is
 * published. For ../shared/charts, SOURCES.tsv names each version's upstream repository and
 * PUBLISHED_AT says where that upstream publishes (from its install docs); data that
 * `npx projen charts:fetch` pulled records the repository it was pulled from (PULLED_FROM_FILE).
 */

const SHARED = join(__dirname, '..', '..', '..', 'shared', 'charts');

/** Where a pinned version's data was published: the pull record, else SOURCES.tsv + PUBLISHED_AT. */
function publishedAt(dir: string, chart: string, version: string): string | undefined {
  const pulled = join(dir, PULLED_FROM_FILE);
  if (existsSync(pulled)) return readFileSync(pulled, 'utf8').trim();
  const sources = join(dir, '..', '..', 'SOURCES.tsv');
  if (!existsSync(sources)) return undefined;
  const rows = readFileSync(sources, 'utf8').split('\n').map((l) => l.split('\t'));
  const upstream = rows.find((r) => r[0] === `${chart}/${version}/Chart.yaml`)?.[1];
  return upstream && PUBLISHED_AT[upstream];
}

/** Upstream source repository → the Helm repository (or OCI path, Argo CD style without oci://) it publishes to. */
const PUBLISHED_AT: Readonly<Record<string, string>> = {
  'argoproj/argo-helm': 'https://argoproj.github.io/argo-helm', // https://github.com/argoproj/argo-helm#usage
  'backstage/charts': 'https://backstage.github.io/charts', // https://github.com/backstage/charts#usage
  'cert-manager/cert-manager': 'https://charts.jetstack.io', // https://cert-manager.io/docs/installation/helm/
  'apache/incubator-devlake-helm-chart': 'https://apache.github.io/incubator-devlake-helm-chart', // https://devlake.apache.org/docs/GettingStarted/HelmSetup
  'external-secrets/external-secrets': 'https://charts.external-secrets.io', // https://external-secrets.io/latest/introduction/getting-started/
  'grafana/helm-charts': 'https://grafana.github.io/helm-charts', // https://github.com/grafana/helm-charts#usage
  'akuity/kargo': 'ghcr.io/akuity/kargo-charts', // https://docs.kargo.io/operator-guide/basic-installation (oci://ghcr.io/akuity/kargo-charts/kargo)
  'codecentric/helm-charts': 'https://codecentric.github.io/helm-charts', // https://github.com/codecentric/helm-charts
  'kubernetes-sigs/kro': 'registry.k8s.io/kro/charts', // https://kro.run/docs/getting-started/Installation (oci://registry.k8s.io/kro/charts/kro)
  'kubevela/kubevela': 'https://kubevela.github.io/charts', // https://kubevela.io/docs/installation/kubernetes/
  'prometheus-community/helm-charts': 'https://prometheus-community.github.io/helm-charts', // https://github.com/prometheus-community/helm-charts#usage
  // ACK controllers: oci://public.ecr.aws/aws-controllers-k8s/<service>-chart (https://aws-controllers-k8s.github.io/community/docs/user-docs/install/)
  'aws-controllers-k8s/s3-controller': 'public.ecr.aws/aws-controllers-k8s',
  'aws-controllers-k8s/dynamodb-controller': 'public.ecr.aws/aws-controllers-k8s',
  'aws-controllers-k8s/rds-controller': 'public.ecr.aws/aws-controllers-k8s',
  'aws-controllers-k8s/ecr-controller': 'public.ecr.aws/aws-controllers-k8s',
};

describe('chart pins', () => {
  test.each(ADDONS.filter((a) => !(a.id in CHART_DATA_EXCEPTIONS)).map((a) => [a.id, a] as const))('%s pins a version a chart cache holds, published where its repoURL points', (_id, addon) => {
    const { chart, version, repoURL } = addon.chart;
    const dir = findChartData(addon.chart); // throws, naming npx projen charts:fetch, when no cache has it
    expect(parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).name).toBe(chart);
    expect([`${chart}/${version}`, publishedAt(dir, chart, version)]).toEqual([`${chart}/${version}`, repoURL]);
    // Argo CD takes OCI repositories without a scheme; HTTP repositories keep https://.
    expect(repoURL).not.toMatch(/^oci:\/\//);
  });

  test('GitLab is excepted because ../shared/charts cannot hold it; it still pins an exact version', () => {
    const gitlab = ADDONS.find((a) => a.id === 'gitlab')!;
    if (existsSync(SHARED)) expect(existsSync(join(SHARED, 'gitlab'))).toBe(false);
    expect(gitlab.chart).toEqual({ repoURL: 'https://charts.gitlab.io', chart: 'gitlab', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  test('one version per chart: no two add-ons pin the same chart at different versions', () => {
    const byChart = new Map<string, Set<string>>();
    for (const a of ADDONS) byChart.set(a.chart.chart, (byChart.get(a.chart.chart) ?? new Set()).add(a.chart.version));
    for (const [chart, versions] of byChart) expect([chart, versions.size]).toEqual([chart, 1]);
  });
});
