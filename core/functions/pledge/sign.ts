import { z } from 'zod';
import { C } from '../../collections';
import {
  registerCertificateKind,
  releaseVerifyCode,
  reserveVerifyCode,
  VERIFY_CODE_RE,
  verifyCertificate,
} from '../../certificates';
import { invalid, precondition } from '../../errors';
import type { CampaignDoc, ClassDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { isUnder14, maskName } from '../../privacy';
import { qrTarget } from '../../miniCodes';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { bump } from '../../stats';
import { approvedEntry, CLAIM_PENDING_MESSAGE, claimedEntry } from '../../permissions';
import { DuplicateKeyError, mustGet } from '../../store';
import { yearIn } from '../../time';
import { markUsed, ownUpload, takeOver } from '../../uploads';
import { hasGuardianConsent } from '../identity/family';
import { bumpCeremony, ceremonyCode, ceremonyForSigning } from './ceremony';
import {
  beijingDay,
  mustCampaign,
  pledgeId,
  PLEDGE_PHASES,
  type PledgeDoc,
  sameName,
  type Signature,
  unitOf,
} from './common';
import { METRIC } from './metrics';
import { effectiveLetter, letterByRef, textKey } from './texts';

/** What the under-14 student without guardian consent is told, with both ways forward. */
export const CONSENT_NEEDED_MESSAGE =
  '你还未满14周岁。按照《个人信息保护法》，要先请监护人同意，才能在手机上签名。办法一：请爸爸妈妈（或其他监护人）用微信打开「校园好网民」，用你的家庭码关联你，等班主任确认后点「去同意」。办法二：在老师发的纸质承诺书上签名，由老师登记。';

/** The signature input: a stroke image already uploaded, or the signer's typed name. */
export const signatureInput = z.discriminatedUnion('method', [
  z.object({ method: z.literal('drawn'), fileId: s.fileId }).strict(),
  z.object({ method: z.literal('typed'), typedName: s.personName }).strict(),
]);

/** Rank of an online pledge among its school's online pledges by sign time (exact at read; no counter to write). */
export async function schoolRank(services: Services, p: PledgeDoc): Promise<number> {
  const earlier = await services.store.count(C.pledges, {
    schoolId: p.schoolId,
    year: p.year,
    kind: 'online',
    $or: [{ signedAt: { $lt: p.signedAt } }, { signedAt: p.signedAt, _id: { $lt: p._id } }],
  });
  return earlier + 1;
}

/** A signature as a viewer sees it: a displayable image URL, or the typed name. */
export async function signatureView(services: Services, sig: Signature | undefined) {
  if (!sig) return null;
  if (sig.method === 'typed') return { method: 'typed' as const, typedName: sig.typedName };
  return { method: 'drawn' as const, url: await services.files.url(sig.fileId) };
}

/** The public part of a pledge: masked name, school, day, rank, letter. Shown on the certificate and the verify page. */
async function publicView(services: Services, p: PledgeDoc, campaign: CampaignDoc) {
  return {
    kind: p.kind,
    maskedName: p.maskedName,
    schoolName: p.schoolName,
    day: beijingDay(p.signedAt),
    seq: p.kind === 'online' ? await schoolRank(services, p) : null,
    letterTitle: (await letterByRef(services, p.text)).title,
    campaignTitle: campaign.title,
    year: p.year,
    verifyCode: p.verifyCode ?? null,
    inCeremony: !!p.ceremonyId,
  };
}

/** The signer's own certificate: the public part plus their signature and where to verify it. */
export async function certificateOf(services: Services, p: PledgeDoc, campaign: CampaignDoc) {
  const base = services.config.publicBaseUrl?.replace(/\/+$/, '');
  return {
    pledgeId: p._id,
    signedAt: p.signedAt,
    ...(await publicView(services, p, campaign)),
    signature: await signatureView(services, p.signature),
    verifyPath: p.verifyCode ? `/${VERIFY_PAGE}?code=${p.verifyCode}` : null,
    verifyUrl: base && p.verifyCode ? `${base}/#/${VERIFY_PAGE}?code=${p.verifyCode}` : null,
    /** The certificate's QR: the verify page's mini-program code on WeChat (scene = code), else its URL. */
    verifyQr: p.verifyCode
      ? await qrTarget(services, VERIFY_PAGE, p.verifyCode, { code: p.verifyCode })
      : null,
  };
}

/** The public verify page (subpackage path): certificates' QR codes open it. */
export const VERIFY_PAGE = 'packages/pledge/verify/index';

/** What signing answers: small on purpose (the certificate page reads the rank with myPledge). */
function receipt(p: PledgeDoc, alreadySigned: boolean) {
  return { alreadySigned, pledgeId: p._id, kind: p.kind, verifyCode: p.verifyCode ?? null };
}

/** Count an existing pledge in a ceremony once (an atomic "set unless set"), bumping its live counter. */
async function countInCeremony(
  services: Services,
  p: PledgeDoc,
  ceremonyId: string,
  now: Date,
): Promise<void> {
  const n = await services.store.updateMany(
    C.pledges,
    { _id: p._id, ceremonyId: { $exists: false } },
    { $set: { ceremonyId } },
  );
  if (n === 1) await bumpCeremony(services, ceremonyId, p.rosterId, now);
}

/**
 * A student signs the pledge online (hand-drawn or typed signature). One pledge per roster entry per
 * campaign: signing again answers the existing pledge (alreadySigned) and counts nothing twice. Answers
 * a receipt; the certificate with its rank is read with myPledge. Writes: pledge insert + verification-code insert + one sharded class counter upsert (+ one ceremony
 * counter upsert when signed in a ceremony).
 */
export const sign = defineAction({
  title: '签名承诺',
  input: z
    .object({
      promise: z.literal(true, { errorMap: () => ({ message: '请先勾选「我承诺」' }) }),
      textKey: z.string().min(1).max(120),
      signature: signatureInput,
      ceremonyId: ceremonyCode.optional(),
    })
    .strict(),
  access: ['student'],
  phases: PLEDGE_PHASES,
  async handler({ services, user, openid, now }, input) {
    const campaign = await mustCampaign(services);
    const entry = await approvedEntry(services, user);
    const id = pledgeId(campaign.year, entry._id);
    const cls = await mustGet<ClassDoc>(services.store, C.classes, entry.classId, '班级');
    const existing = await services.store.get<PledgeDoc>(C.pledges, id);
    if (existing) {
      if (input.ceremonyId) {
        const ceremony = await ceremonyForSigning(services, input.ceremonyId, cls, now, openid);
        await countInCeremony(services, existing, ceremony._id, now);
      }
      return receipt(existing, true);
    }
    if (isUnder14(entry, cls, yearIn(now)) && !(await hasGuardianConsent(services, entry._id))) {
      throw precondition(CONSENT_NEEDED_MESSAGE);
    }
    const letter = await effectiveLetter(services, entry.schoolId);
    if (input.textKey !== letter.key) throw precondition('倡议书刚刚更新了，请重新阅读后再签名');
    const upload =
      input.signature.method === 'drawn'
        ? await ownUpload(services, input.signature.fileId, openid, 'signature')
        : null;
    if (input.signature.method === 'typed' && !sameName(input.signature.typedName, entry.name)) {
      throw invalid('请输入你在班级名单上的名字');
    }
    const ceremony = input.ceremonyId
      ? await ceremonyForSigning(services, input.ceremonyId, cls, now, openid)
      : null;
    const school = await services.store.get<SchoolDoc>(C.schools, entry.schoolId);
    // The drawn signature becomes the server's own file (nobody can swap it on the certificate later).
    const signature: PledgeDoc['signature'] =
      upload && input.signature.method === 'drawn'
        ? { method: 'drawn', fileId: await takeOver(services, upload) }
        : input.signature;
    // Code first, pledge second: a crash in between leaves only an orphan code that verifies nothing.
    const verifyCode = await reserveVerifyCode(services, 'pledge', id);
    const doc: PledgeDoc = {
      _id: id,
      year: campaign.year,
      rosterId: entry._id,
      ...unitOf(entry),
      kind: 'online',
      maskedName: maskName(entry.name),
      schoolName: school?.name ?? '',
      signedAt: now.toISOString(),
      text: { scope: letter.scope, version: letter.version },
      openid,
      signature,
      verifyCode,
      ...(ceremony ? { ceremonyId: ceremony._id } : {}),
    };
    try {
      await services.store.insert(C.pledges, doc);
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      // A double tap or a retried request got there first: answer its pledge, count nothing.
      await releaseVerifyCode(services, verifyCode);
      return receipt(await mustGet<PledgeDoc>(services.store, C.pledges, id, '承诺'), true);
    }
    if (upload && signature.method === 'drawn') {
      await markUsed(services, upload, signature.fileId, `pledges/${id}`);
    }
    await bump(services.store, unitOf(entry), METRIC.online, 1, entry._id, now);
    if (ceremony) await bumpCeremony(services, ceremony._id, entry._id, now);
    return receipt(doc, false);
  },
});

/** A student who already signed scans a ceremony code: counted in that ceremony once (no new pledge). */
export const joinCeremony = defineAction({
  title: '参加升旗仪式宣誓',
  input: z.object({ ceremonyId: ceremonyCode }).strict(),
  access: ['student'],
  phases: PLEDGE_PHASES,
  async handler({ services, user, openid, now }, { ceremonyId }) {
    const campaign = await mustCampaign(services);
    const entry = await approvedEntry(services, user);
    const cls = await mustGet<ClassDoc>(services.store, C.classes, entry.classId, '班级');
    const p = await services.store.get<PledgeDoc>(C.pledges, pledgeId(campaign.year, entry._id));
    if (!p) throw precondition('你还没有签名承诺，请先读完公约和倡议书，再签名');
    const ceremony = await ceremonyForSigning(services, ceremonyId, cls, now, openid);
    await countInCeremony(services, p, ceremony._id, now);
    return { joined: true, ceremonyId: ceremony._id };
  },
});

/** The student's own pledge state: signed (with certificate) or what stands in the way. */
export const myPledge = defineAction({
  title: '我的承诺',
  input: z.object({}).strict(),
  access: ['student'],
  async handler({ services, user, now }) {
    const campaign = await mustCampaign(services);
    const entry = await claimedEntry(services, user);
    const claimApproved = entry.claimStatus === 'approved';
    const cls = await mustGet<ClassDoc>(services.store, C.classes, entry.classId, '班级');
    const p = claimApproved
      ? await services.store.get<PledgeDoc>(C.pledges, pledgeId(campaign.year, entry._id))
      : null;
    const under14 = isUnder14(entry, cls, yearIn(now));
    const consent = under14 ? await hasGuardianConsent(services, entry._id) : true;
    const school = await services.store.get<SchoolDoc>(C.schools, entry.schoolId);
    return {
      name: entry.name,
      className: className(cls),
      schoolName: school?.name ?? '',
      schoolId: entry.schoolId,
      claimApproved,
      under14,
      consent,
      canSignOnline: claimApproved && consent,
      consentMessage: !claimApproved ? CLAIM_PENDING_MESSAGE : consent ? null : CONSENT_NEEDED_MESSAGE,
      certificate: p ? await certificateOf(services, p, campaign) : null,
    };
  },
});

/** The pledge certificate as the public verify page shows it (masked name, school, day, rank, letter). */
registerCertificateKind('pledge', async (services, ref, code) => {
  const p = await services.store.get<PledgeDoc>(C.pledges, ref);
  if (!p || p.verifyCode !== code) return null;
  const campaign = await mustCampaign(services);
  const v = await publicView(services, p, campaign);
  return {
    kind: 'pledge',
    title: '文明上网 承诺证书',
    maskedName: v.maskedName,
    salutation: '同学',
    schoolName: v.schoolName,
    day: v.day,
    lines: [`承诺内容：《全国青少年网络文明公约》《${v.letterTitle}》`],
    detail: v,
  };
});

/**
 * Anyone (no login) checks a certificate by its code: the one verification path for pledge, award and
 * quiz certificates (core/certificates.ts). Only masked data is shown; checks are throttled.
 */
export const verify = defineAction({
  title: '验证证书',
  input: z
    .object({
      code: z
        .string()
        .trim()
        .transform((v) => v.toUpperCase())
        .pipe(z.string().regex(VERIFY_CODE_RE, '验证码是 8 位字母和数字')),
    })
    .strict(),
  access: 'public',
  async handler({ services, openid, now }, { code }) {
    return verifyCertificate(services, code, openid, now);
  },
});

/** The key of the letter a pledge was made under (for exports). */
export function pledgeTextKey(p: PledgeDoc): string {
  return textKey(p.text);
}
