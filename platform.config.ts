// The fork-owned config: the only file a fork must edit. `npx projen` regenerates everything from it.
// Every field is documented, with its default, in docs/config-reference.md.
import { definePlatform, entriesFromFolder } from './config';

export default definePlatform({
  name: 'acme',
  domain: 'platform.acme.example.com',
  // The Route 53 zone of the domain, in the hub's account: an existing one (hostedZoneId: 'Z…'), or
  // created by the hub stack (then delegate the domain to the name servers it outputs).
  ingress: { createHostedZone: true },
  hub: {
    account: '111111111111',
    region: 'eu-west-1',
    vpcCidr: '10.0.0.0/16',
  },
  spokes: {
    dev: { environment: 'dev', account: '222222222222', region: 'eu-west-1', vpcCidr: '10.1.0.0/16', azCount: 2 },
    prod: { environment: 'prod', account: '333333333333', region: 'eu-central-1', vpcCidr: '10.2.0.0/16', natGateways: 3 },
    // One file per requested spoke, added by the "request an environment" golden path's merge requests.
    ...entriesFromFolder('platform.d/spokes'),
  },
  sso: { groupRoles: { 'platform-viewers': 'viewer' } },
  teams: {
    payments: { sourceRepos: ['https://gitlab.platform.acme.example.com/payments/*'] },
    // One file per team, added by the "onboard a team" golden path's merge requests.
    ...entriesFromFolder('platform.d/teams'),
  },
  applications: {
    checkout: { team: 'payments' },
    // One file per application, added by the "onboard a service" golden path's merge requests.
    ...entriesFromFolder('platform.d/applications'),
  },
  // Who may administer the clusters (kubectl as cluster admin, bootstrap, status, destroy). Required.
  admins: { principals: ['arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PlatformAdmin_*'] },
  tags: { 'cost-center': 'platform' },
});
