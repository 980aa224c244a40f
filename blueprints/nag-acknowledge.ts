import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct (and its children), with the reason.
 *
 * Same record as `Validations.of(scope).acknowledge()`, written directly because that API rejects ids
 * with more than one `::`, and cdk-nag's granular finding ids contain them
 * (`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:…]`).
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}
