import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go } from '../shared/feedback';
import { CT, dayRange, qs, ROUND_LABEL, WINDOW_LABEL } from '../shared/labels';
import { NameCard } from '../shared/NameCard';
import { Tag } from '../shared/ui';
import '../contest.scss';

type Home = OutputOf<'contest', 'home'>;
type HomeCall = Home['calls'][number];

/** A call open to the caller: its window, their entries, 投稿 and the announcement. */
/** Open calls first (where one can still submit), then upcoming ones, then closed ones with their results. */
const WINDOW_ORDER: Record<string, number> = { open: 0, upcoming: 1 };

function CallItem({ c }: { c: HomeCall }) {
  return (
    <View className="ct-item" id={`ct-call-${c.callId}`}>
      <View className="ct-head">
        <View className="ct-head-main">
          <Text className="ct-title">{c.title}</Text>
          <Text className="ct-sub">{`${c.kindLabel} · ${c.unitName} · ${dayRange(c.opensOn, c.closesOn)}`}</Text>
        </View>
        <Tag tone={c.window === 'open' ? undefined : 'gray'}>
          {c.published ? '已公布结果' : WINDOW_LABEL[c.window]}
        </Tag>
      </View>
      {c.myEntries > 0 && <Text className="ct-sub">{`我已投稿 ${c.myEntries} 件`}</Text>}
      <View className="ct-row-actions">
        {c.window === 'open' && (
          <Button
            type="primary"
            size="small"
            id={`ct-submit-${c.callId}`}
            onClick={() => go(`${CT}/submit/index${qs({ callId: c.callId })}`)}
          >
            我要投稿
          </Button>
        )}
        <Button size="small" onClick={() => go(`${CT}/call/index${qs({ id: c.callId })}`)}>
          活动说明
        </Button>
        {c.published && (
          <Button
            size="small"
            onClick={() =>
              go(
                c.kind === 'works'
                  ? `${CT}/gallery/index${qs({ callId: c.callId, level: 'results' })}`
                  : `${CT}/column/index${qs({ callId: c.callId })}`,
              )
            }
          >
            {c.kind === 'works' ? '成果展示' : '看专栏'}
          </Button>
        )}
      </View>
    </View>
  );
}

/**
 * 作品征集: the calls open to the caller (投稿), their works, the rounds waiting for them as reviewers, the
 * calls they organise, the works they judge, and the exhibitions. `?kind=lessons` (优秀思政课与抗疫复学故事)
 * shows the story and 思政课 calls only.
 */
export default function ContestHome() {
  useLoginGuard();
  const { params } = useRouter();
  const lessonsOnly = params.kind === 'lessons';
  const home = useShowRequest(async () => (needsLogin() ? null : call('contest', 'home', {})));
  const h = home.data;
  const keep = (kind: string) => !lessonsOnly || kind !== 'works';
  // The server lists only calls the caller may submit to (思政课 reach teachers only).
  const calls = (h?.calls ?? [])
    .filter((c) => keep(c.kind))
    .sort((a, b) => (WINDOW_ORDER[a.window] ?? 2) - (WINDOW_ORDER[b.window] ?? 2));
  // A judged city round is run from the call's own page (judges, results), not decided entry by entry.
  const judgedIds = new Set((h?.organise ?? []).filter((c) => c.judged).map((c) => c.callId));
  const review = (h?.review ?? []).filter((r) => !(r.round === 'city' && judgedIds.has(r.callId)));
  const organise = (h?.organise ?? []).filter((c) => keep(c.kind));
  const creatable = h
    ? h.canCreate.city || h.canCreate.districts.length > 0 || h.canCreate.schools.length > 0
    : false;
  const adminOf = (round: string, unitId: string | null) =>
    !!h &&
    ((round === 'school' && !!unitId && h.canCreate.schools.includes(unitId)) ||
      (round === 'district' && !!unitId && h.canCreate.districts.includes(unitId)) ||
      (round === 'city' && h.canCreate.city));

  // Reviewers, judges and organisers with nothing to submit to: no empty 投稿 list telling them to join a class.
  const staffOnly =
    !!h &&
    calls.length === 0 &&
    (review.length > 0 || h.judging.length > 0 || organise.length > 0 || creatable);

  // Only those who can submit (pupils, guardians, teachers) have works and certificates to look at.
  const author = !!h && (h.calls.length > 0 || h.mine.total > 0);
  // A school's staff (asked for the name pupils pick advisors by) may hold 优秀指导教师 / 优秀组织奖.
  const advisor = !!h && (h.profile.needsName || h.profile.name !== null);

  const createUrl = () => {
    if (!h) return '';
    if (h.canCreate.city)
      return `${CT}/edit/index${qs({ level: 'city', kind: lessonsOnly ? 'lessons' : '' })}`;
    if (h.canCreate.districts[0])
      return `${CT}/edit/index${qs({ level: 'district', unitId: h.canCreate.districts[0] })}`;
    return `${CT}/edit/index${qs({ level: 'school', unitId: h.canCreate.schools[0] })}`;
  };

  return (
    <View className="page ct-page">
      <View className="card">
        <View className="card-title">{lessonsOnly ? '优秀思政课与抗疫复学故事' : '作品征集'}</View>
        <Text className="ct-lead">
          {lessonsOnly
            ? '老师提交思政课教案和线上教学故事，学校、县区逐级推荐，市教育局在专栏展示。'
            : '征文、绘画、摄影、漫画、短视频、书评影评……学校初评、县区复评、市级评审，优秀作品在作品展和成果展示中展出。'}
        </Text>
        <View className="ct-row-actions">
          <Button size="small" id="ct-exhibitions" onClick={() => go(`${CT}/exhibitions/index`)}>
            {lessonsOnly ? '专栏与作品展' : '作品展'}
          </Button>
          {author && (
            <Button size="small" id="ct-mine" onClick={() => go(`${CT}/mine/index`)}>
              我的作品
            </Button>
          )}
          {(author || advisor) && (
            <Button size="small" id="ct-certs" onClick={() => go(`${CT}/certificates/index`)}>
              获奖证书
            </Button>
          )}
        </View>
      </View>

      <StateView loading={home.loading && !h} error={home.error} onRetry={home.reload} />

      {h && (h.profile.needsName || h.profile.name) && (
        <NameCard name={h.profile.name} needed={h.profile.needsName} onSaved={() => void home.reload()} />
      )}

      {h && (h.mine.drafts > 0 || h.mine.returned > 0) && (
        <View className="card" id="ct-mine-summary">
          <Text className="ct-notice">
            {[
              h.mine.returned ? `有 ${h.mine.returned} 件作品被退回，请修改后重新提交` : '',
              h.mine.drafts ? `有 ${h.mine.drafts} 件草稿还没有提交` : '',
            ]
              .filter(Boolean)
              .join('；')}
          </Text>
          <Button block type="primary" onClick={() => go(`${CT}/mine/index`)}>
            去看看我的作品
          </Button>
        </View>
      )}

      {h && review.length > 0 && (
        <View className="card" id="ct-review">
          <View className="card-title">待我评审</View>
          {review.map((r) => (
            <View
              key={`${r.callId}-${r.round}-${r.unitId}`}
              className="ct-item row"
              id={`ct-review-${r.round}-${r.callId}`}
            >
              <View className="ct-head-main">
                <Text className="ct-title">{r.title}</Text>
                <Text className="ct-sub">{`${ROUND_LABEL[r.round]} · ${r.unitName}`}</Text>
              </View>
              <Button
                size="small"
                type={r.pending ? 'primary' : 'default'}
                onClick={() =>
                  go(
                    `${CT}/review/index${qs({
                      callId: r.callId,
                      round: r.round,
                      unitId: r.unitId,
                      admin: adminOf(r.round, r.unitId) ? 1 : null,
                    })}`,
                  )
                }
              >
                {r.pending ? `待审 ${r.pending} 件` : '查看'}
              </Button>
            </View>
          ))}
        </View>
      )}

      {h && h.judging.length > 0 && (
        <View className="card" id="ct-judging">
          <View className="card-title">我的评审任务</View>
          <Text className="ct-note">匿名评审：作品不显示作者、学校和指导教师。</Text>
          {h.judging.map((j) => (
            <View key={j.callId} className="ct-item row" id={`ct-judge-${j.callId}`}>
              <View className="ct-head-main">
                <Text className="ct-title">{j.title}</Text>
                <Text className="ct-sub">{`已评 ${j.scored} / ${j.assigned} 件${j.locked ? ' · 结果已公布' : ''}`}</Text>
              </View>
              <Button
                size="small"
                type={j.scored < j.assigned && !j.locked ? 'primary' : 'default'}
                onClick={() => go(`${CT}/judge/index${qs({ callId: j.callId })}`)}
              >
                {j.scored < j.assigned && !j.locked ? '去评分' : '查看'}
              </Button>
            </View>
          ))}
        </View>
      )}

      {h && (organise.length > 0 || creatable) && (
        <View className="card" id="ct-organise">
          <View className="card-title">我组织的征集活动</View>
          {organise.map((c) => (
            <View key={c.callId} className="ct-item" id={`ct-org-${c.callId}`}>
              <View className="ct-head">
                <View className="ct-head-main">
                  <Text className="ct-title">{c.title}</Text>
                  <Text className="ct-sub">{`${c.levelLabel}${c.kindLabel} · ${dayRange(c.opensOn, c.closesOn)}`}</Text>
                </View>
                <Tag tone={c.published ? 'green' : c.window === 'open' ? undefined : 'gray'}>
                  {c.published ? '已公布' : WINDOW_LABEL[c.window]}
                </Tag>
              </View>
              <View className="ct-row-actions">
                <Button
                  size="small"
                  type="primary"
                  id={`ct-manage-${c.callId}`}
                  onClick={() => go(`${CT}/manage/index${qs({ id: c.callId, unitId: c.unitId })}`)}
                >
                  管理
                </Button>
              </View>
            </View>
          ))}
          {creatable && (
            <View className="ct-actions">
              <Button block id="ct-create" onClick={() => go(createUrl())}>
                发布新的征集活动
              </Button>
            </View>
          )}
        </View>
      )}

      {h && !staffOnly && (
        <View className="card" id="ct-calls">
          <View className="card-title">{lessonsOnly ? '课程和故事征集' : '我能参加的征集活动'}</View>
          {calls.length === 0 && (
            <Text className="ct-note">
              {h.calls.length === 0 && !lessonsOnly
                ? '学生加入班级、家长关联孩子、老师加入学校后，这里会列出可以投稿的征集活动。'
                : '暂时没有面向你的征集活动。'}
            </Text>
          )}
          {calls.map((c) => (
            <CallItem key={c.callId} c={c} />
          ))}
        </View>
      )}
    </View>
  );
}
