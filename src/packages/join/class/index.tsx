import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import {
  canScan,
  JOIN_PAGES,
  parseScannedClassCode,
  RosterList,
  scanClassCode,
  tidyCode,
  type RosterRow,
} from '../shared';
import '../join.scss';

type ClassInfo = OutputOf<'identity', 'lookupClass'>;
type Claimed = OutputOf<'identity', 'claimRoster'>;

/** The three steps shown at the top, so a child always knows where they are. */
function Steps(props: { at: 1 | 2 | 3 }) {
  const labels = ['输入班级码', '找到自己的名字', '完成'];
  return (
    <View className="join-steps">
      {labels.map((l, i) => (
        <Text
          key={l}
          className={`join-step ${props.at === i + 1 ? 'join-step-on' : ''}`}
        >{`${i + 1} ${l}`}</Text>
      ))}
    </View>
  );
}

/**
 * Student joins a class: class code (typed, from ?code= or the QR's scene, or scanned) → pick own masked
 * name → confirm → done, then wait for the teacher to confirm the name. Opened from a QR code (the class
 * poster of the parents' meeting), a visitor without a role first says whether they are the pupil or a
 * parent; a parent goes on to the link page with the class code.
 */
export default function JoinClass() {
  useLoginGuard();
  const router = useRouter();
  const initialCode = parseScannedClassCode(router.params.code ?? router.params.scene ?? '') ?? '';
  const me = useRequest(async () => (needsLogin() ? null : call('identity', 'me', {})));
  // From a QR code: ask who is scanning before showing the roster (parents scan the poster too).
  const [who, setWho] = useState<'student' | null>(null);

  const [code, setCode] = useState(initialCode);
  const [cls, setCls] = useState<ClassInfo | null>(null);
  const [picked, setPicked] = useState<RosterRow | null>(null);
  const [fullName, setFullName] = useState('');
  const [done, setDone] = useState<Claimed | null>(null);

  const lookup = async (raw: string) => {
    const classCode = tidyCode(raw);
    if (classCode.length < 4) {
      showError(new Error('请输入老师给的 6 位班级码'));
      return;
    }
    const found = await withLoading('正在查找班级', () => call('identity', 'lookupClass', { classCode }));
    if (found) {
      setCode(classCode);
      setCls(found);
      setPicked(null);
    }
  };

  // A link or QR code with ?code= opens straight on the class, once the visitor said they are the pupil.
  useEffect(() => {
    if (initialCode && who === 'student' && !needsLogin()) void lookup(initialCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [who]);

  const scan = async () => {
    const scanned = await scanClassCode();
    if (scanned) await lookup(scanned);
  };

  const pick = (row: RosterRow) => {
    setPicked(row);
    setFullName('');
  };

  const claim = async () => {
    if (!cls || !picked) return;
    const name = fullName.replace(/\s/g, '');
    if (!name) {
      showError(new Error('请输入你自己的完整姓名，确认这个名字是你'));
      return;
    }
    const res = await withLoading('正在加入', () =>
      call('identity', 'claimRoster', {
        classCode: code,
        rosterId: picked.rosterId,
        confirmName: name,
      }),
    );
    if (res) {
      toastOk('已加入班级');
      setDone(res);
    }
  };

  const toHome = () => Taro.switchTab({ url: '/pages/index/index' });
  const toMe = () => Taro.switchTab({ url: '/pages/me/index' });

  if (done) {
    return (
      <View className="page">
        <Steps at={3} />
        <View className="card">
          <View className="join-done">
            <Text className="join-done-icon join-done-wait">✓</Text>
            <Text className="join-done-title">已加入，等待老师确认</Text>
            <Text className="muted">{`你已加入 ${done.className}。老师确认前，你的名字旁会显示「待老师确认」。`}</Text>
          </View>
          <View className="join-notice" id="join-class-wait">
            <Text className="join-notice-title">下一步：等老师确认你的名字</Text>
            <Text>
              {
                '\n请告诉班主任你已经认领了名字，请老师在班级页面点「确认是本人」。老师确认后，你才能签名承诺、制作卡片。'
              }
            </Text>
            {done.under14 && (
              <Text id="join-class-under14">
                {
                  '\n你未满14周岁：老师确认后，还要请爸爸妈妈（或其他监护人）用你的家庭码关联你，并同意你参加活动，之后才能提交签名和作品。家庭码在「我的」页面。'
                }
              </Text>
            )}
          </View>
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

  const student = me.data?.student;
  if (student) {
    return (
      <View className="page">
        <View className="card">
          <View className="card-title">你已经加入班级了</View>
          <Text className="join-lead">{`${student.className} · ${student.name}`}</Text>
          {student.claimStatus === 'claimed' ? (
            <Text className="tag tag-gray">待老师确认</Text>
          ) : (
            <Text className="tag tag-green">老师已确认</Text>
          )}
          <View className="gap" />
          <Text className="muted">如果班级不对，请到「我的」页面退出原班级，再重新加入。</Text>
          <View className="join-actions">
            <Button type="primary" block size="large" onClick={toMe}>
              去「我的」
            </Button>
            <Button block onClick={toHome}>
              回到首页
            </Button>
          </View>
        </View>
      </View>
    );
  }

  if (me.loading && !me.data) return <View className="page">{<StateView loading />}</View>;

  const roles = me.data?.roles ?? [];
  if (initialCode && who === null && !roles.some((r) => r.role === 'student')) {
    return (
      <View className="page">
        <View className="card" id="join-class-who">
          <View className="card-title">您是？</View>
          <Text className="join-lead">{`这是班级码 ${initialCode} 的班级二维码。`}</Text>
          <View className="join-actions">
            <Button
              id="join-class-as-student"
              type="primary"
              block
              size="large"
              onClick={() => setWho('student')}
            >
              我是学生，认领自己的名字
            </Button>
            <Button
              id="join-class-as-parent"
              block
              size="large"
              onClick={() =>
                Taro.redirectTo({
                  url: `${JOIN_PAGES.linkChild}?classCode=${encodeURIComponent(initialCode)}`,
                })
              }
            >
              我是家长，关联我的孩子
            </Button>
          </View>
          <Text className="muted">家长请用自己的微信关联孩子；孩子的名字请孩子用自己的微信认领。</Text>
        </View>
      </View>
    );
  }

  if (cls && picked) {
    return (
      <View className="page">
        <Steps at={2} />
        <View className="card">
          <View className="card-title">确认这是你</View>
          <View className="join-picked">
            <Text className="join-roster-name">{picked.maskedName}</Text>
            {picked.studentNoHint && <Text className="join-roster-no">{`学号 ${picked.studentNoHint}`}</Text>}
          </View>
          <View className="field">
            <View className="field-label">请输入你的完整姓名</View>
            <Input
              id="join-class-name"
              className="input"
              value={fullName}
              maxlength={20}
              placeholder="例如：张小明"
              focus
              onInput={(e) => setFullName(e.detail.value)}
              onConfirm={claim}
            />
          </View>
          <View className="join-actions">
            <Button id="join-class-confirm" type="primary" block size="large" onClick={claim}>
              确认是我，加入班级
            </Button>
            <Button block onClick={() => setPicked(null)}>
              不是我，重新选
            </Button>
          </View>
        </View>
      </View>
    );
  }

  if (cls) {
    const free = cls.roster.filter((r) => !r.claimed).length;
    return (
      <View className="page">
        <Steps at={2} />
        <View className="card">
          <View className="join-class-head">
            <Text className="join-school">{cls.schoolName}</Text>
            <Text className="join-class-name" id="join-class-title">
              {cls.className}
            </Text>
          </View>
          <Text className="join-lead">点自己的名字。名字中间用 * 挡住了，可以看学号末两位。</Text>
          <RosterList roster={cls.roster} greyClaimed pickLabel="是我" onPick={pick} />
          {cls.roster.length > 0 && free === 0 && (
            <Text className="muted">名单上的名字都已被认领。如果没有你的名字，请告诉老师。</Text>
          )}
          <View className="gap" />
          <Text className="muted">找不到自己的名字，或名字被别人认领了？请告诉老师。</Text>
          <View className="join-actions">
            <Button block onClick={() => setCls(null)}>
              班级不对，重新输入班级码
            </Button>
          </View>
        </View>
      </View>
    );
  }

  return (
    <View className="page">
      <Steps at={1} />
      <StateView error={me.error} onRetry={me.reload} />
      <View className="card">
        <View className="card-title">加入班级</View>
        <Text className="join-lead">输入老师给的 6 位班级码（字母和数字，不分大小写）。</Text>
        <Input
          id="join-class-code"
          className="input join-input-big"
          value={code}
          maxlength={16}
          placeholder="班级码"
          onInput={(e) => setCode(e.detail.value.toUpperCase())}
          onConfirm={() => lookup(code)}
        />
        <View className="join-actions">
          <Button id="join-class-lookup" type="primary" block size="large" onClick={() => lookup(code)}>
            查找班级
          </Button>
          {canScan && (
            <Button block size="large" onClick={scan}>
              扫一扫老师的班级二维码
            </Button>
          )}
        </View>
      </View>
    </View>
  );
}
