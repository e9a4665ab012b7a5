import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { call, isLocalMode, uploadFile } from '../../../api/client';
import { QrCode } from '../../../components/QrCode';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';
import { copyText, hint } from '../shared/util';
import { needsTeacher, RosterRow } from './roster';
import '../admin.scss';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the QR encodes: a link to the join page in H5; a short tagged string the weapp join page scans. */
function qrValue(code: string): string {
  if (isLocalMode && typeof location !== 'undefined') {
    return `${location.origin}${location.pathname}#/packages/join/class/index?code=${code}`;
  }
  return `cgn:class:${code}`;
}

/**
 * Let the teacher pick an .xlsx: weapp from a WeChat chat, H5 from disk. Resolves a path uploadFile
 * accepts (H5: a blob URL typed as xlsx so the server accepts it), or null when cancelled.
 */
async function pickXlsx(): Promise<string | null> {
  if (isLocalMode) {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = `.xlsx,${XLSX_MIME}`;
      input.style.display = 'none';
      const done = (value: string | null) => {
        input.remove();
        resolve(value);
      };
      input.addEventListener('cancel', () => done(null));
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        if (!file) return done(null);
        if (!/\.xlsx$/i.test(file.name)) {
          hint('请选择 .xlsx 格式的 Excel 文件。旧的 .xls 文件请先在 Excel 或 WPS 中「另存为 .xlsx」。');
          return done(null);
        }
        // Some systems give no MIME type for .xlsx; the server decides by it, so set it explicitly.
        done(URL.createObjectURL(new Blob([file], { type: XLSX_MIME })));
      });
      document.body.appendChild(input);
      input.click();
    });
  }
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    return res.tempFiles[0]?.path ?? null;
  } catch (err) {
    if (!/cancel/i.test((err as { errMsg?: string })?.errMsg ?? ''))
      showError(new Error('没能打开文件，请重试'));
    return null;
  }
}

/** Result of adding students, shown under the form. */
type AddResult = { added: number; skipped: string[] };

/**
 * The teacher's class page (`?classId=`): class code and QR to hand out, claims and parent links to
 * confirm, the roster, and adding students by pasting names or uploading an Excel file.
 */
export default function ClassPage() {
  const { params } = useRouter();
  const classId = params.classId ?? '';
  const cls = useRequest(() => call('org', 'getClass', { classId }), [classId]);
  const [text, setText] = useState('');
  const [result, setResult] = useState<AddResult | null>(null);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void cls.reload();
    shown.current = true;
  });

  const c = cls.data;
  useEffect(() => {
    if (c) void Taro.setNavigationBarTitle({ title: c.name });
  }, [c]);

  if (!c) {
    return (
      <View className="page">
        <StateView
          loading={cls.loading}
          error={cls.error}
          onRetry={cls.reload}
          empty={classId ? undefined : '缺少班级参数，请从「我的班级」进入。'}
        />
      </View>
    );
  }

  const roster = c.roster;
  const claimed = roster.filter((r) => r.claimStatus !== 'unclaimed').length;
  const pending = roster.filter(needsTeacher);

  const resetCode = async () => {
    const ok = await confirm(
      '重置班级码？',
      `重置后旧班级码「${c.classCode}」立即失效，已加入的同学和家长不受影响；还没加入的人要用新的班级码。`,
    );
    if (!ok) return;
    const res = await withLoading('正在重置', () => call('org', 'regenerateClassCode', { classId }));
    if (res) {
      toastOk('已重置');
      await cls.reload();
    }
  };

  const notice =
    `【校园好网民】${c.name}的同学们：请在微信中打开「校园好网民」小程序，首页点「我是学生，加入班级」，` +
    `输入班级码 ${c.classCode}，找到并认领自己的名字。家长请在首页点「我是家长，关联孩子」。`;

  const addByText = async () => {
    if (!text.trim()) {
      hint('请先在框里粘贴或输入学生姓名，每行一个。');
      return;
    }
    const res = await withLoading('正在添加', () => call('org', 'addRoster', { classId, text }));
    if (res) {
      setResult(res);
      if (res.added) setText('');
      toastOk(res.added ? `已添加 ${res.added} 人` : '没有新名字');
      await cls.reload();
    }
  };

  const addByFile = async () => {
    const path = await pickXlsx();
    if (!path) return;
    try {
      const res = await withLoading('正在导入', async () => {
        const fileId = await uploadFile(path, { purpose: 'rosterXlsx', ext: 'xlsx' });
        return call('org', 'importRosterXlsx', { classId, fileId });
      });
      if (res) {
        setResult(res);
        toastOk(res.added ? `已导入 ${res.added} 人` : '没有新名字');
        await cls.reload();
      }
    } finally {
      if (path.startsWith('blob:')) URL.revokeObjectURL(path);
    }
  };

  // With an empty roster, adding students comes first: students can only join once their names are there.
  const addStudents = (
    <View className="card">
      <View className="card-title">添加学生</View>
      <Text className="adm-section-note">
        每行一个学生，可以在姓名后加学号，例如「王小明 030201」。从 Excel
        复制整列粘贴也可以。已在名单中的名字不会重复添加。
      </Text>
      <Textarea
        className="textarea adm-textarea"
        value={text}
        maxlength={4000}
        placeholder={'王小明 030201\n李小红 030202'}
        onInput={(e) => setText(e.detail.value)}
      />
      <View className="adm-actions">
        <Button type="primary" block onClick={addByText}>
          添加到名单
        </Button>
        <Button block onClick={addByFile}>
          {isLocalMode ? '上传 Excel 名单（.xlsx）' : '从微信聊天选择 Excel 名单（.xlsx）'}
        </Button>
        <Text className="adm-code-hint">
          Excel 第一行写「姓名」「学号」表头；或者 A 列姓名、B 列学号。一个班最多 80 人。
        </Text>
      </View>
      {result && (
        <View className="adm-result">
          <Text>{result.added ? `已添加 ${result.added} 名学生。` : '没有新增学生。'}</Text>
          {result.skipped.length > 0 && (
            <Text>{`\n以下 ${result.skipped.length} 人已在名单中，没有重复添加：${result.skipped.join('、')}`}</Text>
          )}
        </View>
      )}
    </View>
  );

  return (
    <View className="page">
      <View className="card">
        <View className="card-title">{c.name}</View>
        <Text className="muted">
          {`名单 ${roster.length} 人 · 已认领 ${claimed} 人 · 老师 ${c.teacherCount} 位`}
        </Text>
      </View>

      {pending.length > 0 && (
        <View className="card adm-pending">
          <View className="card-title">{`待你确认（${pending.length}）`}</View>
          <Text className="adm-section-note">同学认领了名字、家长申请关联孩子后，请确认是本人。</Text>
          {pending.map((r) => (
            <RosterRow key={r._id} entry={r} onChanged={cls.reload} />
          ))}
        </View>
      )}

      {roster.length === 0 && addStudents}

      <View className="card">
        <View className="card-title">班级码</View>
        <Text className="adm-section-note">
          学生在「校园好网民」首页点「我是学生，加入班级」，输入班级码或扫描二维码，再认领自己的名字。
        </Text>
        {roster.length === 0 && (
          <View className="adm-warn">先在上面导入名单，再把班级码发给学生，否则他们找不到自己的名字。</View>
        )}
        <View className="code-big">{c.classCode}</View>
        <View className="gap" />
        <QrCode value={qrValue(c.classCode)} size={180} />
        <View className="adm-actions">
          <Button type="primary" block onClick={() => copyText(c.classCode)}>
            复制班级码
          </Button>
          <Button block onClick={() => copyText(notice)}>
            复制班级群通知
          </Button>
          <Button block fill="none" type="danger" onClick={resetCode}>
            重置班级码（旧码作废）
          </Button>
        </View>
      </View>

      <View className="card">
        <View className="card-title">{`班级名单（${roster.length}）`}</View>
        {roster.length === 0 && (
          <Text className="muted">名单还是空的。请在上面粘贴学生姓名，或上传 Excel 名单。</Text>
        )}
        {roster.map((r) => (
          <RosterRow key={r._id} entry={r} onChanged={cls.reload} />
        ))}
      </View>

      {roster.length > 0 && addStudents}
    </View>
  );
}
