import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';

/**
 * Upload progress where a user waits for a file to go up (a card photo, a photo of a paper pledge
 * sheet, a roster .xlsx): `track(what)` gives the `onProgress` to hand to uploadFile; the bar and the
 * loading mask's title show the percentage (then `next`, what the page does with the file); `done()`
 * hides the bar.
 */
export function useUploadProgress() {
  const [state, setState] = useState<{ what: string; percent: number } | null>(null);
  const track = useCallback((what: string, next?: string) => {
    setState({ what, percent: 0 });
    return (percent: number) => {
      const p = Math.max(0, Math.min(100, Math.round(percent)));
      setState({ what, percent: p });
      // The loading mask (withLoading) is what the user looks at: say how far the upload is, then what
      // happens next (`next`, e.g. 正在生成) once the bytes are up.
      void Taro.showLoading({ title: p >= 100 && next ? next : `正在上传 ${p}%`, mask: true });
    };
  }, []);
  const done = useCallback(() => setState(null), []);
  return { progress: state, track, done };
}

/** The bar of an upload in progress (nothing when none is). */
export function UploadProgress(props: { progress: { what: string; percent: number } | null; id?: string }) {
  const p = props.progress;
  if (!p) return null;
  return (
    <View className="upload-progress" id={props.id ?? 'upload-progress'}>
      <Text>{`正在上传${p.what} ${p.percent}%`}</Text>
      <View className="upload-progress-bar">
        <View className="upload-progress-fill" style={{ width: `${p.percent}%` }} />
      </View>
    </View>
  );
}
