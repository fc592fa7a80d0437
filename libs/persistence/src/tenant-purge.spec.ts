import { childrenFirst } from './tenant-purge';

describe('the order a school purge empties tables in', () => {
  it('P25: empties every table before the tables it references, so no foreign key blocks the purge', () => {
    const order = childrenFirst(
      ['assessment_point', 'assessment_result', 'assessment_result_history', 'measure'],
      [
        { child: 'assessment_result', parent: 'measure' },
        { child: 'assessment_result', parent: 'assessment_point' },
        { child: 'assessment_result_history', parent: 'assessment_result' },
        { child: 'other_service_table', parent: 'measure' },
      ],
    );
    expect(order).toHaveLength(4);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('assessment_result_history', 'assessment_result');
    before('assessment_result', 'measure');
    before('assessment_result', 'assessment_point');
  });
});
