import { Text, View } from '@tarojs/components';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { useRequest } from '../../../utils/useRequest';
import { dayLabel } from './util';

/** The public view of a certificate by its code: masked name, school, date and rank only. */
export function VerifyView(props: { code: string }) {
  const res = useRequest(() => call('pledge', 'verify', { code: props.code }), [props.code]);
  if (!res.data) return <StateView loading={res.loading} error={res.error} onRetry={res.reload} />;
  const v = res.data;
  return (
    <View className="pl-cert" id="pl-verify-result">
      <Text className="pl-cert-kicker">{v.campaignTitle}</Text>
      <Text className="pl-cert-title">证书真实有效 ✓</Text>
      <Text className="pl-cert-name">{`${v.maskedName} 同学`}</Text>
      <Text className="pl-cert-line">{`${dayLabel(v.day)} 签署文明上网承诺`}</Text>
      <Text className="pl-cert-line">{v.schoolName}</Text>
      {v.seq && <Text className="pl-cert-seq">{`本校第 ${v.seq} 位签名`}</Text>}
      <Text className="pl-cert-line">{`承诺内容：《全国青少年网络文明公约》《${v.letterTitle}》`}</Text>
      <Text className="pl-cert-code">{v.verifyCode ?? ''}</Text>
      <Text className="pl-note">为保护未成年人，姓名已打码。</Text>
    </View>
  );
}
