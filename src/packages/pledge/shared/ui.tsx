import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A big tappable tick box ("我承诺"), easier to hit than a small checkbox. */
export function Check(props: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  id?: string;
}) {
  return (
    <View
      id={props.id}
      className={`pl-check ${props.checked ? 'pl-check-on' : ''}`}
      role="checkbox"
      aria-checked={props.checked}
      onClick={() => props.onChange(!props.checked)}
    >
      <View className="pl-check-box">{props.checked ? '✓' : ''}</View>
      <Text className="pl-check-text">{props.children}</Text>
    </View>
  );
}

/** A horizontal bar showing a percentage (0–100). */
export function Bar(props: { percent: number; family?: boolean }) {
  const width = Math.max(0, Math.min(100, props.percent));
  return (
    <View className={`pl-bar ${props.family ? 'pl-bar-family' : ''}`}>
      <View className="pl-bar-fill" style={{ width: `${width}%` }} />
    </View>
  );
}

/** The figures every participation view leads with. */
export interface Figures {
  roster: number;
  online: number;
  paper: number;
  signed: number;
  family: number;
  rate: number;
  familyRate: number;
}

/** Pledge rate and family rate of one unit, with bars and plain counts. */
export function FiguresCard(props: { title: string; figures: Figures; note?: string }) {
  const f = props.figures;
  return (
    <View className="card" id="pl-figures">
      <View className="card-title">{props.title}</View>
      <View className="row">
        <Text>签名率</Text>
        <Text className="pl-big-figure">{f.roster ? `${f.rate}%` : '—'}</Text>
      </View>
      <Bar percent={f.rate} />
      <Text className="pl-note">
        {f.roster
          ? `已签 ${f.signed} 人 / 名单 ${f.roster} 人（手机 ${f.online}，纸质 ${f.paper}）`
          : `已签 ${f.signed} 人，还没有导入学生名单（导入后才能算签名率）`}
      </Text>
      <View className="gap" />
      <View className="row">
        <Text>家庭承诺签署率</Text>
        <Text className="pl-big-figure" style={{ color: '#b8860b', fontSize: '48px' }}>
          {f.roster ? `${f.familyRate}%` : '—'}
        </Text>
      </View>
      <Bar percent={f.familyRate} family />
      <Text className="pl-note">{`${f.family} 个家庭已签「文明上网 从我家做起」`}</Text>
      {props.note && <Text className="pl-note">{props.note}</Text>}
    </View>
  );
}
