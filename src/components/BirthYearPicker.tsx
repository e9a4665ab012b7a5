import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Button } from '../ui';

/**
 * A child's birth year, set by the class teacher (roster) or a confirmed guardian (我的): the current
 * value, and big year buttons around the class's usual age plus 「不填写」. A birth year can only make the
 * under-14 rule stricter, so there is nothing to confirm; `onPick` saves and answers whether it worked.
 */
export function BirthYearPicker(props: {
  id: string;
  value: number | null | undefined;
  options: number[];
  onPick: (year: number | null) => Promise<boolean>;
  /** Label of the value line (default 出生年份). */
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const value = props.value ?? null;
  const pick = async (year: number | null) => {
    if (await props.onPick(year)) setOpen(false);
  };
  return (
    <View className="byear" id={props.id}>
      <View className="row">
        <Text className="byear-value">
          {`${props.label ?? '出生年份'}：${value ? `${value}年` : '未填写'}`}
        </Text>
        <Button size="small" fill="outline" onClick={() => setOpen(!open)}>
          {open ? '收起' : value ? '修改' : '填写'}
        </Button>
      </View>
      {open && (
        <View className="byear-panel">
          <Text className="muted">点孩子出生的年份：</Text>
          <View className="byear-chips">
            {props.options.map((y) => (
              <Text
                key={y}
                id={`${props.id}-${y}`}
                className={`byear-chip ${value === y ? 'byear-chip-on' : ''}`}
                onClick={() => void pick(y)}
              >
                {`${y}年`}
              </Text>
            ))}
            <Text
              id={`${props.id}-none`}
              className={`byear-chip ${value === null ? 'byear-chip-on' : ''}`}
              onClick={() => void pick(null)}
            >
              不填写
            </Text>
          </View>
        </View>
      )}
    </View>
  );
}
