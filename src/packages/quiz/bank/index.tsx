import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, call, uploadFile } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { deliverExport } from '../../../utils/files';
import { pickXlsx } from '../../../utils/media';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { type BankItem, setDraft } from '../shared/draft';
import {
  DIFFICULTY_TEXT,
  LETTERS,
  QUIZ_TOPICS,
  type QuizStage,
  type QuizTopic,
  STAGE_TEXT,
  TYPE_TEXT,
} from '../shared/labels';
import { Chips } from '../shared/ui';
import '../quiz.scss';

type Source = 'custom' | 'builtin';

/** Questions per page. */
const PAGE = 20;
type Level = 'city' | 'district' | 'school';

/** One row of an import's error report. */
interface ImportProblem {
  row: number;
  column?: string;
  message: string;
}

/** A question with its answer, explanation, source and tags. */
function QuestionCard(props: { q: BankItem; onEdit?: () => void; onArchive?: () => void }) {
  const { q } = props;
  return (
    <View className="qz-line" id={`qz-bank-${q.questionId}`}>
      <Text className="qz-note">
        {`${TYPE_TEXT[q.type]} · ${q.topics.join('、')} · ${q.stages.map((s) => STAGE_TEXT[s]).join('、')} · ${DIFFICULTY_TEXT[q.difficulty]}`}
      </Text>
      <Text className="qz-review-stem">{q.stem}</Text>
      {q.options.map((o, k) => (
        <Text key={k} className={`qz-note ${q.answer.includes(k) ? 'tag-green' : ''}`}>
          {`${q.type === 'truefalse' ? '' : `${LETTERS[k]}. `}${o}${q.answer.includes(k) ? ' ✓' : ''}`}
        </Text>
      ))}
      <Text className="qz-explain">{`解析：${q.explanation}`}</Text>
      <Text className="qz-source">{`出处：${q.source}`}</Text>
      {(props.onEdit || props.onArchive) && (
        <View className="qz-row-actions">
          {props.onEdit && (
            <Button size="small" onClick={props.onEdit}>
              修改
            </Button>
          )}
          {props.onArchive && (
            <Button size="small" onClick={props.onArchive}>
              停用
            </Button>
          )}
        </View>
      )}
    </View>
  );
}

/**
 * A unit's question bank (?level=&id=): its own questions (add, edit, stop using, import from .xlsx with a
 * per-row error report, download the template) and the built-in bank to browse, filtered by topic and stage.
 */
export default function BankPage() {
  useLoginGuard();
  const { params } = useRouter();
  const level = (params.level ?? 'city') as Level;
  const id = params.id || undefined;
  const [source, setSource] = useState<Source>('custom');
  const [topic, setTopic] = useState<QuizTopic | null>(null);
  const [stage, setStage] = useState<QuizStage | null>(null);
  const [page, setPage] = useState(0);
  const [problems, setProblems] = useState<{ message: string; errors: ImportProblem[] } | null>(null);
  const list = useShowRequest(
    () =>
      call('quiz', 'bankList', {
        source,
        ...(source === 'custom' ? { level, ...(id ? { id } : {}) } : {}),
        ...(topic ? { topic } : {}),
        ...(stage ? { stage } : {}),
        limit: PAGE,
        offset: page * PAGE,
      }),
    [source, topic, stage, page],
  );
  const unit = id ? `level=${level}&id=${id}` : `level=${level}`;

  const importXlsx = async () => {
    const path = await pickXlsx();
    if (!path) return;
    setProblems(null);
    void Taro.showLoading({ title: '正在导入', mask: true });
    try {
      const fileId = await uploadFile(path, { purpose: 'questionXlsx', ext: 'xlsx' });
      const res = await call(
        'quiz',
        'importQuestions',
        { level, ...(id ? { id } : {}), fileId },
        { timeoutMs: 60_000 },
      );
      Taro.hideLoading();
      toastOk(`导入了 ${res.imported} 题`);
      setSource('custom');
      await list.reload();
    } catch (err) {
      Taro.hideLoading();
      const details =
        err instanceof ApiError ? (err.details as { errors?: ImportProblem[] } | undefined) : undefined;
      if (details?.errors?.length) setProblems({ message: (err as Error).message, errors: details.errors });
      else showError(err);
    } finally {
      if (path.startsWith('blob:')) URL.revokeObjectURL(path);
    }
  };
  const template = async () => {
    const res = await withLoading('正在下载', () => call('quiz', 'importTemplate', {}));
    if (res) await deliverExport(res).catch(showError);
  };
  const archive = async (q: BankItem) => {
    if (!(await confirm('停用这道题？', '停用后新的答题不会再抽到它，已经答过的成绩不受影响。'))) return;
    const res = await withLoading('正在停用', () =>
      call('quiz', 'archiveQuestion', { questionId: q.questionId }),
    );
    if (res) await list.reload();
  };
  const edit = (q: BankItem | null) => {
    setDraft(q);
    void Taro.navigateTo({
      url: `/packages/quiz/question/index?${unit}${q ? `&questionId=${q.questionId}` : ''}`,
    });
  };

  const l = list.data;
  return (
    <View className="page qz-page">
      <View className="card">
        <Chips
          idPrefix="qz-source"
          options={[
            { value: 'custom', label: '本单位题库' },
            { value: 'builtin', label: '内置题库' },
          ]}
          selected={[source]}
          onToggle={(v) => {
            setSource(v);
            setPage(0);
          }}
        />
        {source === 'builtin' ? (
          <Text className="qz-note">
            内置 240 道题由项目组编写，每题都有解析和出处（法律条文或主管部门），可直接用于组卷。
          </Text>
        ) : (
          <View className="qz-actions">
            <Button type="primary" block id="qz-add-question" onClick={() => edit(null)}>
              添加题目
            </Button>
            <Button block id="qz-import" onClick={importXlsx}>
              从 Excel 导入
            </Button>
            <Button block onClick={template}>
              下载导入模板
            </Button>
            <Text className="qz-note">
              表格列：题型 / 题干 / 选项A–F / 答案 / 解析 / 出处 /
              标签。有任何一行不对，整个文件都不会导入，下面会列出每一行的问题。
            </Text>
          </View>
        )}
      </View>

      {problems && (
        <View className="card" id="qz-import-errors">
          <View className="card-title">没有导入</View>
          <Text className="qz-error">{problems.message}</Text>
          {problems.errors.map((e, i) => (
            <View key={i} className="qz-error-row">
              <Text>{`第 ${e.row} 行${e.column ? ` · ${e.column}` : ''}：${e.message}`}</Text>
            </View>
          ))}
        </View>
      )}

      <View className="card">
        <Chips
          options={[
            { value: '', label: '全部主题' },
            ...QUIZ_TOPICS.map((t) => ({ value: t as string, label: t })),
          ]}
          selected={[topic ?? '']}
          onToggle={(v) => {
            setTopic((v || null) as QuizTopic | null);
            setPage(0);
          }}
        />
        <Chips
          options={[
            { value: '', label: '全部学段' },
            ...(Object.keys(STAGE_TEXT) as QuizStage[]).map((s) => ({
              value: s as string,
              label: STAGE_TEXT[s],
            })),
          ]}
          selected={[stage ?? '']}
          onToggle={(v) => {
            setStage((v || null) as QuizStage | null);
            setPage(0);
          }}
        />
      </View>

      <View className="card" id="qz-bank-list">
        {!l && <StateView inline loading={list.loading} error={list.error} onRetry={list.reload} />}
        {l && (
          <Text className="qz-note">{`共 ${l.total} 题${l.total > PAGE ? `，第 ${page + 1} 页` : ''}`}</Text>
        )}
        {l && l.total === 0 && source === 'custom' && (
          <Text className="qz-lead">还没有本单位的题目。可以逐题添加，或用模板从 Excel 导入。</Text>
        )}
        {l?.items.map((q) => (
          <QuestionCard
            key={q.questionId}
            q={q}
            onEdit={q.canEdit ? () => edit(q) : undefined}
            onArchive={q.canEdit ? () => void archive(q) : undefined}
          />
        ))}
        {l && l.total > PAGE && (
          <View className="qz-nav">
            <Button className="qz-nav-item" disabled={page === 0} onClick={() => setPage(page - 1)}>
              上一页
            </Button>
            <Button
              className="qz-nav-item"
              disabled={(page + 1) * PAGE >= l.total}
              onClick={() => setPage(page + 1)}
            >
              下一页
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}
