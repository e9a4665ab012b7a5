import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import {
  CATEGORY_PRESETS,
  createInput,
  draftOf,
  draftProblems,
  GROUP_PRESETS,
  judged,
  newDraft,
  presetsFor,
  updateInput,
  type CallDraft,
  type CategoryDraft,
  type Kind,
  type Level,
} from '../shared/callDraft';
import { showSaveError, withMask } from '../shared/feedback';
import { CT, qs, TIER_LABEL } from '../shared/labels';
import { CheckLine, Chips } from '../shared/ui';
import '../contest.scss';

const KINDS: { key: Kind; label: string }[] = [
  { key: 'works', label: '作品征集' },
  { key: 'stories', label: '故事专栏' },
  { key: 'lessons', label: '优秀思政课' },
];
const FORMATS: { key: CategoryDraft['format']; label: string }[] = [
  { key: 'text', label: '文字' },
  { key: 'images', label: '图片' },
  { key: 'video', label: '短视频' },
  { key: 'lesson', label: '课程材料' },
];
const LEVEL_WORD: Record<Level, string> = { city: '市级', district: '县区', school: '校级' };

/** A whole-number field with its label and unit. `value` null shows empty (keep as is). */
function NumField(props: {
  label: string;
  value: number | null | undefined;
  onChange: (v: number | null) => void;
  unit?: string;
  id?: string;
  placeholder?: string;
}) {
  return (
    <View className="ct-inline" style={{ marginTop: '10px' }}>
      <Text className="ct-inline-label">{props.label}</Text>
      <Input
        id={props.id}
        className="input ct-num"
        type="number"
        value={props.value === null || props.value === undefined ? '' : String(props.value)}
        placeholder={props.placeholder ?? ''}
        onInput={(e) => {
          const t = e.detail.value.trim();
          props.onChange(t === '' ? null : Math.max(0, Math.round(Number(t)) || 0));
        }}
      />
      {props.unit && <Text className="ct-inline-label">{props.unit}</Text>}
    </View>
  );
}

/** One category: its name, format and limits. */
function CategoryBlock(props: {
  c: CategoryDraft;
  locked: boolean;
  onChange: (c: CategoryDraft) => void;
  onRemove: () => void;
}) {
  const { c } = props;
  const set = (patch: Partial<CategoryDraft>) => props.onChange({ ...c, ...patch });
  const num = (v: number | null) => v ?? 0;
  return (
    <View className="ct-block" id={`ct-cat-block-${c.key}`}>
      <View className="ct-block-head">
        <Input
          className="input"
          style={{ flex: 1 }}
          value={c.title}
          maxlength={20}
          disabled={props.locked}
          onInput={(e) => set({ title: e.detail.value })}
        />
        {!props.locked && (
          <Text className="ct-danger-link" onClick={props.onRemove}>
            删除
          </Text>
        )}
      </View>
      {!props.locked && <Chips items={FORMATS} value={c.format} onPick={(format) => set({ format })} />}
      {c.format === 'text' && (
        <View className="ct-nums">
          <NumField
            label="正文至少"
            unit="字"
            value={c.minChars}
            onChange={(v) => set({ minChars: num(v) })}
          />
          <NumField
            label="正文最多"
            unit="字"
            value={c.maxChars}
            onChange={(v) => set({ maxChars: num(v) })}
          />
          <NumField
            label="插图最多"
            unit="张"
            value={c.maxImages}
            onChange={(v) => set({ maxImages: Math.min(9, num(v)) })}
          />
        </View>
      )}
      {c.format === 'images' && (
        <View className="ct-nums">
          <NumField
            label="图片至少"
            unit="张"
            value={c.minImages}
            onChange={(v) => set({ minImages: Math.min(9, num(v)) })}
          />
          <NumField
            label="图片最多"
            unit="张"
            value={c.maxImages}
            onChange={(v) => set({ maxImages: Math.min(9, num(v)) })}
          />
          <NumField
            label="说明最多"
            unit="字"
            value={c.maxChars}
            onChange={(v) => set({ maxChars: num(v) })}
          />
        </View>
      )}
      {(c.format === 'video' || c.format === 'lesson') && (
        <View className="ct-nums">
          <NumField
            label={c.format === 'video' ? '视频最长' : '课堂录像最长'}
            unit="分钟"
            value={c.maxSeconds === undefined ? null : Math.round(c.maxSeconds / 60)}
            onChange={(v) => set({ maxSeconds: Math.max(1, num(v)) * 60 })}
          />
          <NumField
            label="文件最大"
            unit="MB"
            value={c.maxMB}
            onChange={(v) => set({ maxMB: Math.min(100, Math.max(1, num(v))) })}
          />
        </View>
      )}
    </View>
  );
}

/**
 * Create or change a call (`?level=city|district|school&unitId=&kind=` to create, `?callId=` to edit): kind,
 * title and intro, dates inside the implementation phase, categories with their formats, groups, who may
 * submit (from the groups), co-authors and entries per author, recommendation places per school and
 * district (with exceptions), and for city works calls the judging rubric (criteria, weights, score
 * bands with descriptors), award tiers, judges per work and 优秀组织奖.
 */
export default function EditCallPage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.callId;
  const loaded = useShowRequest(
    async () => (callId && !needsLogin() ? call('contest', 'callInfo', { callId }) : null),
    [callId],
  );
  const [d, setD] = useState<CallDraft>(() => newDraft((params.kind as Kind) || 'works'));
  const base = useRef<CallDraft | null>(null);
  const [customN, setCustomN] = useState(1);
  useEffect(() => {
    const c = loaded.data?.call;
    if (!c || base.current) return;
    base.current = draftOf(c, loaded.data?.settings);
    setD(draftOf(c, loaded.data?.settings));
  }, [loaded.data]);

  const editing = !!callId;
  const level: Level = editing ? (loaded.data?.call.level ?? 'city') : ((params.level as Level) ?? 'city');
  const unitId = params.unitId;
  const isJudged = judged(d.kind, level);
  const set = (patch: Partial<CallDraft>) => setD((prev) => ({ ...prev, ...patch }));

  if (editing && !loaded.data) {
    return (
      <View className="page ct-page ct-wide">
        <StateView loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />
      </View>
    );
  }

  const toggleCategory = (key: string) => {
    if (d.categories.some((c) => c.key === key))
      set({ categories: d.categories.filter((c) => c.key !== key) });
    else set({ categories: [...d.categories, CATEGORY_PRESETS.find((c) => c.key === key)!] });
  };
  const toggleGroup = (key: string) => {
    if (d.groups.some((g) => g.key === key)) set({ groups: d.groups.filter((g) => g.key !== key) });
    else set({ groups: [...d.groups, GROUP_PRESETS.find((g) => g.key === key)!] });
  };
  const pickKind = (kind: Kind) => {
    const fresh = newDraft(kind);
    setD({ ...fresh, title: d.title, intro: d.intro, opensOn: d.opensOn, closesOn: d.closesOn });
  };
  const weightSum = d.rubric.criteria.reduce((s, c) => s + (Number(c.weight) || 0), 0);
  const setCriterion = (i: number, patch: Partial<CallDraft['rubric']['criteria'][number]>) =>
    set({
      rubric: { ...d.rubric, criteria: d.rubric.criteria.map((c, k) => (k === i ? { ...c, ...patch } : c)) },
    });

  const save = async () => {
    const problems = draftProblems(d, level);
    if (problems.length) return showSaveError(new Error(problems.join('；')));
    const out = await withMask('正在保存', () =>
      editing
        ? call('contest', 'updateCall', updateInput(d, base.current!, level, callId!))
        : call('contest', 'createCall', createInput(d, level, unitId)),
    );
    if (!out) return;
    toastOk(editing ? '已保存' : '已发布');
    void Taro.redirectTo({ url: `${CT}/manage/index${qs({ id: out.callId, unitId })}` });
  };

  const presets = presetsFor(d.kind);
  return (
    <View className="page ct-page ct-wide">
      <View className="card" id="ct-edit">
        <View className="card-title">{editing ? '修改征集活动' : `发布${LEVEL_WORD[level]}征集活动`}</View>
        {!editing && (
          <View className="ct-field">
            <Text className="ct-label">活动类型</Text>
            <Chips idPrefix="ct-kind" items={KINDS} value={d.kind} onPick={pickKind} />
            {isJudged && (
              <Text className="ct-hint">
                市级作品征集由评委匿名打分评奖；其他活动由组织单位评选入选作品。
              </Text>
            )}
          </View>
        )}
        <View className="ct-field">
          <Text className="ct-label">活动名称</Text>
          <Input
            id="ct-call-title"
            className="input"
            value={d.title}
            maxlength={40}
            placeholder="例如：网络安全主题征文征画"
            onInput={(e) => set({ title: e.detail.value })}
          />
        </View>
        <View className="ct-field">
          <Text className="ct-label">活动说明</Text>
          <Textarea
            id="ct-call-intro"
            className="textarea"
            value={d.intro}
            maxlength={1000}
            placeholder="征集主题、要求和注意事项"
            onInput={(e) => set({ intro: e.detail.value })}
          />
        </View>
        <View className="ct-field">
          <Text className="ct-label">征集时间（须在活动实施阶段内）</Text>
          <View className="ct-inline">
            <Picker mode="date" value={d.opensOn} onChange={(e) => set({ opensOn: String(e.detail.value) })}>
              <Text className="ct-chip" id="ct-opens">{`开始 ${d.opensOn}`}</Text>
            </Picker>
            <Picker
              mode="date"
              value={d.closesOn}
              onChange={(e) => set({ closesOn: String(e.detail.value) })}
            >
              <Text className="ct-chip" id="ct-closes">{`截止 ${d.closesOn}`}</Text>
            </Picker>
          </View>
        </View>
      </View>

      <View className="card" id="ct-edit-categories">
        <View className="card-title">作品类别和格式</View>
        <Text className="ct-note">
          点选要征集的类别，再按需要调整要求。已有人投稿后，类别和组别不能再改。
        </Text>
        <Chips
          idPrefix="ct-preset-cat"
          items={CATEGORY_PRESETS.filter((c) => presets.categories.includes(c.key)).map((c) => ({
            key: c.key,
            label: c.title,
          }))}
          value={d.categories.map((c) => c.key)}
          onPick={toggleCategory}
        />
        {d.categories.map((c, i) => (
          <CategoryBlock
            key={c.key}
            c={c}
            locked={false}
            onChange={(next) => set({ categories: d.categories.map((x, k) => (k === i ? next : x)) })}
            onRemove={() => set({ categories: d.categories.filter((_, k) => k !== i) })}
          />
        ))}
        {d.categories.length < 8 && (
          <Text
            className="ct-link"
            onClick={() => {
              set({
                categories: [...d.categories, { key: `custom${customN}`, title: '新类别', format: 'images' }],
              });
              setCustomN(customN + 1);
            }}
          >
            ＋ 自定义类别
          </Text>
        )}
      </View>

      <View className="card" id="ct-edit-groups">
        <View className="card-title">组别（谁可以投稿）</View>
        <Chips
          idPrefix="ct-preset-group"
          items={GROUP_PRESETS.filter((g) => presets.groups.includes(g.key)).map((g) => ({
            key: g.key,
            label: g.title,
          }))}
          value={d.groups.map((g) => g.key)}
          onPick={toggleGroup}
        />
        <Text className="ct-hint">学生组按年级自动匹配；家庭组由家长为孩子提交；教师组由老师本人提交。</Text>
        <NumField
          label="合作者最多"
          unit="位（0：只收个人作品）"
          value={d.maxCoAuthors}
          onChange={(v) => set({ maxCoAuthors: Math.min(5, v ?? 0) })}
        />
        <NumField
          label="每位作者最多投"
          unit="件"
          value={d.maxPerAuthor}
          onChange={(v) => set({ maxPerAuthor: Math.min(5, Math.max(1, v ?? 1)) })}
        />
      </View>

      <View className="card" id="ct-edit-quotas">
        <View className="card-title">推荐名额（每个类别 × 组别）</View>
        {editing && <Text className="ct-hint">不填写则保持原来的名额。</Text>}
        {level !== 'school' ? (
          <NumField
            id="ct-quota-school"
            label="每所学校推荐"
            unit="件"
            value={d.quotaSchool}
            placeholder={editing ? '不改' : ''}
            onChange={(v) => set({ quotaSchool: v })}
          />
        ) : (
          <NumField
            id="ct-quota-school"
            label="入选"
            unit="件"
            value={d.quotaSchool}
            placeholder={editing ? '不改' : ''}
            onChange={(v) => set({ quotaSchool: v })}
          />
        )}
        {level !== 'school' && (
          <NumField
            id="ct-quota-district"
            label="每个县区推荐"
            unit="件"
            value={d.quotaDistrict}
            placeholder={editing ? '不改' : ''}
            onChange={(v) => set({ quotaDistrict: v })}
          />
        )}
        {d.overrides.map((o, i) => (
          <View key={i} className="ct-block">
            <View className="ct-block-head">
              <Text className="ct-strong">特殊名额</Text>
              <Text
                className="ct-danger-link"
                onClick={() => set({ overrides: d.overrides.filter((_, k) => k !== i) })}
              >
                删除
              </Text>
            </View>
            <Chips
              items={d.categories.map((c) => ({ key: c.key, label: c.title }))}
              value={o.category}
              onPick={(category) =>
                set({ overrides: d.overrides.map((x, k) => (k === i ? { ...x, category } : x)) })
              }
            />
            <Chips
              items={d.groups.map((g) => ({ key: g.key, label: g.title }))}
              value={o.group}
              onPick={(group) =>
                set({ overrides: d.overrides.map((x, k) => (k === i ? { ...x, group } : x)) })
              }
            />
            <NumField
              label="学校"
              unit="件"
              value={o.school ?? null}
              onChange={(v) =>
                set({
                  overrides: d.overrides.map((x, k) => (k === i ? { ...x, school: v ?? undefined } : x)),
                })
              }
            />
            {level !== 'school' && (
              <NumField
                label="县区"
                unit="件"
                value={o.district ?? null}
                onChange={(v) =>
                  set({
                    overrides: d.overrides.map((x, k) => (k === i ? { ...x, district: v ?? undefined } : x)),
                  })
                }
              />
            )}
          </View>
        ))}
        {d.categories.length > 0 && d.groups.length > 0 && (
          <Text
            className="ct-link"
            onClick={() =>
              set({ overrides: [...d.overrides, { category: d.categories[0].key, group: d.groups[0].key }] })
            }
          >
            ＋ 某个类别或组别的名额不同
          </Text>
        )}
      </View>

      {isJudged && (
        <View className="card" id="ct-edit-rubric">
          <View className="card-title">评分标准</View>
          <Text className={`ct-note ${Math.abs(weightSum - 100) > 1e-6 ? 'ct-counter-bad' : ''}`}>
            {`各评分项权重之和须为 100（现为 ${weightSum}）。分档从 0 分开始、首尾相接。`}
          </Text>
          {d.rubric.criteria.map((cr, i) => (
            <View key={i} className="ct-block" id={`ct-criterion-${i}`}>
              <View className="ct-block-head">
                <Input
                  className="input"
                  style={{ flex: 1 }}
                  value={cr.title}
                  maxlength={20}
                  onInput={(e) => setCriterion(i, { title: e.detail.value })}
                />
                <Text
                  className="ct-danger-link"
                  onClick={() =>
                    set({ rubric: { ...d.rubric, criteria: d.rubric.criteria.filter((_, k) => k !== i) } })
                  }
                >
                  删除
                </Text>
              </View>
              <NumField
                label="权重"
                unit="%"
                value={cr.weight}
                onChange={(v) => setCriterion(i, { weight: v ?? 0 })}
              />
              {cr.bands.map((b, j) => (
                <View key={j} className="ct-inline" style={{ marginTop: '10px' }}>
                  <Input
                    className="input ct-num"
                    type="number"
                    value={String(b.min)}
                    onInput={(e) =>
                      setCriterion(i, {
                        bands: cr.bands.map((x, k) =>
                          k === j ? { ...x, min: Number(e.detail.value) || 0 } : x,
                        ),
                      })
                    }
                  />
                  <Text>–</Text>
                  <Input
                    className="input ct-num"
                    type="number"
                    value={String(b.max)}
                    onInput={(e) =>
                      setCriterion(i, {
                        bands: cr.bands.map((x, k) =>
                          k === j ? { ...x, max: Number(e.detail.value) || 0 } : x,
                        ),
                      })
                    }
                  />
                  <Text>分</Text>
                  <Input
                    className="input"
                    style={{ flex: 1, minWidth: '240px' }}
                    value={b.descriptor}
                    maxlength={80}
                    placeholder="这一档的说明"
                    onInput={(e) =>
                      setCriterion(i, {
                        bands: cr.bands.map((x, k) => (k === j ? { ...x, descriptor: e.detail.value } : x)),
                      })
                    }
                  />
                  {cr.bands.length > 1 && (
                    <Text
                      className="ct-danger-link"
                      onClick={() => setCriterion(i, { bands: cr.bands.filter((_, k) => k !== j) })}
                    >
                      删
                    </Text>
                  )}
                </View>
              ))}
              {cr.bands.length < 6 && (
                <Text
                  className="ct-link"
                  onClick={() => {
                    const top = cr.bands[cr.bands.length - 1]?.max ?? -1;
                    setCriterion(i, { bands: [...cr.bands, { min: top + 1, max: top + 2, descriptor: '' }] });
                  }}
                >
                  ＋ 加一档
                </Text>
              )}
            </View>
          ))}
          {d.rubric.criteria.length < 8 && (
            <Text
              className="ct-link"
              onClick={() =>
                set({
                  rubric: {
                    ...d.rubric,
                    criteria: [
                      ...d.rubric.criteria,
                      {
                        key: `k${d.rubric.criteria.length + 1}${Date.now() % 1000}`,
                        title: '新评分项',
                        weight: 0,
                        bands: [
                          { min: 0, max: 5, descriptor: '一般' },
                          { min: 6, max: 10, descriptor: '优秀' },
                        ],
                      },
                    ],
                  },
                })
              }
            >
              ＋ 加一个评分项
            </Text>
          )}
        </View>
      )}

      {isJudged && (
        <View className="card" id="ct-edit-tiers">
          <View className="card-title">奖项（每个类别 × 组别分别评）</View>
          {d.tiers.map((t, i) => (
            <View key={t.tier} className="ct-inline" style={{ marginTop: '12px' }}>
              <CheckLine
                checked={t.on}
                onChange={(on) => set({ tiers: d.tiers.map((x, k) => (k === i ? { ...x, on } : x)) })}
              >
                {TIER_LABEL[t.tier]}
              </CheckLine>
              {t.on && (
                <Chips
                  items={[
                    { key: 'share', label: '按比例' },
                    { key: 'count', label: '按名额' },
                  ]}
                  value={t.mode}
                  onPick={(mode) =>
                    set({
                      tiers: d.tiers.map((x, k) => (k === i ? { ...x, mode: mode as 'share' | 'count' } : x)),
                    })
                  }
                />
              )}
              {t.on && (
                <NumField
                  label=""
                  unit={t.mode === 'share' ? '%' : '名'}
                  value={t.value}
                  onChange={(v) =>
                    set({ tiers: d.tiers.map((x, k) => (k === i ? { ...x, value: v ?? 0 } : x)) })
                  }
                />
              )}
            </View>
          ))}
          <NumField
            label="每件作品评委"
            unit="位（至少 3 位）"
            value={d.judgesPerEntry}
            placeholder={editing ? '不改' : ''}
            onChange={(v) => set({ judgesPerEntry: v === null ? null : Math.min(7, Math.max(3, v)) })}
          />
          <NumField
            label="优秀组织奖"
            unit="所学校"
            value={d.organisationAwards}
            placeholder={editing ? '不改' : ''}
            onChange={(v) => set({ organisationAwards: v === null ? null : Math.min(50, v) })}
          />
          <CheckLine checked={!!d.earlyResults} onChange={(v) => set({ earlyResults: v })} id="ct-early">
            评委评完就可以公布获奖结果（不勾选：等到「评估总结及成果展示阶段」再公布）
          </CheckLine>
        </View>
      )}

      <View className="ct-actions">
        <Button type="primary" size="large" block id="ct-call-save" onClick={() => void save()}>
          {editing ? '保存修改' : '发布征集活动'}
        </Button>
      </View>
    </View>
  );
}
