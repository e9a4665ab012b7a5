/**
 * The card templates the project drew itself (gradients and simple shapes, no copied artwork), shared by
 * the server (which template ids exist) and the poster renderer (colours and headline). Pure data.
 */

/** Template ids, in the order the make page offers them. */
export const TEMPLATE_IDS = ['qinglang', 'wenming', 'haowangmin', 'shouqianshou'] as const;

/** One template id. */
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** The decoration the renderer draws behind the text. */
export type Motif = 'bubbles' | 'house' | 'sunrise' | 'hands';

/** A card template: headline (the plan's slogan), palette and motif. */
export interface CardTemplate {
  id: TemplateId;
  /** Short name on the picker. */
  name: string;
  /** The headline, one entry per line (drawn large at the top of the poster). */
  headline: [string, string];
  /** Background gradient, top to bottom. */
  background: [string, string, string];
  /** Headline colour. */
  headlineColor: string;
  /** Accent (rules, chips, QR frame). */
  accent: string;
  /** Body text colour on the white panel. */
  ink: string;
  /** Secondary colour of the motif. */
  motifColor: string;
  motif: Motif;
}

/** Every template by id. */
export const TEMPLATES: Record<TemplateId, CardTemplate> = {
  qinglang: {
    id: 'qinglang',
    name: '清朗网络',
    headline: ['清朗网络', '多彩校园'],
    background: ['#2f80ed', '#56ccf2', '#e0f7ff'],
    headlineColor: '#ffffff',
    accent: '#1f6fd6',
    ink: '#173a5e',
    motifColor: '#ffd84d',
    motif: 'bubbles',
  },
  wenming: {
    id: 'wenming',
    name: '从我家做起',
    headline: ['文明上网', '从我家做起'],
    background: ['#e2492f', '#f59b42', '#fff1dc'],
    headlineColor: '#ffffff',
    accent: '#c8361f',
    ink: '#4a2212',
    motifColor: '#ffe08a',
    motif: 'house',
  },
  haowangmin: {
    id: 'haowangmin',
    name: '校园好网民',
    headline: ['校园好网民', '弘扬正能量'],
    background: ['#b3261e', '#e25b2a', '#ffe6b8'],
    headlineColor: '#fff6d8',
    accent: '#b3261e',
    ink: '#3b1a12',
    motifColor: '#ffcf3f',
    motif: 'sunrise',
  },
  shouqianshou: {
    id: 'shouqianshou',
    name: '小手牵大手',
    headline: ['小手牵大手', '文明上网一起走'],
    background: ['#1f9d6b', '#6fcf97', '#eafbf1'],
    headlineColor: '#ffffff',
    accent: '#17805a',
    ink: '#123d2c',
    motifColor: '#ffb4a2',
    motif: 'hands',
  },
};

/** Longest family slogan or promise, in characters. */
export const SLOGAN_MAX = 60;
/** Longest line the other family member adds. */
export const REPLY_MAX = 30;
/** Most family member names on one card. */
export const NAMES_MAX = 6;

/** Ready-made slogans and promises a family can pick and edit. */
export const SLOGAN_SUGGESTIONS: string[] = [
  '文明上网，从我家做起，我们全家一起做校园好网民！',
  '不信谣、不传谣，网上说话讲文明。',
  '每天上网不超过一小时，多陪家人聊聊天。',
  '清朗网络靠大家，多彩校园你我他。',
  '遇到网络诈骗不慌张，先问爸爸妈妈和老师。',
  '保护个人信息，不随便发照片和地址。',
];

/** Short lines a child (or a parent) can add to a family card. */
export const REPLY_SUGGESTIONS: string[] = [
  '我会按时下线，先完成作业！',
  '我不在网上骂人，做文明小网民。',
  '陌生人加我，我先告诉爸爸妈妈。',
  '我会监督爸爸妈妈少刷手机！',
  '我们一起做孩子的好榜样。',
];

/** Whether a string names a template. */
export function isTemplateId(value: string): value is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
}
