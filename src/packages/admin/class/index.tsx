import { Canvas, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { call, isLocalMode, uploadFile } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { TargetQr } from '../../../components/TargetQr';
import { UploadProgress, useUploadProgress } from '../../../components/UploadProgress';
import { Button } from '../../../ui';
import { savePng } from '../../../utils/canvas';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { pickXlsx } from '../../../utils/media';
import { birthYearOptions } from '../../../utils/relations';
import { useRequest, useShowRequest } from '../../../utils/useRequest';
import { copyText, go, hint } from '../shared/util';
import { JOIN_POSTER, joinPosterDrawing } from './poster';
import { needsTeacher, RosterRow } from './roster';
import '../admin.scss';

/** The hidden canvas the A4 poster is drawn on (weapp). */
const POSTER_CANVAS = 'adm-join-poster';

/** Result of adding students, shown under the form. */
type AddResult = { added: number; skipped: string[] };

/**
 * The teacher's class page (`?classId=`): class code and QR to hand out, claims and parent links to
 * confirm, the roster, and adding students by pasting names or uploading an Excel file.
 */
export default function ClassPage() {
  const { params } = useRouter();
  const classId = params.classId ?? '';
  const cls = useShowRequest(() => call('org', 'getClass', { classId }), [classId]);
  const [text, setText] = useState('');
  const [result, setResult] = useState<AddResult | null>(null);
  const upload = useUploadProgress();
  const code = cls.data?.classCode;
  // The join QR (mini-program code on WeChat) and the poster's facts; asked again when the code changes.
  const joinQr = useRequest(
    async () => (code ? call('org', 'classJoinQr', { classId }) : null),
    [classId, code],
  );

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
  const birthYears = birthYearOptions(c);

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
    `输入班级码 ${c.classCode}，找到并认领自己的名字，等老师确认。家长请在首页点「我是家长，关联孩子」，` +
    '用孩子的家庭码关联，老师确认后再点「去同意」。';

  const savePoster = async () => {
    const info = joinQr.data;
    if (!info) return;
    await savePng(`#${POSTER_CANVAS}`, joinPosterDrawing(info), {
      fileName: `${info.className}-加入班级海报.png`,
      what: '海报',
      pixelWidth: JOIN_POSTER.width,
      localMode: isLocalMode,
    });
  };

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
        const fileId = await uploadFile(path, {
          purpose: 'rosterXlsx',
          ext: 'xlsx',
          onProgress: upload.track('名单表格', '正在导入'),
        });
        return call('org', 'importRosterXlsx', { classId, fileId });
      });
      upload.done();
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
      <UploadProgress progress={upload.progress} id="adm-xlsx-progress" />
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
        <View className="adm-actions">
          <Button
            type="primary"
            block
            id="adm-class-overview"
            onClick={() => go(`/packages/overview/class/index?classId=${encodeURIComponent(classId)}`)}
          >
            参与情况：每位同学每项活动
          </Button>
        </View>
      </View>

      {pending.length > 0 && (
        <View className="card adm-pending">
          <View className="card-title">{`待你确认（${pending.length}）`}</View>
          <Text className="adm-section-note">
            同学认领了名字、家长关联孩子后，请确认是本人。只有你确认过的家长才能代孩子同意参加活动。
          </Text>
          {pending.map((r) => (
            <RosterRow
              key={r._id}
              idPrefix="adm-pending"
              entry={r}
              birthYears={birthYears}
              onChanged={cls.reload}
            />
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
        {joinQr.data && <TargetQr qr={joinQr.data.qr} size={180} id="adm-join-qr" />}
        <Text className="adm-code-hint">用微信扫一扫这个二维码，就能打开小程序的加入班级页面。</Text>
        <View className="adm-actions">
          <Button type="primary" block onClick={() => copyText(c.classCode)}>
            复制班级码
          </Button>
          <Button block onClick={() => copyText(notice)}>
            复制班级群通知
          </Button>
          <Button block id="adm-join-poster-save" disabled={!joinQr.data} onClick={savePoster}>
            {isLocalMode ? '下载家长会海报（A4，可打印）' : '保存家长会海报到相册（A4，可打印）'}
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
        {roster.length > 0 && (
          <Text className="adm-section-note">
            出生年份可以不填。填了以后，只会让「未满14周岁须家长同意」的规则更严格。
          </Text>
        )}
        {roster.map((r) => (
          <RosterRow key={r._id} entry={r} birthYears={birthYears} onChanged={cls.reload} />
        ))}
      </View>

      {roster.length > 0 && addStudents}

      {!isLocalMode && (
        <Canvas
          type="2d"
          id={POSTER_CANVAS}
          style={{
            position: 'fixed',
            left: '-4000px',
            top: 0,
            width: `${JOIN_POSTER.width / 2}px`,
            height: `${JOIN_POSTER.height / 2}px`,
          }}
        />
      )}
    </View>
  );
}
