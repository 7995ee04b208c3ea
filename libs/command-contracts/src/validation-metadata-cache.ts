import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type MetadataLookup = MetadataStorage['getTargetValidationMetadatas'];

const remembered = new WeakSet<MetadataStorage>();

/**
 * class-validator looks a class's rules up afresh on every validate() call,
 * and for every nested object, by testing each decorated class of the whole
 * process for being an ancestor (typestack/class-validator#2686): with this
 * API's few dozen DTO classes, that took about a third of the time spent
 * validating request bodies in a profile of the system benchmark. The answer
 * cannot change once a class is defined: its own
 * decorators and its ancestors' have all run by then, and a class defined
 * later registers rules for itself only. So each class's answer is kept, per
 * set of options, after its first lookup.
 *
 * Applies to the process-wide metadata storage, once; later calls do nothing.
 */
export function rememberValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (remembered.has(storage)) return;
  remembered.add(storage);
  const lookUp: MetadataLookup = storage.getTargetValidationMetadatas.bind(storage);
  const answers = new WeakMap<object, Map<string, ReturnType<MetadataLookup>>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = answers.get(target);
    if (!byOptions) answers.set(target, (byOptions = new Map()));
    let metadatas = byOptions.get(options);
    if (!metadatas) byOptions.set(options, (metadatas = lookUp(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
}
