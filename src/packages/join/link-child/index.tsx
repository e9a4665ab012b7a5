import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { Button } from '../../../ui';
import { childName, linkState, type LinkedChild } from '../../../utils/children';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import {
  JOIN_PAGES,
  RELATIONS,
  relationLabel,
  RosterList,
  tidyCode,
  type Relation,
  type RosterRow,
} from '../shared';
import '../join.scss';

type ClassInfo = OutputOf<'identity', 'lookupClass'>;

const toHome = () => Taro.switchTab({ url: '/pages/index/index' });
const toMe = () => Taro.switchTab({ url: '/pages/me/index' });
const toConsent = (rosterId: string) =>
  Taro.redirectTo({ url: `${JOIN_PAGES.consent}?rosterId=${encodeURIComponent(rosterId)}` });

/** What the parent sees after linking: the child (with consent next step) or a pending request. */
type Outcome =
  | { kind: 'linked'; childName: string; confirmed: boolean; child?: LinkedChild }
  | { kind: 'requested'; maskedName: string; className: string };

/**
 * A parent links to a child: relation + the child's family code → linkChild; or, when the child cannot
 * show a code, class code → masked roster → requestLink (`?classCode=` from the class poster starts
 * there). Either way the class teacher confirms the link before the parent can consent for the child.
 */
export default function LinkChildPage() {
  useLoginGuard();
  const { params } = useRouter();
  const startCode = tidyCode(params.classCode ?? '');
  const me = useShowRequest(async () => (needsLogin() ? null : call('identity', 'me', {})));
  const [relation, setRelation] = useState<Relation | null>(null);
  const [familyCode, setFamilyCode] = useState('');
  const [viaClass, setViaClass] = useState(!!startCode);
  const [classCode, setClassCode] = useState(startCode);
  const [cls, setCls] = useState<ClassInfo | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** The chosen relation, or null after telling the parent to choose one first. */
  const needRelation = (): Relation | null => {
    if (relation) return relation;
    showError(new Error('请先在第 1 步选择您与孩子的关系'));
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
      const child: LinkedChild | undefined = fresh?.children.find((c) => c.familyId === linked.familyId);
      return { linked, child };
    });
    if (res) {
      toastOk('已关联');
      setOutcome({
        kind: 'linked',
        childName: res.linked.childName,
        confirmed: res.linked.confirmed,
        child: res.child,
      });
    }
  };

  const lookup = async (raw = classCode) => {
    const code = tidyCode(raw);
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
    const ok = await confirm(
      `申请关联 ${row.maskedName}？`,
      `您是孩子的${relationLabel(rel)}。班主任确认后关联才生效。`,
    );
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

  // Opened from the class poster's QR (`?classCode=`): look the class up at once.
  useEffect(() => {
    if (startCode && !needsLogin()) void lookup(startCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (outcome?.kind === 'linked') {
    const c = outcome.child;
    const waiting = !outcome.confirmed;
    const needsConsent = !!c && !waiting && c.status === 'active' && c.under14 && !c.consentGiven;
    return (
      <View className="page">
        <View className="card">
          <View className="join-done">
            <Text className={`join-done-icon ${waiting ? 'join-done-wait' : ''}`}>{waiting ? '…' : '✓'}</Text>
            <Text className="join-done-title" id="family-linked">{`已关联：${outcome.childName}`}</Text>
            {c && <Text className="muted">{`${c.className} · 您是孩子的${relationLabel(c.relation)}`}</Text>}
          </View>
          {waiting ? (
            <View className="join-notice" id="family-link-unconfirmed">
              <Text>
                {`还要等班主任确认您和${outcome.childName}的关联。确认后，您就能在「我的」页面同意孩子参加活动、填写孩子的出生年份。`}
              </Text>
              <Text>{'\n请告诉班主任：您已用孩子的家庭码关联了孩子，请老师在班级名单里点「确认」。'}</Text>
              <View className="join-actions">
                <Button type="primary" block size="large" onClick={toHome}>
                  回到首页
                </Button>
                <Button block onClick={toMe}>
                  去「我的」查看
                </Button>
              </View>
            </View>
          ) : needsConsent ? (
            <View className="join-notice">
              <Text>
                孩子未满14周岁。按照《个人信息保护法》，需要您阅读并同意后，孩子才能在活动中提交签名和作品。
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
            班主任确认后，您就能在「我的」页面看到孩子。如果孩子未满14周岁，那时还需要您点「去同意」。
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

  const children: LinkedChild[] = me.data?.children ?? [];
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
          <Text className="muted">
            家庭码在孩子手机上：「我的」→「让家长关联我」。关联后还要等班主任确认。
          </Text>
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
                onConfirm={() => lookup()}
              />
              <View className="join-actions">
                <Button type="primary" block size="large" onClick={() => lookup()}>
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
            有家庭码？用家庭码关联
          </Text>
        </View>
      )}

      {children.length > 0 && (
        <View className="card">
          <View className="card-title">我的孩子</View>
          {children.map((c) => (
            <View key={c.familyId} className="list-item row">
              <Text>{`${childName(c)} · ${c.className}`}</Text>
              {linkState(c) !== 'confirmed' ? (
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
