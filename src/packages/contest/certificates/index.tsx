import { Text, View } from '@tarojs/components';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { dayLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go } from '../shared/feedback';
import { CT, qs } from '../shared/labels';
import { Tag } from '../shared/ui';
import '../contest.scss';

/** 获奖证书: the award certificates the caller holds (their works', their children's, advisor, school). */
export default function CertificatesPage() {
  useLoginGuard();
  const list = useShowRequest(async () => (needsLogin() ? null : call('contest', 'myCertificates', {})));
  const items = list.data?.items ?? [];
  return (
    <View className="page ct-page">
      <StateView
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.reload}
        empty={
          list.data && !items.length ? '还没有获奖证书。作品获奖、结果公布后，证书会出现在这里。' : undefined
        }
      />
      {items.map((c) => (
        <View key={c.certificateId} className="card" id={`ct-cert-item-${c.certificateId}`}>
          <View className="ct-head">
            <View className="ct-head-main">
              <Text className="ct-title">{c.entryTitle ? `《${c.entryTitle}》` : c.holder}</Text>
              <Text className="ct-sub">{c.callTitle}</Text>
              <Text className="ct-sub">{`${c.holder} · ${c.schoolName} · ${dayLabel(c.day)}`}</Text>
            </View>
            <Tag tone="gold">{c.awardName}</Tag>
          </View>
          <View className="ct-row-actions">
            <Button
              size="small"
              type="primary"
              id={`ct-cert-open-${c.certificateId}`}
              onClick={() => go(`${CT}/certificate/index${qs({ id: c.certificateId })}`)}
            >
              查看证书
            </Button>
          </View>
        </View>
      ))}
    </View>
  );
}
