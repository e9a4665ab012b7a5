import Taro, { useDidShow } from '@tarojs/taro';
import { needsLogin } from '../api/client';

/** H5 local mode: send people without a login to the identity picker first (weapp logs in by itself). */
export function useLoginGuard(): void {
  useDidShow(() => {
    if (needsLogin()) void Taro.redirectTo({ url: '/pages/login/index' });
  });
}
