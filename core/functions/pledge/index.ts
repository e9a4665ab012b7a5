import type { ActionMap } from '../../router';
import * as ceremony from './ceremony';
import * as family from './family';
import { home } from './home';
import './columns';
import './metrics';
import './personal';
import * as paper from './paper';
import * as participation from './participation';
import * as sign from './sign';
import * as texts from './texts';

/** pledge: civility pledges, family pledges, ceremonies, paper pledges, participation. */
export const pledgeActions = {
  home,
  getText: texts.getText,
  getScopeText: texts.getScopeText,
  publishText: texts.publishText,
  withdrawText: texts.withdrawText,
  sign: sign.sign,
  joinCeremony: sign.joinCeremony,
  myPledge: sign.myPledge,
  verify: sign.verify,
  signFamily: family.signFamily,
  familyOverview: family.familyOverview,
  familyRecord: family.familyRecord,
  openCeremony: ceremony.openCeremony,
  closeCeremony: ceremony.closeCeremony,
  listCeremonies: ceremony.listCeremonies,
  ceremonyLive: ceremony.ceremonyLive,
  ceremonyInfo: ceremony.ceremonyInfo,
  ceremonyQr: ceremony.ceremonyQr,
  recordPaper: paper.recordPaper,
  removePaper: paper.removePaper,
  paperHistory: paper.paperHistory,
  classView: participation.classView,
} satisfies ActionMap;
