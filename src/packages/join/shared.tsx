import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { OutputOf } from '../../api/client';

/** One masked roster entry as `identity.lookupClass` returns it. */
export type RosterRow = OutputOf<'identity', 'lookupClass'>['roster'][number];

export { RELATIONS, relationLabel, type Relation } from '../../utils/relations';

/** The join pages, so every link to them is written once. */
export const JOIN_PAGES = {
  /** A pupil joins a class (`?code=` or the QR's `scene` carries the class code). */
  class: '/packages/join/class/index',
  /** A parent links to a child: family code, or class code + roster (`?classCode=` starts there). */
  linkChild: '/packages/join/link-child/index',
  /** A pupil shows the family code their parents link with. */
  familyCode: '/packages/join/family-code/index',
  /** A guardian's consent for an under-14 child (`?rosterId=`). */
  consent: '/packages/join/consent/index',
  /** 《儿童个人信息保护规则》 (public). */
  privacy: '/packages/join/privacy/index',
  /** Teachers and admins redeem an invite code. */
  invite: '/packages/join/invite/index',
} as const;

/** Tidy a typed code: upper-case, no spaces or dashes. */
export function tidyCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * Read a class code out of whatever a QR code held: a URL or path with `code=XXXX` or `scene=XXXX` (also
 * URL-encoded, as WeChat hands a mini-program code's `scene` to the page), `cgn:class:XXXX` (codes made by
 * earlier versions), or a bare code. Returns null when none is found.
 */
export function parseScannedClassCode(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let text = raw.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    // keep the raw text when it is not valid URI encoding
  }
  const prefixed = /cgn:class:([0-9A-Za-z-]{4,16})/i.exec(text);
  if (prefixed) return tidyCode(prefixed[1]);
  const param =
    /(?:^|[?&#\s])(?:code|scene)=([0-9A-Za-z-]{4,16})/i.exec(text) ?? /code=([0-9A-Za-z-]{4,16})/i.exec(text);
  if (param) return tidyCode(param[1]);
  if (/^[0-9A-Za-z-]{4,16}$/.test(text)) return tidyCode(text);
  return null;
}

/** Scan a QR code with the camera (weapp only) and return the class code in it, or null with a message shown. */
export async function scanClassCode(): Promise<string | null> {
  try {
    // 'wxCode' (mini-program codes) is a valid WeChat scan type that Taro's typings do not list.
    const scanType = ['qrCode', 'wxCode'] as unknown as (keyof Taro.scanCode.ScanType)[];
    const res = await Taro.scanCode({ onlyFromCamera: false, scanType });
    const code = parseScannedClassCode(res.result) ?? parseScannedClassCode((res as { path?: string }).path);
    if (!code) {
      void Taro.showModal({
        title: '没有认出班级码',
        content: '这个二维码里没有班级码。请扫老师发的班级二维码，或直接输入 6 位班级码。',
        showCancel: false,
        confirmText: '知道了',
      });
    }
    return code;
  } catch {
    return null; // cancelled by the user
  }
}

/** Whether the camera scan button can be offered (WeChat only; H5 has no scanner). */
export const canScan = process.env.TARO_ENV === 'weapp';

/**
 * The roster of a class with masked names as big tappable rows. With `greyClaimed`, entries already
 * claimed are shown greyed out and cannot be chosen (students); parents may pick any entry.
 */
export function RosterList(props: {
  roster: RosterRow[];
  greyClaimed: boolean;
  pickLabel: string;
  onPick: (row: RosterRow) => void;
}) {
  if (!props.roster.length) {
    return <Text className="muted">老师还没有导入这个班的名单。请告诉老师。</Text>;
  }
  return (
    <View className="join-roster">
      {props.roster.map((r) => {
        const off = props.greyClaimed && r.claimed;
        return (
          <View
            key={r.rosterId}
            id={`roster-${r.rosterId}`}
            className={`join-roster-item ${off ? 'join-roster-off' : ''}`}
            onClick={() => (off ? undefined : props.onPick(r))}
          >
            <View className="join-roster-main">
              <Text className="join-roster-name">{r.maskedName}</Text>
              {r.studentNoHint && <Text className="join-roster-no">{`学号 ${r.studentNoHint}`}</Text>}
            </View>
            {off ? (
              <Text className="tag tag-gray">已被认领</Text>
            ) : (
              <Text className="join-roster-go">{`${props.pickLabel} ›`}</Text>
            )}
          </View>
        );
      })}
    </View>
  );
}
