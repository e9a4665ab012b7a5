import {
  balancedLines,
  breakLines,
  clauses,
  fitText,
  graphemes,
  NO_LINE_END,
  NO_LINE_START,
  sloganLines,
} from './layout';

/** A monospace-ish measure: CJK, full-width marks and emoji are 1 em, ASCII half an em. */
function measureAt(size: number) {
  return (text: string) =>
    graphemes(text).reduce((w, g) => w + (/^[\x20-\x7e]$/.test(g) ? size / 2 : size), 0);
}
const m10 = measureAt(10);

function assertKinsoku(lines: string[]) {
  for (const line of lines) {
    const chars = graphemes(line);
    expect(NO_LINE_START.has(chars[0])).toBe(false);
    expect(NO_LINE_END.has(chars[chars.length - 1])).toBe(false);
  }
}

describe('graphemes', () => {
  it('keeps emoji sequences, flags, skin tones and combining marks whole', () => {
    expect(graphemes('👨‍👩‍👧好')).toEqual(['👨‍👩‍👧', '好']);
    expect(graphemes('🇨🇳🇨🇳')).toEqual(['🇨🇳', '🇨🇳']);
    expect(graphemes('👍🏽a')).toEqual(['👍🏽', 'a']);
    expect(graphemes('e\u0301x')).toEqual(['e\u0301', 'x']);
    expect(graphemes('❤️家')).toEqual(['❤️', '家']);
    expect(graphemes('1️⃣')).toEqual(['1️⃣']);
  });
});

describe('breakLines', () => {
  it('wraps a long Chinese line within the width', () => {
    const text = '文明上网从我家做起我们全家一起做校园好网民不信谣不传谣网上说话讲文明每天上网不超过一小时';
    const lines = breakLines(text, 100, m10);
    expect(lines.join('')).toBe(text);
    for (const l of lines) expect(m10(l)).toBeLessThanOrEqual(100);
    expect(lines.length).toBe(Math.ceil(graphemes(text).length / 10));
  });

  it('never starts a line with closing punctuation: a single mark hangs in the margin', () => {
    // 10 characters fit; the 11th is "，"
    const lines = breakLines('一二三四五六七八九十，十一十二', 100, m10);
    expect(lines[0]).toBe('一二三四五六七八九十，');
    assertKinsoku(lines);
  });

  it('pulls a character down when hanging is off or two closing marks meet', () => {
    const noHang = breakLines('一二三四五六七八九十。后面', 100, m10, { hang: false });
    expect(noHang[0]).toBe('一二三四五六七八九');
    expect(noHang[1].startsWith('十。')).toBe(true);
    const two = breakLines('一二三四五六七八九十。」后面', 100, m10);
    assertKinsoku(two);
    expect(two.join('')).toBe('一二三四五六七八九十。」后面');
  });

  it.each(['，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '》'])(
    'never starts a line with %s',
    (mark) => {
      for (let n = 5; n <= 14; n++) {
        const text = `${'好'.repeat(n)}${mark}${'网'.repeat(12)}`;
        for (const hang of [true, false]) {
          const lines = breakLines(text, 100, m10, { hang });
          assertKinsoku(lines);
          expect(lines.join('')).toBe(text);
        }
      }
    },
  );

  it.each(['（', '「', '『', '《'])('never ends a line with %s', (mark) => {
    for (let n = 5; n <= 14; n++) {
      const text = `${'好'.repeat(n)}${mark}网民${'网'.repeat(12)}`;
      const lines = breakLines(text, 100, m10);
      assertKinsoku(lines);
      expect(lines.join('')).toBe(text);
    }
  });

  it('keeps a quoted title together with its brackets', () => {
    const lines = breakLines('我们认真学习了八个字的《全国青少年网络文明公约》并签名。', 100, m10);
    assertKinsoku(lines);
  });

  it('does not split emoji or Latin words', () => {
    const text = '我们家👨‍👩‍👧一起上网🇨🇳文明 Good Netizen 好网民👍🏽加油';
    const lines = breakLines(text, 60, m10);
    for (const l of lines) {
      expect(l).not.toMatch(/^\u200d|\u200d$/);
      expect(l).not.toMatch(/^[\u{1f3fb}-\u{1f3ff}]/u);
    }
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    expect(lines.some((l) => l.includes('👨‍👩‍👧'))).toBe(true);
    expect(lines.some((l) => /\bGood\b/.test(l))).toBe(true);
    expect(lines.some((l) => /\bNetizen\b/.test(l))).toBe(true);
  });

  it('keeps ellipsis and dash pairs on one line', () => {
    const lines = breakLines('一二三四五六七八九……好', 100, m10, { hang: false });
    for (const l of lines) expect(l.startsWith('…')).toBe(false);
    expect(lines.join('')).toBe('一二三四五六七八九……好');
  });

  it('keeps explicit newlines and drops spaces at line edges', () => {
    expect(breakLines('第一行\n第二行', 100, m10)).toEqual(['第一行', '第二行']);
    const lines = breakLines('aaaa bbbb cccc dddd', 45, m10);
    expect(lines).toEqual(['aaaa bbbb', 'cccc dddd']);
  });

  it('breaks an over-long Latin word as a last resort', () => {
    const lines = breakLines('x'.repeat(30), 50, m10);
    for (const l of lines) expect(m10(l)).toBeLessThanOrEqual(50);
    expect(lines.join('')).toBe('x'.repeat(30));
  });
});

describe('balancedLines and fitText', () => {
  it('balances lines so no character sits alone on the last line', () => {
    const text = '一二三四五六七八九十百';
    expect(breakLines(text, 100, m10).pop()!.length).toBe(1);
    const even = balancedLines(text, 100, m10);
    expect(even).toHaveLength(2);
    expect(Math.abs(graphemes(even[0]).length - graphemes(even[1]).length)).toBeLessThanOrEqual(1);
  });

  it('breaks a slogan at clause ends when that costs no extra line', () => {
    expect(clauses('每天上网不超过一小时，多陪家人聊聊天。')).toEqual([
      '每天上网不超过一小时，',
      '多陪家人聊聊天。',
    ]);
    expect(clauses('他说：“好。”然后')).toEqual(['他说：', '“好。”', '然后']);
    const lines = sloganLines('每天上网不超过一小时，多陪家人聊聊天。', 120, m10);
    expect(lines).toEqual(['每天上网不超过一小时，', '多陪家人聊聊天。']);
    // A lopsided phrase break loses to balanced lines.
    const lopsided = sloganLines('一二三四五六七八九十，好。', 110, m10);
    expect(lopsided).toHaveLength(2);
    expect(Math.abs(graphemes(lopsided[0]).length - graphemes(lopsided[1]).length)).toBeLessThanOrEqual(2);
    assertKinsoku(lopsided);
  });

  it('fits the longest allowed slogan (60 characters) into the poster box', () => {
    const slogan =
      '文明上网，从我家做起！我们全家约定：不信谣、不传谣，每天上网不超过一小时，遇到问题先问爸爸妈妈和老师，一起做校园好网民。'.slice(
        0,
        60,
      );
    expect(graphemes(slogan)).toHaveLength(60);
    const measure = (t: string, size: number) => measureAt(size)(t);
    const fit = fitText(slogan, measure, {
      maxWidth: 840,
      maxHeight: 520,
      maxSize: 88,
      minSize: 40,
      maxLines: 7,
    });
    expect(fit.truncated).toBe(false);
    expect(fit.fontSize).toBeGreaterThanOrEqual(52);
    expect(fit.lines.length * fit.lineHeight).toBeLessThanOrEqual(520);
    expect(fit.lines.join('')).toBe(slogan);
    assertKinsoku(fit.lines);
    for (const l of fit.lines) expect(measure(l, fit.fontSize)).toBeLessThanOrEqual(840 + fit.fontSize);
  });

  it('uses the largest size for a short slogan and truncates what cannot fit', () => {
    const measure = (t: string, size: number) => measureAt(size)(t);
    expect(
      fitText('清朗网络', measure, { maxWidth: 800, maxHeight: 300, maxSize: 90, minSize: 40 }).fontSize,
    ).toBe(90);
    const cut = fitText('好'.repeat(200), measure, {
      maxWidth: 100,
      maxHeight: 60,
      maxSize: 20,
      minSize: 20,
      lineHeight: 1.5,
    });
    expect(cut.truncated).toBe(true);
    expect(cut.lines).toHaveLength(2);
    expect(cut.lines[1].endsWith('…')).toBe(true);
  });
});
