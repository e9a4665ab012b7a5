import { Image, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf, uploadFile } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { UploadProgress, useUploadProgress } from '../../../components/UploadProgress';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { fileUrl } from '../../../utils/files';
import { exportOverview } from '../../overview/shared/exportXlsx';
import { pickPhoto } from '../../../utils/media';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest, useShowRequest } from '../../../utils/useRequest';
import { FiguresCard } from '../shared/ui';
import '../pledge.scss';

type Student = OutputOf<'pledge', 'classView'>['students'][number];

const STATUS: Record<Student['status'], { label: string; tag: string }> = {
  online: { label: '手机签名', tag: 'tag-green' },
  paper: { label: '纸质签名', tag: 'tag-green' },
  none: { label: '未签名', tag: 'tag-gray' },
};

/** One roster student: pledge state, parent state, and (in paper mode) a tap to select. */
function StudentLine(props: {
  s: Student;
  picking: boolean;
  picked: boolean;
  onPick: () => void;
  onUndo: () => void;
}) {
  const { s } = props;
  const selectable = props.picking && s.status === 'none';
  return (
    <View
      className={`pl-student ${props.picked ? 'pl-student-picked' : ''}`}
      id={`pl-student-${s.rosterId}`}
      onClick={selectable ? props.onPick : undefined}
    >
      {props.picking && (
        <Text style={{ fontSize: '40px', width: '48px' }}>
          {s.status !== 'none' ? '·' : props.picked ? '☑' : '☐'}
        </Text>
      )}
      <View className="pl-student-main">
        <Text className="pl-student-name">{s.name}</Text>
        <Text className="pl-note">
          {[
            s.signedAt ? timeLabel(s.signedAt) : '',
            s.inCeremony ? '升旗仪式' : '',
            s.status === 'none' && !s.claimed ? '未加入小程序' : '',
            s.status === 'none' && s.under14 && !s.consent ? '待家长同意' : '',
            s.remindedToday ? '今天已提醒' : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </View>
      <View style={{ textAlign: 'right' }}>
        <Text className={`tag ${STATUS[s.status].tag}`}>{STATUS[s.status].label}</Text>
        <Text className={`tag ${s.parentSigned ? 'tag-green' : 'tag-gray'}`}>
          {s.parentSigned ? '家长已签' : '家长未签'}
        </Text>
        {s.status === 'paper' && !props.picking && (
          <Text
            className="pl-note"
            style={{ display: 'block', textDecoration: 'underline' }}
            onClick={props.onUndo}
          >
            撤销登记
          </Text>
        )}
      </View>
    </View>
  );
}

/**
 * The pledge tasks of a class: each roster student signed online / on paper / not yet / parent signed;
 * record paper pledges (with a photo of the sheet); export to Excel; open a ceremony. Every paper change
 * is kept in the audit record shown at the bottom. Checking and reminding the class across every activity
 * happens in the class overview (packages/overview/class), which this page links to.
 */
export default function ClassPage() {
  useLoginGuard();
  const classId = useRouter().params.classId ?? '';
  const view = useShowRequest(
    async () => (needsLogin() || !classId ? null : call('pledge', 'classView', { classId })),
    [classId],
  );
  const history = useRequest(
    async () => (needsLogin() || !classId ? null : call('pledge', 'paperHistory', { classId })),
    [classId],
  );
  const upload = useUploadProgress();
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [undoing, setUndoing] = useState<Student | null>(null);
  const [reason, setReason] = useState('');

  const v = view.data;
  const reload = async () => {
    await Promise.all([view.reload(), history.reload()]);
  };

  const recordPaper = async () => {
    if (!picked.length) return showError(new Error('请先点选在纸上签了名的同学'));
    let photo;
    try {
      photo = await pickPhoto();
    } catch (err) {
      return showError(err);
    }
    if (!photo) return showError(new Error('请拍一张纸质承诺书的照片'));
    const res = await withLoading('正在登记', async () => {
      const photoFileId = await uploadFile(photo.path, {
        purpose: 'paperSheet',
        ext: photo.ext,
        onProgress: upload.track('纸质承诺书照片', '正在登记'),
      });
      upload.done();
      return call('pledge', 'recordPaper', { classId, rosterIds: picked, photoFileId });
    });
    upload.done();
    if (!res) return;
    toastOk(`已登记 ${res.added} 人`);
    if (res.skipped.length) showError(new Error(res.skipped.map((x) => `${x.name}：${x.reason}`).join('\n')));
    setPicking(false);
    setPicked([]);
    await reload();
  };

  const undo = async () => {
    if (!undoing) return;
    if (reason.trim().length < 2) return showError(new Error('请写明撤销原因'));
    const ok = await withLoading('正在撤销', () =>
      call('pledge', 'removePaper', { rosterId: undoing.rosterId, reason: reason.trim() }),
    );
    if (ok) {
      setUndoing(null);
      setReason('');
      await reload();
    }
  };

  const exportList = () => exportOverview('class', classId);

  if (!v) {
    return (
      <View className="page">
        <StateView
          loading={view.loading}
          error={view.error}
          onRetry={view.reload}
          empty={!classId ? '请从「参与情况」选择班级' : undefined}
        />
        {!classId && (
          <Button
            type="primary"
            block
            onClick={() => Taro.redirectTo({ url: '/packages/overview/unit/index' })}
          >
            去「参与情况」
          </Button>
        )}
      </View>
    );
  }
  const unsigned = v.students.filter((s) => s.status === 'none').length;
  return (
    <View className="page">
      <FiguresCard title={`${v.schoolName} ${v.className}`} figures={v.figures} />

      <View className="card">
        <View className="pl-actions">
          <Button
            type="primary"
            block
            id="pl-overview"
            onClick={() =>
              Taro.navigateTo({ url: `/packages/overview/class/index?classId=${classId}&missing=pledge` })
            }
          >
            {unsigned ? `未签名的同学（${unsigned} 人）：查看并提醒` : '全班参与情况'}
          </Button>
          <Button
            block
            id="pl-paper-mode"
            onClick={() => (picking ? setPicking(false) : (setPicking(true), setPicked([])))}
          >
            {picking ? '取消登记纸质签名' : '登记纸质签名'}
          </Button>
          <Button
            block
            onClick={() => Taro.navigateTo({ url: `/packages/pledge/ceremony/index?classId=${classId}` })}
          >
            开启升旗仪式宣誓
          </Button>
          <Button block id="pl-export" onClick={exportList}>
            导出 Excel 名单
          </Button>
        </View>
      </View>

      {picking && (
        <View className="pl-notice" id="pl-paper-help">
          <Text>{`点选在纸质承诺书上签了名的同学（已选 ${picked.length} 人），再拍一张承诺书的照片。`}</Text>
          <View className="gap" />
          <Button type="primary" block id="pl-paper-submit" onClick={recordPaper}>
            拍照并登记
          </Button>
          <UploadProgress progress={upload.progress} id="pl-paper-progress" />
        </View>
      )}

      {undoing && (
        <View className="pl-notice">
          <Text>{`撤销「${undoing.name}」的纸质签名登记，原因：`}</Text>
          <Input
            className="input"
            value={reason}
            maxlength={100}
            placeholder="例如：登记错了学生"
            onInput={(e) => setReason(e.detail.value)}
          />
          <View className="pl-wrap">
            <Button size="small" type="primary" onClick={undo}>
              确认撤销
            </Button>
            <Button size="small" onClick={() => setUndoing(null)}>
              取消
            </Button>
          </View>
        </View>
      )}

      <View className="card" id="pl-class-students">
        <View className="card-title">{`学生名单（${v.students.length} 人）`}</View>
        {v.students.length === 0 && (
          <Text className="pl-note">名单还是空的，请先在「我的班级」导入名单。</Text>
        )}
        {v.students.map((s) => (
          <StudentLine
            key={s.rosterId}
            s={s}
            picking={picking}
            picked={picked.includes(s.rosterId)}
            onPick={() =>
              setPicked(
                picked.includes(s.rosterId)
                  ? picked.filter((x) => x !== s.rosterId)
                  : [...picked, s.rosterId],
              )
            }
            onUndo={() => {
              setUndoing(s);
              setReason('');
            }}
          />
        ))}
      </View>

      <View className="card">
        <View className="card-title">纸质签名登记记录</View>
        <StateView loading={history.loading && !history.data} error={history.error} />
        {history.data?.length === 0 && <Text className="pl-note">还没有登记过纸质签名</Text>}
        {history.data?.map((x, i) => (
          <View key={i} className="list-item">
            <Text className="pl-block">{`${timeLabel(x.at)} ${x.byMe ? '我' : '其他老师'}${x.action === 'record' ? '登记了' : '撤销了'}：${x.names.join('、')}`}</Text>
            {x.reason && <Text className="pl-note">{`原因：${x.reason}`}</Text>}
            {x.photoUrl && x.action === 'record' && (
              <Image
                src={fileUrl(x.photoUrl)}
                mode="aspectFit"
                style={{ width: '100%', height: '200px', marginTop: '8px' }}
              />
            )}
          </View>
        ))}
      </View>
      <View className="gap" />
      <Text className="pl-note">{`共 ${v.students.length} 人。签名率 = 已签（手机 + 纸质）÷ 名单人数。`}</Text>
    </View>
  );
}
