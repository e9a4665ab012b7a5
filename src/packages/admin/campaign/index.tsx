import { Input, Picker, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { PhaseName } from '../../../../core/model';
import { ApiError, call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';
import '../admin.scss';

type Range = { start: string; end: string };
type Form = { title: string; theme: string; phases: Record<PhaseName, Range> };

const FIELD_LABEL: Record<string, string> = { title: '活动名称', theme: '活动主题' };

/** "2026年6月1日" from YYYY-MM-DD. */
function longDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return y ? `${y}年${m}月${d}日` : '请选择';
}

/** Problems the server would refuse, worded for the form (checked before saving). */
function formProblem(form: Form, labels: Record<PhaseName, string>, order: PhaseName[]): string | null {
  if (form.title.trim().length < 2 || form.title.trim().length > 40) return '活动名称应为 2–40 个字';
  if (form.theme.trim().length < 2 || form.theme.trim().length > 40) return '活动主题应为 2–40 个字';
  for (const p of order) {
    if (form.phases[p].start > form.phases[p].end) return `「${labels[p]}」的开始日期晚于结束日期`;
  }
  for (let i = 1; i < order.length; i++) {
    if (form.phases[order[i]].start <= form.phases[order[i - 1]].end) {
      return `「${labels[order[i]]}」要在「${labels[order[i - 1]]}」结束之后才能开始`;
    }
  }
  return null;
}

/** Turn a server error into form wording: zod field paths become the field's Chinese name. */
function serverMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const first = Array.isArray(err.details)
      ? (err.details[0] as { path?: string; message?: string })
      : undefined;
    if (first?.path && FIELD_LABEL[first.path])
      return `${FIELD_LABEL[first.path]}：${first.message ?? '格式不正确'}`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** City admin: edit the campaign's title, theme and the dates of its three phases. */
export default function CampaignPage() {
  const campaign = useRequest(() => call('campaign', 'get', {}));
  const me = useRequest(() => call('identity', 'me', {}));
  const [form, setForm] = useState<Form | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const c = campaign.data;
  useEffect(() => {
    if (!c) return;
    const phases = Object.fromEntries(c.phases.map((p) => [p.key, { start: p.start, end: p.end }])) as Record<
      PhaseName,
      Range
    >;
    setForm({ title: c.title, theme: c.theme, phases });
  }, [c]);

  const isCity = !!me.data?.roles.some((r) => r.role === 'city_admin');
  if (!c || !form || !me.data) {
    return (
      <View className="page">
        <StateView
          loading={campaign.loading || me.loading}
          error={campaign.error ?? me.error}
          onRetry={() => {
            void campaign.reload();
            void me.reload();
          }}
        />
      </View>
    );
  }
  if (!isCity) {
    return (
      <View className="page">
        <View className="card">
          <Text className="muted">只有市级管理员可以修改活动设置。</Text>
        </View>
      </View>
    );
  }

  const labels = Object.fromEntries(c.phases.map((p) => [p.key, p.label])) as Record<PhaseName, string>;
  const order = c.phases.map((p) => p.key);
  const minDay = `${c.year - 1}-01-01`;
  const maxDay = `${c.year + 1}-12-31`;

  const setDate = (p: PhaseName, which: keyof Range, value: string) => {
    setProblem(null);
    setForm({ ...form, phases: { ...form.phases, [p]: { ...form.phases[p], [which]: value } } });
  };

  const save = async () => {
    const local = formProblem(form, labels, order);
    if (local) {
      setProblem(local);
      showError(new Error(local));
      return;
    }
    setProblem(null);
    const saved = await withLoading('正在保存', async () => {
      try {
        return await call('campaign', 'update', {
          title: form.title.trim(),
          theme: form.theme.trim(),
          phases: form.phases,
        });
      } catch (err) {
        setProblem(serverMessage(err));
        throw new Error(serverMessage(err));
      }
    });
    if (saved) {
      toastOk('已保存');
      await campaign.reload();
    }
  };

  return (
    <View className="page">
      <View className="card">
        <View className="card-title">活动名称与主题</View>
        <View className="field">
          <View className="field-label">活动名称（首页大标题）</View>
          <Input
            className="input"
            value={form.title}
            maxlength={40}
            onInput={(e) => {
              setProblem(null);
              setForm({ ...form, title: e.detail.value });
            }}
          />
        </View>
        <View className="field">
          <View className="field-label">活动主题</View>
          <Input
            className="input"
            value={form.theme}
            maxlength={40}
            onInput={(e) => {
              setProblem(null);
              setForm({ ...form, theme: e.detail.value });
            }}
          />
        </View>
      </View>

      <View className="card">
        <View className="card-title">阶段日期</View>
        <Text className="adm-section-note">三个阶段按顺序进行，不能重叠。各项活动只在对应阶段开放。</Text>
        {order.map((p) => (
          <View key={p} className="adm-phase">
            <Text className="adm-name">{labels[p]}</Text>
            <View className="adm-dates">
              {(['start', 'end'] as const).map((which) => (
                <View key={which} className="adm-date">
                  <View className="field-label">{which === 'start' ? '开始' : '结束'}</View>
                  <Picker
                    mode="date"
                    value={form.phases[p][which]}
                    start={minDay}
                    end={maxDay}
                    onChange={(e) => setDate(p, which, e.detail.value)}
                  >
                    <View className="input adm-picker">
                      <Text>{longDate(form.phases[p][which])}</Text>
                      <Text className="muted">▾</Text>
                    </View>
                  </Picker>
                </View>
              ))}
            </View>
          </View>
        ))}
      </View>

      {problem && <View className="adm-error-box">{problem}</View>}
      <Button type="primary" block size="large" onClick={save}>
        保存设置
      </Button>
    </View>
  );
}
