/**
 * Availability Zone name suffixes per region, in the order the platform uses them. Synth must look
 * nothing up, and `<region>a/b/c` is wrong in several regions: new accounts see ap-northeast-1
 * a, c, d (no b) and ca-central-1 a, b, d; us-west-1 exposes two AZs per account (b and c for new
 * accounts); cn-north-1 has a, b, d. Sources: `aws ec2 describe-availability-zones` in those regions
 * (e.g. https://gist.github.com/matsubo/9308b3a91e75d1ce62fe6f0d047a3c7d for ap-northeast-1) and the
 * AZ ID tables of https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html.
 * AZ names map to physical zones per account (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html),
 * so an older account that sees other names in a region must fix the entry here (one place) before deploying.
 * A region missing from the table is rejected at validate time, never guessed.
 */
export const AZ_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['a', 'b', 'c', 'd', 'f'],
  'us-east-2': ['a', 'b', 'c'],
  'us-west-1': ['b', 'c'],
  'us-west-2': ['a', 'b', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'ca-west-1': ['a', 'b', 'c'],
  'sa-east-1': ['a', 'b', 'c'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-west-2': ['a', 'b', 'c'],
  'eu-west-3': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
  'eu-central-2': ['a', 'b', 'c'],
  'eu-north-1': ['a', 'b', 'c'],
  'eu-south-1': ['a', 'b', 'c'],
  'eu-south-2': ['a', 'b', 'c'],
  'ap-northeast-1': ['a', 'c', 'd'],
  'ap-northeast-2': ['a', 'b', 'c', 'd'],
  'ap-northeast-3': ['a', 'b', 'c'],
  'ap-southeast-1': ['a', 'b', 'c'],
  'ap-southeast-2': ['a', 'b', 'c'],
  'ap-southeast-3': ['a', 'b', 'c'],
  'ap-southeast-4': ['a', 'b', 'c'],
  'ap-south-1': ['a', 'b', 'c'],
  'ap-south-2': ['a', 'b', 'c'],
  'ap-east-1': ['a', 'b', 'c'],
  'me-south-1': ['a', 'b', 'c'],
  'me-central-1': ['a', 'b', 'c'],
  'il-central-1': ['a', 'b', 'c'],
  'af-south-1': ['a', 'b', 'c'],
  'us-gov-west-1': ['a', 'b', 'c'],
  'us-gov-east-1': ['a', 'b', 'c'],
  'cn-north-1': ['a', 'b', 'd'],
  'cn-northwest-1': ['a', 'b', 'c'],
};

/** Every AZ name of a region the table knows, or undefined. */
export function regionAvailabilityZones(region: string): string[] | undefined {
  return Object.hasOwn(AZ_SUFFIXES, region) ? AZ_SUFFIXES[region].map((s) => `${region}${s}`) : undefined;
}
