import { describe, expect, it } from 'vitest';
import { parseBenchOptions, SCENARIOS } from '../../bench/options.js';

describe('npm run bench flags', () => {
  it('GIVEN no flags THEN the full run: 200/s for 20 s, 5,000 servers, every scenario but the several-hosts one', () => {
    expect(parseBenchOptions([])).toMatchObject({ quick: false, soak: false, rate: 200, durationMs: 20_000, fanoutServers: 5_000, scenarios: SCENARIOS.filter((name) => name !== 'hosts') });
  });

  it('GIVEN --hosts N THEN only the several-hosts scenario, over N hosts and 2,000 servers unless --servers says otherwise', () => {
    expect(parseBenchOptions(['--hosts', '3'])).toMatchObject({ scenarios: ['hosts'], hosts: 3, hostServers: 2_000 });
    expect(parseBenchOptions(['--hosts', '2', '--servers', '500'])).toMatchObject({ hosts: 2, hostServers: 500 });
    expect(parseBenchOptions(['--hosts', '2', '--only', 'hosts,fanout'])?.scenarios).toEqual(['hosts', 'fanout']);
    expect(() => parseBenchOptions(['--hosts', '0'])).toThrow(/--hosts/);
    expect(() => parseBenchOptions(['--hosts', '1.5'])).toThrow(/--hosts/);
  });

  it('GIVEN --quick THEN 5 s of load and 1,000 servers; GIVEN --soak THEN the soak run is chosen', () => {
    expect(parseBenchOptions(['--quick'])).toMatchObject({ quick: true, durationMs: 5_000, fanoutServers: 1_000 });
    expect(parseBenchOptions(['--soak'])?.soak).toBe(true);
  });

  it('GIVEN a wrong value THEN the error names the flag; GIVEN --help THEN null', () => {
    expect(() => parseBenchOptions(['--only', 'nonsense'])).toThrow(/--only/);
    expect(() => parseBenchOptions(['--rate', '-3'])).toThrow(/--rate/);
    expect(parseBenchOptions(['--help'])).toBeNull();
  });

  it('GIVEN --bot-node-flags THEN the bot gets them after npm start’s; GIVEN something else than flags THEN the error names it', () => {
    expect(parseBenchOptions([])?.botNodeFlags).toEqual([]);
    expect(parseBenchOptions(['--bot-node-flags=--max-semi-space-size=16 --trace-gc'])?.botNodeFlags).toEqual(['--max-semi-space-size=16', '--trace-gc']);
    expect(() => parseBenchOptions(['--bot-node-flags', 'rm -rf'])).toThrow(/--bot-node-flags/);
  });
});
