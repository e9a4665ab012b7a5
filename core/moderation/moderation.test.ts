import { checkWords, createLocalModerator, hideWord, wordMatcher } from './local';
import { normalise, normaliseWord, WordMatcher } from './matcher';
import { WORD_CATEGORIES } from './words';

describe('normalise', () => {
  it('folds full-width, case, look-alikes and traditional characters, and drops separators', () => {
    expect(normaliseWord('ＳＢ')).toBe('sb');
    expect(normaliseWord('S-B')).toBe('sb');
    expect(normaliseWord('ѕb')).toBe('sb'); // Cyrillic dze
    expect(normaliseWord('他媽的')).toBe('他妈的');
    expect(normaliseWord('傻\u200b逼')).toBe('傻逼');
    expect(normaliseWord('傻🐶逼')).toBe('傻逼');
  });

  it('maps every kept character back to its place in the original', () => {
    const text = '你好 ＳＢ！';
    const n = normalise(text);
    expect(n.map((c) => c.ch).join('')).toBe('你好sb');
    expect(text.slice(n[2].from, n[3].to)).toBe('ＳＢ');
    expect(n[2].gapBefore).toBe(true);
  });
});

describe('WordMatcher (Aho–Corasick)', () => {
  it('finds overlapping words in one pass', () => {
    const m = new WordMatcher<string>([
      ['网民', 'a'],
      ['好网民', 'b'],
      ['网', 'c'],
      ['民风', 'd'],
      ['好人', 'e'],
    ]);
    expect(m.findAll('做好网民风').map((x) => x.entry)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('matches Latin-only words at word boundaries only', () => {
    const m = new WordMatcher<string>([['he', 'a']]);
    expect(m.find('ushers')).toBeNull();
    expect(m.find('说 he 好')).not.toBeNull();
    expect(m.find('好he好')).not.toBeNull();
  });

  it('ignores matches inside allow-listed phrases', () => {
    const m = new WordMatcher<string>([['废物', 'x']], ['废物利用']);
    expect(m.find('废物利用，变旧为新')).toBeNull();
    expect(m.find('你是废物')).not.toBeNull();
  });
});

describe('blocked words in their disguises', () => {
  const blocked = [
    '你真是个傻逼',
    '你真是个傻 逼',
    '你真是个傻.逼',
    '你真是个傻_逼',
    '你真是个傻Ｂ',
    '你真是个 ＳＢ',
    '你真是个 s b',
    '你真是个 S-B !',
    '你真是个 ѕb',
    '你真是个傻\u200b逼',
    '你真是个傻👉逼',
    '他媽的',
    '他 妈 的',
    '草！泥！马！',
    'ｆｕｃｋ you',
    'F.U.C.K',
    'nmsl',
    '我要砍 死 你',
    '加我微信领奖品',
    '加我 V X 领奖品',
  ];
  it.each(blocked)('rejects %s', (text) => {
    expect(checkWords(text)).not.toBeNull();
  });

  it('rejects phone numbers and QQ numbers however they are spaced, and web addresses', () => {
    expect(checkWords('有事打我电话 138 0013 8000')?.reason).toContain('联系方式');
    expect(checkWords('有事打１３８-００１３-８０００')?.reason).toContain('联系方式');
    expect(checkWords('我的QQ：12345678')?.reason).toContain('联系方式');
    expect(checkWords('快来看 www.example.com')?.reason).toContain('网址');
  });

  const clean = [
    '文明上网，从我家做起！',
    '远离网络赌博，拒绝黄赌毒',
    '妈妈的爱最温暖',
    '其他妈妈的孩子也来了',
    '废物利用，变旧为新',
    'This is better than before',
    'Pass by the school',
    '我们2026年6月15日一起签名',
    '三年级2班 学号 030201',
    'Sussex 和 Dickens',
    '形形色色的网络信息要辨别',
  ];
  it.each(clean)('passes %s', (text) => {
    expect(checkWords(text)).toBeNull();
  });

  it('gives a reason naming the category without repeating the word', () => {
    const r = checkWords('你真是个傻 逼');
    expect(r?.reason).toContain('不文明');
    expect(r?.reason).toContain('傻*');
    expect(r?.reason).not.toContain('逼');
    expect(hideWord('草泥马')).toBe('草**');
  });

  it('lists every category with a reason and no empty word', () => {
    for (const cat of WORD_CATEGORIES) {
      expect(cat.reason.length).toBeGreaterThan(3);
      for (const w of cat.words) expect(normaliseWord(w).length).toBeGreaterThan(0);
    }
    expect(wordMatcher().size).toBeGreaterThan(100);
  });
});

describe('local moderator', () => {
  it('passes clean text, rejects listed words with a reason, and holds every photo for a person', async () => {
    const mod = createLocalModerator();
    expect((await mod.checkText('清朗网络 多彩校园', 'u')).verdict).toBe('pass');
    const bad = await mod.checkText('傻Ｂ', 'u');
    expect(bad.verdict).toBe('reject');
    expect(bad.reason).toBeTruthy();
    expect(bad.provider).toMatch(/^local-words@/);
    const img = await mod.checkImage('local://x.png', 'u');
    expect(img.verdict).toBe('review');
  });
});
