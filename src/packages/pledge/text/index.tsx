import { Input, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import '../pledge.scss';

type Level = 'city' | 'district' | 'school';

/**
 * City, district or school admins publish their own initiative letter (倡议书). Students get the nearest
 * one (school, else district, else city, else the default); each pledge records the version it was made under.
 */
export default function TextPage() {
  useLoginGuard();
  const params = useRouter().params;
  const level = (params.level ?? 'school') as Level;
  const id = params.id;
  const data = useRequest(
    () => call('pledge', 'getScopeText', { level, ...(id ? { id } : {}) }),
    [level, id],
  );
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');

  useEffect(() => {
    const d = data.data;
    if (!d) return;
    setTitle(d.own?.title ?? d.applies.title);
    setBody(d.own?.body ?? d.applies.body);
  }, [data.data]);

  const publish = async () => {
    if (
      !(await confirm('发布新版倡议书？', '发布后，新签名的同学读到的是这一版；已签的承诺保留原来的版本。'))
    )
      return;
    const res = await withLoading('正在发布', () =>
      call('pledge', 'publishText', { level, ...(id ? { id } : {}), title, body }),
    );
    if (res) {
      toastOk(`已发布第 ${res.version} 版`);
      await data.reload();
    }
  };
  const withdraw = async () => {
    if (!(await confirm('撤回本级倡议书？', '撤回后，将使用上一级（县区、市或默认）的倡议书。'))) return;
    const res = await withLoading('正在撤回', () =>
      call('pledge', 'withdrawText', { level, ...(id ? { id } : {}) }),
    );
    if (res) {
      toastOk('已撤回');
      await data.reload();
    }
  };

  const d = data.data;
  return (
    <View className="page">
      <StateView loading={data.loading && !d} error={data.error} onRetry={data.reload} />
      {d && (
        <View className="card">
          <Text className="pl-note">
            {d.own
              ? `正在使用本级第 ${d.own.version} 版（${timeLabel(d.own.publishedAt)} 发布）。`
              : `本级还没有发布自己的倡议书，学生现在读到的是「${d.applies.publisher}」的版本。`}
          </Text>
          <View className="field-label" style={{ marginTop: '16px' }}>
            标题
          </View>
          <Input className="input" value={title} maxlength={40} onInput={(e) => setTitle(e.detail.value)} />
          <View className="field-label" style={{ marginTop: '16px' }}>
            正文（每段一行）
          </View>
          <Textarea
            className="textarea pl-textarea"
            value={body}
            maxlength={3000}
            onInput={(e) => setBody(e.detail.value)}
          />
          <View className="pl-actions">
            <Button type="primary" block onClick={publish}>
              发布
            </Button>
            {d.own && (
              <Button block onClick={withdraw}>
                撤回本级版本
              </Button>
            )}
            <Button
              block
              onClick={() => {
                setTitle(d.defaultLetter.title);
                setBody(d.defaultLetter.body);
              }}
            >
              填入默认文本
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
