import Taro, { useDidShow } from '@tarojs/taro';
import { apiBase, isLocalMode, needsLogin } from '../../../api/client';
import { showError } from '../../../utils/feedback';

/** H5 local mode: send people without a login to the identity picker first (weapp logs in by itself). */
export function useLoginGuard(): void {
  useDidShow(() => {
    if (needsLogin()) void Taro.redirectTo({ url: '/pages/login/index' });
  });
}

/** Base of in-app links put into QR codes: this H5 site, or the configured public URL for weapp. */
function h5Base(): string | null {
  if (isLocalMode && typeof location !== 'undefined') return `${location.origin}${location.pathname}`;
  return null;
}

/** What a certificate's QR code holds: a link to the public verification page. */
export function verifyLink(code: string, serverUrl?: string | null): string {
  const base = h5Base();
  if (base) return `${base}#/packages/pledge/verify/index?code=${code}`;
  return serverUrl ?? `cgn:verify:${code}`;
}

/** What a ceremony's QR code holds: a link to the sign page with the ceremony code. */
export function ceremonyLink(code: string): string {
  const base = h5Base();
  if (base) return `${base}#/packages/pledge/sign/index?ceremony=${code}`;
  return `cgn:ceremony:${code}`;
}

/** Read a ceremony code from a scanned QR (link, `cgn:ceremony:CODE`, or the bare code). */
export function parseCeremonyCode(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let text = raw.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    // keep the raw text
  }
  const m = /(?:ceremony[=:])([2-9A-Za-z]{6})\b/i.exec(text) ?? /^([2-9A-Za-z]{6})$/.exec(text);
  return m ? m[1].toUpperCase() : null;
}

/** Scan a ceremony QR code (weapp camera); null when cancelled or not a ceremony code. */
export async function scanCeremony(): Promise<string | null> {
  try {
    const res = await Taro.scanCode({ onlyFromCamera: false });
    const code = parseCeremonyCode(res.result) ?? parseCeremonyCode((res as { path?: string }).path);
    if (!code) showError(new Error('这不是升旗仪式的二维码，请扫老师大屏上的二维码，或输入 6 位仪式码'));
    return code;
  } catch {
    return null;
  }
}

/** Let the user pick one photo (camera or album); resolves its path, or null when cancelled. */
export async function pickPhoto(): Promise<string | null> {
  try {
    const res = await Taro.chooseImage({
      count: 1,
      sizeType: ['compressed'],
      sourceType: ['camera', 'album'],
    });
    return res.tempFilePaths[0] ?? null;
  } catch {
    return null;
  }
}

/** Save an .xlsx answered as base64: H5 downloads it; weapp writes it and opens it (forward from the menu). */
export async function saveXlsx(base64: string, fileName: string): Promise<void> {
  if (isLocalMode) {
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const blob = new Blob([bytes], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    return;
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
  Taro.getFileSystemManager().writeFileSync(filePath, base64, 'base64');
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
}

/** A displayable URL for a server-answered file URL (local mode answers '/api/files/…'). */
export function displayUrl(url: string): string {
  return url.startsWith('/') ? `${apiBase()}${url}` : url;
}

/** "6月15日 10:05" in the viewer's time. */
export function timeLabel(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getMonth() + 1}月${d.getDate()}日 ${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "2026年6月15日" from a YYYY-MM-DD day. */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
