import { BusException } from '@pt/platform';

/**
 * The refusals every assessment concept gives for a framework, point or measure it cannot
 * see: another school's id answers exactly as a missing one does.
 */
export const frameworkNotFound = () => BusException.notFound('framework.not_found', 'The framework does not exist');
export const pointNotFound = () =>
  BusException.notFound('assessment_point.not_found', 'The assessment point does not exist');
export const measureNotFound = (message = 'The measure does not exist') =>
  BusException.notFound('measure.not_found', message);
