import { describe, expect, it } from 'vitest';
import type { DatasetResult } from '../../patchdis/dataset';
import { resultsCsv, sortClasses } from './exportResults';

const r = {
  miou: 0.5,
  perClass: [
    { class: 'red', iou: 0.25, inter: 1, union: 4 },
    { class: 'traffic light, "big"', iou: 0.75, inter: 3, union: 4 },
    { class: 'blue', iou: null, inter: 0, union: 0 },
  ],
} as unknown as DatasetResult;

describe('PatchDis export', () => {
  it('writes CSV with quoted names and an mIoU row', () => {
    expect(resultsCsv(r)).toBe('class,iou,intersection,union\nred,0.25,1,4\n"traffic light, ""big""",0.75,3,4\nblue,,0,0\nmIoU,0.5,,\n');
  });
  it('sorts by IoU either way, absent classes last', () => {
    expect(sortClasses(r.perClass, 'iou', true).map((c) => c.class)).toEqual(['traffic light, "big"', 'red', 'blue']);
    expect(sortClasses(r.perClass, 'iou', false).map((c) => c.class)).toEqual(['red', 'traffic light, "big"', 'blue']);
    expect(sortClasses(r.perClass, 'class', false).map((c) => c.class)).toEqual(['blue', 'red', 'traffic light, "big"']);
  });
});
