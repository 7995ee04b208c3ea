import { rowChanges } from './row-changes';

const keyOf = (row: { id: string }) => row.id;

describe('rowChanges', () => {
  it('writes new and changed rows, removes rows whose key is gone, and leaves equal rows alone', () => {
    const before = [
      { id: 'a', due: '10:00' },
      { id: 'b', due: '11:00' },
      { id: 'c', due: '12:00' },
    ];
    const after = [
      { id: 'a', due: '10:00' },
      { id: 'b', due: '11:30' },
      { id: 'd', due: '13:00' },
    ];
    expect(rowChanges(before, after, keyOf)).toEqual({
      written: [
        { id: 'b', due: '11:30' },
        { id: 'd', due: '13:00' },
      ],
      removed: [{ id: 'c', due: '12:00' }],
    });
  });

  it('writes every row when nothing was there before', () => {
    expect(rowChanges([], [{ id: 'a' }], keyOf)).toEqual({ written: [{ id: 'a' }], removed: [] });
  });
});
