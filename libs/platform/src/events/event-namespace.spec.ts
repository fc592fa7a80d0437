import { EventNamespace } from './event-namespace';

describe('EventNamespace', () => {
  it('uses the EVENTS stream over evt.> when no namespace is set (production)', () => {
    const ns = new EventNamespace();
    expect(ns.stream).toBe('EVENTS');
    expect(ns.streamSubjects).toEqual(['evt.>']);
    expect(ns.wire('evt.pupils.pupil.created')).toBe('evt.pupils.pupil.created');
  });

  it('gives a test run its own stream and subjects, and maps them back to contract subjects', () => {
    const ns = new EventNamespace('t_run_1');
    expect(ns.stream).toBe('EVENTS_T_RUN_1');
    expect(ns.streamSubjects).toEqual(['t_run_1.evt.>']);
    expect(ns.wire('evt.pupils.pupil.created')).toBe('t_run_1.evt.pupils.pupil.created');
    expect(ns.canonical('t_run_1.evt.pupils.pupil.created')).toBe('evt.pupils.pupil.created');
  });
});
