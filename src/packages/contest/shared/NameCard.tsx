import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { call } from '../../../api/client';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { withMask } from './feedback';

/** Teachers, admins and judges give the name pupils pick them by and certificates print. */
export function NameCard(props: {
  name: string | null;
  needed: boolean;
  onSaved: () => void;
  inline?: boolean;
}) {
  const box = props.inline ? 'ct-block' : 'card';
  const [editing, setEditing] = useState(props.needed);
  const [name, setName] = useState(props.name ?? '');
  const save = async () => {
    const n = name.trim();
    if (!n) return;
    const ok = await withMask('正在保存', () => call('contest', 'setMyName', { name: n }));
    if (ok) {
      toastOk('已保存');
      setEditing(false);
      props.onSaved();
    }
  };
  if (!editing) {
    return (
      <View className={`${box} row`} id="ct-name">
        <Text className="ct-note">{`我的姓名：${props.name ?? ''}（学生选指导教师、证书上用）`}</Text>
        <Button size="small" onClick={() => setEditing(true)}>
          修改
        </Button>
      </View>
    );
  }
  return (
    <View className={box} id="ct-name">
      <View className="card-title">请填写您的姓名</View>
      <Text className="ct-note">学生投稿时按姓名选择指导教师，获奖证书上也会印您的姓名。</Text>
      <View className="ct-inline" style={{ marginTop: '12px' }}>
        <Input
          id="ct-name-input"
          className="input"
          style={{ flex: 1 }}
          value={name}
          maxlength={20}
          placeholder="您的姓名，例如：李晓春"
          onInput={(e) => setName(e.detail.value)}
        />
        <Button type="primary" id="ct-name-save" onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  );
}
