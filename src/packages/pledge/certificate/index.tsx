import { Canvas, Image, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { call, isLocalMode, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { TargetQr } from '../../../components/TargetQr';
import { Button } from '../../../ui';
import { savePng, sharePng } from '../../../utils/canvas';
import { fileUrl } from '../../../utils/files';
import { dayLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { type RequestState, useRequest } from '../../../utils/useRequest';
import { certificateDrawing, type PosterData, POSTER } from '../shared/poster';
import { VerifyView } from '../shared/VerifyView';
import '../pledge.scss';

const POSTER_CANVAS = 'pl-poster-canvas';

/**
 * The student's certificate: rank in the school, masked name, school, date, verification code and QR.
 * weapp: save to album, send to a chat, share to Moments; H5: download a PNG. Opened from a Moments
 * share (?code=) it shows the public, masked view instead (no login there).
 */
export default function CertificatePage() {
  const router = useRouter();
  const sharedCode = router.params.code;
  const mine = useRequest(async () => (sharedCode || needsLogin() ? null : call('pledge', 'myPledge', {})));
  const cert = mine.data?.certificate ?? null;

  useShareAppMessage(() => ({
    title: '我签署了文明上网承诺，争做校园好网民！',
    path: cert?.verifyCode
      ? `/packages/pledge/verify/index?code=${cert.verifyCode}`
      : '/packages/pledge/sign/index',
  }));
  useShareTimeline(() => ({
    title: '我签署了文明上网承诺，争做校园好网民！',
    query: cert?.verifyCode ? `code=${cert.verifyCode}` : '',
  }));

  if (sharedCode) {
    return (
      <View className="page">
        <VerifyView code={sharedCode} />
      </View>
    );
  }
  return <OwnCertificate mine={mine} />;
}

/** The signed-in student's own certificate with save and share actions. */
function OwnCertificate({ mine }: { mine: RequestState<OutputOf<'pledge', 'myPledge'> | null> }) {
  useLoginGuard();
  const m = mine.data;
  const cert = m?.certificate ?? null;
  if (!m || !cert) {
    return (
      <View className="page">
        <StateView loading={mine.loading} error={mine.error} onRetry={mine.reload} />
        {m && !cert && (
          <View className="card">
            <Text>你还没有签名承诺。</Text>
            <View className="pl-actions">
              <Button
                type="primary"
                block
                onClick={() => Taro.redirectTo({ url: '/packages/pledge/sign/index' })}
              >
                去签名承诺
              </Button>
            </View>
          </View>
        )}
      </View>
    );
  }
  const poster: PosterData | null = cert.verifyCode
    ? {
        campaignTitle: cert.campaignTitle,
        maskedName: cert.maskedName,
        schoolName: cert.schoolName,
        day: cert.day,
        seq: cert.seq,
        verifyCode: cert.verifyCode,
        qr: cert.verifyQr,
      }
    : null;
  const pixelWidth = POSTER.width * POSTER.scale;
  const save = (p: PosterData) =>
    savePng(`#${POSTER_CANVAS}`, certificateDrawing(p), {
      fileName: `文明上网承诺证书-${p.verifyCode}.png`,
      what: '证书',
      pixelWidth,
      localMode: isLocalMode,
    });

  return (
    <View className="page">
      {cert.kind === 'paper' ? (
        <View className="card" id="pl-cert-paper">
          <View className="card-title">已签纸质承诺书 ✓</View>
          <Text className="pl-note">{`老师已于 ${dayLabel(cert.day)} 登记了你在纸质承诺书上的签名。纸质签名没有电子证书。`}</Text>
        </View>
      ) : (
        <View className="pl-cert" id="pl-certificate">
          <Text className="pl-cert-kicker">{cert.campaignTitle}</Text>
          <Text className="pl-cert-title">文明上网 承诺证书</Text>
          <Text className="pl-cert-name">{`${cert.maskedName} 同学`}</Text>
          <Text className="pl-cert-line">{`于 ${dayLabel(cert.day)}`}</Text>
          <Text className="pl-cert-line">签署承诺，遵守《全国青少年网络文明公约》</Text>
          <Text className="pl-cert-line">{cert.schoolName}</Text>
          {cert.seq && <Text className="pl-cert-seq" id="pl-cert-seq">{`本校第 ${cert.seq} 位签名`}</Text>}
          {cert.inCeremony && <Text className="tag">升旗仪式宣誓</Text>}
          <View className="gap" />
          {cert.verifyQr && (
            // The H5 image is absolutely positioned: a centred parent would shift it, so reset the alignment.
            <View style={{ textAlign: 'left' }}>
              <TargetQr qr={cert.verifyQr} size={160} id="pl-cert-qr" />
            </View>
          )}
          <Text className="pl-cert-code" id="pl-cert-code">
            {cert.verifyCode}
          </Text>
          <Text className="pl-note">扫码或输入验证码可验证真伪，姓名已打码</Text>
        </View>
      )}

      {poster && (
        <View className="card">
          <View className="pl-actions">
            <Button type="primary" block id="pl-save-poster" onClick={() => void save(poster)}>
              {isLocalMode ? '下载证书图片' : '保存证书到相册'}
            </Button>
            {!isLocalMode && (
              <Button
                block
                onClick={() => void sharePng(`#${POSTER_CANVAS}`, certificateDrawing(poster), pixelWidth)}
              >
                分享证书图片（好友、朋友圈）
              </Button>
            )}
            {!isLocalMode && (
              <Button block openType="share">
                把验证页发给好友
              </Button>
            )}
          </View>
        </View>
      )}

      <View className="card">
        <View className="card-title">我的签名</View>
        {cert.signature?.method === 'drawn' && (
          <Image className="pl-sig-img" mode="aspectFit" src={fileUrl(cert.signature.url)} />
        )}
        {cert.signature?.method === 'typed' && (
          <Text className="pl-sig-typed">{cert.signature.typedName}</Text>
        )}
        <Text className="pl-note">{`承诺内容：《全国青少年网络文明公约》《${cert.letterTitle}》`}</Text>
      </View>

      <View className="card">
        <View className="card-title">小手牵大手</View>
        <Text className="pl-note">
          请爸爸妈妈也签一份家庭承诺「文明上网 从我家做起」。家长用微信打开小程序，关联你之后就能签。
        </Text>
        <View className="pl-actions">
          <Button block onClick={() => Taro.navigateTo({ url: '/packages/pledge/family/index' })}>
            看看家庭承诺
          </Button>
        </View>
      </View>

      {!isLocalMode && (
        <Canvas
          type="2d"
          id={POSTER_CANVAS}
          style={{
            position: 'fixed',
            left: '-2000px',
            top: 0,
            width: `${POSTER.width}px`,
            height: `${POSTER.height}px`,
          }}
        />
      )}
    </View>
  );
}
