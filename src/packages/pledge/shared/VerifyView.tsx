import { Text, View } from '@tarojs/components';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { useRequest } from '../../../utils/useRequest';
import { dayLabel } from '../../../utils/time';

/**
 * The public view of any certificate by its code (pledge, award, quiz: one verification path): the
 * kind's title, the masked name, school, day and the lines the issuing feature made public.
 */
export function VerifyView(props: { code: string }) {
  const res = useRequest(() => call('pledge', 'verify', { code: props.code }), [props.code]);
  if (!res.data) return <StateView loading={res.loading} error={res.error} onRetry={res.reload} />;
  const v = res.data;
  const pledge = v.kind === 'pledge' ? (v.detail as { campaignTitle?: string; seq?: number | null }) : null;
  return (
    <View className="pl-cert" id="pl-verify-result">
      <Text className="pl-cert-kicker">{v.title}</Text>
      <Text className="pl-cert-title">证书真实有效 ✓</Text>
      <Text className="pl-cert-name">{v.salutation ? `${v.maskedName} ${v.salutation}` : v.maskedName}</Text>
      <Text className="pl-cert-line">
        {pledge ? `${dayLabel(v.day)} 签署文明上网承诺` : `${dayLabel(v.day)} 颁发`}
      </Text>
      <Text className="pl-cert-line">{v.schoolName}</Text>
      {pledge?.seq ? <Text className="pl-cert-seq">{`本校第 ${pledge.seq} 位签名`}</Text> : null}
      {v.lines.map((line) => (
        <Text key={line} className="pl-cert-line">
          {line}
        </Text>
      ))}
      <Text className="pl-cert-code">{props.code}</Text>
      <Text className="pl-note">为保护未成年人，姓名已打码。</Text>
    </View>
  );
}
