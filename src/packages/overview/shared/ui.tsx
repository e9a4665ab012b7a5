import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { pct } from './nav';

/** A small horizontal bar for a rate (0–100). */
export function RateBar(props: { rate: number; muted?: boolean }) {
  const width = Math.max(0, Math.min(100, props.rate));
  return (
    <View className="ov-bar">
      <View className={`ov-bar-fill ${props.muted ? 'ov-bar-muted' : ''}`} style={{ width: `${width}%` }} />
    </View>
  );
}

/** One activity's figure: title, done / roster, the rate as a bar with its number, and an optional action. */
export function ActivityFigure(props: {
  id?: string;
  title: string;
  done: number;
  roster: number;
  rate: number;
  action?: ReactNode;
  onTap?: () => void;
}) {
  return (
    <View className="ov-fig" id={props.id} onClick={props.onTap}>
      <View className="ov-fig-head">
        <Text className="ov-fig-title">{props.title}</Text>
        <Text className="ov-fig-count">{`${props.done} / ${props.roster} 人`}</Text>
        <Text className="ov-fig-rate">{pct(props.rate, props.roster)}</Text>
        {props.action}
      </View>
      <RateBar rate={props.rate} />
    </View>
  );
}

/** A row of chips of which one is chosen (filters, a segmented control); scrolls sideways when long. */
export function ChoiceChips<T extends string>(props: {
  options: { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  idPrefix: string;
}) {
  return (
    <View className="ov-chips" role="radiogroup">
      {props.options.map((o) => {
        const on = o.value === props.value;
        return (
          <View
            key={o.value}
            id={`${props.idPrefix}-${o.value}`}
            className={`ov-chip ${on ? 'ov-chip-on' : ''}`}
            role="radio"
            aria-checked={on}
            onClick={() => !on && props.onChange(o.value)}
          >
            {o.label}
          </View>
        );
      })}
    </View>
  );
}
