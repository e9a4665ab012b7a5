import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';
import {
  childName,
  formatTime,
  RELATIONS,
  relationLabel,
  RosterList,
  tidyCode,
  useLoginGuard,
  type Relation,
  type RosterRow,
} from '../shared';
import '../join.scss';

type ClassInfo = OutputOf<'identity', 'lookupClass'>;
type Child = OutputOf<'identity', 'me'>['children'][number];

const toHome = () => Taro.switchTab({ url: '/pages/index/index' });
const toMe = () => Taro.switchTab({ url: '/pages/me/index' });
const toConsent = (rosterId: string) =>
  Taro.redirectTo({ url: `/packages/join/consent/index?rosterId=${encodeURIComponent(rosterId)}` });

/** Family page: `?mode=student` shows the child's family code; otherwise a parent links to a child. */
export default function Family() {
  useLoginGuard();
  const router = useRouter();
  return router.params.mode === 'student' ? <StudentCode /> : <ParentLink />;
}

/** Student side: a fresh 6-digit family code, its expiry, and how a parent uses it. */
function StudentCode() {
  const state = useRequest(async () => {
    if (needsLogin()) return null;
    const me = await call('identity', 'me', {});
    if (!me.student) return { student: null, code: null };
    // keep: coming back to this page shows the same code, so one already sent to a parent still works.
    return { student: me.student, code: await call('identity', 'createFamilyCode', { keep: true }) };
  });
  const [fresh, setFresh] = useState<OutputOf<'identity', 'createFamilyCode'> | null>(null);

  const renew = async () => {
    if (!(await confirm('换一个家庭码？', '换了以后，旧的家庭码就不能用了。已经关联的家长不受影响。')))
      return;
    const res = await withLoading('正在生成', () => call('identity', 'createFamilyCode', {}));
    if (res) {
      setFresh(res);
      toastOk('已换新家庭码');
    }
  };

  const copy = async (text: string) => {
    try {
      await Taro.setClipboardData({ data: text });
      toastOk('已复制');
    } catch (err) {
      showError(err);
    }
  };

  const d = state.data;
  const code = fresh ?? d?.code;
  return (
    <View className="page">
      <StateView loading={state.loading && !d} error={state.error} onRetry={state.reload} />
      {d && !d.student && (
        <View className="card">
          <View className="card-title">还不能生成家庭码</View>
          <Text className="join-lead">请先用老师给的班级码加入班级，并找到自己的名字。</Text>
          <View className="join-actions">
            <Button
              type="primary"
              block
              size="large"
              onClick={() => Taro.redirectTo({ url: '/packages/join/class/index' })}
            >
              去加入班级
            </Button>
          </View>
        </View>
      )}
      {d?.student && code && (
        <>
          <View className="card">
            <View className="card-title">我的家庭码</View>
            <Text className="muted">{`${d.student.className} · ${d.student.name}`}</Text>
            <View className="gap" />
            <View className="code-big" id="family-code">
              {code.familyCode}
            </View>
            <Text className="muted join-center">{`有效期到 ${formatTime(code.expiresAt)}，只给自己的爸爸妈妈看`}</Text>
          </View>
          <View className="card">
            <View className="card-title">请爸爸妈妈这样做</View>
            <View className="join-howto">
              {[
                '在自己的手机上打开微信里的「校园好网民」小程序',
                '点「我是家长，关联孩子」',
                '输入上面这 6 位家庭码',
              ].map((t, i) => (
                <View key={t} className="join-howto-step">
                  <Text className="join-howto-no">{i + 1}</Text>
                  <Text>{t}</Text>
                </View>
              ))}
            </View>
            <View className="join-notice">
              <Text>
                {d.student.under14
                  ? '你未满 14 周岁：家长关联后还要点「同意」，你才能提交签名和作品。'
                  : '家长关联后，可以看到你参加活动的情况。'}
              </Text>
            </View>
            <Text className="muted">{`\n已关联 ${d.student.guardianCount} 位家长。家长不在身边时，可以把家庭码发给他们。`}</Text>
            <View className="join-actions">
              <Button block onClick={() => copy(code.familyCode)}>
                复制家庭码
              </Button>
              <Button block onClick={renew}>
                换一个家庭码
              </Button>
              <Button type="primary" block size="large" onClick={toHome}>
                完成，回到首页
              </Button>
            </View>
          </View>
        </>
      )}
    </View>
  );
}

/** What the parent sees after linking: the child (with consent next step) or a pending request. */
type Outcome =
  | { kind: 'linked'; childName: string; child?: Child }
  | { kind: 'requested'; maskedName: string; className: string };

/** Parent side: relation + family code → linkChild; or class code → masked roster → requestLink. */
function ParentLink() {
  const me = useRequest(async () => (needsLogin() ? null : call('identity', 'me', {})));
  const [relation, setRelation] = useState<Relation | null>(null);
  const [familyCode, setFamilyCode] = useState('');
  const [viaClass, setViaClass] = useState(false);
  const [classCode, setClassCode] = useState('');
  const [cls, setCls] = useState<ClassInfo | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** The chosen relation, or null after telling the parent to choose one first. */
  const needRelation = (): Relation | null => {
    if (relation) return relation;
    showError(new Error('请先在第 1 步选择您是孩子的什么人'));
    return null;
  };

  const link = async () => {
    const rel = needRelation();
    if (!rel) return;
    const digits = familyCode.replace(/\D/g, '');
    if (digits.length !== 6) {
      showError(new Error('家庭码是 6 位数字，请让孩子在「我的」页面点「让家长关联我」查看'));
      return;
    }
    const res = await withLoading('正在关联', async () => {
      const linked = await call('identity', 'linkChild', { familyCode: digits, relation: rel });
      const fresh = await call('identity', 'me', {}).catch(() => null);
      return { linked, child: fresh?.children.find((c) => c.familyId === linked.familyId) };
    });
    if (res) {
      toastOk('关联成功');
      setOutcome({ kind: 'linked', childName: res.linked.childName, child: res.child });
    }
  };

  const lookup = async () => {
    const code = tidyCode(classCode);
    if (code.length < 4) {
      showError(new Error('请输入孩子班级的 6 位班级码（可以问老师）'));
      return;
    }
    const found = await withLoading('正在查找班级', () =>
      call('identity', 'lookupClass', { classCode: code }),
    );
    if (found) setCls(found);
  };

  const request = async (row: RosterRow) => {
    const rel = cls ? needRelation() : null;
    if (!cls || !rel) return;
    const ok = await confirm(`申请关联 ${row.maskedName}？`, `您是孩子的${rel}。老师确认后关联才生效。`);
    if (!ok) return;
    const res = await withLoading('正在提交', () =>
      call('identity', 'requestLink', {
        classCode: tidyCode(classCode),
        rosterId: row.rosterId,
        relation: rel,
      }),
    );
    if (res) {
      toastOk('已提交申请');
      setOutcome({ kind: 'requested', maskedName: row.maskedName, className: cls.className });
    }
  };

  if (outcome?.kind === 'linked') {
    const c = outcome.child;
    const needsConsent = !!c && c.status === 'active' && c.under14 && !c.consentGiven;
    return (
      <View className="page">
        <View className="card">
          <View className="join-done">
            <Text className="join-done-icon">✓</Text>
            <Text className="join-done-title" id="family-linked">{`已关联：${outcome.childName}`}</Text>
            {c && <Text className="muted">{`${c.className} · 您是孩子的${relationLabel(c.relation)}`}</Text>}
          </View>
          {needsConsent ? (
            <View className="join-notice">
              <Text>
                孩子未满 14 周岁。按照国家规定，需要您阅读并同意后，孩子才能在活动中提交签名和作品。
              </Text>
              <View className="join-actions">
                <Button type="primary" block size="large" onClick={() => toConsent(c.rosterId)}>
                  下一步：阅读并同意
                </Button>
                <Button block onClick={toHome}>
                  以后再说，回到首页
                </Button>
              </View>
            </View>
          ) : (
            <View className="join-actions">
              <Button type="primary" block size="large" onClick={toHome}>
                回到首页
              </Button>
            </View>
          )}
        </View>
      </View>
    );
  }

  if (outcome?.kind === 'requested') {
    return (
      <View className="page">
        <View className="card">
          <View className="join-done">
            <Text className="join-done-icon join-done-wait">…</Text>
            <Text className="join-done-title" id="family-requested">
              已提交，等待老师确认
            </Text>
            <Text className="muted">{`${outcome.className} · ${outcome.maskedName}`}</Text>
          </View>
          <Text className="join-lead">
            老师确认后，您就能在「我的」页面看到孩子。如果孩子未满 14 周岁，那时还需要您点「同意」。
          </Text>
          <View className="join-actions">
            <Button type="primary" block size="large" onClick={toHome}>
              回到首页
            </Button>
            <Button block onClick={toMe}>
              去「我的」查看
            </Button>
          </View>
        </View>
      </View>
    );
  }

  const children = me.data?.children ?? [];
  return (
    <View className="page">
      <View className="card">
        <View className="card-title">关联我的孩子</View>
        <Text className="join-lead">第 1 步：您是孩子的</Text>
        <View className="join-choices">
          {RELATIONS.map((r) => (
            <View
              key={r}
              id={`relation-${r}`}
              className={`join-choice ${relation === r ? 'join-choice-on' : ''}`}
              onClick={() => setRelation(r)}
            >
              {relation === r ? `✓ ${relationLabel(r)}` : relationLabel(r)}
            </View>
          ))}
        </View>
      </View>

      {!viaClass && (
        <View className="card">
          <Text className="join-lead">第 2 步：输入孩子给您的 6 位家庭码</Text>
          <Input
            id="family-code-input"
            className="input join-input-big"
            type="number"
            maxlength={6}
            value={familyCode}
            placeholder="6 位数字"
            onInput={(e) => setFamilyCode(e.detail.value)}
            onConfirm={link}
          />
          <Text className="muted">家庭码在孩子手机上：「我的」→「让家长关联我」。</Text>
          <View className="join-actions">
            <Button id="family-link" type="primary" block size="large" onClick={link}>
              关联孩子
            </Button>
          </View>
          <Text className="join-link" onClick={() => setViaClass(true)}>
            孩子不在身边？用班级码申请
          </Text>
        </View>
      )}

      {viaClass && (
        <View className="card">
          {!cls ? (
            <>
              <Text className="join-lead">第 2 步：输入孩子班级的班级码（可以问班主任）</Text>
              <Input
                id="family-class-code"
                className="input join-input-big"
                maxlength={16}
                value={classCode}
                placeholder="班级码"
                onInput={(e) => setClassCode(e.detail.value.toUpperCase())}
                onConfirm={lookup}
              />
              <View className="join-actions">
                <Button type="primary" block size="large" onClick={lookup}>
                  查找班级
                </Button>
              </View>
            </>
          ) : (
            <>
              <View className="join-class-head">
                <Text className="join-school">{cls.schoolName}</Text>
                <Text className="join-class-name">{cls.className}</Text>
              </View>
              <Text className="join-lead">
                第 3 步：点您孩子的名字（中间用 * 挡住了）。提交后由老师确认。
              </Text>
              <RosterList roster={cls.roster} greyClaimed={false} pickLabel="选择" onPick={request} />
              <View className="join-actions">
                <Button block onClick={() => setCls(null)}>
                  班级不对，重新输入
                </Button>
              </View>
            </>
          )}
          <Text
            className="join-link"
            onClick={() => {
              setViaClass(false);
              setCls(null);
            }}
          >
            有家庭码？用家庭码关联（马上生效）
          </Text>
        </View>
      )}

      {children.length > 0 && (
        <View className="card">
          <View className="card-title">我的孩子</View>
          {children.map((c) => (
            <View key={c.familyId} className="list-item row">
              <Text>{`${childName(c)} · ${c.className}`}</Text>
              {c.status !== 'active' ? (
                <Text className="tag tag-gray">待老师确认</Text>
              ) : c.under14 && !c.consentGiven ? (
                <Button size="small" type="primary" onClick={() => toConsent(c.rosterId)}>
                  去同意
                </Button>
              ) : (
                <Text className="tag tag-green">{relationLabel(c.relation)}</Text>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
