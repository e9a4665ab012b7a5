import { Image, View } from '@tarojs/components';
import { isLocalMode, type OutputOf } from '../api/client';
import { fileUrl } from '../utils/files';
import { QrCode } from './QrCode';

/**
 * What a QR code should carry for an in-app page, as the server answers it (core/miniCodes.ts): on
 * WeChat the page's mini-program code image (`kind: 'image'`, so WeChat's own scanner opens the app
 * there), elsewhere a URL to encode (`kind: 'url'`; null: this site's own address + `/#/` + path).
 */
export type QrTarget = OutputOf<'org', 'classJoinQr'>['qr'];

/** The text to encode for a `url` target (null when there is none: weapp without a public H5 address). */
export function qrLink(qr: QrTarget): string | null {
  if (qr.kind !== 'url') return null;
  if (qr.url) return qr.url;
  if (isLocalMode && typeof location !== 'undefined')
    return `${location.origin}${location.pathname}#/${qr.path}`;
  return null;
}

/** The QR image of a target, `size` CSS pixels square: the mini-program code image, or a drawn QR code. */
export function TargetQr(props: { qr: QrTarget; size?: number; id?: string }) {
  const size = props.size ?? 200;
  const box = { width: `${size}px`, height: `${size}px` };
  if (props.qr.kind === 'image' && props.qr.url) {
    return (
      <View id={props.id} style={{ ...box, margin: '0 auto' }}>
        <Image src={fileUrl(props.qr.url)} style={box} mode="aspectFit" showMenuByLongpress />
      </View>
    );
  }
  const link = qrLink(props.qr);
  if (!link) return null;
  return (
    <View id={props.id}>
      <QrCode value={link} size={size} />
    </View>
  );
}
