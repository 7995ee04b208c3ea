import { ContractsController } from '@redress/contracts';
import { ComplaintsController } from '../complaints/complaints.controller';
import type { RouteAccessRule, RouteInput } from './route-access';
import { grantRouteAccess } from './route-access';

const onComplaint = (capability: 'complaints.read'): RouteAccessRule => ({
  kind: 'capability',
  capability,
  target: 'complaint-param',
});

/** Escalation is a supervisor's decision; every other lifecycle command is the handling department's work. */
export function lifecycleCapability({ params }: RouteInput) {
  return params.command === 'escalate' ? 'complaints.escalate' : 'complaints.work';
}

/**
 * The rules of routes whose controllers live outside apps/api/src/auth's
 * reach (the complaints controller belongs to the complaint lifecycle's
 * owners, the contracts controller to libs/contracts). A handler without a
 * rule is refused to all but admins by the guard, so a route added later is
 * closed until someone decides who may use it.
 */
export function grantExternalRouteAccess(): void {
  grantRouteAccess(ComplaintsController, {
    receive: { kind: 'capability', capability: 'complaints.receive' },
    command: { kind: 'capability', capability: lifecycleCapability, target: 'complaint-param' },
    get: onComplaint('complaints.read'),
    history: onComplaint('complaints.read'),
    verify: onComplaint('complaints.read'),
  });
  const contracts: RouteAccessRule = { kind: 'capability', capability: 'contracts.read' };
  grantRouteAccess(ContractsController, { index: contracts, schema: contracts, asyncapi: contracts });
}
