/**
 * weapp: save an image to the phone's photo album, with WeChat's permission dance. One helper for the
 * pledge certificate and the family card poster.
 *
 * WeChat asks for the `scope.writePhotosAlbum` permission on the first save. Once the user refused it,
 * `saveImageToPhotosAlbum` fails at once ("…:fail auth deny", "…:fail authorize no response") and only
 * the settings page (`openSetting`) can grant it again: explain that, open the settings when the user
 * agrees, and save right away when the permission is now on.
 */
import Taro from '@tarojs/taro';
import { toastOk } from './feedback';

/** What saving came to: saved, the permission stayed off, or the user cancelled. */
export type SaveOutcome = 'saved' | 'denied' | 'cancelled';

/** The `errMsg` of a failed WeChat API call (the message of an Error, or the value itself otherwise). */
export function errMsgOf(err: unknown): string {
  if (err && typeof err === 'object' && typeof (err as { errMsg?: unknown }).errMsg === 'string') {
    return (err as { errMsg: string }).errMsg;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * The user has not accepted the mini-program's privacy guide (errno 104, "privacy permission is not
 * authorized") or the guide does not declare the album (112, "api scope is not declared in the privacy
 * agreement"). The settings page cannot fix either.
 */
function isPrivacyRefusal(msg: string): boolean {
  return /privacy|scope is not declared/i.test(msg);
}

/** The album permission is off (refused now or earlier): only the settings page can turn it on. */
export function isAuthDenied(msg: string): boolean {
  return !isPrivacyRefusal(msg) && /auth|deny|denied/i.test(msg);
}

/**
 * Save the temp image `filePath` to the album; `what` names it in the explanation ("证书", "卡片").
 * Shows "已保存到相册" when saved. A refused permission is explained in a modal that leads to the settings
 * page; the user cancelling is quiet. Any other failure is thrown for the caller to show.
 */
export async function saveImageToAlbum(filePath: string, what = '图片'): Promise<SaveOutcome> {
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
  } catch (err) {
    const msg = errMsgOf(err);
    if (/cancel/i.test(msg)) return 'cancelled';
    if (isPrivacyRefusal(msg)) {
      throw new Error(
        '保存到相册前，需要先同意《用户隐私保护指引》。请再点一次保存，在弹出的隐私说明里点「同意」。',
      );
    }
    if (!isAuthDenied(msg)) throw asError(err);
    const ask = await Taro.showModal({
      title: '需要相册权限',
      content: `保存${what}需要允许「添加到相册」。点「去设置」，在设置页打开「添加到相册」，就能保存了。`,
      confirmText: '去设置',
      cancelText: '不用了',
    });
    if (!ask.confirm) return 'denied';
    const setting = await Taro.openSetting();
    if (!setting.authSetting?.['scope.writePhotosAlbum']) return 'denied';
    await Taro.saveImageToPhotosAlbum({ filePath }).catch((again: unknown) => {
      throw asError(again);
    });
  }
  toastOk('已保存到相册');
  return 'saved';
}

/** WeChat rejects with `{ errMsg }`: give callers an Error they can show. */
function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(`没有保存到相册（${errMsgOf(err)}）`);
}
