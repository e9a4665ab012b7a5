import { exhausted } from '../../errors';
import { countAttempt, type LimitRule } from '../../rateLimit';
import { defineAction, type ActionMap } from '../../router';
import { prepareUpload as prepare, prepareUploadInput } from '../../uploads';

/** Upload tickets one account may ask for per hour (a class photo session, a contest entry with 9 images…). */
export const UPLOAD_LIMIT: LimitRule = { name: 'upload:account', limit: 200, windowMs: 3_600_000 };

/**
 * Ask where to upload a file: records the caller as its owner and answers an unguessable path. Every
 * file id a handler later accepts must come from such a ticket of the caller's (core/uploads.ts).
 */
export const prepareUpload = defineAction({
  title: '上传文件',
  input: prepareUploadInput,
  access: 'user',
  async handler({ services, openid, now }, input) {
    if (!(await countAttempt(services, UPLOAD_LIMIT, openid, now))) {
      throw exhausted('上传次数太多了，请一小时后再试');
    }
    return prepare(services, openid, input, now);
  },
});

/** files: upload tickets (who owns which file). */
export const filesActions = { prepareUpload } satisfies ActionMap;
