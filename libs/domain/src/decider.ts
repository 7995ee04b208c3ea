/**
 * A decider is the whole behaviour of one aggregate as two pure functions
 * (Jérémie Chassaing's pattern): `decide` turns a command into the events it
 * causes, given the current state, and `evolve` folds one event into the state.
 * Nothing here knows about storage, time sources or frameworks, which is what
 * lets the same decider run behind HTTP, a Kafka command topic or a replay.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

/** Rebuilds state from a history of events. */
export function foldEvents<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
