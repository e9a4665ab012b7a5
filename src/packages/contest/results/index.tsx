import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go, showSaveError, withMask } from '../shared/feedback';
import { CT, qs, scoreText, TIER_LABEL, TIERS, type Tier } from '../shared/labels';
import { Chips, Tag } from '../shared/ui';
import '../contest.scss';

type Results = OutputOf<'contest', 'results'>;
type Row = Results['rows'][number];
type Basis = 'raw' | 'normalised';

/** "第 2 名（并列）". */
function rankText(rank: number | null, tied: boolean): string {
  if (rank === null) return '未排名';
  return `第 ${rank} 名${tied ? '（并列）' : ''}`;
}

/** A tie rule report line: "一等奖 2/1 名（并列多 1）". */
function reportLine(r: Results['tiers'][number]): string {
  return `${TIER_LABEL[r.tier as Tier]} ${r.awarded} 名${r.tiedOver ? `（含并列多出 ${r.tiedOver}）` : ''}`;
}

/** One work in the results: raw and normalised side by side, ranks and ties, the tier, each judge's sheet. */
function ResultRow(props: { r: Row; basis: Basis; published: boolean; onCorrect: (r: Row) => void }) {
  const { r, basis } = props;
  const [open, setOpen] = useState(false);
  return (
    <View className="ct-item" id={`ct-row-${r.entryId}`}>
      <View className="ct-head">
        <View className="ct-head-main">
          <Text className="ct-title">{r.title}</Text>
          <Text className="ct-sub">{[r.authorLabel, r.schoolName, r.districtName].join(' · ')}</Text>
          {r.advisor && <Text className="ct-sub">{`指导教师：${r.advisor}`}</Text>}
        </View>
        {r.tier ? (
          <Tag tone="gold" id={`ct-tier-${r.entryId}`}>
            {props.published ? TIER_LABEL[r.tier as Tier] : `拟${TIER_LABEL[r.tier as Tier]}`}
          </Tag>
        ) : (
          <Tag tone="gray">{r.complete ? '未获奖' : '评分未完成'}</Tag>
        )}
      </View>
      <View className="ct-score-pair">
        <View className={`ct-score ${basis === 'raw' ? 'ct-score-on' : ''}`} id={`ct-raw-${r.entryId}`}>
          <Text className="ct-score-label">原始平均分</Text>
          <Text className="ct-score-value">{scoreText(r.raw)}</Text>
          <Text className={`ct-score-rank ${r.tiedRaw ? 'ct-tie' : ''}`}>
            {rankText(r.rankRaw, r.tiedRaw)}
          </Text>
        </View>
        <View
          className={`ct-score ${basis === 'normalised' ? 'ct-score-on' : ''}`}
          id={`ct-norm-${r.entryId}`}
        >
          <Text className="ct-score-label">标准化分</Text>
          <Text className="ct-score-value">{scoreText(r.normalised)}</Text>
          <Text className={`ct-score-rank ${r.tiedNormalised ? 'ct-tie' : ''}`}>
            {rankText(r.rankNormalised, r.tiedNormalised)}
          </Text>
        </View>
      </View>
      <View className="ct-row-actions">
        <Button size="small" fill="none" onClick={() => setOpen(!open)}>
          {open
            ? '收起评委打分'
            : `评委打分（${r.sheets.filter((s) => s.scored).length}/${r.sheets.length}）`}
        </Button>
        {props.published && (
          <Button
            size="small"
            fill="outline"
            id={`ct-correct-${r.entryId}`}
            onClick={() => props.onCorrect(r)}
          >
            更正奖项
          </Button>
        )}
      </View>
      {open &&
        r.sheets.map((s, i) => (
          <Text key={i} className="ct-note">
            {`${s.judge}：${s.scored ? `${scoreText(s.total)} 分` : '未评'}${s.comment ? `，${s.comment}` : ''}`}
          </Text>
        ))}
    </View>
  );
}

/** The same rows as a table, for admins on a computer (H5 at ≥ 800 px). */
function ResultTable(props: { rows: Row[]; basis: Basis; published: boolean; onCorrect: (r: Row) => void }) {
  const { basis } = props;
  return (
    <View className="ct-table-scroll ct-only-wide">
      <View className="ct-table">
        <View className="ct-tr">
          <Text className="ct-th">作品</Text>
          <Text className="ct-th">作者 · 学校</Text>
          <Text className={`ct-th ct-num-cell ${basis === 'raw' ? 'ct-strong' : ''}`}>原始平均分</Text>
          <Text className="ct-th ct-num-cell">名次</Text>
          <Text className={`ct-th ct-num-cell ${basis === 'normalised' ? 'ct-strong' : ''}`}>标准化分</Text>
          <Text className="ct-th ct-num-cell">名次</Text>
          <Text className="ct-th">奖项</Text>
          <Text className="ct-th">各评委总分</Text>
          {props.published && <Text className="ct-th" />}
        </View>
        {props.rows.map((r) => (
          <View key={r.entryId} className="ct-tr" id={`ct-trow-${r.entryId}`}>
            <Text className="ct-td ct-td-wrap ct-strong">{r.title}</Text>
            <Text className="ct-td ct-td-wrap">{`${r.authorLabel} · ${r.schoolName}`}</Text>
            <Text className="ct-td ct-num-cell">{scoreText(r.raw)}</Text>
            <Text className={`ct-td ct-num-cell ${r.tiedRaw ? 'ct-tie' : ''}`}>
              {r.rankRaw === null ? '—' : `${r.rankRaw}${r.tiedRaw ? ' 并列' : ''}`}
            </Text>
            <Text className="ct-td ct-num-cell">{scoreText(r.normalised)}</Text>
            <Text className={`ct-td ct-num-cell ${r.tiedNormalised ? 'ct-tie' : ''}`}>
              {r.rankNormalised === null ? '—' : `${r.rankNormalised}${r.tiedNormalised ? ' 并列' : ''}`}
            </Text>
            <Text className="ct-td">
              {r.tier
                ? `${props.published ? '' : '拟'}${TIER_LABEL[r.tier as Tier]}`
                : r.complete
                  ? '—'
                  : '评分未完成'}
            </Text>
            <Text className="ct-td">
              {r.sheets.map((x) => (x.scored ? scoreText(x.total) : '未评')).join('、')}
            </Text>
            {props.published && (
              <Text className="ct-td ct-link" onClick={() => props.onCorrect(r)}>
                更正
              </Text>
            )}
          </View>
        ))}
      </View>
    </View>
  );
}

/**
 * Results of a judged call for the city admin (`?callId=`): every city-round work with its raw mean and
 * its normalised score (each judge's z-scores, so a harsh or lenient judge does not decide a tier) side by
 * side, ranks by each with ties shown, the tier each would get on the chosen basis, each judge's mean and
 * spread; publishing the awards (then locked) and audited corrections afterwards.
 */
export default function ResultsPage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.callId ?? '';
  const [basis, setBasis] = useState<Basis>('normalised');
  const res = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'results', { callId, basis })),
    [callId, basis],
  );
  const [correcting, setCorrecting] = useState<Row | null>(null);
  /** The tier picked for a correction; 'none' takes the award away. */
  const [tier, setTier] = useState<Tier | 'none' | null>(null);
  const [reason, setReason] = useState('');
  const d = res.data;
  if (!d) {
    return (
      <View className="page ct-page ct-wide">
        <StateView loading={res.loading} error={res.error} onRetry={res.reload} />
      </View>
    );
  }

  const publish = async () => {
    const ask = await Taro.showModal({
      title: '公布获奖结果？',
      content: `按「${basis === 'raw' ? '原始平均分' : '标准化分'}」评定奖项，发放获奖证书、优秀指导教师和优秀组织奖。公布后结果锁定，之后的更改都会留下记录。`,
      confirmText: '公布',
      cancelText: '再看看',
    });
    if (!ask.confirm) return;
    const out = await withMask('正在公布', () =>
      call('contest', 'publishAwards', { callId, basis }, { timeoutMs: 120_000 }),
    );
    if (out) {
      toastOk(`已公布 ${out.awarded} 件获奖作品`);
      await res.reload();
    }
  };

  const correct = async () => {
    if (!correcting || !tier) return showSaveError(new Error('请选择更正后的奖项'));
    if (Array.from(reason.trim()).length < 4)
      return showSaveError(new Error('请写明更正原因（至少 4 个字）'));
    const next = tier === 'none' ? null : tier;
    const out = await withMask('正在更正', () =>
      call('contest', 'correctAward', { entryId: correcting.entryId, tier: next, reason: reason.trim() }),
    );
    if (out) {
      toastOk(next ? '已更正，证书已重新发放' : '已取消获奖，原证书不再有效');
      setCorrecting(null);
      setReason('');
      setTier(null);
      await res.reload();
    }
  };

  const groups: { key: string; title: string; rows: Row[] }[] = [];
  for (const r of d.rows) {
    const key = `${r.category}|${r.group}`;
    let g = groups.find((x) => x.key === key);
    if (!g) groups.push((g = { key, title: `${r.categoryTitle} · ${r.groupTitle}`, rows: [] }));
    g.rows.push(r);
  }
  return (
    <View className="page ct-page ct-wide">
      <View className="card" id="ct-results-head">
        <Text className="ct-big-title">{d.call.title}</Text>
        <Text className="ct-sub">{`市级评审结果 · ${d.rows.length} 件作品 · 每件 ${d.call.judgesPerEntry} 位评委`}</Text>
        <Text className="ct-label" style={{ marginTop: '20px' }}>
          按哪个分数评奖
        </Text>
        <Chips
          idPrefix="ct-basis"
          items={[
            { key: 'normalised', label: '标准化分（推荐）' },
            { key: 'raw', label: '原始平均分' },
          ]}
          value={basis}
          onPick={(k) => setBasis(k as Basis)}
        />
        <Text className="ct-note">
          原始平均分是各位评委总分的平均；标准化分先把每位评委的打分换算成相对他自己打分习惯的位置，再平均，评委打分偏严或偏松不会左右奖项。两种分数并排列出，分数相同的作品并列同一名次。
        </Text>
        {d.published ? (
          <Text className="ct-notice ct-ok" id="ct-published">
            {`已于 ${timeLabel(d.published.at)} 按${d.published.basis === 'raw' ? '原始平均分' : '标准化分'}公布${d.published.corrections ? `，更正 ${d.published.corrections} 次` : ''}。结果已锁定。`}
          </Text>
        ) : d.incomplete ? (
          <Text
            className="ct-notice"
            id="ct-incomplete"
          >{`还有 ${d.incomplete} 件作品的评分没有完成，完成后才能公布。`}</Text>
        ) : null}
        <View className="ct-row-actions">
          {!d.published && (
            <Button type="primary" id="ct-publish" onClick={() => void publish()}>
              公布获奖结果
            </Button>
          )}
          <Button size="small" onClick={() => go(`${CT}/judging/index${qs({ callId })}`)}>
            评委进度
          </Button>
          {d.published && (
            <Button size="small" onClick={() => go(`${CT}/gallery/index${qs({ callId, level: 'results' })}`)}>
              成果展示
            </Button>
          )}
        </View>
      </View>

      {correcting && (
        <View className="card" id="ct-correct-box">
          <View className="card-title">{`更正《${correcting.title}》的奖项`}</View>
          <Chips
            idPrefix="ct-correct-tier"
            items={[
              ...TIERS.map((t) => ({ key: t as Tier | 'none', label: TIER_LABEL[t] })),
              { key: 'none' as const, label: '不获奖' },
            ]}
            value={tier}
            onPick={setTier}
          />
          <Input
            id="ct-correct-reason"
            className="input"
            style={{ marginTop: '16px' }}
            value={reason}
            maxlength={200}
            placeholder="更正原因（会记录在案）"
            onInput={(e) => setReason(e.detail.value)}
          />
          <View className="ct-row-actions">
            <Button type="primary" size="small" onClick={() => void correct()}>
              确定更正
            </Button>
            <Button size="small" onClick={() => setCorrecting(null)}>
              取消
            </Button>
          </View>
        </View>
      )}

      <View className="card" id="ct-judges">
        <View className="card-title">评委打分情况</View>
        <View className="ct-table-scroll">
          <View className="ct-table">
            <View className="ct-tr">
              <Text className="ct-th">评委</Text>
              <Text className="ct-th ct-num-cell">已评</Text>
              <Text className="ct-th ct-num-cell">平均分</Text>
              <Text className="ct-th ct-num-cell">标准差</Text>
            </View>
            {d.judges.map((j) => (
              <View key={j.name} className="ct-tr">
                <Text className="ct-td">{j.name}</Text>
                <Text className="ct-td ct-num-cell">{j.sheets}</Text>
                <Text className="ct-td ct-num-cell">{scoreText(j.mean)}</Text>
                <Text className="ct-td ct-num-cell">{scoreText(j.sd)}</Text>
              </View>
            ))}
            <View className="ct-tr">
              <Text className="ct-td ct-strong">全体</Text>
              <Text className="ct-td ct-num-cell">{d.overall.sheets}</Text>
              <Text className="ct-td ct-num-cell">{scoreText(d.overall.mean)}</Text>
              <Text className="ct-td ct-num-cell">{scoreText(d.overall.sd)}</Text>
            </View>
          </View>
        </View>
      </View>

      {!groups.length && <StateView empty="市级评审还没有作品。" />}
      {groups.map((g) => {
        const [category, group] = g.key.split('|');
        const report = d.tiers.filter((t) => t.category === category && t.group === group && t.awarded > 0);
        return (
          <View key={g.key} className="card" id={`ct-group-${category}-${group}`}>
            <View className="card-title">{g.title}</View>
            {report.length > 0 && <Text className="ct-note">{report.map(reportLine).join('；')}</Text>}
            <ResultTable
              rows={g.rows}
              basis={basis}
              published={!!d.published}
              onCorrect={(row) => {
                setCorrecting(row);
                setTier((row.tier as Tier) ?? 'none');
              }}
            />
            <View className="ct-only-narrow">
              {g.rows.map((r) => (
                <ResultRow
                  key={r.entryId}
                  r={r}
                  basis={basis}
                  published={!!d.published}
                  onCorrect={(row) => {
                    setCorrecting(row);
                    setTier((row.tier as Tier) ?? 'none');
                  }}
                />
              ))}
            </View>
          </View>
        );
      })}
    </View>
  );
}
