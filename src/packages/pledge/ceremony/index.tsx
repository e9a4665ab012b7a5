import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { gradeName } from '../../../utils/org';
import { clockLabel, timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import '../pledge.scss';

const MINUTES = [10, 15, 20, 30, 45, 60];
const STATE_LABEL = { upcoming: '未开始', open: '进行中', closed: '已结束' } as const;

/**
 * Open a timed flag-raising pledge ceremony (升旗仪式宣誓) for a class (teacher), or a grade or the
 * whole school (school admin), then put its big screen on the projector. Lists recent ceremonies.
 */
export default function CeremonyPage() {
  useLoginGuard();
  const router = useRouter();
  const home = useRequest(async () => (needsLogin() ? null : call('pledge', 'home', {})));
  const h = home.data;
  const schoolId = router.params.schoolId ?? h?.schools[0]?.schoolId ?? null;
  const isSchoolAdmin = !!schoolId && (!!router.params.schoolId || (h?.schools.length ?? 0) > 0);
  const classes = useRequest(
    async () => (isSchoolAdmin && schoolId ? call('org', 'listClasses', { schoolId }) : null),
    [isSchoolAdmin, schoolId],
  );
  const ownClasses = h?.classes ?? [];
  const classOptions = classes.data
    ? classes.data.map((c) => ({ classId: c._id, name: c.name }))
    : ownClasses.map((c) => ({ classId: c.classId, name: c.name }));
  const grades = useMemo(() => {
    const seen = new Map<string, { stage: 'primary' | 'junior' | 'senior'; grade: number; label: string }>();
    for (const c of classes.data ?? []) {
      const key = `${c.stage}-${c.grade}`;
      if (!seen.has(key))
        seen.set(key, {
          stage: c.stage,
          grade: c.grade,
          label: gradeName(c.stage, c.grade),
        });
    }
    return [...seen.entries()];
  }, [classes.data]);

  const [level, setLevel] = useState<'class' | 'grade' | 'school'>('class');
  const [classId, setClassId] = useState<string | null>(router.params.classId ?? null);
  const [gradeKey, setGradeKey] = useState<string | null>(null);
  const [minutes, setMinutes] = useState(15);
  const [title, setTitle] = useState('');

  const pickedClass = classId ?? classOptions[0]?.classId ?? null;
  const listKey = isSchoolAdmin ? `s:${schoolId}` : `c:${pickedClass}`;
  const list = useRequest(async () => {
    if (isSchoolAdmin && schoolId) return call('pledge', 'listCeremonies', { schoolId });
    if (pickedClass) return call('pledge', 'listCeremonies', { classId: pickedClass });
    return [];
  }, [listKey]);

  const open = async () => {
    const base = { minutes, ...(title.trim() ? { title: title.trim() } : {}) };
    let input: Parameters<typeof call<'pledge', 'openCeremony'>>[2];
    if (level === 'class') {
      if (!pickedClass) return showError(new Error('请选择班级'));
      input = { level, classId: pickedClass, ...base };
    } else if (level === 'grade') {
      const g = grades.find(([k]) => k === gradeKey)?.[1];
      if (!g || !schoolId) return showError(new Error('请选择年级'));
      input = { level, schoolId, stage: g.stage, grade: g.grade, ...base };
    } else {
      input = { level, schoolId: schoolId!, ...base };
    }
    const res = await withLoading('正在开启', () => call('pledge', 'openCeremony', input));
    if (res) {
      toastOk('仪式已开启');
      await Taro.navigateTo({ url: `/packages/pledge/screen/index?id=${res.ceremonyId}` });
      void list.reload();
    }
  };

  const close = async (id: string) => {
    if (!(await confirm('结束仪式？', '结束后，学生扫码签名不再计入这次仪式。'))) return;
    const ok = await withLoading('正在结束', () => call('pledge', 'closeCeremony', { ceremonyId: id }));
    if (ok) void list.reload();
  };

  return (
    <View className="page">
      <StateView loading={home.loading && !h} error={home.error} onRetry={home.reload} />
      <View className="card" id="pl-ceremony-form">
        <View className="card-title">开启升旗仪式宣誓</View>
        <Text className="pl-note">
          开启后，大屏显示二维码和仪式码。学生用手机扫码，在规定时间内签名承诺；大屏实时显示签名人数和比例。
        </Text>
        {isSchoolAdmin && (
          <View className="pl-wrap">
            {(['class', 'grade', 'school'] as const).map((l) => (
              <Text
                key={l}
                className={`pl-chip ${level === l ? 'pl-chip-on' : ''}`}
                onClick={() => setLevel(l)}
              >
                {{ class: '一个班', grade: '一个年级', school: '全校' }[l]}
              </Text>
            ))}
          </View>
        )}
        {level === 'class' && (
          <View>
            <View className="field-label" style={{ marginTop: '16px' }}>
              班级
            </View>
            <View className="pl-wrap">
              {classOptions.map((c) => (
                <Text
                  key={c.classId}
                  className={`pl-chip ${pickedClass === c.classId ? 'pl-chip-on' : ''}`}
                  onClick={() => setClassId(c.classId)}
                >
                  {c.name}
                </Text>
              ))}
              {classOptions.length === 0 && <Text className="pl-note">你还没有负责的班级。</Text>}
            </View>
          </View>
        )}
        {level === 'grade' && (
          <View className="pl-wrap">
            {grades.map(([key, g]) => (
              <Text
                key={key}
                className={`pl-chip ${gradeKey === key ? 'pl-chip-on' : ''}`}
                onClick={() => setGradeKey(key)}
              >
                {g.label}
              </Text>
            ))}
          </View>
        )}
        <View className="field-label" style={{ marginTop: '16px' }}>
          签名时间（从现在开始）
        </View>
        <View className="pl-wrap">
          {MINUTES.map((m) => (
            <Text
              key={m}
              className={`pl-chip ${minutes === m ? 'pl-chip-on' : ''}`}
              onClick={() => setMinutes(m)}
            >
              {`${m} 分钟`}
            </Text>
          ))}
        </View>
        <View className="field-label" style={{ marginTop: '16px' }}>
          仪式名称（可不填）
        </View>
        <Input
          className="input"
          value={title}
          maxlength={30}
          placeholder="文明上网主题升旗仪式"
          onInput={(e) => setTitle(e.detail.value)}
        />
        <View className="pl-actions">
          <Button type="primary" size="large" block id="pl-open-ceremony" onClick={open}>
            开启仪式并打开大屏
          </Button>
        </View>
      </View>

      <View className="card">
        <View className="card-title">最近的仪式</View>
        <StateView loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
        {list.data?.length === 0 && <Text className="pl-note">还没有开启过仪式</Text>}
        {list.data?.map((c) => (
          <View key={c.ceremonyId} className="list-item">
            <View className="row">
              <Text className="pl-student-name">{c.title}</Text>
              <Text className={`tag ${c.state === 'open' ? 'tag-green' : 'tag-gray'}`}>
                {STATE_LABEL[c.state]}
              </Text>
            </View>
            <Text className="pl-note">{`${c.scopeName} · ${timeLabel(c.startsAt)}–${clockLabel(c.endsAt)} · 仪式码 ${c.ceremonyId}`}</Text>
            <View className="pl-wrap">
              <Button
                size="small"
                type="primary"
                onClick={() => Taro.navigateTo({ url: `/packages/pledge/screen/index?id=${c.ceremonyId}` })}
              >
                打开大屏
              </Button>
              {c.state !== 'closed' && (
                <Button size="small" onClick={() => close(c.ceremonyId)}>
                  结束
                </Button>
              )}
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
