import {
  bandKeys,
  estimateJaccard,
  exactJaccard,
  lshCatchProbability,
  MINHASH_ROWS,
  minhashSignature,
  NEAR_TEXT_SIMILARITY,
  normaliseText,
  shingles,
  textFingerprint,
} from './textSimilarity';
import { mulberry32, pick, timeIt } from './testing/rng';

const ESSAY = `每天放学回家，我都会打开平板电脑查资料、看新闻，也会和同学在班级群里讨论作业。网络像一扇窗，让我看到了更广阔的世界。可是，这扇窗外并不总是阳光明媚，有时也会飘来乌云和风沙。
上个学期，我们班发生了一件让我难忘的事。有位同学在群里转发了一条“学校明天停课”的消息，很多人信以为真，纷纷在群里欢呼。第二天早上，大家才发现这是一条谣言，有几个同学因此迟到，还被老师批评了。那位转发消息的同学也很后悔，他说自己只是觉得好玩，没有想到会造成这么大的影响。
这件事让我明白，网络上的每一句话都可能被很多人看到，我们在按下发送键之前，一定要想一想：这条消息是真的吗？它会不会伤害别人？如果不能确定，就不要随便转发。老师还告诉我们，遇到拿不准的消息，可以先查看官方网站或者权威媒体的报道，再做判断。
除了不信谣、不传谣，我觉得做一个好网民还要懂得保护自己。有一次，我在玩游戏时收到一个陌生人的私信，说只要告诉他家里的地址和爸爸妈妈的手机号码，就能免费领取游戏皮肤。我想起老师在安全教育课上讲过的案例，马上拒绝了他，并把这件事告诉了妈妈。妈妈夸我做得对，还教我如何举报这样的账号。
网络也需要文明礼貌。在评论区里，我看到有人因为观点不同就互相谩骂，说出很多难听的话。其实，隔着屏幕的也是一个个有血有肉的人，一句恶语同样会让人伤心。我们应该像在现实生活中一样，尊重他人，理性表达。
作为一名小学生，我能做的也许不多，但我愿意从自己做起：合理安排上网时间，不沉迷游戏；遇到不良信息及时告诉家长和老师；在网上说话讲文明、守规矩。我相信，只要每个人都贡献一份力量，网络这扇窗外一定会是一片晴朗的天空。`;

/**
 * The same essay handed in again: the 4th and 5th paragraphs swapped, three sentences reworded,
 * the ending changed, punctuation re-typed half-width and extra spaces added.
 */
const COPIED = `每天放学回家, 我都会打开平板电脑查资料、看新闻, 也会和同学在班级群里讨论作业. 网络像一扇窗, 让我看到了更广阔的世界. 可是, 这扇窗外并不总是阳光明媚, 有时也会飘来乌云和风沙.
去年冬天，我们班里发生过一件令我印象深刻的事情。有位同学在群里转发了一条“学校明天停课”的消息，很多人信以为真，纷纷在群里欢呼。第二天早上，大家才发现这是一条谣言，有几个同学因此迟到，还被老师批评了。那位转发消息的同学也很后悔，他说自己只是觉得好玩，没有想到会造成这么大的影响。
这件事让我明白，网络上的每一句话都可能被很多人看到，我们在按下发送键之前，一定要想一想：这条消息是真的吗？它会不会伤害别人？如果不能确定，就不要随便转发。老师还告诉我们，遇到拿不准的消息，可以先查看官方网站或者权威媒体的报道，再做判断。
网络也需要文明礼貌。在评论区里，我看到有人因为观点不同就互相谩骂，说出很多难听的话。其实，隔着屏幕的也是一个个有血有肉的人，一句恶语同样会让人伤心。我们应该像在现实生活中一样，尊重他人，理性表达。
除了不信谣、不传谣，我觉得做一个好网民还要懂得保护自己。有一次，我在玩游戏时收到一个陌生人的私信，说只要告诉他家里的地址和爸爸妈妈的手机号码，就能免费领取游戏皮肤。我想起老师在安全教育课上讲过的案例，马上拒绝了他，并把这件事告诉了妈妈。妈妈表扬了我的警惕，又手把手教我怎样举报这种可疑的账号。
作为一名小学生，我能做的也许不多，但我愿意从自己做起：合理安排上网时间，不沉迷游戏；遇到不良信息及时告诉家长和老师；在网上说话讲文明、守规矩。让我们一起行动起来，让清朗的网络空间陪伴我们快乐成长。`;

/** Another pupil's essay on the same theme (文明上网), written independently. */
const OTHER = `说起网络，我们这一代人再熟悉不过了。网课、视频、聊天软件，早已成为生活的一部分。爷爷常说，他小时候想知道一件事要跑去图书馆翻书，现在动动手指就能得到答案。这是科技带来的便利，但便利的背后也藏着陷阱。
记得有一回，表哥在短视频平台上看到一则“某地发生大地震”的视频，情绪激动地分享到了家族群。舅舅立刻打电话求证，原来那是几年前国外的旧画面，被人剪辑后冒充新闻。表哥红着脸删掉了视频，从那以后，他看到耸人听闻的内容总会先查一查权威媒体的报道。
我自己也遇到过类似的考验。一天晚上，一个自称客服的人加我好友，说我的账号存在异常，需要提供验证码才能解冻。我心里犯嘀咕：正规平台怎么会私下索要验证码呢？于是果断删除了对方，还把聊天截图发给班主任。班主任在班会上用这个例子提醒全班，个人信息就像家门钥匙，绝不能交给陌生人。
在我看来，文明上网不只是一句口号，而是实实在在的行动。写留言前多读两遍，避免用刻薄的字眼；看到同学被人在网上嘲笑，勇敢地站出来说句公道话；发现侵权、暴力等内容，主动向平台反映。这些小事看似平凡，却能让网络空间变得更加清朗。班主任说过，网络不是法外之地，每个人都要为自己的言行负责，我把这句话抄在了笔记本的第一页。
此外，我还给自己定了一个规矩：周一到周五每天上网不超过半小时，周末可以适当延长，但一定要先完成作业和体育锻炼。刚开始执行时很难，手总是忍不住去摸手机，坚持了一个月后，我发现自己的睡眠更好了，读书的时间也多了。
网络是一片广阔的海洋，我们既要学会在其中畅游，也要学会辨别暗礁与漩涡。让我们携起手来，争做校园好网民，用真诚和善意点亮屏幕另一端的世界。`;

const shareKey = (a: string, b: string) => {
  const keys = new Set(bandKeys(a));
  return bandKeys(b).some((k) => keys.has(k));
};

/** The duplicate check a store would run: a shared band key, confirmed by exact Jaccard. */
const flagged = (a: string, b: string) =>
  shareKey(minhashSignature(a), minhashSignature(b)) && exactJaccard(a, b) >= NEAR_TEXT_SIMILARITY;

describe('normalisation and shingles', () => {
  it('drops whitespace, punctuation, symbols and zero-width characters; folds width and case', () => {
    expect(normaliseText('我 爱，祖国！\n Ｈｅｌｌｏ\u200b World😀')).toBe('我爱祖国helloworld');
    expect(normaliseText('“网络”——文明。')).toBe('网络文明');
  });

  it('makes 3-character shingles over code points', () => {
    expect([...shingles('文明上网')]).toEqual(['文明上', '明上网']);
    expect([...shingles('𠀀𠀁好')]).toEqual(['𠀀𠀁好']); // astral characters count as one
    expect(shingles('你好').size).toBe(0);
  });
});

describe('near-duplicate essays', () => {
  it('the test essays are essay-sized', () => {
    expect(normaliseText(ESSAY).length).toBeGreaterThanOrEqual(600);
    expect(normaliseText(OTHER).length).toBeGreaterThanOrEqual(600);
  });

  it('a copy with sentences changed and paragraphs reordered is flagged', () => {
    const exact = exactJaccard(ESSAY, COPIED);
    const estimate = estimateJaccard(minhashSignature(ESSAY), minhashSignature(COPIED));
    expect(exact).toBeGreaterThan(0.75);
    expect(Math.abs(estimate - exact)).toBeLessThan(0.12);
    expect(estimate).toBeGreaterThanOrEqual(NEAR_TEXT_SIMILARITY);
    expect(flagged(ESSAY, COPIED)).toBe(true);
  });

  it('a different essay on the same topic is not flagged', () => {
    const exact = exactJaccard(ESSAY, OTHER);
    expect(exact).toBeLessThan(0.1);
    expect(estimateJaccard(minhashSignature(ESSAY), minhashSignature(OTHER))).toBeLessThan(0.2);
    expect(shareKey(minhashSignature(ESSAY), minhashSignature(OTHER))).toBe(false);
    expect(flagged(ESSAY, OTHER)).toBe(false);
  });

  it('identical texts (up to punctuation and spacing) have identical signatures', () => {
    expect(minhashSignature(ESSAY.replace(/，/g, ', '))).toBe(minhashSignature(ESSAY));
    expect(estimateJaccard(minhashSignature(ESSAY), minhashSignature(ESSAY))).toBe(1);
    expect(exactJaccard(ESSAY, ESSAY)).toBe(1);
  });
});

describe('short and empty texts', () => {
  it('get the empty signature, no band keys, and similarity 0 with everything (even themselves)', () => {
    for (const t of ['', '  ', '好', '你好', '！？…', '😀😀😀😀']) {
      expect(minhashSignature(t)).toBe('');
      expect(bandKeys(minhashSignature(t))).toEqual([]);
      expect(estimateJaccard(minhashSignature(t), minhashSignature(t))).toBe(0);
      expect(estimateJaccard(minhashSignature(t), minhashSignature(ESSAY))).toBe(0);
      expect(exactJaccard(t, t)).toBe(0);
      expect(textFingerprint(t)).toEqual({ signature: '', bandKeys: [], shingleCount: 0 });
    }
  });

  it('a 3-character text is a real (one-shingle) signature', () => {
    const sig = minhashSignature('好网民');
    expect(sig).toHaveLength(684);
    expect(bandKeys(sig)).toHaveLength(32);
    expect(estimateJaccard(sig, minhashSignature('好 网 民'))).toBe(1);
    expect(estimateJaccard(sig, minhashSignature('坏网民'))).toBe(0);
  });
});

describe('signature format', () => {
  it('is 684 base64 characters (128 big-endian uint32) and band keys look like "b7:<16 hex>"', () => {
    const fp = textFingerprint(ESSAY);
    expect(fp.signature).toMatch(/^[A-Za-z0-9+/]{683}=$/);
    expect(fp.bandKeys).toHaveLength(32);
    fp.bandKeys.forEach((k, i) => expect(k).toMatch(new RegExp(`^b${i}:[0-9a-f]{16}$`)));
    expect(fp.shingleCount).toBe(shingles(ESSAY).size);
    expect(fp.signature).toBe(minhashSignature(ESSAY));
  });

  it('rejects strings that are not signatures', () => {
    expect(() => estimateJaccard('abc', minhashSignature(ESSAY))).toThrow(RangeError);
    expect(() => bandKeys('!'.repeat(684))).toThrow(RangeError);
  });
});

describe('determinism', () => {
  // Golden values: if these change, every stored signature must be recomputed (see the module comment).
  const GOLDEN_TEXT = '校园好网民，文明上网从我做起。';

  it('a fresh import of the module computes the same signature', () => {
    const first = minhashSignature(ESSAY);
    let again = '';
    jest.isolateModules(() => {
      const fresh = require('./textSimilarity') as typeof import('./textSimilarity');
      again = fresh.minhashSignature(ESSAY);
    });
    expect(again).toBe(first);
  });

  it('matches golden values fixed when the algorithm was written', () => {
    const fp = textFingerprint(GOLDEN_TEXT);
    expect(fp.signature.slice(0, 24)).toBe('CBsT8wg/ntsGv3EUApfumBJa');
    expect(fp.bandKeys[0]).toBe('b0:cc6290c4f672318d');
  });
});

describe('MinHash accuracy and the LSH curve', () => {
  // A seeded generator of "texts": random common CJK characters, then a fraction of positions rewritten.
  const rand = mulberry32(2024);
  const randomText = (n: number) =>
    Array.from({ length: n }, () => String.fromCodePoint(0x4e00 + pick(rand, 3000)));
  const mutate = (chars: string[], fraction: number) =>
    chars.map((c) => (rand() < fraction ? String.fromCodePoint(0x4e00 + pick(rand, 3000)) : c));

  const pairs = Array.from({ length: 150 }, (_, i) => {
    const base = randomText(300);
    const other = mutate(base, (i % 15) * 0.03); // 0 % … 42 % of characters rewritten
    const a = base.join('');
    const b = other.join('');
    return { a, b, exact: exactJaccard(a, b), sa: minhashSignature(a), sb: minhashSignature(b) };
  });

  it('the estimate tracks the exact Jaccard with the binomial error of independent rows', () => {
    const errors = pairs.map((p) => estimateJaccard(p.sa, p.sb) - p.exact);
    const meanAbs = errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length;
    expect(meanAbs).toBeLessThan(0.04);
    expect(Math.max(...errors.map(Math.abs))).toBeLessThan(0.2); // < 4.5 standard errors
    // Calibration: z = error / sqrt(J(1−J)/128) should have mean ≈ 0 and variance ≈ 1 if the 128
    // seeded hash functions behave like independent random permutations.
    const zs = pairs
      .map((p, i) => ({ j: p.exact, e: errors[i] }))
      .filter(({ j }) => j > 0.05 && j < 0.95)
      .map(({ j, e }) => e / Math.sqrt((j * (1 - j)) / MINHASH_ROWS));
    const mean = zs.reduce((s, z) => s + z, 0) / zs.length;
    const variance = zs.reduce((s, z) => s + (z - mean) ** 2, 0) / zs.length;
    expect(zs.length).toBeGreaterThan(80);
    expect(Math.abs(mean)).toBeLessThan(0.3);
    expect(variance).toBeGreaterThan(0.6);
    expect(variance).toBeLessThan(1.5);
  });

  it('the banding catches pairs at ≥ NEAR_TEXT_SIMILARITY and rarely fetches dissimilar ones', () => {
    const high = pairs.filter((p) => p.exact >= NEAR_TEXT_SIMILARITY);
    const low = pairs.filter((p) => p.exact < 0.2);
    expect(high.length).toBeGreaterThan(30);
    expect(low.length).toBeGreaterThan(20);
    expect(high.filter((p) => shareKey(p.sa, p.sb)).length / high.length).toBeGreaterThanOrEqual(0.95);
    expect(low.filter((p) => shareKey(p.sa, p.sb)).length / low.length).toBeLessThanOrEqual(0.1);
    // Unrelated random texts share no key.
    expect(shareKey(pairs[0].sa, pairs[15].sa)).toBe(false);
  });

  it('documents the threshold curve P(s) = 1 − (1 − s⁴)³²', () => {
    // s = 0.6: s⁴ = 0.1296; (1 − 0.1296)³² = 0.8704³² ≈ 0.0118 → 0.988
    expect(lshCatchProbability(0.6)).toBeCloseTo(0.9882, 3);
    // s = 0.5: s⁴ = 0.0625; 0.9375³² ≈ 0.1268 → 0.873
    expect(lshCatchProbability(0.5)).toBeCloseTo(0.8732, 3);
    // s = 0.3: s⁴ = 0.0081; 0.9919³² ≈ 0.7709 → 0.229
    expect(lshCatchProbability(0.3)).toBeCloseTo(0.2291, 3);
    expect(lshCatchProbability(0.2)).toBeCloseTo(0.05, 2);
    expect(MINHASH_ROWS).toBe(128);
  });
});

describe('timing', () => {
  it('MinHash of a 2,000-character essay (printed)', () => {
    const long = normaliseText(ESSAY + OTHER + COPIED + ESSAY).slice(0, 2000);
    expect(long.length).toBe(2000);
    textFingerprint(long); // warm-up
    const { value, ms } = timeIt(() => textFingerprint(long));
    expect(value.bandKeys).toHaveLength(32);
    console.log(
      `MinHash + band keys of a 2,000-character essay (${value.shingleCount} shingles): ${ms.toFixed(1)} ms`,
    );
    expect(ms).toBeLessThan(1000);
  });
});
