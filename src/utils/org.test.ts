/** Class and grade names come from core/org.ts (one source); the helpers built on them. */
import type { Stage } from '../../core/model';
import * as core from '../../core/org';
import { className, gradeName, gradeWord, MAX_GRADE, parseClassName } from './org';

test("className is core's own", () => {
  expect(className).toBe(core.className);
});

test('grade names and the stage and grade read back from a class name', () => {
  expect(gradeName('primary', 3)).toBe('小学三年级');
  expect(gradeWord('junior', 1)).toBe('一年级');
  for (const stage of ['primary', 'junior', 'senior'] as Stage[]) {
    for (let grade = 1; grade <= MAX_GRADE[stage]; grade++) {
      expect(parseClassName(className({ stage, grade, classNo: 12 }))).toEqual({ stage, grade });
    }
  }
  expect(parseClassName('（已删除）')).toBeNull();
});
