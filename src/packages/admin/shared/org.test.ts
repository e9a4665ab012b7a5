import * as core from '../../../../core/org';
import type { Stage } from '../../../../core/model';
import * as mirror from './org';

describe('admin org constants mirror core/org', () => {
  it('has the same districts, stage labels and grade limits', () => {
    expect(mirror.PUYANG_DISTRICTS).toEqual(core.PUYANG_DISTRICTS);
    expect(mirror.STAGE_LABEL).toEqual(core.STAGE_LABEL);
    expect(mirror.MAX_GRADE).toEqual(core.MAX_GRADE);
  });

  it('names classes the same way', () => {
    for (const stage of ['primary', 'junior', 'senior'] as Stage[]) {
      for (let grade = 1; grade <= core.MAX_GRADE[stage]; grade++) {
        expect(mirror.className({ stage, grade, classNo: 12 })).toBe(
          core.className({ stage, grade, classNo: 12 }),
        );
      }
    }
  });
});
