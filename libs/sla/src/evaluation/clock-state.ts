import type { TargetSpec, WarningSpec } from '../policy/policy-document';

/**
 * - pending: never started (e.g. the complex-complaint clocks of a simple complaint);
 * - running / paused: started, not yet stopped, not breached;
 * - met: stopped before its due instant;
 * - breached: reached its due instant before stopping (running, paused or stopped);
 * - cancelled: ended by a cancel condition (see `breached` for whether it was late first).
 */
export type ClockStatus = 'pending' | 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
/** Where the clock is, regardless of breach. */
export type ClockPhase = 'pending' | 'running' | 'paused' | 'stopped' | 'cancelled';

export interface WarningState {
  /** Stable within a clock cycle: `warning:75%` or `warning:30m-before-due`. */
  key: string;
  threshold: WarningSpec;
  /** When the threshold is (or was) crossed; null while a pause makes it unknown. */
  at: string | null;
  reached: boolean;
}

export interface ExtensionState {
  at: string;
  /** Index into the clock's `extend` list. */
  rule: number;
  /** False when notified at or after the due instant: a breach is not undone by a late extension. */
  applied: boolean;
}

/** A clock's state in one cycle, as of an instant. Durations are seconds of clock time (business time on business calendars). */
export interface CycleState {
  clock: string;
  title: string;
  calendar: string;
  /** 1-based; 0 for a clock that never started. */
  cycle: number;
  status: ClockStatus;
  phase: ClockPhase;
  breached: boolean;
  startedAt: string | null;
  /** When the cycle stopped or was cancelled. */
  endedAt: string | null;
  target: {
    spec: TargetSpec;
    /** Index of the target rule that matched; null for the default. */
    rule: number | null;
    /** Index of the extension that set the target, if one did. */
    extension: number | null;
    seconds: number;
  } | null;
  /** The instant the clock breaches if not stopped first; null while pending or paused before it. */
  dueAt: string | null;
  elapsedSeconds: number;
  /** Target minus elapsed; negative once overdue. Null while pending. */
  remainingSeconds: number | null;
  /** Wall-clock seconds spent paused. */
  pausedSeconds: number;
  pausedIntervals: { from: string; to: string | null }[];
  warnings: WarningState[];
  extensions: ExtensionState[];
}

export interface ClockState extends CycleState {
  /** Earlier cycles of a repeating clock, oldest first. */
  previousCycles: CycleState[];
}
