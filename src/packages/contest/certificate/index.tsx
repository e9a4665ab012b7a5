import { Canvas, Image, Text, View } from '@tarojs/components';
import { useRouter, useShareAppMessage } from '@tarojs/taro';
import { call, isLocalMode, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { TargetQr } from '../../../components/TargetQr';
import { Button } from '../../../ui';
import { savePng, sharePng } from '../../../utils/canvas';
import { fileUrl } from '../../../utils/files';
import { dayLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go } from '../shared/feedback';
import { awardDrawing, CERT, certificateLines } from '../shared/certificate';
import '../contest.scss';

const CANVAS_ID = 'ct-cert-canvas';

/**
 * One award certificate for its holders (`?id=`): full names, the work, the award, the call, the day, the
 * issuer, the verify code and QR. H5 downloads it as a PNG; weapp saves it to the album or shares the
 * image. Sharing the page sends the public verify page (masked names) instead.
 */
export default function CertificatePage() {
  useLoginGuard();
  const { params } = useRouter();
  const id = params.id ?? '';
  const res = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'certificate', { certificateId: id })),
    [id],
  );
  const c = res.data;
  useShareAppMessage(() => ({
    title: c ? `${c.callTitle} ${c.awardName}` : '获奖证书',
    path: c ? c.verifyPath : '/packages/contest/home/index',
  }));
  if (!c) {
    return (
      <View className="page ct-page">
        <StateView loading={res.loading} error={res.error} onRetry={res.reload} />
      </View>
    );
  }
  const lines = certificateLines(c);
  const pixelWidth = CERT.width * CERT.scale;
  const save = () =>
    savePng(`#${CANVAS_ID}`, awardDrawing(c), {
      fileName: `获奖证书-${c.verifyCode}.png`,
      what: '证书',
      pixelWidth,
      localMode: isLocalMode,
    });
  return (
    <View className="page ct-page">
      <View className="ct-cert" id="ct-certificate">
        <Text className="ct-cert-kicker">{c.callTitle}</Text>
        <Text className="ct-cert-title">荣誉证书</Text>
        <Text className="ct-cert-name" id="ct-cert-holder">
          {lines.addressee}
        </Text>
        <Text className="ct-cert-line">{lines.body}</Text>
        <Text className="ct-cert-tier" id="ct-cert-award">
          {lines.award}
        </Text>
        {c.imageUrl && <Image className="ct-cert-image" src={fileUrl(c.imageUrl)} mode="aspectFit" />}
        <Text className="ct-cert-line">{c.issuer}</Text>
        <Text className="ct-cert-line">{dayLabel(c.day)}</Text>
        <View className="gap" />
        <View style={{ textAlign: 'left' }}>
          <TargetQr qr={c.verifyQr} size={150} id="ct-cert-qr" />
        </View>
        <Text className="ct-cert-code" id="ct-cert-code">
          {c.verifyCode}
        </Text>
        <Text className="ct-note">扫码或在「证书验证」页输入验证码可查验真伪；验证页上的姓名已打码。</Text>
      </View>
      <View className="card">
        <View className="ct-actions">
          <Button type="primary" block id="ct-cert-save" onClick={() => void save()}>
            {isLocalMode ? '下载证书图片' : '保存证书到相册'}
          </Button>
          {!isLocalMode && (
            <Button block onClick={() => void sharePng(`#${CANVAS_ID}`, awardDrawing(c), pixelWidth)}>
              分享证书图片
            </Button>
          )}
          <Button block id="ct-cert-verify" onClick={() => go(c.verifyPath)}>
            打开验证页
          </Button>
        </View>
      </View>
      {!isLocalMode && (
        <Canvas
          type="2d"
          id={CANVAS_ID}
          style={{
            position: 'fixed',
            left: '-2000px',
            top: 0,
            width: `${CERT.width}px`,
            height: `${CERT.height}px`,
          }}
        />
      )}
    </View>
  );
}
