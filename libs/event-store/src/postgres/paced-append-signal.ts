import { AppendSignal, type ArmedWait } from '../append-signal';

/**
 * An append signal whose idle waits last a fixed interval, whatever the
 * subscriber asks for. With NOTIFY waking subscribers, the idle poll is only a
 * safety net, so a deployment (or a test proving the NOTIFY path) may stretch it.
 */
export class PacedAppendSignal extends AppendSignal {
  constructor(private readonly idlePollMs: number) {
    super();
  }

  override arm(_requestedTimeoutMs: number): ArmedWait {
    return super.arm(this.idlePollMs);
  }
}
