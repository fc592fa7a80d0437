import { loadConfig } from '@pt/platform';
import { GatewayConfig } from '../gateway.config';

describe('Gateway clock (P13 tests move it; production cannot)', () => {
  it('P13: CLOCK_OFFSET_MS outside NODE_ENV=test stops the gateway at start', () => {
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', CLOCK_OFFSET_MS: '60000' })).toThrow(
      /CLOCK_OFFSET_MS: may only be set when NODE_ENV=test/,
    );
    expect(loadConfig(GatewayConfig, { NODE_ENV: 'test', CLOCK_OFFSET_MS: '-5000' }).CLOCK_OFFSET_MS).toBe(-5000);
  });

  it('P13: activity reporting is on by default and only on|off are accepted', () => {
    expect(loadConfig(GatewayConfig, {}).ACTIVITY_REPORTING).toBe('on');
    expect(() => loadConfig(GatewayConfig, { ACTIVITY_REPORTING: 'maybe' })).toThrow(/ACTIVITY_REPORTING/);
  });
});
