import type { ActionMap } from '../../router';
import * as analysis from './analysis';
import * as bank from './bank';
import * as classView from './classView';
import * as exporting from './export';
import * as importing from './import';
import * as maintenance from './maintenance';
import * as manage from './manage';
import './columns';
import './personal';
import * as ranking from './ranking';
import * as results from './results';
import * as take from './take';

/** quiz: question banks, knowledge quizzes, attempts, results, rankings, item analysis, exports. */
export const quizActions = {
  home: results.quizHome,
  quizInfo: results.quizInfo,
  start: take.startAttempt,
  current: take.current,
  saveAnswers: take.saveAnswers,
  submit: take.submitAttempt,
  myResult: results.myResult,
  myCertificate: results.myCertificate,
  classResults: classView.classResults,
  remind: classView.remindQuiz,
  ranking: ranking.ranking,
  topList: ranking.topList,
  itemAnalysis: analysis.itemAnalysis,
  exportXlsx: exporting.exportQuizXlsx,
  bankList: bank.bankList,
  saveQuestion: bank.saveQuestion,
  archiveQuestion: bank.archiveQuestion,
  importQuestions: importing.importQuestions,
  importTemplate: importing.importTemplate,
  previewQuiz: manage.previewQuiz,
  createQuiz: manage.createQuiz,
  updateQuiz: manage.updateQuiz,
  withdrawQuiz: manage.withdrawQuiz,
  quizSettings: manage.quizSettingsOf,
  recount: maintenance.recountQuizNow,
} satisfies ActionMap;
