import { C } from '../collections';
import { createHarness, DEMO_USERS as U, expectError } from '../../testing/harness';
import { CARE_MESSAGE, CARE_TEMPLATE } from './gate';

const card = { templateId: 'qinglang', slogan: '我不想活了' };

describe('the moderation gate', () => {
  it('answers a child’s words of self-harm with care and stores none of the words', async () => {
    const h = await createHarness();
    await h.login(U.student);
    const err = expectError(await h.call(U.student, 'card', 'create', card), 'INVALID_ARGUMENT');
    expect(err.message).toBe(CARE_MESSAGE);
    expect(err.message).toContain('12355');
    expect(err.message).not.toContain('改一改');
    expect(await h.store.count(C.cards, {})).toBe(0);
    // The only writes are the teacher's care notice and its once-a-day marker: no text is kept.
    expect(JSON.stringify(await h.snapshot())).not.toContain('不想活');
  });

  it('sends the care notice to the class teacher (once a day) when a pupil writes it', async () => {
    const h = await createHarness();
    await h.login(U.student);
    await h.call(U.student, 'card', 'create', card);
    await h.call(U.student, 'card', 'create', card);
    const notices = await h.store.find<{
      _id: string;
      openid: string;
      template: string;
      data: Record<string, string>;
    }>(C.reminders, {
      template: CARE_TEMPLATE,
    });
    expect(notices).toHaveLength(1);
    expect(notices[0].openid).toBe(U.teacher);
    expect(JSON.stringify(notices[0].data)).not.toContain('不想活');
  });

  it('publishing a city letter without a moderator is refused (never published unchecked)', async () => {
    const h = await createHarness();
    h.services.moderator = undefined;
    await h.rejects(
      U.cityAdmin,
      'pledge',
      'publishText',
      { level: 'city', title: '倡议书', body: '同学们：让我们一起文明上网，做校园好网民，弘扬正能量。' },
      'FAILED_PRECONDITION',
    );
  });
});
