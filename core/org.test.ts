import { className, MAX_GRADE, parseRosterText, PUYANG_DISTRICTS, STAGE_LABEL } from './org';

describe('parseRosterText', () => {
  it('reads one student per line: name, name + number, number + name', () => {
    expect(parseRosterText('王小雨\n李晨阳 030202\n030203 张子涵')).toEqual([
      { name: '王小雨' },
      { name: '李晨阳', studentNo: '030202' },
      { name: '张子涵', studentNo: '030203' },
    ]);
  });

  it('accepts tabs, commas (ASCII and full-width), 顿号 and runs of spaces as separators', () => {
    expect(parseRosterText('王小雨\t01\n李晨阳,02\n张子涵，03\n刘思远、04\n陈可欣    05')).toEqual([
      { name: '王小雨', studentNo: '01' },
      { name: '李晨阳', studentNo: '02' },
      { name: '张子涵', studentNo: '03' },
      { name: '刘思远', studentNo: '04' },
      { name: '陈可欣', studentNo: '05' },
    ]);
  });

  it('skips blank lines, handles CRLF and trims', () => {
    expect(parseRosterText('\r\n  王小雨  \r\n\r\n\t\n李晨阳\r\n')).toEqual([
      { name: '王小雨' },
      { name: '李晨阳' },
    ]);
    expect(parseRosterText('')).toEqual([]);
    expect(parseRosterText('\n \n')).toEqual([]);
  });

  it('joins a name split by a space ("张 三" → "张三")', () => {
    expect(parseRosterText('张 三\n欧阳 娜娜 2024-07')).toEqual([
      { name: '张三' },
      { name: '欧阳娜娜', studentNo: '2024-07' },
    ]);
  });

  it('keeps names with a middle dot', () => {
    expect(parseRosterText('阿依古丽·买买提 15')).toEqual([{ name: '阿依古丽·买买提', studentNo: '15' }]);
  });

  it('does not mistake a Latin name for a student number', () => {
    expect(parseRosterText('Tom\nAnna Li 0301\nS0302 Bob')).toEqual([
      { name: 'Tom' },
      { name: 'Anna Li', studentNo: '0301' },
      { name: 'Bob', studentNo: 'S0302' },
    ]);
  });

  it('leaves validation to the caller (odd characters pass through)', () => {
    expect(parseRosterText('王小雨!')).toEqual([{ name: '王小雨!' }]);
  });
});

describe('className', () => {
  it('names classes by stage, grade and number', () => {
    expect(className({ stage: 'primary', grade: 3, classNo: 2 })).toBe('小学三年级2班');
    expect(className({ stage: 'junior', grade: 1, classNo: 12 })).toBe('初中一年级12班');
    expect(className({ stage: 'senior', grade: 3, classNo: 1 })).toBe('高中三年级1班');
    expect(className({ stage: 'primary', grade: 6, classNo: 50 })).toBe('小学六年级50班');
  });

  it('falls back to digits for a grade beyond six', () => {
    expect(className({ stage: 'primary', grade: 9, classNo: 1 })).toBe('小学9年级1班');
  });
});

describe('constants', () => {
  it('has the grades of each stage and 濮阳市’s districts', () => {
    expect(MAX_GRADE).toEqual({ primary: 6, junior: 3, senior: 3 });
    expect(STAGE_LABEL).toEqual({ primary: '小学', junior: '初中', senior: '高中' });
    expect(PUYANG_DISTRICTS).toHaveLength(7);
    expect(new Set(PUYANG_DISTRICTS).size).toBe(7);
  });
});
