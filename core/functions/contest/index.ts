import type { ActionMap } from '../../router';
import * as calls from './calls';
import * as entries from './entries';
import * as exportsModule from './exports';
import * as gallery from './gallery';
import { home } from './home';
import * as judging from './judging';
import './lifecycle';
import * as metrics from './metrics';
import * as results from './results';
import * as review from './review';

export { sweepContestExports } from './exports';
export { deleteEntry } from './entries';

/** contest: calls, entries, school / district / city rounds, judging, awards, exhibitions, exports. */
export const contestActions = {
  home,
  callInfo: calls.callInfo,
  createCall: calls.createCall,
  updateCall: calls.updateCall,
  reviewers: calls.reviewers,
  setReviewers: calls.setReviewers,
  setMyName: calls.setMyName,
  entryForm: entries.entryForm,
  save: entries.save,
  submit: entries.submit,
  withdraw: entries.withdraw,
  remove: entries.remove,
  myEntries: entries.myEntries,
  entry: entries.entry,
  reviewQueue: review.reviewQueue,
  review: review.review,
  judgingBoard: judging.judgingBoard,
  setJudges: judging.setJudges,
  assignJudges: judging.assign,
  reassignJudge: judging.reassignJudge,
  judgeTasks: judging.judgeTasks,
  judgeEntry: judging.judgeEntry,
  score: judging.score,
  results: results.results,
  publishAwards: results.publishAwards,
  correctAward: results.correctAward,
  publishSelection: results.publishSelection,
  myCertificates: results.myCertificates,
  certificate: results.certificate,
  gallery: gallery.gallery,
  exhibitions: gallery.exhibitions,
  work: gallery.work,
  column: gallery.column,
  like: gallery.like,
  shareCode: gallery.shareCode,
  exportList: exportsModule.exportList,
  exportWorks: exportsModule.exportWorks,
  stats: metrics.stats,
} satisfies ActionMap;
