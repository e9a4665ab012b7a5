/**
 * The local sensitive-word list (local mode; production also runs WeChat's msgSecCheck). Kept here as
 * data so it is reviewed like code and tested (core/moderation/moderation.test.ts).
 *
 * How to maintain it:
 * - add a word to the category it belongs to, plus the disguises people really type (pinyin initials,
 *   homophones, a letter for a character: "傻b", "sb", "煞笔"); spacing, punctuation between characters,
 *   full-width letters, look-alike Cyrillic letters and traditional characters are caught by the
 *   matcher's normalisation, so they need no entries of their own;
 * - the list targets abuse, sexual content, threats and solicitations, NOT topics: a family may well
 *   write "远离网络赌博" or "拒绝黄赌毒", so topic nouns (赌博, 色情, 毒品, 诈骗) are deliberately absent;
 * - when an ordinary phrase contains a listed word ("废物利用" contains "废物"), add the phrase to ALLOW;
 * - bump WORD_LIST_VERSION and run `npx jest core/moderation`.
 * Political and other context-dependent content is left to WeChat's checker in production.
 */

/** Version of the list (stored with every local verdict so a later review knows which list decided). */
export const WORD_LIST_VERSION = '2026.1';

/** A category of listed words and the reason shown to the writer. */
export interface WordCategory {
  key: 'abuse' | 'sexual' | 'violence' | 'selfharm' | 'solicit' | 'discrimination';
  reason: string;
  words: string[];
}

/** The listed words by category. */
// prettier-ignore
export const WORD_CATEGORIES: WordCategory[] = [
  {
    key: 'abuse',
    reason: '含有骂人或不文明的词语',
    words: [
      '傻逼', '傻b', '傻屄', '煞笔', '傻比', '沙比', '傻x', 'sb', 'shabi', '二逼', '装逼', '牛逼', 'niubi',
      '操你妈', '草你妈', '肏', 'cnm', '草泥马', '曹尼玛', '尼玛的', '你妈的', '他妈的', '她妈的', 'tmd',
      'nmsl', '你妈死了', '死妈', '去你妈', '卧槽', 'woc', '妈了个', '贱人', '贱货', '婊子', '王八蛋',
      '混账东西', '狗东西', '狗娘养', '畜生', '杂种', '杂碎', '白痴', '弱智', '智障', '脑残', 'nc', '蠢货',
      '蠢猪', '废物', '垃圾人', '人渣', '败类', '滚蛋', '滚犊子', '去死吧', '你去死', '死全家', '不要脸',
      '屌丝', '屌', '鸡巴', 'jb', 'fuck', 'fck', 'fuk', 'shit', 'bitch', 'bastard', 'asshole', 'wtf',
      'stfu', 'motherfucker',
    ],
  },
  {
    key: 'sexual',
    reason: '含有低俗或色情的词语',
    words: [
      '约炮', '裸聊', '裸照', '援交', '做爱', '啪啪啪', '一夜情', '性交', '口交', '自慰', '撸管', '操逼',
      '淫荡', '骚货', '小黄片', '成人视频', 'av女优', '福利姬', 'porn',
    ],
  },
  {
    key: 'violence',
    reason: '含有威胁或暴力的话',
    words: [
      '杀了你', '砍死你', '弄死你', '打死你', '捅死你', '掐死你', '宰了你', '杀你全家', '灭你全家',
      '炸学校', '炸了学校', '血洗', '割喉', '带刀去学校', '我要杀人',
    ],
  },
  {
    key: 'selfharm',
    reason: '如果你遇到难过的事，请马上告诉家人或老师，也可以拨打 12355 青少年服务台。',
    words: ['想自杀', '我要自杀', '不想活了', '割腕', '跳楼自杀', '结束自己的生命'],
  },
  {
    key: 'solicit',
    reason: '含有广告、引流或联系方式，请不要在卡片上留联系方式',
    words: [
      '加我微信', '加我v', '加我vx', '加我qq', '我的微信号是', '我的qq号是', '私聊我', '联系我领',
      '兼职日结', '日赚千元', '代写作业', '代考', '刷粉丝', '博彩网址', '投注网址',
    ],
  },
  {
    key: 'discrimination',
    reason: '含有歧视或嘲笑别人的词语',
    words: ['死胖子', '残废', '瘸子', '聋子', '哑巴', '乡巴佬', '土包子', '娘娘腔', '黑鬼', '矮冬瓜'],
  },
];

/**
 * Ordinary phrases that contain a listed word; a match inside one of them is ignored. Words made of
 * Latin letters only match at word boundaries anyway, so "sussex" or "dickens" need no entry.
 */
export const ALLOW: string[] = [
  '废物利用',
  '废物回收',
  '变废物为宝',
  '残废军人',
  '不要脸红',
  '吃哑巴亏',
  '哑巴亏',
];
