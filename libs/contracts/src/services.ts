/** The services behind the gateway; each answers on its own NATS queue group. */
export const SERVICE_NAMES = ['identity', 'pupil-records', 'assessment', 'billing', 'audit'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
