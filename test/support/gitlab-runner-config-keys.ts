/**
 * The keys of the GitLab Runner config structs and the TOML type each decodes from, transcribed from the `toml`
 * tags and Go field types in common/config.go of gitlabhq/gitlab-runner at tag v17.9.2 (commit
 * 14c5775c90a9b544dccd0070b35dd47f56bf164d), the runner of GitLab 17.9 that the GitLab chart 8.9.2 bundles.
 * The runner decodes config.toml with BurntSushi/toml, which refuses a value of another TOML type than the
 * field's (e.g. an integer into a Go `string` such as `cpu_request`). `table`: a struct; `duration`: a
 * time.Duration (string or integer); `unchecked`: a custom type (a flag, enum or union) whose decoding is
 * its own, not judged here.
 */
export type RunnerKeyType = 'string' | 'boolean' | 'integer' | 'string[]' | 'duration' | 'table' | 'table<string>' | 'table<boolean>' | 'unchecked';
type Keys = Readonly<Record<string, RunnerKeyType>>;

/** `RunnerConfig` (embeds RunnerCredentials and RunnerSettings: one [[runners]] table). */
export const RUNNER_CONFIG: Keys = {
  name: 'string', limit: 'integer', output_limit: 'integer', request_concurrency: 'integer', unhealthy_requests_limit: 'integer',
  unhealthy_interval: 'duration', job_status_final_update_retry_limit: 'integer',
};

/** `RunnerCredentials`. */
export const RUNNER_CREDENTIALS: Keys = {
  url: 'string', id: 'integer', token: 'string', token_obtained_at: 'unchecked', token_expires_at: 'unchecked',
  'tls-ca-file': 'string', 'tls-cert-file': 'string', 'tls-key-file': 'string',
};

/** `RunnerSettings`. */
export const RUNNER_SETTINGS: Keys = {
  executor: 'string', builds_dir: 'string', cache_dir: 'string', clone_url: 'string', environment: 'string[]',
  pre_get_sources_script: 'string', post_get_sources_script: 'string', pre_build_script: 'string', post_build_script: 'string',
  debug_trace_disabled: 'boolean', safe_directory_checkout: 'boolean', clean_git_config: 'boolean', shell: 'string',
  custom_build_dir: 'table', referees: 'table', cache: 'table', feature_flags: 'table<boolean>', monitoring: 'table',
  instance: 'table', ssh: 'table', docker: 'table', parallels: 'table', virtualbox: 'table', machine: 'table',
  kubernetes: 'table', custom: 'table', autoscaler: 'table', step_runner_image: 'string',
};

/** `KubernetesConfig`. */
export const KUBERNETES_CONFIG: Keys = {
  host: 'string', cert_file: 'string', key_file: 'string', ca_file: 'string', bearer_token_overwrite_allowed: 'boolean',
  bearer_token: 'string', image: 'string', namespace: 'string', namespace_overwrite_allowed: 'string',
  namespace_per_job: 'boolean', privileged: 'boolean', runtime_class_name: 'string', allow_privilege_escalation: 'boolean',
  cpu_limit: 'string', cpu_limit_overwrite_max_allowed: 'string', cpu_request: 'string',
  cpu_request_overwrite_max_allowed: 'string', memory_limit: 'string', memory_limit_overwrite_max_allowed: 'string',
  memory_request: 'string', memory_request_overwrite_max_allowed: 'string', ephemeral_storage_limit: 'string',
  ephemeral_storage_limit_overwrite_max_allowed: 'string', ephemeral_storage_request: 'string',
  ephemeral_storage_request_overwrite_max_allowed: 'string', service_cpu_limit: 'string',
  service_cpu_limit_overwrite_max_allowed: 'string', service_cpu_request: 'string',
  service_cpu_request_overwrite_max_allowed: 'string', service_memory_limit: 'string',
  service_memory_limit_overwrite_max_allowed: 'string', service_memory_request: 'string',
  service_memory_request_overwrite_max_allowed: 'string', service_ephemeral_storage_limit: 'string',
  service_ephemeral_storage_limit_overwrite_max_allowed: 'string', service_ephemeral_storage_request: 'string',
  service_ephemeral_storage_request_overwrite_max_allowed: 'string', helper_cpu_limit: 'string',
  helper_cpu_limit_overwrite_max_allowed: 'string', helper_cpu_request: 'string',
  helper_cpu_request_overwrite_max_allowed: 'string', helper_memory_limit: 'string',
  helper_memory_limit_overwrite_max_allowed: 'string', helper_memory_request: 'string',
  helper_memory_request_overwrite_max_allowed: 'string', helper_ephemeral_storage_limit: 'string',
  helper_ephemeral_storage_limit_overwrite_max_allowed: 'string', helper_ephemeral_storage_request: 'string',
  helper_ephemeral_storage_request_overwrite_max_allowed: 'string', allowed_images: 'string[]',
  allowed_pull_policies: 'unchecked', allowed_services: 'string[]', pull_policy: 'unchecked', node_selector: 'table<string>',
  node_selector_overwrite_allowed: 'string', node_tolerations: 'table<string>', node_tolerations_overwrite_allowed: 'string',
  affinity: 'table', image_pull_secrets: 'string[]', use_service_account_image_pull_secrets: 'boolean', helper_image: 'string',
  helper_image_flavor: 'string', helper_image_autoset_arch_and_os: 'boolean', pod_termination_grace_period_seconds: 'integer',
  cleanup_grace_period_seconds: 'integer', cleanup_resources_timeout: 'duration', poll_interval: 'integer',
  poll_timeout: 'integer', resource_availability_check_max_attempts: 'integer', retry_limit: 'unchecked',
  retry_backoff_max: 'unchecked', retry_limits: 'unchecked', pod_labels: 'table<string>', pod_labels_overwrite_allowed: 'string',
  scheduler_name: 'string', service_account: 'string', service_account_overwrite_allowed: 'string',
  automount_service_account_token: 'boolean', pod_annotations: 'table<string>', pod_annotations_overwrite_allowed: 'string',
  pod_security_context: 'table', init_permissions_container_security_context: 'table', build_container_security_context: 'table',
  helper_container_security_context: 'table', service_container_security_context: 'table', volumes: 'table',
  host_aliases: 'unchecked', services: 'unchecked', cap_add: 'string[]', cap_drop: 'string[]', dns_policy: 'unchecked',
  dns_config: 'table', container_lifecycle: 'table', priority_class_name: 'string', pod_spec: 'unchecked',
  logs_base_dir: 'string', scripts_base_dir: 'string',
};

/** `CacheConfig`. */
export const CACHE_CONFIG: Keys = {
  Type: 'string', Path: 'string', Shared: 'boolean', MaxUploadedArchiveSize: 'integer', s3: 'table', gcs: 'table',
  azure: 'table',
};

/** `CacheS3Config`. */
export const CACHE_S3_CONFIG: Keys = {
  ServerAddress: 'string', AccessKey: 'string', SecretKey: 'string', SessionToken: 'string', BucketName: 'string',
  BucketLocation: 'string', Insecure: 'boolean', AuthenticationType: 'string', ServerSideEncryption: 'string',
  ServerSideEncryptionKeyID: 'string', DualStack: 'boolean', PathStyle: 'boolean', Accelerate: 'boolean', RoleARN: 'string',
  UploadRoleARN: 'string',
};
