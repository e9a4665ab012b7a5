/**
 * The entry form: each category shows the fields of its format (text with its length, pictures, a video
 * with its cover, lesson files); a picked picture goes up at once with its progress; a save that failed on
 * a dropped connection is retried with the same draft key (never a second draft) and later saves name the
 * entry; nothing is submitted without the originality promise; the caring answer to words of self-harm is
 * shown gently.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApiError, call, type OutputOf, uploadFile } from '../../../api/client';
import { emulatePageShows } from '../../../../test/pageShows';
import { mockTaro, setRouter } from '../../../../test/taroMocks';
import { pickImages } from '../shared/media';
import SubmitPage, { draftStorageKey } from './index';

jest.mock('../../../api/client', () => ({
  ...jest.requireActual('../../../api/client'),
  call: jest.fn(),
  uploadFile: jest.fn(),
  isLocalMode: true,
  needsLogin: () => false,
}));
jest.mock('@tarojs/components', () => jest.requireActual('../shared/testing').plainFields());
jest.mock('../shared/media', () => ({
  ...jest.requireActual('../shared/media'),
  pickImages: jest.fn(),
  pickVideo: jest.fn(),
  pickDocument: jest.fn(),
}));

type Form = OutputOf<'contest', 'entryForm'>;
const CALL_ID = 'call-1';

const category = (key: string, title: string, format: string, over: object = {}) => ({
  key,
  title,
  format,
  formatLabel: '',
  minChars: 0,
  maxChars: 0,
  minImages: 0,
  maxImages: 0,
  maxSeconds: 0,
  maxMB: 0,
  ...over,
});

const form = (): Form =>
  ({
    call: {
      callId: CALL_ID,
      title: '网络安全主题征文征画',
      kind: 'works',
      kindLabel: '作品征集',
      level: 'city',
      levelLabel: '市级',
      unitName: '全市',
      intro: '',
      categories: [
        category('essay', '征文', 'text', { minChars: 20, maxChars: 100 }),
        category('drawing', '绘画', 'images', { minImages: 1, maxImages: 3, maxChars: 50 }),
        category('video', '短视频', 'video', { maxSeconds: 180, maxMB: 50, maxChars: 50 }),
        category('lesson', '思政课', 'lesson', { maxSeconds: 2700, maxMB: 100 }),
      ],
      groups: [
        { key: 'primary-low', title: '小学低段', who: 'student', whoLabel: '学生', classes: [] },
        { key: 'junior', title: '初中组', who: 'student', whoLabel: '学生', classes: [] },
      ],
      who: ['student'],
      opensOn: '2026-11-20',
      closesOn: '2026-12-20',
      window: 'open',
      maxCoAuthors: 2,
      maxPerAuthor: 2,
      rounds: ['school', 'district', 'city'],
      judged: true,
      rubric: null,
      tiers: null,
      results: null,
    },
    entry: null,
    options: [
      {
        authorType: 'student',
        rosterId: 'r1',
        schoolId: 'school-lvyin',
        who: '我自己',
        className: '小学三年级2班',
        schoolName: '华龙区绿茵小学',
        groups: ['primary-low'],
        prefillGroup: 'primary-low',
        ready: true,
        note: null,
      },
    ],
    advisors: { 'school-lvyin': [{ openid: 'o-teacher', name: '李老师' }] },
    classmates: { r1: [{ rosterId: 'r2', maskedName: '李*阳' }] },
    submittedByMe: 0,
    uploads: {
      image: {
        title: '作品图片',
        types: ['image/png', 'image/jpeg'],
        maxBytes: 10485760,
        purpose: 'entryImage',
      },
      video: { title: '短视频', types: ['video/mp4'], maxBytes: 104857600, purpose: 'entryVideo' },
      cover: {
        title: '视频封面',
        types: ['image/png', 'image/jpeg'],
        maxBytes: 5242880,
        purpose: 'entryCover',
      },
      document: { title: '教案或课件', types: [], maxBytes: 20971520, purpose: 'entryDocument' },
    },
    notes: {
      originality: '我承诺：本作品由作者本人独立创作。',
      noNames: '作品里请不要写作者姓名。',
      humanReview: '视频和文档要由学校老师看过。',
    },
  }) as unknown as Form;

const saved = (over: object = {}) => ({ entryId: 'e1', status: 'draft', statusLabel: '草稿', ...over });

const api = mockTaro([
  'showModal',
  'showToast',
  'showLoading',
  'hideLoading',
  'redirectTo',
  'getStorageSync',
  'setStorageSync',
  'removeStorageSync',
]);
/** The phone's storage (the draft key of a new entry lives there until its first save). */
const storage = new Map<string, unknown>();
const mockedCall = call as jest.Mock;

/** Type into a field (Taro's Input and Textarea are plain fields here: ../shared/testing). */
function type(el: Element, value: string) {
  fireEvent.change(el, { target: { value } });
}

beforeAll(() => {
  emulatePageShows();
  setRouter('/packages/contest/submit/index', { callId: CALL_ID });
});
afterAll(() => emulatePageShows(false));
beforeEach(() => {
  storage.clear();
  api.getStorageSync.mockImplementation((k: string) => storage.get(k) ?? '');
  api.setStorageSync.mockImplementation((k: string, v: unknown) => void storage.set(k, v));
  api.removeStorageSync.mockImplementation((k: string) => void storage.delete(k));
  api.showModal.mockResolvedValue({ confirm: true });
  api.showLoading.mockResolvedValue({});
  api.showToast.mockResolvedValue({});
  api.redirectTo.mockResolvedValue({});
  mockedCall.mockReset();
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (fn === 'contest' && action === 'entryForm') return form();
    if (fn === 'contest' && action === 'save') return saved();
    if (fn === 'contest' && action === 'submit') return saved({ status: 'submitted' });
    throw new Error(`unexpected call ${fn}.${action}`);
  });
});

const calls = (action: string) =>
  mockedCall.mock.calls.filter(([, a]) => a === action).map(([, , input]) => input);

test('each category shows the fields of its format; the group is pre-filled from the class', async () => {
  const { container } = render(<SubmitPage />);
  await screen.findByText('作品类别');
  expect(container.querySelector('#ct-group-primary-low')!.className).toContain('ct-chip-on');
  expect(screen.queryByText('初中组')).toBeNull(); // a group the pupil's class does not fit

  fireEvent.click(screen.getByText('征文'));
  expect(container.querySelector('#ct-body')).toBeTruthy();
  expect(container.querySelector('#ct-body-count')!.textContent).toBe('0 字（20–100 字）');
  expect(container.querySelector('#ct-add-image')).toBeNull();
  expect(screen.getByText('正文 20–100 字')).toBeTruthy();

  fireEvent.click(screen.getByText('绘画'));
  expect(container.querySelector('#ct-add-image')).toBeTruthy();
  expect(screen.getByText('作品图片（0/3）')).toBeTruthy();
  expect(screen.getByText('作品说明（可不填）')).toBeTruthy();
  expect(container.querySelector('#ct-human-review')).toBeNull();

  fireEvent.click(screen.getByText('短视频'));
  expect(screen.getByText('选择视频')).toBeTruthy();
  expect(container.querySelector('#ct-add-image')).toBeNull();
  expect(container.querySelector('#ct-human-review')!.textContent).toBe('视频和文档要由学校老师看过。');

  fireEvent.click(screen.getByText('思政课'));
  expect(screen.getByText('教案（必传，PDF 或 Word）')).toBeTruthy();
  expect(screen.getByText('课件（可选，PPT 或 PDF）')).toBeTruthy();
});

test('a picked picture goes up at once with its progress, then shows in the form', async () => {
  (pickImages as jest.Mock).mockResolvedValue([{ path: 'blob:drawing-1', ext: 'jpg' }]);
  let progress: ((p: number) => void) | undefined;
  let finish: (id: string) => void = () => undefined;
  (uploadFile as jest.Mock).mockImplementation(
    (_path: string, opts: { onProgress?: (p: number) => void }) =>
      new Promise<string>((resolve) => {
        progress = opts.onProgress;
        finish = resolve;
      }),
  );
  const { container } = render(<SubmitPage />);
  fireEvent.click(await screen.findByText('绘画'));
  fireEvent.click(container.querySelector('#ct-add-image')!);
  await waitFor(() => expect(progress).toBeDefined());
  expect(pickImages).toHaveBeenCalledWith(3);
  expect(uploadFile).toHaveBeenCalledWith(
    'blob:drawing-1',
    expect.objectContaining({ purpose: 'entryImage', ext: 'jpg' }),
  );
  act(() => progress!(40));
  expect(await screen.findByText('正在上传第 1 张图片 40%')).toBeTruthy();
  await act(async () => finish('file-1'));
  await waitFor(() => expect(container.querySelector('#ct-img-0')).toBeTruthy());
  expect(screen.queryByText(/正在上传/)).toBeNull();
  expect(screen.getByText('作品图片（1/3）')).toBeTruthy();
});

test('a save that failed is retried with the same draft key; once saved, the entry is named instead', async () => {
  let fail = true;
  mockedCall.mockImplementation(async (fn: string, action: string) => {
    if (action === 'entryForm') return form();
    if (action === 'save') {
      if (fail) {
        fail = false;
        throw new ApiError('UNAVAILABLE', '网络连接失败，请检查网络后重试');
      }
      return saved();
    }
    throw new Error(`unexpected call ${fn}.${action}`);
  });
  const { container } = render(<SubmitPage />);
  fireEvent.click(await screen.findByText('征文'));
  type(container.querySelector('#ct-title')!, '我的网络安全日记');
  fireEvent.click(screen.getByText('保存草稿'));
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '网络连接失败，请检查网络后重试' }),
    ),
  );
  fireEvent.click(screen.getByText('保存草稿'));
  await waitFor(() => expect(calls('save')).toHaveLength(2));
  const [first, second] = calls('save') as { draftKey?: string; entryId?: string }[];
  expect(first.draftKey).toMatch(/^[\w-]{8,40}$/);
  expect(storage.get(draftStorageKey(CALL_ID))).toBeUndefined(); // kept until saved, then dropped
  expect(second.draftKey).toBe(first.draftKey);
  expect(second.entryId).toBeUndefined();
  await waitFor(() =>
    expect(api.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '草稿已保存' })),
  );

  fireEvent.click(screen.getByText('保存草稿'));
  await waitFor(() => expect(calls('save')).toHaveLength(3));
  const third = calls('save')[2] as {
    draftKey?: string;
    entryId?: string;
    title: string;
    category: string;
    group: string;
  };
  expect(third.entryId).toBe('e1');
  expect(third.draftKey).toBeUndefined();
  expect(third).toEqual(
    expect.objectContaining({ title: '我的网络安全日记', category: 'essay', group: 'primary-low' }),
  );
});

test('nothing is submitted without the originality promise; with it, the entry is saved and submitted', async () => {
  const { container } = render(<SubmitPage />);
  fireEvent.click(await screen.findByText('征文'));
  type(container.querySelector('#ct-title')!, '点击之前想一想');
  type(container.querySelector('#ct-body')!, '陌生人发来的链接我不点，个人信息我不说，转发之前先核实。');
  fireEvent.click(screen.getByText('提交作品'));
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '请先阅读并勾选原创承诺' }),
    ),
  );
  expect(calls('save')).toHaveLength(0);
  expect(calls('submit')).toHaveLength(0);

  fireEvent.click(container.querySelector('#ct-originality')!);
  fireEvent.click(screen.getByText('提交作品'));
  await waitFor(() => expect(calls('submit')).toEqual([{ entryId: 'e1', originality: true }]));
  expect(calls('save')[0]).toEqual(
    expect.objectContaining({ body: '陌生人发来的链接我不点，个人信息我不说，转发之前先核实。', images: [] }),
  );
  await waitFor(() =>
    expect(api.redirectTo).toHaveBeenCalledWith({ url: '/packages/contest/entry/index?id=e1&submitted=1' }),
  );
});

test('the caring answer to words of self-harm is shown as it is, gently', async () => {
  const care = '如果你遇到难过的事，请马上告诉家人或老师，也可以拨打 12355 青少年服务台。你的话没有发布。';
  mockedCall.mockImplementation(async (_fn: string, action: string) => {
    if (action === 'entryForm') return form();
    if (action === 'save') return saved();
    if (action === 'submit') throw new ApiError('INVALID_ARGUMENT', care, { field: 'body', care: true });
    throw new Error(action);
  });
  const { container } = render(<SubmitPage />);
  fireEvent.click(await screen.findByText('征文'));
  type(container.querySelector('#ct-title')!, '我的心里话');
  type(container.querySelector('#ct-body')!, '这是一段足够长的正文，用来测试提交时的关心提示。');
  fireEvent.click(container.querySelector('#ct-originality')!);
  fireEvent.click(screen.getByText('提交作品'));
  await waitFor(() =>
    expect(api.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '我们想对你说', content: care, showCancel: false }),
    ),
  );
  expect(api.redirectTo).not.toHaveBeenCalled();
});
