import { C } from '../../collections';
import { AppError, denied, ErrorCode, invalid, precondition } from '../../errors';
import type { DistrictDoc, SchoolDoc, UserDoc } from '../../model';
import { managesQuizUnit, mayUseBank, type QuizUnit } from '../../permissions';
import { loadCampaign } from '../../router';
import type { Services } from '../../services';
import { mustGet } from '../../store';
import { type UnitKey, unitKeyOf } from './model';

/** A quiz-owning unit loaded for a caller: level, id, district, key and display name. */
export interface OwnerUnit extends QuizUnit {
  key: UnitKey;
  name: string;
}

/**
 * Load the unit (city, a district, a school) named by `level` and `id` and check the caller may
 * `manage` it (run its quizzes and edit its questions) or `use` its question bank when composing.
 */
export async function ownerUnitFor(
  services: Services,
  user: UserDoc,
  level: 'city' | 'district' | 'school',
  id: string | undefined,
  access: 'manage' | 'use',
): Promise<OwnerUnit> {
  let unit: QuizUnit;
  let name: string;
  if (level === 'city') {
    unit = { level, unitId: 'city' };
    name = (await loadCampaign(services))?.cityName ?? '全市';
  } else {
    if (!id) throw invalid(level === 'district' ? '请指定县区' : '请指定学校');
    if (level === 'district') {
      const d = await mustGet<DistrictDoc>(services.store, C.districts, id, '县区');
      unit = { level, unitId: d._id, districtId: d._id };
      name = d.name;
    } else {
      const sc = await mustGet<SchoolDoc>(services.store, C.schools, id, '学校');
      unit = { level, unitId: sc._id, districtId: sc.districtId };
      name = sc.name;
    }
  }
  const ok = access === 'manage' ? managesQuizUnit(user, unit) : mayUseBank(user, unit);
  if (!ok) {
    throw denied(
      access === 'manage' ? '只能管理自己负责的单位的竞赛和题目' : '只能查看自己单位和上级单位的题库',
    );
  }
  return { ...unit, key: unitKeyOf(unit), name };
}

/**
 * Check text an admin wrote (questions, quiz titles) before pupils can see it. Refused when no content
 * checker is configured, or when the checker does not pass it (a question is not published for review).
 */
export async function moderateText(services: Services, text: string, openid: string): Promise<void> {
  if (!services.moderator) throw precondition('内容审核服务未配置，暂时不能发布题目');
  let verdict;
  try {
    verdict = await services.moderator.checkText(text, openid);
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error('[quiz] moderation failed', err);
    throw new AppError(ErrorCode.INTERNAL, '内容检查暂时不可用，请稍后再试');
  }
  if (verdict.verdict !== 'pass') {
    throw invalid(verdict.reason ?? '内容没有通过审核，请修改后再提交');
  }
}

/** The moderator's verdict on a text, answered instead of thrown (for the per-row import report). */
export async function moderationProblem(
  services: Services,
  text: string,
  openid: string,
): Promise<string | null> {
  try {
    await moderateText(services, text, openid);
    return null;
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.INVALID_ARGUMENT) return err.message;
    throw err;
  }
}
