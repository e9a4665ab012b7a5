import type { PhaseName } from './model';

/** One activity of the plan as the home page lists it. */
export interface Activity {
  key: string;
  title: string;
  /** Where it comes from in the plan (实施方案 §五). */
  planRef: string;
  summary: string;
  /** Phases it runs in. */
  phases: PhaseName[];
  /** In-app route when built; null while not built yet (the app says so plainly). */
  route: string | null;
}

/** The campaign's activities, in plan order. `route: null` means not available in this version. */
export const ACTIVITIES: Activity[] = [
  {
    key: 'pledge',
    title: '文明上网 宣誓承诺',
    planRef: '五(二)2',
    summary: '阅读《全国青少年网络文明公约》和倡议书，手写签名承诺；家长签家庭承诺。',
    phases: ['launch', 'implementation'],
    route: '/packages/pledge/sign/index',
  },
  {
    key: 'cards',
    title: '家庭主题卡片',
    planRef: '五(二)2',
    summary: '和孩子一起制作「清朗网络 多彩校园」「文明上网 从我家做起」卡片，分享到朋友圈。',
    phases: ['launch', 'implementation'],
    route: '/packages/card/make/index',
  },
  {
    key: 'quiz',
    title: '网络法律与安全知识竞赛',
    planRef: '五(二)1、3',
    summary: '围绕《网络安全法》《网络信息内容生态治理规定》等法规和防诈骗、防沉迷知识答题。',
    phases: ['implementation'],
    route: '/packages/quiz/home/index',
  },
  {
    key: 'contest',
    title: '作品征集与网络文化节',
    planRef: '五(一)2、五(二)3、4',
    summary: '征文、绘画、摄影、漫画、短视频、书评影评、抗疫作品和故事，学校择优逐级推荐。',
    phases: ['implementation', 'evaluation'],
    route: '/packages/contest/home/index',
  },
  {
    key: 'lessons',
    title: '优秀思政课与抗疫复学故事',
    planRef: '五(一)1、2',
    summary: '学校遴选优秀班会思政课和校园故事，县区择优报送市教育局，在网站专栏展示。',
    phases: ['implementation'],
    route: '/packages/contest/home/index?kind=lessons',
  },
  {
    key: 'participation',
    title: '参与情况',
    planRef: '六、七(三)',
    summary: '老师查看本班参与情况；学校、县区、市级查看汇总与排名。',
    phases: ['launch', 'implementation', 'evaluation'],
    route: '/packages/overview/unit/index',
  },
];
