import { Text, View } from '@tarojs/components';

/**
 * An official text as paragraphs (the consent wording, 《儿童个人信息保护规则》): `text` split at line
 * breaks (the server separates numbered paragraphs with \n), or a list of paragraphs.
 */
export function Paragraphs(props: { text?: string; paragraphs?: string[]; id?: string }) {
  const paras = (props.paragraphs ?? (props.text ?? '').split('\n')).map((p) => p.trim()).filter(Boolean);
  return (
    <View id={props.id}>
      {paras.map((p, i) => (
        <Text key={i} className="para">
          {p}
        </Text>
      ))}
    </View>
  );
}
