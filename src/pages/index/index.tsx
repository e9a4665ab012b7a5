import { Text, View } from '@tarojs/components';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { loadCampaign } from '../../api/campaign';
import { call, needsLogin } from '../../api/client';
import { StateView } from '../../components/StateView';
import { Button } from '../../ui';
import { linkState, type LinkedChild } from '../../utils/children';
import { useLoginGuard } from '../../utils/useLoginGuard';
import { useShowRequest } from '../../utils/useRequest';
import './index.scss';

/** The plan's own title, shown until the campaign has loaded (or when it could not). */
const FALLBACK_TITLE = '争做濮阳好网民';

/**
 * Campaign home: theme, the current phase with dates, every activity of the plan, and the caller's next
 * steps. Loads once per show (the campaign may have been prefetched by the login page).
 */
export default function Home() {
  useLoginGuard();
  const campaign = useShowRequest(loadCampaign);
  const me = useShowRequest(async () => (needsLogin() ? null : call('identity', 'me', {})));
  useShareAppMessage(() => ({ title: '校园好网民，弘扬正能量', path: '/pages/index/index' }));

  const roles = me.data?.roles.map((r) => r.role) ?? [];
  const isAdmin = roles.some((r) => r === 'city_admin' || r === 'district_admin' || r === 'school_admin');
  const isTeacher = roles.includes('teacher');
  const isJudge = roles.includes('judge');
  const c = campaign.data;
  const student = me.data?.student;
  const children: LinkedChild[] = me.data?.children ?? [];
  // 参与情况 is for teachers and admins only: pupils and parents would land on a page that turns them away.
  const activities = (c?.activities ?? []).filter((a) => a.key !== 'participation' || isTeacher || isAdmin);

  return (
    <View className="page home">
      <View className="home-banner">
        <Text className="home-banner-title">{c?.title ?? FALLBACK_TITLE}</Text>
        <Text className="home-banner-theme">{c?.theme ?? '校园好网民，弘扬正能量'}</Text>
        {c && <Text className="home-banner-year">{`${c.cityName} · ${c.year} 年度`}</Text>}
      </View>
      <StateView loading={campaign.loading && !c} error={campaign.error} onRetry={campaign.reload} />
      {c && (
        <View className="card">
          <View className="card-title">活动进度</View>
          <View className="phases">
            {c.phases.map((p) => (
              <View key={p.key} className={`phase ${p.current ? 'phase-current' : ''}`}>
                <Text className="phase-label">{p.label}</Text>
                <Text className="phase-range">{p.rangeLabel}</Text>
                {p.current && <Text className="tag">当前阶段</Text>}
              </View>
            ))}
          </View>
          {(c.phase === 'before' || c.phase === 'after') && <Text className="muted">{c.phaseLabel}</Text>}
        </View>
      )}

      {me.data && (
        <View className="card">
          <View className="card-title">我的下一步</View>
          {roles.length === 0 && (
            <View>
              <Text className="muted">
                你还没有身份。学生用老师给的班级码加入班级；家长用孩子的家庭码关联孩子；老师和管理员使用邀请码。
              </Text>
              <View className="actions">
                <Button type="primary" onClick={() => Taro.navigateTo({ url: '/packages/join/class/index' })}>
                  我是学生，加入班级
                </Button>
                <Button onClick={() => Taro.navigateTo({ url: '/packages/join/link-child/index' })}>
                  我是家长，关联孩子
                </Button>
                <Button onClick={() => Taro.navigateTo({ url: '/packages/join/invite/index' })}>
                  我有邀请码
                </Button>
              </View>
            </View>
          )}
          {student && (
            <View className="list-item" id="home-student">
              <View>
                <Text>{`${student.className} · ${student.name} `}</Text>
                {student.claimStatus === 'claimed' && <Text className="tag tag-gray">待老师确认</Text>}
              </View>
              {student.claimStatus === 'claimed' && (
                <View className="home-wait" id="home-claim-pending">
                  <Text className="home-wait-title">等老师确认你的名字</Text>
                  <Text className="muted">
                    {`请告诉班主任：你在小程序里认领了「${student.name}」，请老师在班级页面点「确认是本人」。老师确认后，你就能签名承诺、让家长关联你。`}
                  </Text>
                </View>
              )}
              {student.claimStatus !== 'claimed' && (!student.under14 || student.consent) && (
                <Text className="muted" id="home-student-ready">
                  一切就绪，可以参加下面的活动了。
                </Text>
              )}
              {student.claimStatus !== 'claimed' && student.under14 && !student.consent && (
                <View>
                  <Text className="muted">
                    {student.guardianCount > 0
                      ? '你未满14周岁。请家长在自己的手机上打开「我的」，等班主任确认关联后点「去同意」，之后你才能提交签名和作品。'
                      : '你未满14周岁。先请爸爸妈妈（或其他监护人）用你的家庭码关联你，并同意你参加，之后才能提交签名和作品。'}
                  </Text>
                  {student.guardianCount === 0 && (
                    <View className="actions">
                      <Button
                        type="primary"
                        onClick={() => Taro.navigateTo({ url: '/packages/join/family-code/index' })}
                      >
                        生成家庭码，让家长关联我
                      </Button>
                    </View>
                  )}
                </View>
              )}
            </View>
          )}
          {children.map((child) => {
            const state = linkState(child);
            const needsConsent = state === 'confirmed' && child.under14 && !child.consentGiven;
            return (
              <View key={child.familyId} className="list-item">
                <View className="row">
                  <Text>{`${child.name} · ${child.className}`}</Text>
                  {state !== 'confirmed' ? (
                    <Text className="tag tag-gray">待老师确认</Text>
                  ) : needsConsent ? (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() =>
                        Taro.navigateTo({
                          url: `/packages/join/consent/index?rosterId=${encodeURIComponent(child.rosterId)}`,
                        })
                      }
                    >
                      去同意
                    </Button>
                  ) : (
                    <Text className="tag tag-green">已关联</Text>
                  )}
                </View>
                {state !== 'confirmed' && (
                  <Text className="muted">班主任确认您和孩子的关联后，您就能陪孩子参加活动。</Text>
                )}
                {needsConsent && (
                  <Text className="muted">孩子未满14周岁，需要您同意后才能提交签名和作品。</Text>
                )}
              </View>
            );
          })}
          {children.length > 0 && !student && (
            <Text
              className="home-link"
              onClick={() => Taro.navigateTo({ url: '/packages/join/link-child/index' })}
            >
              关联另一个孩子
            </Text>
          )}
          {isTeacher && (
            <View className="actions">
              <Button
                type="primary"
                onClick={() => Taro.navigateTo({ url: '/packages/admin/org/index?tab=classes' })}
              >
                我的班级
              </Button>
            </View>
          )}
          {isJudge && (
            <View className="list-item" id="home-judge">
              <Text className="muted">您是作品征集的评委，评审任务在「作品征集」页面。</Text>
              <View className="actions">
                <Button
                  type="primary"
                  onClick={() => Taro.navigateTo({ url: '/packages/contest/home/index' })}
                >
                  我的评审任务
                </Button>
              </View>
            </View>
          )}
          {isAdmin && (
            <View className="actions">
              <Button type="primary" onClick={() => Taro.navigateTo({ url: '/packages/admin/org/index' })}>
                组织管理
              </Button>
            </View>
          )}
        </View>
      )}

      {c && (
        <View className="card">
          <View className="card-title">活动内容</View>
          {activities.map((a) => (
            <View key={a.key} className="list-item activity">
              <View className="row">
                <Text className="activity-title">{a.title}</Text>
                {a.route ? (
                  a.openNow ? (
                    <Button size="small" type="primary" onClick={() => Taro.navigateTo({ url: a.route! })}>
                      {a.key === 'participation' ? '去查看' : '去参加'}
                    </Button>
                  ) : (
                    <Text className="tag tag-gray">本阶段未开放</Text>
                  )
                ) : (
                  <Text className="tag tag-gray">即将上线</Text>
                )}
              </View>
              <Text className="muted">{a.summary}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
