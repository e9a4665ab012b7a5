import { Image, Text, Video, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState, type ReactNode } from 'react';
import { Button } from '../../../ui';
import { showError } from '../../../utils/feedback';
import { fileUrl } from '../../../utils/files';
import { secondsLabel } from './labels';
import { openDocument } from './media';

/** A work's content as any view answers it (owner, reviewer, blind, public). */
export interface WorkContentData {
  format: 'text' | 'images' | 'video' | 'lesson';
  title: string;
  body: string;
  images: { url: string; state?: string; reason?: string | null }[];
  video: { url: string; seconds: number; cover: { url: string } } | null;
  lesson: {
    plan: { name?: string; url: string; contentType: string };
    slides: { name?: string; url: string; contentType: string } | null;
    recording: { url: string; seconds: number } | null;
  } | null;
}

const PICTURE_STATE: Record<string, string> = {
  checking: '检查中',
  review: '待老师看',
  reject: '未通过',
  draft: '',
  pass: '',
};

/** Pictures of a work; a tap shows them full screen. `states` labels each with its check state. */
export function Pictures(props: {
  images: WorkContentData['images'];
  states?: boolean;
  large?: boolean;
  id?: string;
}) {
  const urls = props.images.map((i) => fileUrl(i.url));
  if (!urls.length) return null;
  if (props.large) {
    return (
      <View id={props.id}>
        {urls.map((u, i) => (
          <Image
            key={`${u}-${i}`}
            className="ct-photo-large"
            src={u}
            mode="widthFix"
            showMenuByLongpress
            onClick={() => void Taro.previewImage({ urls, current: u })}
          />
        ))}
      </View>
    );
  }
  return (
    <View className="ct-images" id={props.id}>
      {props.images.map((img, i) => (
        <View
          key={`${img.url}-${i}`}
          className="ct-image"
          onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
        >
          <Image className="ct-image-img" src={urls[i]} mode="aspectFill" />
          {props.states && img.state && PICTURE_STATE[img.state] && (
            <Text className="ct-image-state">{PICTURE_STATE[img.state]}</Text>
          )}
        </View>
      ))}
    </View>
  );
}

/** Long text folded to a few lines with 「展开全文」. */
export function BodyText(props: { text: string; fold?: boolean; id?: string }) {
  const [open, setOpen] = useState(false);
  if (!props.text) return null;
  const long = props.fold && Array.from(props.text).length > 160;
  return (
    <View id={props.id}>
      <Text className={`ct-body ${long && !open ? 'ct-body-short' : ''}`}>{props.text}</Text>
      {long && (
        <Text className="ct-more" onClick={() => setOpen(!open)}>
          {open ? '收起' : '展开全文'}
        </Text>
      )}
    </View>
  );
}

/** A document of a work with an 「打开」 button. */
export function FileLine(props: { name: string; url: string; contentType: string; id?: string }) {
  const open = async () => {
    try {
      await openDocument(props.url, props.contentType);
    } catch (err) {
      showError(err instanceof Error ? err : new Error('文件打不开，请稍后再试'));
    }
  };
  return (
    <View className="ct-file" id={props.id}>
      <Text className="ct-file-name">{props.name}</Text>
      <Button size="small" onClick={() => void open()}>
        打开
      </Button>
    </View>
  );
}

/**
 * The work itself: text, pictures (tap to enlarge), the video with its cover, the lesson files. `fold`
 * folds a long text (lists); `states` shows each picture's check state (the author's own view); `large`
 * shows the pictures at full width.
 */
export function WorkContent(props: {
  work: WorkContentData;
  fold?: boolean;
  states?: boolean;
  /** Pictures at full width (a work's own page, a judge scoring it). */
  large?: boolean;
  id?: string;
}) {
  const w = props.work;
  return (
    <View id={props.id}>
      <BodyText text={w.body} fold={props.fold} />
      <Pictures images={w.images} states={props.states} large={props.large} />
      {w.video && (
        <View>
          <Video
            className="ct-video"
            src={fileUrl(w.video.url)}
            poster={fileUrl(w.video.cover.url)}
            controls
            objectFit="contain"
          />
          <Text className="ct-sub">{`视频长度 ${secondsLabel(w.video.seconds)}`}</Text>
        </View>
      )}
      {w.lesson && (
        <View>
          <FileLine
            name={w.lesson.plan.name ?? '教案'}
            url={w.lesson.plan.url}
            contentType={w.lesson.plan.contentType}
          />
          {w.lesson.slides && (
            <FileLine
              name={w.lesson.slides.name ?? '课件'}
              url={w.lesson.slides.url}
              contentType={w.lesson.slides.contentType}
            />
          )}
          {w.lesson.recording && (
            <View>
              <Video
                className="ct-video"
                src={fileUrl(w.lesson.recording.url)}
                controls
                objectFit="contain"
              />
              <Text className="ct-sub">{`课堂录像 ${secondsLabel(w.lesson.recording.seconds)}`}</Text>
            </View>
          )}
        </View>
      )}
    </View>
  );
}

/** What the author is told: the reviewers' note, what is still pending, the human-review note. */
export function AuthorNotices(props: {
  note: { kind: string; text: string } | null;
  pending: string[];
  humanReviewNote: string | null;
  isPublic: boolean;
  id?: string;
}) {
  const { note } = props;
  const noteTitle: Record<string, string> = {
    returned: '老师退回了作品，请修改后重新提交：',
    rejected: '作品没有通过评审，原因：',
    'taken-down': '作品已被撤下：',
    'district-returned': '县区退回了作品：',
    'city-returned': '市级退回了作品：',
  };
  return (
    <View id={props.id}>
      {note && (
        <Text className={`ct-notice ${note.kind === 'returned' ? '' : 'ct-bad'}`}>
          {`${noteTitle[note.kind] ?? ''}${note.text}`}
        </Text>
      )}
      {props.pending.map((p) => (
        <Text key={p} className="ct-notice">
          {p}
        </Text>
      ))}
      {props.humanReviewNote && !props.isPublic && <Text className="ct-note">{props.humanReviewNote}</Text>}
    </View>
  );
}

/** A row of choice chips; `value` is the selected key (or keys). */
export function Chips<K extends string>(props: {
  items: { key: K; label: string; disabled?: boolean }[];
  value: K | K[] | null;
  onPick: (key: K) => void;
  idPrefix?: string;
}) {
  const on = (k: K) => (Array.isArray(props.value) ? props.value.includes(k) : props.value === k);
  return (
    <View className="ct-chips">
      {props.items.map((it) => (
        <Text
          key={it.key}
          id={props.idPrefix ? `${props.idPrefix}-${it.key}` : undefined}
          className={`ct-chip ${on(it.key) ? 'ct-chip-on' : ''} ${it.disabled ? 'ct-chip-off' : ''}`}
          onClick={() => !it.disabled && props.onPick(it.key)}
        >
          {it.label}
        </Text>
      ))}
    </View>
  );
}

/** A big checkbox with its words (原创承诺, 已看过). */
export function CheckLine(props: {
  checked: boolean;
  onChange: (v: boolean) => void;
  id?: string;
  children: ReactNode;
}) {
  return (
    <View
      id={props.id}
      className={`ct-check ${props.checked ? 'ct-check-on' : ''}`}
      onClick={() => props.onChange(!props.checked)}
    >
      <Text className="ct-check-box">{props.checked ? '✓' : ''}</Text>
      <Text className="ct-check-text">{props.children}</Text>
    </View>
  );
}

/** A small tag. */
export function Tag(props: { tone?: 'gray' | 'green' | 'gold'; children: ReactNode; id?: string }) {
  return (
    <Text id={props.id} className={`ct-tag ${props.tone ? `ct-tag-${props.tone}` : ''}`}>
      {props.children}
    </Text>
  );
}
