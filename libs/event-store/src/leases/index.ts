export type { Lease, LeaseManager } from './lease';
export { InProcessLeases } from './in-process-leases';
export { PostgresAdvisoryLeases, leaseKey, type PostgresLeaseOptions } from './postgres-advisory-leases';
export { LeasedTask, type LeasedTaskOptions, type LeasedWork } from './leased-task';
