import {
  CONSENT_VERSION,
  CONSENT_WORDING,
  consentWording,
  isUnder14,
  maskName,
  maskStudentNo,
} from './privacy';

describe('maskName', () => {
  it.each([
    ['张小明', '张*明'],
    ['欧阳娜娜', '欧**娜'],
    ['李娜', '李*'],
    ['王', '*'],
    ['', '*'],
    ['  李娜  ', '李*'],
    ['阿依古丽·买买提', '阿******提'],
    ['Anna Li', 'A*****i'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('counts characters, not UTF-16 units (rare CJK outside the BMP)', () => {
    expect(maskName('𠀀𠀁𠀂')).toBe('𠀀*𠀂');
  });

  it('never shows a full name of two or more characters', () => {
    for (const name of ['张三', '李四光', '司马相如']) expect(maskName(name)).not.toBe(name);
  });
});

describe('maskStudentNo', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['7', '7'],
    ['12', '12'],
    ['123', '*23'],
    ['030201', '****01'],
    ['2024000123', '****23'],
  ])('%s → %s', (no, masked) => {
    expect(maskStudentNo(no)).toBe(masked);
  });
});

describe('isUnder14', () => {
  const primary3 = { stage: 'primary', grade: 3 } as const;
  const senior1 = { stage: 'senior', grade: 1 } as const;

  it('a birth year can only make the rule stricter: a primary pupil stays under 14 whatever year is typed', () => {
    expect(isUnder14({ birthYear: 2017 }, primary3, 2026)).toBe(true);
    expect(isUnder14({ birthYear: 2011 }, primary3, 2026)).toBe(true);
    expect(isUnder14({ birthYear: 1990 }, primary3, 2026)).toBe(true);
  });

  it('in senior secondary the birth year can make a pupil under 14 (the turning year counts as possibly 13)', () => {
    expect(isUnder14({}, senior1, 2026)).toBe(false);
    expect(isUnder14({ birthYear: 2012 }, senior1, 2026)).toBe(true);
    expect(isUnder14({ birthYear: 2011 }, senior1, 2026)).toBe(false);
  });

  it.each([
    ['primary', 1, true],
    ['primary', 6, true],
    ['junior', 1, true],
    ['junior', 2, true],
    ['junior', 3, true],
    ['senior', 1, false],
    ['senior', 3, false],
  ] as const)('without a birth year, %s grade %i counts as under 14: %s', (stage, grade, under) => {
    expect(isUnder14({}, { stage, grade }, 2026)).toBe(under);
  });
});

describe('consent wording', () => {
  it('is versioned and says what is kept, by whom, how long, what refusing means, and the rights', () => {
    expect(CONSENT_VERSION).toMatch(/^\d{4}-\d+$/);
    for (const phrase of [
      '父母（或其他法定监护人）',
      '出生年份（可选',
      '签名图片',
      '照片',
      '负责',
      '联系方式',
      '删除',
      '纸质承诺书',
      '撤回',
      '打码',
      '儿童个人信息保护规则',
    ])
      expect(CONSENT_WORDING).toContain(phrase);
  });

  it('names the data controller the city admin entered', () => {
    const text = consentWording({
      name: '某市教育局',
      contact: '0393-0000000',
      storage: '境内',
      retention: '一年',
    });
    expect(text).toContain('由某市教育局负责');
    expect(text).toContain('0393-0000000');
  });
});
