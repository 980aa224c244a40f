import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface PlatformDnsProps {
  /** The platform's base domain; tools are served at `<tool>.<domain>`. */
  readonly domain: string;
  /** Import the existing public hosted zone by id (no lookup at synth), or create it. */
  readonly hostedZone: { readonly create: false; readonly id: string } | { readonly create: true };
  /** Host names of the certificate: the domain first, then the alternative names (`*.<domain>`). */
  readonly certificateHosts: readonly [string, ...string[]];
}

/**
 * The Route 53 zone of the platform's domain (in the hub's account) and the ACM certificate of the
 * hub's ALB, validated by DNS records CloudFormation writes into that zone. A created zone is
 * retained on delete: the parent domain delegates to its name servers, which a new zone would change.
 */
export class PlatformDns extends Construct {
  readonly zone: route53.IHostedZone;
  readonly certificate: acm.Certificate;
  /** Name servers to delegate the domain to; only when the zone is created here. */
  readonly nameServers?: string[];

  constructor(scope: Construct, id: string, props: PlatformDnsProps) {
    super(scope, id);
    if (props.hostedZone.create) {
      const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: props.domain, comment: `Platform domain ${props.domain}` });
      zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.zone = zone;
      this.nameServers = zone.hostedZoneNameServers;
    } else {
      this.zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.hostedZone.id, zoneName: props.domain });
    }
    const [domainName, ...alternatives] = props.certificateHosts;
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName,
      subjectAlternativeNames: alternatives,
      validation: acm.CertificateValidation.fromDns(this.zone),
    });
  }
}
