import type { ActionMap } from '../router';
import * as campaign from './campaign/actions';
import { cardActions } from './card';
import { contestActions } from './contest';
import { filesActions } from './files';
import { overviewActions } from './overview';
import { pledgeActions } from './pledge';
import { quizActions } from './quiz';
import * as family from './identity/family';
import * as identityInvites from './identity/invites';
import * as join from './identity/join';
import * as me from './identity/me';
import * as orgClasses from './org/classes';
import * as districts from './org/districts';
import * as invites from './org/invites';
import * as roster from './org/roster';
import * as schools from './org/schools';

/** identity: who the caller is, joining classes and families, consent, own data. */
export const identityActions = {
  me: me.me,
  leave: me.leave,
  exportMyData: me.exportMyData,
  deleteMyData: me.deleteMyData,
  exportChildData: me.exportChildData,
  deleteChildData: me.deleteChildData,
  redeemInvite: identityInvites.redeemInvite,
  bootstrapCity: identityInvites.bootstrapCity,
  lookupClass: join.lookupClass,
  claimRoster: join.claimRoster,
  createFamilyCode: family.createFamilyCode,
  linkChild: family.linkChild,
  requestLink: family.requestLink,
  consentText: family.consentText,
  childPrivacyRules: family.childPrivacyRules,
  giveConsent: family.giveConsent,
  revokeConsent: family.revokeConsent,
  setChildBirthYear: family.setChildBirthYear,
} satisfies ActionMap;

/** org: districts, schools, classes, rosters and invites. */
export const orgActions = {
  createDistrict: districts.createDistrict,
  listDistricts: districts.listDistricts,
  createSchool: schools.createSchool,
  listSchools: schools.listSchools,
  getSchool: schools.getSchool,
  createClass: orgClasses.createClass,
  listClasses: orgClasses.listClasses,
  myClasses: orgClasses.myClasses,
  getClass: orgClasses.getClass,
  regenerateClassCode: orgClasses.regenerateClassCode,
  classJoinQr: orgClasses.classJoinQr,
  addRoster: roster.addRoster,
  importRosterXlsx: roster.importRosterXlsx,
  removeRosterEntry: roster.removeRosterEntry,
  approveClaim: roster.approveClaim,
  undoClaim: roster.undoClaim,
  confirmParentLink: roster.confirmParentLink,
  setBirthYear: roster.setBirthYear,
  createInvite: invites.createInvite,
  listInvites: invites.listInvites,
  revokeInvite: invites.revokeInvite,
} satisfies ActionMap;

/** campaign: the campaign's settings and phases. */
export const campaignActions = {
  get: campaign.getCampaign,
  update: campaign.updateCampaign,
} satisfies ActionMap;

/** Every cloud function by name: the local server routes /api/functions/<name> through this. */
export const FUNCTIONS = {
  identity: identityActions,
  org: orgActions,
  campaign: campaignActions,
  pledge: pledgeActions,
  card: cardActions,
  files: filesActions,
  overview: overviewActions,
  quiz: quizActions,
  contest: contestActions,
} satisfies Record<string, ActionMap>;

/** The function map's type: the app's API client derives every input and output type from it. */
export type FunctionMap = typeof FUNCTIONS;
