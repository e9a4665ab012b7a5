import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useRequest } from '../../../utils/useRequest';
import { DistrictPanel } from '../shared/DistrictPanel';
import '../admin.scss';

/** One district (`?districtId=`): its schools, add a school, invite school admins, own invites. */
export default function DistrictPage() {
  const { params } = useRouter();
  const districtId = params.districtId ?? '';
  const districts = useRequest(() => call('org', 'listDistricts', {}), [districtId]);
  const district = districts.data?.find((d) => d._id === districtId);
  const [refresh, setRefresh] = useState(0);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) setRefresh((n) => n + 1);
    shown.current = true;
  });

  useEffect(() => {
    if (district) void Taro.setNavigationBarTitle({ title: district.name });
  }, [district]);

  if (!district) {
    return (
      <View className="page">
        <StateView
          loading={districts.loading}
          error={districts.error}
          onRetry={districts.reload}
          empty={
            districtId ? '没有找到这个县区，或你不是它的管理员。' : '缺少县区参数，请从「组织管理」进入。'
          }
        />
        {!districts.loading && !districts.error && (
          <Button block onClick={() => Taro.redirectTo({ url: '/packages/admin/org/index' })}>
            去组织管理
          </Button>
        )}
      </View>
    );
  }
  return (
    <View className="page">
      <DistrictPanel districtId={district._id} districtName={district.name} refresh={refresh} />
    </View>
  );
}
