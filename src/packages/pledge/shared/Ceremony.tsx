import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk, withLoading } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';

/** At a flag-raising ceremony: type the 6-character code from the big screen (or scan it on weapp). */
export function CeremonyEntry(props: { onCode: (code: string) => void; onScan: (() => void) | null }) {
  const [code, setCode] = useState('');
  const ok = /^[2-9A-HJKMNP-Z]{6}$/.test(code);
  return (
    <View style={{ marginTop: '12px' }}>
      <Text className="pl-note">在升旗仪式上？输入大屏上的 6 位仪式码：</Text>
      <View className="row" style={{ marginTop: '8px' }}>
        <Input
          id="pl-ceremony-code"
          className="input"
          style={{ flex: 1 }}
          value={code}
          maxlength={6}
          placeholder="仪式码"
          onInput={(e) => setCode(e.detail.value.replace(/\s/g, '').toUpperCase())}
        />
        <Button size="small" disabled={!ok} onClick={() => props.onCode(code)}>
          确定
        </Button>
        {props.onScan && (
          <Button size="small" onClick={props.onScan}>
            扫码
          </Button>
        )}
      </View>
    </View>
  );
}

/** Ceremony banner: what the scanned code is and whether it is open now. */
export function CeremonyBanner(props: { ceremonyId: string; signed: boolean }) {
  const info = useRequest(
    () => call('pledge', 'ceremonyInfo', { ceremonyId: props.ceremonyId }),
    [props.ceremonyId],
  );
  const [joined, setJoined] = useState(false);
  if (!info.data) return <StateView loading={info.loading} error={info.error} onRetry={info.reload} />;
  const c = info.data;
  const join = async () => {
    const ok = await withLoading('正在加入', () =>
      call('pledge', 'joinCeremony', { ceremonyId: c.ceremonyId }),
    );
    if (ok) {
      setJoined(true);
      toastOk('已计入本次仪式');
    }
  };
  return (
    <View className={`pl-notice ${c.state === 'open' && c.inScope ? 'pl-ok' : ''}`} id="pl-ceremony-banner">
      <Text className="pl-banner-title">{c.title}</Text>
      <Text className="pl-note">{c.scopeName}</Text>
      {!c.inScope && <Text className="pl-block">这个仪式不是你们班级的，签名不会计入这次仪式。</Text>}
      {c.inScope && c.state === 'upcoming' && (
        <Text className="pl-block">仪式还没开始，请等老师宣布开始。</Text>
      )}
      {c.inScope && c.state === 'closed' && (
        <Text className="pl-block">仪式已经结束，你仍然可以直接签名承诺。</Text>
      )}
      {c.inScope && c.state === 'open' && !props.signed && (
        <Text className="pl-block">仪式进行中：读完公约和倡议书后签名，就会计入本次仪式。</Text>
      )}
      {c.inScope && c.state === 'open' && props.signed && !joined && (
        <View>
          <Text className="pl-block">你之前已经签过名了，点下面的按钮加入本次仪式。</Text>
          <View className="gap" />
          <Button type="primary" block id="pl-join-ceremony" onClick={join}>
            加入本次仪式
          </Button>
        </View>
      )}
      {joined && <Text className="pl-block">已计入本次仪式，谢谢你！</Text>}
    </View>
  );
}
