import {
  EARLY_WARNING_EVENT_SCHEMA_VERSIONS,
  earlyWarningDecider,
  upcastEarlyWarningEvent,
  type EarlyWarningCommand,
  type EarlyWarningEvent,
  type EarlyWarningState,
} from '@redress/domain';
import type { EventStore } from '@redress/event-store';
import { AggregateCommandService, streamPerAggregate, type Unstamped } from './aggregate-command.service';
import { aggregateErrors } from './aggregate-errors';

export const EARLY_WARNING_STREAM_PREFIX = 'warning-';

export type UnstampedEarlyWarningCommand = Unstamped<EarlyWarningCommand>;

const EARLY_WARNING = streamPerAggregate<EarlyWarningCommand, EarlyWarningEvent, EarlyWarningState>({
  streamPrefix: EARLY_WARNING_STREAM_PREFIX,
  decider: earlyWarningDecider,
  schemaVersions: EARLY_WARNING_EVENT_SCHEMA_VERSIONS,
  upcast: upcastEarlyWarningEvent,
  startingCommands: ['TriggerEarlyWarning'],
  errors: aggregateErrors('early warning'),
});

/** Triggers, acknowledges and resolves early warnings (streams `warning-<id>`). */
export class EarlyWarningCommandService extends AggregateCommandService<
  EarlyWarningCommand,
  EarlyWarningEvent,
  EarlyWarningState
> {
  constructor(store: EventStore, clock: () => Date = () => new Date()) {
    super(EARLY_WARNING, store, clock);
  }
}
