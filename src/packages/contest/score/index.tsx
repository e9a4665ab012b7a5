import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { showSaveError } from '../shared/feedback';
import { scoreText, sheetSum } from '../shared/labels';
import { WorkContent, type WorkContentData } from '../shared/ui';
import '../contest.scss';

type Judged = OutputOf<'contest', 'judgeEntry'>;
type Criterion = Judged['rubric'][number];

/** The scores a criterion allows (0..max in steps). */
function stepsOf(c: Criterion, step: number): number[] {
  const out: number[] = [];
  for (let v = 0; v <= c.max + 1e-9; v = Math.round((v + step) * 1000) / 1000) out.push(v);
  return out;
}

/** One rubric criterion: its weight, its bands with descriptors, and the score picked. */
function CriterionScore(props: {
  c: Criterion;
  step: number;
  value: number | undefined;
  locked: boolean;
  onChange: (v: number) => void;
}) {
  const { c, step, value } = props;
  const steps = stepsOf(c, step);
  const band =
    value === undefined ? null : c.bands.find((b) => value >= b.min - 1e-9 && value <= b.max + 1e-9);
  return (
    <View className="ct-criterion" id={`ct-crit-${c.key}`}>
      <View className="row">
        <Text className="ct-title">{c.title}</Text>
        <Text className="ct-sub">{`占 ${c.weight}% · 满分 ${c.max}`}</Text>
      </View>
      {c.bands.map((b) => (
        <Text key={`${b.min}-${b.max}`} className={`ct-band ${band === b ? 'ct-band-on' : ''}`}>
          {`${b.min}–${b.max} 分：${b.descriptor}`}
        </Text>
      ))}
      {steps.length <= 21 ? (
        <View className="ct-chips">
          {steps.map((v) => (
            <Text
              key={v}
              id={`ct-score-${c.key}-${v}`}
              className={`ct-step ${value === v ? 'ct-step-on' : ''}`}
              onClick={() => !props.locked && props.onChange(v)}
            >
              {String(v)}
            </Text>
          ))}
        </View>
      ) : (
        <View className="ct-inline" style={{ marginTop: '10px' }}>
          <Button
            size="small"
            onClick={() => !props.locked && props.onChange(Math.max(0, (value ?? 0) - step))}
          >
            −
          </Button>
          <Input
            id={`ct-score-${c.key}`}
            className="input ct-num"
            type="digit"
            disabled={props.locked}
            value={value === undefined ? '' : String(value)}
            onInput={(e) => {
              const v = Number(e.detail.value);
              if (Number.isFinite(v)) props.onChange(Math.min(c.max, Math.max(0, v)));
            }}
          />
          <Button
            size="small"
            onClick={() => !props.locked && props.onChange(Math.min(c.max, (value ?? 0) + step))}
          >
            +
          </Button>
        </View>
      )}
    </View>
  );
}

/**
 * Score one assigned work (`?id=<assignmentId>`), blind: the work (its title, category, group, text,
 * pictures, video or files — never who made it or where), the rubric with each criterion's bands, a
 * score per criterion and a comment; the weighted total (Σ weight × score / full marks) updates as the
 * judge picks. Sheets can be changed until the results are published.
 */
export default function ScorePage() {
  useLoginGuard();
  const { params } = useRouter();
  const id = params.id ?? '';
  const res = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'judgeEntry', { assignmentId: id })),
    [id],
  );
  const d = res.data;
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const filled = useRef(false);
  useEffect(() => {
    if (!d || filled.current) return;
    filled.current = true;
    if (d.sheet) {
      setScores(d.sheet.scores);
      setComment(d.sheet.comment);
    }
  }, [d]);

  if (!d) {
    return (
      <View className="page ct-page">
        <StateView loading={res.loading} error={res.error} onRetry={res.reload} />
      </View>
    );
  }
  const total = sheetSum(d.rubric, scores);
  const missing = d.rubric.filter((c) => scores[c.key] === undefined);

  const save = async () => {
    if (busy) return;
    if (missing.length) {
      showSaveError(new Error(`还有${missing.map((c) => `「${c.title}」`).join('')}没有打分`));
      return;
    }
    setBusy(true);
    void Taro.showLoading({ title: '正在保存', mask: true });
    try {
      const out = await call('contest', 'score', { assignmentId: id, scores, comment: comment.trim() });
      Taro.hideLoading();
      toastOk(`已保存 ${scoreText(out.total)} 分`);
      setTimeout(() => void Taro.navigateBack().catch(() => undefined), 600);
    } catch (err) {
      Taro.hideLoading();
      showSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const w = d.work;
  return (
    <View className="page ct-page">
      <View className="card" id="ct-blind-work">
        <Text className="ct-sub">{`${d.callTitle} · 匿名评审`}</Text>
        <Text className="ct-big-title" id="ct-work-title">
          {w.title}
        </Text>
        <Text className="ct-sub">{`${w.categoryTitle} · ${w.groupTitle}`}</Text>
        <WorkContent work={w as unknown as WorkContentData} large />
      </View>
      <View className="card" id="ct-rubric">
        <View className="card-title">评分</View>
        {d.locked && <Text className="ct-notice ct-ok">结果已公布，评分已锁定。</Text>}
        {d.rubric.map((c) => (
          <CriterionScore
            key={c.key}
            c={c}
            step={d.step}
            value={scores[c.key]}
            locked={d.locked}
            onChange={(v) => setScores((prev) => ({ ...prev, [c.key]: v }))}
          />
        ))}
        <View className="ct-field" style={{ marginTop: '20px' }}>
          <Text className="ct-label">评语（可不填）</Text>
          <Textarea
            id="ct-comment"
            className="textarea"
            style={{ minHeight: '160px' }}
            value={comment}
            maxlength={300}
            disabled={d.locked}
            placeholder="作品的亮点和不足"
            onInput={(e) => setComment(e.detail.value)}
          />
        </View>
        <View className="ct-total">
          <View>
            <Text className="ct-sub">
              {missing.length ? `加权总分（还有 ${missing.length} 项未评）` : '加权总分'}
            </Text>
            <View className="ct-inline">
              <Text className="ct-total-value" id="ct-total">
                {scoreText(total)}
              </Text>
              <Text className="ct-inline-label">/ 100</Text>
            </View>
          </View>
          {!d.locked && (
            <Button type="primary" id="ct-score-save" onClick={() => void save()}>
              {d.sheet ? '保存修改' : '提交评分'}
            </Button>
          )}
        </View>
      </View>
    </View>
  );
}
