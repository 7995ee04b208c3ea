import 'reflect-metadata';
import { Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, ValidateNested } from 'class-validator';
import { validateBody } from '../src/request-validation';
import { rememberValidationMetadata } from '../src/validation-metadata-cache';

class Base {
  @IsString()
  name!: string;
}

class Part {
  @IsInt()
  count!: number;
}

class Whole extends Base {
  @IsInt()
  size!: number;

  @IsString({ groups: ['strict'] })
  code!: string;

  @ValidateNested()
  @Type(() => Part)
  part!: Part;
}

/** Counts the lookups that reach class-validator's own scan, beneath the remembered answers. */
function countScans(): {
  scans: Map<unknown, number>;
  scan: ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];
} {
  const storage = getMetadataStorage();
  const scan = storage.getTargetValidationMetadatas.bind(storage);
  const scans = new Map<unknown, number>();
  storage.getTargetValidationMetadatas = (target, ...rest) => {
    scans.set(target, (scans.get(target) ?? 0) + 1);
    return scan(target, ...rest);
  };
  rememberValidationMetadata(storage);
  return { scans, scan };
}

const { scans, scan } = countScans();
const fieldsOf = async (dto: new () => object, body: object) =>
  validateBody(dto, body).then(
    () => [],
    (error: { violations: { field: string }[] }) => error.violations.map((v) => v.field).sort(),
  );

describe('remembered validation metadata', () => {
  it('scans for a class and its nested classes once, and answers every later validation alike', async () => {
    const invalid = { name: 7, size: 'big', code: 'c', part: { count: 'many' } };
    for (let i = 0; i < 5; i++) expect(await fieldsOf(Whole, invalid)).toEqual(['name', 'part.count', 'size']);
    expect(await fieldsOf(Whole, { name: 'n', size: 1, code: 'c', part: { count: 1 } })).toEqual([]);
    expect(scans.get(Whole)).toBe(1);
    expect(scans.get(Part)).toBe(1);
  });

  it('keeps an answer per set of options, each the same as a scan would give', () => {
    const storage = getMetadataStorage();
    const optionSets: [boolean, boolean, string[] | undefined][] = [
      [false, false, undefined],
      [false, true, undefined],
      [false, false, ['strict']],
      [true, false, ['strict']],
    ];
    const propertiesOf = (metadatas: { propertyName: string }[]) => metadatas.map((m) => m.propertyName).sort();
    const answers = optionSets.map(([always, strictGroups, groups]) => {
      const remembered = storage.getTargetValidationMetadatas(Whole, '', always, strictGroups, groups);
      expect(storage.getTargetValidationMetadatas(Whole, '', always, strictGroups, groups)).toBe(remembered);
      expect(propertiesOf(remembered)).toEqual(propertiesOf(scan(Whole, '', always, strictGroups, groups)));
      return propertiesOf(remembered);
    });
    expect(answers[0]).toContain('code');
    expect(answers[1]).not.toContain('code');
    expect(answers[2]).toEqual(['code']);
  });

  it('gives a class defined after its base was validated its own rules and the inherited ones, and leaves the base as it was', async () => {
    expect(await fieldsOf(Base, { name: 1 })).toEqual(['name']);
    class Later extends Base {
      @IsInt()
      extra!: number;
    }
    expect(await fieldsOf(Later, { name: 1, extra: 'x' })).toEqual(['extra', 'name']);
    expect(await fieldsOf(Base, { name: 'ok' })).toEqual([]);
    expect(await fieldsOf(Base, { name: 'ok', extra: 'x' })).toEqual(['extra']);
  });
});
