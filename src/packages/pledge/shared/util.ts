import Taro from '@tarojs/taro';
import { showError } from '../../../utils/feedback';

/** Read a ceremony code from a scanned QR (link or path with ceremony=/scene=, `cgn:ceremony:CODE`, or the bare code). */
export function parseCeremonyCode(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let text = raw.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    // keep the raw text
  }
  const m = /(?:ceremony[=:]|scene=)([2-9A-Za-z]{6})\b/i.exec(text) ?? /^([2-9A-Za-z]{6})$/.exec(text);
  return m ? m[1].toUpperCase() : null;
}

/** Scan a ceremony QR code (weapp camera); null when cancelled or not a ceremony code. */
export async function scanCeremony(): Promise<string | null> {
  try {
    // 'wxCode' (mini-program codes) is a valid WeChat scan type that Taro's typings do not list.
    const scanType = ['qrCode', 'wxCode'] as unknown as (keyof Taro.scanCode.ScanType)[];
    const res = await Taro.scanCode({ onlyFromCamera: false, scanType });
    const code = parseCeremonyCode(res.result) ?? parseCeremonyCode((res as { path?: string }).path);
    if (!code) showError(new Error('这不是升旗仪式的二维码，请扫老师大屏上的二维码，或输入 6 位仪式码'));
    return code;
  } catch {
    return null;
  }
}
