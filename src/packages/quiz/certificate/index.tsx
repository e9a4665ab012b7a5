import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { TargetQr } from '../../../components/TargetQr';
import { Button } from '../../../ui';
import { dayLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { score } from '../shared/labels';
import '../quiz.scss';

/**
 * A pupil's pass certificate of a quiz (?quizId=): the certificate's name, the masked name, school, day,
 * the verification code and its QR code. Anyone can check it on the public verification page.
 */
export default function CertificatePage() {
  useLoginGuard();
  const { params } = useRouter();
  const quizId = params.quizId ?? '';
  const cert = useShowRequest(() => call('quiz', 'myCertificate', { quizId }), [quizId]);
  const c = cert.data;
  useShareAppMessage(() => ({
    title: c ? `我获得了「${c.title}」证书！` : '校园好网民 知识竞赛',
    path: c ? `${c.verifyPath}` : '/packages/quiz/home/index',
  }));
  if (!c) {
    return (
      <View className="page">
        <StateView loading={cert.loading} error={cert.error} onRetry={cert.reload} />
        {cert.data === null && !cert.loading && !cert.error && (
          <View className="card">
            <Text className="qz-lead">这场竞赛还没有你的证书：成绩合格后就能获得。</Text>
          </View>
        )}
      </View>
    );
  }
  return (
    <View className="page qz-page">
      <View className="qz-cert" id="qz-cert">
        <Text className="qz-note">校园好网民 · 知识竞赛</Text>
        <Text className="qz-cert-title">{c.title}</Text>
        <Text className="qz-cert-name">{`${c.maskedName} 同学`}</Text>
        <Text className="qz-cert-line">{c.schoolName}</Text>
        {c.lines.map((line) => (
          <Text key={line} className="qz-cert-line">
            {line}
          </Text>
        ))}
        <Text className="qz-cert-line">{`最高成绩 ${score(c.best)} 分`}</Text>
        <Text className="qz-cert-line">{dayLabel(c.day)}</Text>
        <TargetQr qr={c.verifyQr} size={150} id="qz-cert-qr" />
        <Text className="qz-note">验证码</Text>
        <Text className="qz-cert-code" id="qz-cert-code">
          {c.code}
        </Text>
        <Text className="qz-note">扫码或在「证书验证」页输入验证码即可查验真伪，姓名已打码。</Text>
      </View>
      <View className="qz-actions">
        <Button block onClick={() => Taro.navigateTo({ url: c.verifyPath })}>
          打开验证页
        </Button>
      </View>
    </View>
  );
}
