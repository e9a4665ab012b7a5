import type { ActionMap } from '../../router';

/** pledge: civility pledges, family pledges, ceremonies, paper pledges, participation. */
export const pledgeActions = {} satisfies ActionMap;
