import { Text, View } from '@tarojs/components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { STATE_TEXT } from './labels';

/** A horizontal bar for a percentage (0–100). */
export function Bar(props: { percent: number; tone?: 'brand' | 'green' | 'gold' | 'gray' }) {
  const width = Math.max(0, Math.min(100, props.percent));
  return (
    <View className="qz-bar">
      <View className={`qz-bar-fill qz-bar-${props.tone ?? 'brand'}`} style={{ width: `${width}%` }} />
    </View>
  );
}

/** A big figure with its label underneath. */
export function Figure(props: { value: ReactNode; label: string; id?: string }) {
  return (
    <View className="qz-figure" id={props.id}>
      <Text className="qz-figure-value">{props.value}</Text>
      <Text className="qz-figure-label">{props.label}</Text>
    </View>
  );
}

/** The window state of a quiz as a small coloured tag. */
export function StateTag(props: { state: 'upcoming' | 'open' | 'closed' }) {
  const tone = props.state === 'open' ? 'tag-green' : props.state === 'upcoming' ? '' : 'tag-gray';
  return <Text className={`tag ${tone}`}>{STATE_TEXT[props.state]}</Text>;
}

/** A row of big chips to pick several (or one) of. */
export function Chips<T extends string | number>(props: {
  options: { value: T; label: string }[];
  selected: T[];
  onToggle: (value: T) => void;
  disabled?: boolean;
  idPrefix?: string;
}) {
  return (
    <View className="qz-chips">
      {props.options.map((o) => {
        const on = props.selected.includes(o.value);
        return (
          <View
            key={String(o.value)}
            id={props.idPrefix ? `${props.idPrefix}-${o.value}` : undefined}
            className={`qz-chip ${on ? 'qz-chip-on' : ''} ${props.disabled ? 'qz-chip-disabled' : ''}`}
            role="checkbox"
            aria-checked={on}
            onClick={() => !props.disabled && props.onToggle(o.value)}
          >
            {o.label}
          </View>
        );
      })}
    </View>
  );
}

/**
 * Seconds left until `deadline` by the server's clock: the offset between the server's `serverNow` and
 * this phone's clock is measured once, so a phone whose clock is wrong still counts down correctly.
 * Answers null without a deadline.
 */
export function useCountdown(deadline: string | null, serverNow: string | null): number | null {
  const offset = useMemo(() => (serverNow ? Date.parse(serverNow) - Date.now() : 0), [serverNow]);
  const left = () => (deadline ? (Date.parse(deadline) - (Date.now() + offset)) / 1000 : null);
  const [seconds, setSeconds] = useState<number | null>(left);
  useEffect(() => {
    setSeconds(left());
    if (!deadline) return undefined;
    const timer = setInterval(() => setSeconds(left()), 1000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deadline, offset]);
  return seconds;
}
