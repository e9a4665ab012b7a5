/**
 * The call editor's draft: an organiser editing a call starts from its saved settings (quotas, judges per
 * work, 优秀组织奖, early results), and only what they changed is sent back.
 */
import type { OutputOf } from '../../../api/client';
import { draftOf, updateInput } from './callDraft';

type Info = OutputOf<'contest', 'callInfo'>;

const loaded = {
  kind: 'works',
  title: '网络安全主题征文征画',
  intro: '征文与绘画',
  opensOn: '2026-06-01',
  closesOn: '2026-09-30',
  categories: [{ key: 'drawing', title: '绘画', format: 'images', formatLabel: '图片' }],
  groups: [{ key: 'primary', title: '小学组', who: 'student', whoLabel: '学生', classes: [] }],
  maxCoAuthors: 2,
  maxPerAuthor: 1,
  rubric: null,
  tiers: [{ tier: 'first', count: 1 }],
} as unknown as Info['call'];

const settings: Info['settings'] = {
  quotas: { school: 4, district: 2, overrides: [{ category: 'drawing', group: 'primary', school: 6 }] },
  judgesPerEntry: 5,
  organisationAwards: 8,
  earlyResults: true,
};

test('editing starts from the saved settings and sends nothing that did not change', () => {
  const base = draftOf(loaded, settings);
  expect(base).toMatchObject({
    quotaSchool: 4,
    quotaDistrict: 2,
    overrides: [{ category: 'drawing', group: 'primary', school: 6 }],
    judgesPerEntry: 5,
    organisationAwards: 8,
    earlyResults: true,
  });
  expect(updateInput(draftOf(loaded, settings), base, 'city', 'call-1')).toEqual({ callId: 'call-1' });
});

test('a changed quota or judging setting is sent, with the whole quota table', () => {
  const base = draftOf(loaded, settings);
  const edited = { ...draftOf(loaded, settings), quotaSchool: 5, judgesPerEntry: 3 };
  expect(updateInput(edited, base, 'city', 'call-1')).toEqual({
    callId: 'call-1',
    judgesPerEntry: 3,
    quotas: { school: 5, district: 2, overrides: [{ category: 'drawing', group: 'primary', school: 6 }] },
  });
});

test('someone who does not organise the call gets no settings: the fields start empty', () => {
  expect(draftOf(loaded, null)).toMatchObject({
    quotaSchool: null,
    judgesPerEntry: null,
    earlyResults: null,
  });
});
