import { Text, View } from '@tarojs/components';
import type { ReactNode, RefObject } from 'react';
import { Button } from '../../../ui';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad';

/** How a person signs: by hand on the pad, or by typing their name (accessibility). */
export type SignatureMode = 'drawn' | 'typed';

/**
 * The hand-written / typed-name switch with the signature pad, shared by the student's and the
 * family pledge. The typed-name field differs per page, so it comes in as children.
 */
export function SignatureChoice(props: {
  mode: SignatureMode;
  onMode: (mode: SignatureMode) => void;
  padId: string;
  padRef: RefObject<SignaturePadHandle>;
  onPadChange: (empty: boolean) => void;
  padNote: string;
  /** What the empty pad says (default: addressed to a pupil). */
  padPlaceholder?: string;
  typedTabId: string;
  children: ReactNode;
}) {
  const tab = (mode: SignatureMode) => `pl-tab ${props.mode === mode ? 'pl-tab-on' : ''}`;
  return (
    <>
      <View className="pl-tabs">
        <Text className={tab('drawn')} onClick={() => props.onMode('drawn')}>
          手写签名
        </Text>
        <Text id={props.typedTabId} className={tab('typed')} onClick={() => props.onMode('typed')}>
          输入名字
        </Text>
      </View>
      {props.mode === 'drawn' ? (
        <View>
          <SignaturePad
            id={props.padId}
            ref={props.padRef}
            onChange={props.onPadChange}
            placeholder={props.padPlaceholder}
          />
          <View className="row" style={{ marginTop: '12px' }}>
            <Text className="pl-note">{props.padNote}</Text>
            <Button size="small" onClick={() => props.padRef.current?.clear()}>
              重写
            </Button>
          </View>
        </View>
      ) : (
        props.children
      )}
    </>
  );
}
