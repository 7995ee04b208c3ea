import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { deterministicId, EarlyWarningCommandService } from '@redress/application';
import { EarlyWarningPlanner } from '@redress/projections';

/** How often the rules are evaluated unless the module is told otherwise. */
export const DEFAULT_EVALUATION_INTERVAL_MS = 15 * 60 * 1000;
export const EVALUATION_INTERVAL_MS = Symbol('EARLY_WARNING_EVALUATION_INTERVAL_MS');

/** The evaluator acts as the system: its warnings are raised by configuration, not by a person. */
const EVALUATOR = { id: 'early-warning-evaluator', role: 'system' };

export interface TriggeredWarning {
  id: string;
  ruleId: string;
  indicator: string;
  value: number;
  threshold: number;
  owner: string;
  deadline: string;
  /** False when an earlier run had already raised this warning (the command was answered from the store). */
  newlyTriggered: boolean;
}

/**
 * Raises the early warnings the configured rules call for: the planner reads
 * the KPI, satisfaction and warning read models, and each planned warning is
 * triggered through the early-warning aggregate. Runs every interval, and on
 * demand (POST /warnings/evaluations). The command id derives from the
 * warning id, so overlapping runs (or a stale read model) raise a warning once.
 */
@Injectable()
export class EarlyWarningEvaluation implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EarlyWarnings');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TriggeredWarning[]> | undefined;

  constructor(
    private readonly planner: EarlyWarningPlanner,
    private readonly warnings: EarlyWarningCommandService,
    @Inject(EVALUATION_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.evaluate(new Date()).catch((error: unknown) =>
        this.logger.error(`early-warning evaluation failed: ${error instanceof Error ? error.stack : String(error)}`),
      );
    }, this.intervalMs);
    // The schedule alone must not keep the process alive.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One evaluation at `now`; a call while one is running waits for that one instead of starting another. */
  evaluate(now: Date): Promise<TriggeredWarning[]> {
    this.running ??= this.run(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(now: Date): Promise<TriggeredWarning[]> {
    const triggered: TriggeredWarning[] = [];
    for (const { warningId, command } of await this.planner.plan(now)) {
      const commandId = deterministicId('early-warning-trigger', warningId);
      const result = await this.warnings.execute({
        aggregateId: warningId,
        command,
        commandId,
        correlationId: commandId,
        actor: EVALUATOR,
      });
      const { ruleId, indicator, value, threshold, owner, deadline } = command;
      triggered.push({
        id: warningId,
        ruleId,
        indicator,
        value,
        threshold,
        owner,
        deadline,
        newlyTriggered: !result.replayed,
      });
    }
    return triggered;
  }
}
