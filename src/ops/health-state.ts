/** Readiness as a load balancer sees it: only `ready` answers 200. */
export type HealthState = 'starting' | 'ready' | 'draining';
