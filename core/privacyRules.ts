import { DEFAULT_DATA_CONTROLLER, type DataController } from './privacy';

/**
 * 《儿童个人信息保护规则》: the dedicated rules PIPL Art. 31 para. 2 and 儿童个人信息网络保护规定 Art. 8
 * ask for, written for parents. Every sentence describes what this product really does (the consent
 * text in core/privacy.ts points here); change both when the product changes.
 */

/** The rules' version (shown on the page; bump when the wording changes). */
export const CHILD_RULES_VERSION = '2026-1';

/** One section: a heading and its paragraphs. */
export interface RulesSection {
  heading: string;
  paragraphs: string[];
}

/** The rules with the data controller the city admin entered (defaults until then). */
export function childPrivacyRules(controller: DataController = DEFAULT_DATA_CONTROLLER): {
  title: string;
  version: string;
  sections: RulesSection[];
} {
  return {
    title: '儿童个人信息保护规则',
    version: CHILD_RULES_VERSION,
    sections: [
      {
        heading: '一、适用范围',
        paragraphs: [
          '本规则适用于「校园好网民」小程序处理不满十四周岁儿童个人信息的活动。按照《个人信息保护法》，处理这些信息须经孩子的父母或者其他监护人同意。',
          `负责处理这些信息的是${controller.name}。`,
        ],
      },
      {
        heading: '二、我们收集哪些信息',
        paragraphs: [
          '班级名单：孩子的姓名、学号（可选），由老师录入；出生年份（可选），只能由班主任或已被班主任确认的监护人填写，只用来判断是否需要监护人同意。',
          '孩子在活动中提交的内容：签名承诺的手写签名图片、家庭卡片的文字和照片、参赛作品（文字、图片、视频、文档）和知识竞赛的答题记录。',
          '微信提供的用户标识（openid），用来确认是谁在使用；我们不收集手机号、身份证号、住址、定位和通讯录。',
        ],
      },
      {
        heading: '三、如何使用这些信息',
        paragraphs: [
          '仅用于本次活动：班级名单、签名承诺、家庭卡片、作品征集与评选、知识竞赛，以及按班级、学校、县区汇总的参与统计。',
          '任何公开展示（卡片墙、作品展、证书验证页）中，孩子的姓名一律打码（如「王*雨」）；照片和作品经内容检查和老师审核后才公开，短视频要由老师看过后才公开。',
          '不用于广告、营销或与活动无关的用途，不出售，不向活动以外的机构提供。',
        ],
      },
      {
        heading: '四、监护人同意',
        paragraphs: [
          '孩子的父母（或其他法定监护人）用孩子的家庭码或班级码关联孩子，由班主任确认关联后，才能代孩子同意。爷爷奶奶、外公外婆等亲属只有在确为法定监护人时才能同意，否则请孩子的父母同意。',
          '不同意的后果：孩子不能在手机上提交签名、卡片和作品，但仍可以在老师发的纸质承诺书上签名参加活动。',
          '监护人可以随时在「我的」页面撤回同意；撤回后孩子不能再在线提交，撤回前已经处理的信息不受影响。',
        ],
      },
      {
        heading: '五、内容检查',
        paragraphs: [
          '为防止不良信息，孩子提交的文字和图片会经过内容检查：在微信小程序中使用微信提供的内容安全接口，在本地演示环境中使用本项目的词表；视频由老师人工审看。',
        ],
      },
      {
        heading: '六、存储与保存期限',
        paragraphs: [
          `信息存储在${controller.storage}，${controller.retention}。`,
          '上传后没有被使用的文件在 24 小时内删除；没有通过审核的照片在 30 天后删除；导入名单用的表格导入后立即删除；操作审计记录保存两年后删除。',
          '文件不公开存放，只能通过服务器按权限生成的限时链接查看；数据库只允许服务器访问，老师和管理员只能看到自己负责的班级、学校或县区。',
        ],
      },
      {
        heading: '七、您和孩子的权利',
        paragraphs: [
          '查看和导出：孩子本人或已被班主任确认的监护人可以在「我的」页面导出孩子的信息。',
          '更正：姓名、学号、出生年份有误时，请班主任在班级名单中更正；监护人也可以填写或更正出生年份。',
          '删除：孩子本人或已被班主任确认的监护人可以在「我的」页面删除孩子提交的签名、卡片、作品和答题记录；删除后统计数字随之减少。',
        ],
      },
      {
        heading: '八、联系我们',
        paragraphs: [`对本规则或孩子的信息有疑问、投诉，请联系${controller.contact}。`],
      },
    ],
  };
}
