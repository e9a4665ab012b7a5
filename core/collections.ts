/** Collection names, one constant each, so a typo is a compile error and a rename is one edit. */
export const C = {
  users: 'users',
  districts: 'districts',
  schools: 'schools',
  classes: 'classes',
  roster: 'roster',
  invites: 'invites',
  families: 'families',
  familyCodes: 'family_codes',
  consents: 'consents',
  campaigns: 'campaigns',
  audit: 'audit_log',
  counters: 'counters',
  pledges: 'pledges',
  pledgeTexts: 'pledge_texts',
  familyPledges: 'family_pledges',
  ceremonies: 'ceremonies',
  reminders: 'reminders',
  cards: 'cards',
  shares: 'share_events',
  meta: 'meta',
  rateLimits: 'rate_limits',
} as const;

export type CollectionName = (typeof C)[keyof typeof C];
