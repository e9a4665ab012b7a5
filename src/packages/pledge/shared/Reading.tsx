import { Text, View } from '@tarojs/components';
import type { OutputOf } from '../../../api/client';
import { Button } from '../../../ui';

/** The pledge texts a student reads: the convention, the initiative letter and the promise. */
export type PledgeText = OutputOf<'pledge', 'getText'>;

/** Who published the letter as the student sees it: the built-in text is a model text (示范文本). */
export function publisherOf(letter: PledgeText['letter']): string {
  return letter.scope === 'default' ? '示范文本' : letter.publisher;
}

/** The convention and the letter, with a "read to the end" button at the very bottom. */
export function Reading(props: { text: PledgeText; onDone: () => void; done: boolean }) {
  const t = props.text;
  return (
    <View>
      <View className="card" id="pl-convention">
        <Text className="pl-convention-title">{`《${t.convention.title}》`}</Text>
        {t.convention.lines.map((line) => (
          <Text key={line} className="pl-convention-line">
            {line}
          </Text>
        ))}
      </View>
      <View className="card" id="pl-letter">
        <Text className="pl-letter-title">{t.letter.title}</Text>
        {t.letter.body.split('\n').map((p, i) => (
          <Text key={i} className="pl-letter-para">
            {p}
          </Text>
        ))}
        <Text className="pl-letter-from">{`发布：${publisherOf(t.letter)}`}</Text>
        {!props.done && (
          <View className="pl-actions">
            <Button type="primary" size="large" block id="pl-read-done" onClick={props.onDone}>
              我读完了
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}
