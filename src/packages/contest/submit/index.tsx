import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import {
  call,
  needsLogin,
  type InputOf,
  type OutputOf,
  type UploadPurpose,
  uploadFile,
} from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { UploadProgress, useUploadProgress } from '../../../components/UploadProgress';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { fileUrl } from '../../../utils/files';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go, showSaveError } from '../shared/feedback';
import { bytesLabel, CT, dayRange, formatRule, newDraftKey, qs, secondsLabel } from '../shared/labels';
import { pickDocument, pickImages, pickVideo, type PickedImage } from '../shared/media';
import { NameCard } from '../shared/NameCard';
import { AuthorNotices, CheckLine, Chips } from '../shared/ui';
import '../contest.scss';

type Form = OutputOf<'contest', 'entryForm'>;
type Option = Form['options'][number];
type SaveInput = InputOf<'contest', 'save'>;

/** Storage key of the draft key of a new entry of a call (kept until the draft is saved). */
export const draftStorageKey = (callId: string) => `ct.draftKey.${callId}`;

/** weapp: documents are picked from a WeChat chat. */
const ON_WEAPP = process.env.TARO_ENV !== 'h5';

const optionKey = (o: Option) => `${o.authorType}:${o.rosterId ?? o.schoolId}`;
const chars = (t: string) => Array.from(t.trim()).length;

interface Picture {
  fileId: string;
  url: string;
}
interface VideoPick {
  fileId: string | null;
  seconds: number;
  coverFileId: string | null;
  coverUrl: string;
  url?: string;
}
interface DocPick {
  fileId: string | null;
  name: string;
}

/** The file id of a part the owner view answered, when it carries one. */
function fileIdOf(part: unknown): string | null {
  const id = part && typeof part === 'object' ? (part as { fileId?: unknown }).fileId : undefined;
  return typeof id === 'string' ? id : null;
}

/** The draft key of a new entry: the one a failed save left behind (so a retry updates it), or a new one. */
function draftKeyFor(callId: string): string {
  const stored = Taro.getStorageSync(draftStorageKey(callId)) as string;
  if (typeof stored === 'string' && /^[\w-]{8,40}$/.test(stored)) return stored;
  const key = newDraftKey();
  Taro.setStorageSync(draftStorageKey(callId), key);
  return key;
}

/**
 * The entry form (one screen per entry): who submits (a pupil, a parent for the child or as a family, a
 * teacher), category and group (pre-filled from the class), title, the work in the category's format
 * (text, 1–9 pictures compressed on the phone, a video with its cover, a lesson plan with slides and a
 * recording), the advisor, co-authors, and the originality promise. Every file goes up as soon as it is
 * picked, with its progress; 「保存草稿」 keeps one draft key per draft so a retried save never makes a
 * second draft; 「提交」 saves and submits. `?entryId=` edits an entry (a draft, a returned one, or one the
 * school has not reviewed yet).
 */
export default function SubmitPage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.callId ?? '';
  const [entryId, setEntryId] = useState<string | null>(params.entryId ?? null);
  const form = useShowRequest(
    async () =>
      needsLogin()
        ? null
        : call('contest', 'entryForm', { callId, ...(params.entryId ? { entryId: params.entryId } : {}) }),
    [callId],
  );
  const f = form.data;
  const upload = useUploadProgress();
  const draftKey = useRef<string | null>(null);

  const [optKey, setOptKey] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [images, setImages] = useState<Picture[]>([]);
  const [video, setVideo] = useState<VideoPick | null>(null);
  const [plan, setPlan] = useState<DocPick | null>(null);
  const [slides, setSlides] = useState<DocPick | null>(null);
  const [recording, setRecording] = useState<{ fileId: string | null; seconds: number } | null>(null);
  const [advisor, setAdvisor] = useState<string | null>(null);
  const [coAuthors, setCoAuthors] = useState<string[]>([]);
  const [originality, setOriginality] = useState(false);
  const [busy, setBusy] = useState(false);
  const filled = useRef(false);

  // Fill the form once from the answer: the entry being edited, or the pre-filled way and group.
  useEffect(() => {
    if (!f || filled.current) return;
    filled.current = true;
    const e = f.entry;
    const ready = f.options.filter((o) => o.ready);
    if (e) {
      const own =
        ready.find((o) => o.authorType === e.authorType && (o.rosterId ?? null) === (e.rosterId ?? null)) ??
        ready.find((o) => o.authorType === e.authorType);
      setOptKey(own ? optionKey(own) : null);
      setCategory(e.category);
      setGroup(e.group);
      setTitle(e.title);
      setBody(e.body);
      setImages(e.images.flatMap((i) => (fileIdOf(i) ? [{ fileId: fileIdOf(i)!, url: i.url }] : [])));
      if (e.video) {
        setVideo({
          fileId: fileIdOf(e.video),
          seconds: e.video.seconds,
          coverFileId: fileIdOf(e.video.cover),
          coverUrl: e.video.cover.url,
          url: e.video.url,
        });
      }
      if (e.lesson) {
        setPlan({ fileId: fileIdOf(e.lesson.plan), name: e.lesson.plan.name });
        if (e.lesson.slides) setSlides({ fileId: fileIdOf(e.lesson.slides), name: e.lesson.slides.name });
        if (e.lesson.recording)
          setRecording({ fileId: fileIdOf(e.lesson.recording), seconds: e.lesson.recording.seconds });
      }
      setAdvisor(e.advisor?.openid ?? null);
      setCoAuthors(e.authorType === 'teacher' ? e.coAuthorOpenids : e.coAuthorRosterIds);
      setOriginality(e.originalityPromised);
    } else {
      const first = ready[0];
      setOptKey(first ? optionKey(first) : null);
      setGroup(first?.prefillGroup ?? null);
      setCategory(f.call.categories.length === 1 ? f.call.categories[0].key : null);
    }
  }, [f]);

  if (!f) {
    return (
      <View className="page ct-page">
        <StateView loading={form.loading} error={form.error} onRetry={form.reload} />
      </View>
    );
  }

  const c = f.call;
  const e = f.entry;
  const ready = f.options.filter((o) => o.ready);
  const option = ready.find((o) => optionKey(o) === optKey) ?? null;
  const cat = c.categories.find((x) => x.key === category) ?? null;
  const advisors = option ? (f.advisors[option.schoolId] ?? []) : [];
  const classmates = option?.rosterId ? (f.classmates[option.rosterId] ?? []) : [];
  const editable = !e || e.canEdit;
  const coChoices =
    option?.authorType === 'teacher'
      ? advisors.map((t) => ({ key: t.openid, label: t.name }))
      : classmates.map((m) => ({ key: m.rosterId, label: m.maskedName }));
  const n = chars(body);

  const pickOption = (key: string) => {
    setOptKey(key);
    const o = ready.find((x) => optionKey(x) === key);
    setGroup(o?.prefillGroup ?? null);
    setAdvisor(null);
    setCoAuthors([]);
  };

  /** Upload one file with its progress bar; answers the file id (errors are thrown). */
  const send = (path: string, purpose: UploadPurpose, ext: string, what: string) =>
    uploadFile(path, { purpose, ext, onProgress: upload.track(what) });

  const run = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      showSaveError(err);
    } finally {
      upload.done();
      Taro.hideLoading();
    }
  };

  const addImages = () =>
    run(async () => {
      if (!cat) return;
      const room = cat.maxImages - images.length;
      const picked: PickedImage[] = await pickImages(room);
      for (const [i, p] of picked.entries()) {
        const fileId = await send(p.path, 'entryImage', p.ext, `第 ${images.length + i + 1} 张图片`);
        setImages((prev) => [...prev, { fileId, url: p.path }]);
      }
    });

  const chooseVideo = (forRecording: boolean) =>
    run(async () => {
      if (!cat) return;
      const v = await pickVideo(cat.maxSeconds);
      if (!v) return;
      if (v.seconds > cat.maxSeconds)
        throw new Error(
          `视频最长 ${secondsLabel(cat.maxSeconds)}，这段有 ${secondsLabel(v.seconds)}，请剪短后再选`,
        );
      if (v.bytes > cat.maxMB * 1024 * 1024)
        throw new Error(`视频最大 ${cat.maxMB} MB，这段有 ${bytesLabel(v.bytes)}，请压缩后再选`);
      if (forRecording) {
        const fileId = await send(v.path, 'entryVideo', 'mp4', '课堂录像');
        setRecording({ fileId, seconds: v.seconds });
        return;
      }
      if (!v.cover) throw new Error('没有取到视频封面，请换一段视频');
      const fileId = await send(v.path, 'entryVideo', 'mp4', '视频');
      const coverFileId = await send(v.cover.path, 'entryCover', v.cover.ext, '视频封面');
      setVideo({ fileId, seconds: v.seconds, coverFileId, coverUrl: v.cover.path });
    });

  const chooseDoc = (which: 'plan' | 'slides') =>
    run(async () => {
      const exts = which === 'plan' ? ['pdf', 'docx'] : ['pptx', 'pdf'];
      const d = await pickDocument(exts);
      if (!d) return;
      const max = f.uploads.document.maxBytes;
      if (d.bytes > max) throw new Error(`文件最大 ${bytesLabel(max)}，请压缩后再选`);
      const fileId = await send(d.path, 'entryDocument', d.ext, which === 'plan' ? '教案' : '课件');
      (which === 'plan' ? setPlan : setSlides)({ fileId, name: d.name.slice(0, 80) });
    });

  /** The save input of the form as it stands (only the parts of the chosen category's format). */
  const saveInput = (): SaveInput => {
    if (!cat || !group || !option) throw new Error('请选择作者、作品类别和组别');
    if (!title.trim()) throw new Error('请填写作品名称');
    const needsRepick =
      (cat.format === 'video' && video && (!video.fileId || !video.coverFileId)) ||
      (cat.format === 'lesson' && plan && !plan.fileId);
    if (needsRepick)
      throw new Error(
        cat.format === 'video' ? '修改作品时请重新选择一次视频' : '修改作品时请重新选择一次教案文件',
      );
    const input: SaveInput = {
      callId,
      ...(entryId ? { entryId } : { draftKey: (draftKey.current ??= draftKeyFor(callId)) }),
      authorType: option.authorType,
      ...(option.rosterId ? { rosterId: option.rosterId } : {}),
      ...(option.authorType === 'teacher' ? { schoolId: option.schoolId } : {}),
      category: cat.key,
      group,
      title: title.trim(),
      body: cat.maxChars ? body : '',
      images: cat.maxImages ? images.map((i) => i.fileId) : [],
      ...(advisor && option.authorType !== 'teacher' ? { advisorOpenid: advisor } : {}),
      coAuthorRosterIds: option.authorType === 'student' ? coAuthors : [],
      coAuthorOpenids: option.authorType === 'teacher' ? coAuthors : [],
    };
    if (cat.format === 'video' && video?.fileId && video.coverFileId)
      input.video = { fileId: video.fileId, seconds: video.seconds, coverFileId: video.coverFileId };
    if (cat.format === 'lesson' && plan?.fileId) {
      input.lesson = {
        plan: { fileId: plan.fileId, name: plan.name },
        ...(slides?.fileId ? { slides: { fileId: slides.fileId, name: slides.name } } : {}),
        ...(recording?.fileId ? { recording: { fileId: recording.fileId, seconds: recording.seconds } } : {}),
      };
    }
    return input;
  };

  /** Save; the first save of a new entry remembers its id (its draft key is then no longer needed). */
  const saveNow = async () => {
    const saved = await call('contest', 'save', saveInput());
    if (!entryId) {
      setEntryId(saved.entryId);
      Taro.removeStorageSync(draftStorageKey(callId));
    }
    return saved;
  };

  const saveDraft = async () => {
    if (busy) return;
    setBusy(true);
    void Taro.showLoading({ title: '正在保存', mask: true });
    try {
      const saved = await saveNow();
      Taro.hideLoading();
      toastOk(saved.status === 'draft' ? '草稿已保存' : '已保存');
    } catch (err) {
      Taro.hideLoading();
      showSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (busy) return;
    if (!cat) return showSaveError(new Error('请先选择作品类别'));
    const problem = !title.trim()
      ? '请填写作品名称'
      : cat.format === 'text' && n < cat.minChars
        ? `正文至少 ${cat.minChars} 字，现在 ${n} 字`
        : cat.maxChars && n > cat.maxChars
          ? `${cat.format === 'text' ? '正文' : '说明'}最多 ${cat.maxChars} 字，现在 ${n} 字`
          : images.length < cat.minImages
            ? `请至少上传 ${cat.minImages} 张图片`
            : cat.format === 'video' && !video
              ? '请选择视频'
              : cat.format === 'lesson' && !plan
                ? '请上传教案'
                : !originality
                  ? '请先阅读并勾选原创承诺'
                  : null;
    if (problem) return showSaveError(new Error(problem));
    setBusy(true);
    void Taro.showLoading({ title: '正在提交', mask: true });
    try {
      // Always save the form as it stands first. An entry the school has not reviewed yet is re-checked by
      // that save; anything else (a new entry, a draft, a returned one) is then submitted with the promise.
      const saved = await saveNow();
      if (saved.status !== 'submitted') {
        await call('contest', 'submit', { entryId: saved.entryId, originality: true });
      }
      Taro.hideLoading();
      toastOk('已提交');
      void Taro.redirectTo({ url: `${CT}/entry/index${qs({ id: saved.entryId, submitted: 1 })}` });
    } catch (err) {
      Taro.hideLoading();
      showSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const notReady = f.options.filter((o) => !o.ready);
  return (
    <View className="page ct-page">
      <View className="card">
        <Text className="ct-big-title">{c.title}</Text>
        <Text className="ct-sub">{`${c.unitName} · 征集时间 ${dayRange(c.opensOn, c.closesOn)}`}</Text>
        {e && (
          <View id="ct-entry-state">
            <Text className="ct-notice">{`这件作品：${e.statusLabel}`}</Text>
            <AuthorNotices note={e.note} pending={e.pending} humanReviewNote={null} isPublic={e.public} />
          </View>
        )}
      </View>

      {ready.length === 0 && (
        <View className="card" id="ct-not-ready">
          <View className="card-title">现在还不能投稿</View>
          {notReady.map((o) => (
            <Text key={optionKey(o)} className="ct-notice">{`${o.who}：${o.note ?? ''}`}</Text>
          ))}
          {notReady.some((o) => o.authorType === 'teacher' && (o.note ?? '').includes('姓名')) && (
            <NameCard name={null} needed inline onSaved={() => void form.reload()} />
          )}
          {notReady.length === 0 && (
            <Text className="ct-note">
              这个征集活动不面向你的身份。学生先加入班级，家长先关联孩子，老师先加入学校，然后再来投稿。
            </Text>
          )}
          <View className="ct-actions">
            <Button block onClick={() => go(`${CT}/call/index${qs({ id: callId })}`)}>
              看活动说明
            </Button>
          </View>
        </View>
      )}

      {e && !editable && (
        <View className="card">
          <Text className="ct-note">学校已经审核了这件作品，不能再修改。</Text>
          <Button block onClick={() => go(`${CT}/entry/index${qs({ id: e.entryId })}`)}>
            查看作品
          </Button>
        </View>
      )}

      {ready.length > 0 && editable && (
        <View className="card" id="ct-form">
          {ready.length > 1 && !e && (
            <View className="ct-field">
              <Text className="ct-label">谁的作品</Text>
              <Chips
                idPrefix="ct-who"
                items={ready.map((o) => ({ key: optionKey(o), label: o.who }))}
                value={optKey}
                onPick={pickOption}
              />
            </View>
          )}
          {option && (
            <Text className="ct-sub" id="ct-author-line">
              {`${option.who} · ${option.schoolName}${option.className ? ` ${option.className}` : ''}`}
            </Text>
          )}

          <View className="ct-field" style={{ marginTop: '20px' }}>
            <Text className="ct-label">作品类别</Text>
            <Chips
              idPrefix="ct-cat"
              items={c.categories.map((x) => ({ key: x.key, label: x.title }))}
              value={category}
              onPick={setCategory}
            />
            {!cat && <Text className="ct-hint">先选一个作品类别，再填写作品。</Text>}
            {cat && (
              <Text className="ct-hint" id="ct-format-rule">
                {formatRule(cat)}
              </Text>
            )}
          </View>

          {option && (
            <View className="ct-field">
              <Text className="ct-label">组别</Text>
              <Chips
                idPrefix="ct-group"
                items={c.groups
                  .filter((g) => option.groups.includes(g.key))
                  .map((g) => ({ key: g.key, label: g.title }))}
                value={group}
                onPick={setGroup}
              />
            </View>
          )}

          <View className="ct-field">
            <Text className="ct-label">作品名称</Text>
            <Input
              id="ct-title"
              className="input"
              value={title}
              maxlength={40}
              placeholder="给作品起个名字"
              onInput={(ev) => setTitle(ev.detail.value)}
            />
          </View>

          {cat && (cat.format === 'text' || cat.maxChars > 0) && (
            <View className="ct-field">
              <Text className="ct-label">{cat.format === 'text' ? '正文' : '作品说明（可不填）'}</Text>
              <Textarea
                id="ct-body"
                className="textarea"
                style={{ minHeight: cat.format === 'text' ? '420px' : '180px' }}
                value={body}
                maxlength={-1}
                placeholder={
                  cat.format === 'text' ? '在这里写正文，也可以从别处粘贴过来' : '简单说说你想表达什么'
                }
                onInput={(ev) => setBody(ev.detail.value)}
              />
              <View
                id="ct-body-count"
                className={`ct-counter ${(cat.format === 'text' && n < cat.minChars) || n > cat.maxChars ? 'ct-counter-bad' : ''}`}
              >
                {cat.format === 'text' && cat.minChars
                  ? `${n} 字（${cat.minChars}–${cat.maxChars} 字）`
                  : `${n}/${cat.maxChars} 字`}
              </View>
            </View>
          )}

          {cat && cat.maxImages > 0 && (
            <View className="ct-field" id="ct-images-field">
              <Text className="ct-label">
                {cat.format === 'images'
                  ? `作品图片（${images.length}/${cat.maxImages}）`
                  : `插图（可不加，${images.length}/${cat.maxImages}）`}
              </Text>
              <View className="ct-images">
                {images.map((img, i) => (
                  <View key={img.fileId} className="ct-image" id={`ct-img-${i}`}>
                    <Image className="ct-image-img" src={fileUrl(img.url)} mode="aspectFill" />
                    <Text
                      className="ct-image-remove"
                      onClick={() => setImages((prev) => prev.filter((x) => x.fileId !== img.fileId))}
                    >
                      ×
                    </Text>
                  </View>
                ))}
                {images.length < cat.maxImages && (
                  <View className="ct-image-add" id="ct-add-image" onClick={() => void addImages()}>
                    <Text className="ct-image-add-plus">+</Text>
                    <Text>添加图片</Text>
                  </View>
                )}
              </View>
              <Text className="ct-hint">图片会先在手机上压缩再上传。画作请拍正、拍清楚，不要拍到名字。</Text>
            </View>
          )}

          {cat?.format === 'video' && (
            <View className="ct-field" id="ct-video-field">
              <Text className="ct-label">短视频</Text>
              {video && (
                <View>
                  <Image className="ct-photo-large" src={fileUrl(video.coverUrl)} mode="widthFix" />
                  <Text className="ct-sub">{`封面 · 长度 ${secondsLabel(video.seconds)}`}</Text>
                </View>
              )}
              <View className="ct-row-actions">
                <Button id="ct-pick-video" onClick={() => void chooseVideo(false)}>
                  {video ? '换一段视频' : '选择视频'}
                </Button>
              </View>
              <Text className="ct-hint">{`${secondsLabel(cat.maxSeconds)}以内、${cat.maxMB} MB 以内的 MP4 视频；封面取自视频画面。`}</Text>
            </View>
          )}

          {cat?.format === 'lesson' && (
            <View className="ct-field" id="ct-lesson-field">
              <Text className="ct-label">课程材料</Text>
              <View className="ct-file">
                <Text className="ct-file-name">
                  {plan ? `教案：${plan.name}` : '教案（必传，PDF 或 Word）'}
                </Text>
                <Button size="small" id="ct-pick-plan" onClick={() => void chooseDoc('plan')}>
                  {plan ? '更换' : '选择'}
                </Button>
              </View>
              <View className="ct-file">
                <Text className="ct-file-name">
                  {slides ? `课件：${slides.name}` : '课件（可选，PPT 或 PDF）'}
                </Text>
                <Button size="small" onClick={() => void chooseDoc('slides')}>
                  {slides ? '更换' : '选择'}
                </Button>
              </View>
              <View className="ct-file">
                <Text className="ct-file-name">
                  {recording
                    ? `课堂录像：${secondsLabel(recording.seconds)}`
                    : `课堂录像（可选，${secondsLabel(cat.maxSeconds)}以内）`}
                </Text>
                <Button size="small" onClick={() => void chooseVideo(true)}>
                  {recording ? '更换' : '选择'}
                </Button>
              </View>
              {ON_WEAPP && (
                <Text className="ct-hint">
                  请先把文件发到微信聊天里（例如发给「文件传输助手」），再从聊天中选择。
                </Text>
              )}
            </View>
          )}

          {option && option.authorType !== 'teacher' && (
            <View className="ct-field">
              <Text className="ct-label">指导教师（可不填）</Text>
              {advisors.length ? (
                <Chips
                  idPrefix="ct-advisor"
                  items={[
                    { key: '', label: '不填' },
                    ...advisors.map((t) => ({ key: t.openid, label: t.name })),
                  ]}
                  value={advisor ?? ''}
                  onPick={(k) => setAdvisor(k || null)}
                />
              ) : (
                <Text className="ct-hint">本校老师还没有在小程序里填写姓名，暂时不能选指导教师。</Text>
              )}
            </View>
          )}

          {option && c.maxCoAuthors > 0 && option.authorType !== 'family' && (
            <View className="ct-field">
              <Text className="ct-label">{`合作者（可不填，最多 ${c.maxCoAuthors} 位）`}</Text>
              {coChoices.length ? (
                <Chips
                  idPrefix="ct-co"
                  items={coChoices}
                  value={coAuthors}
                  onPick={(k) =>
                    setCoAuthors((prev) =>
                      prev.includes(k)
                        ? prev.filter((x) => x !== k)
                        : prev.length < c.maxCoAuthors
                          ? [...prev, k]
                          : prev,
                    )
                  }
                />
              ) : (
                <Text className="ct-hint">没有可以选择的合作者。</Text>
              )}
              {option.authorType === 'student' && (
                <Text className="ct-hint">合作者只能是同班同学，未满14周岁的同学需要家长同意过。</Text>
              )}
            </View>
          )}

          <Text className="ct-notice" id="ct-no-names">
            {f.notes.noNames}
          </Text>
          {cat && (cat.format === 'video' || cat.format === 'lesson') && (
            <Text className="ct-notice" id="ct-human-review">
              {f.notes.humanReview}
            </Text>
          )}

          <CheckLine checked={originality} onChange={setOriginality} id="ct-originality">
            {f.notes.originality}
          </CheckLine>

          <UploadProgress progress={upload.progress} id="ct-upload-progress" />

          <View className="ct-actions">
            <Button type="primary" size="large" block id="ct-submit" onClick={() => void submit()}>
              {e?.status === 'submitted' ? '保存修改' : e?.status === 'returned' ? '重新提交' : '提交作品'}
            </Button>
            {(!e || e.status === 'draft') && (
              <Button block id="ct-save" onClick={() => void saveDraft()}>
                保存草稿
              </Button>
            )}
          </View>
          <Text className="ct-hint">提交后学校老师会审核；学校审核前还可以修改或撤回。</Text>
        </View>
      )}
    </View>
  );
}
