import * as s3 from 'aws-cdk-lib/aws-s3';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeFinding } from '../nag-acknowledge';

export interface CiCacheBucketProps {
  /** Exact bucket name (contract/gitlab-runner.ts `ciCacheBucketName`, which the runner's config.toml and its IAM name too). */
  readonly bucketName: string;
  /** Days a cache object lives; caches rebuild themselves. Default: 14. */
  readonly expirationDays?: number;
}

/**
 * The distributed cache of the hub's GitLab Runner (`[runners.cache.s3]`): build inputs (`node_modules`, npm's
 * cache) keyed by the pipeline, read and written by job pods through URLs the runner manager pre-signs. A cache,
 * not a record: S3-managed encryption, TLS only, never public, no versioning, objects expire, and `cdk destroy`
 * of the hub empties it rather than failing on a non-empty bucket.
 */
export class CiCacheBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: CiCacheBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [{
        id: 'expire-cache',
        expiration: Duration.days(props.expirationDays ?? 14),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    acknowledgeFinding(this.bucket, 'AwsSolutions-S1',
      'A cache of build inputs, not a record: job pods read and write it only through URLs the runner manager pre-signs, and objects expire and rebuild themselves; nothing in it calls for an access log.');

    // autoDeleteObjects adds aws-cdk-lib's per-stack custom-resource provider (a Lambda that empties the bucket on
    // delete); cdk-nag AwsSolutions reports nothing on it, so nothing more is acknowledged (the synth test proves it).
  }
}
