import { layoutGraph } from './graph';
import type { RuleDoc, TriggerDoc } from './types';

const trig = (name: string, feed = false): TriggerDoc => ({ namespace: 'guest', name, ...(feed ? { annotations: [{ key: 'feed', value: '/whisk.system/alarms/alarm' }] } : {}) });
const rule = (name: string, trigger: string, action: string): RuleDoc => ({ namespace: 'guest', name, trigger: { path: 'guest', name: trigger }, action: { path: action.includes('/') ? `guest/${action.split('/')[0]}` : 'guest', name: action.split('/').pop()! } });

describe('the trigger → rule → action graph', () => {
  it('puts triggers, rules and actions in three columns with an edge pair per rule', () => {
    const g = layoutGraph([trig('tick', true), trig('push')], [rule('r2', 'push', 'deploy'), rule('r1', 'tick', 'utils/echo'), rule('r3', 'tick', 'deploy')], new Map([['/guest/r3', 'inactive']]));
    const byKind = (k: string) => g.nodes.filter((n) => n.kind === k).map((n) => `${n.label}@${n.x},${n.y}${n.status ? `:${n.status}` : ''}`);
    expect(byKind('trigger')).toEqual(['tick@0,0:feed', 'push@0,50']);
    expect(byKind('rule')).toEqual(['r1@260,0:active', 'r3@260,50:inactive', 'r2@260,100:active']);
    expect(byKind('action')).toEqual(['utils/echo@520,0', 'deploy@520,50']);
    expect(g.edges).toHaveLength(6);
    const r3 = g.edges.filter((e) => e.from === '/guest/r3' || e.to === '/guest/r3');
    expect(r3.map((e) => e.active)).toEqual([false, false]);
    expect(g.edges.find((e) => e.from === '/guest/tick' && e.to === '/guest/r1')).toMatchObject({ x1: 200, y1: 18, x2: 260, y2: 18 });
    expect(g.height).toBe(136);
  });

  it('adds a node for a rule whose trigger is not listed, and draws nothing for nothing', () => {
    const g = layoutGraph([], [rule('r', 'elsewhere', 'a')]);
    expect(g.nodes.map((n) => n.id)).toEqual(['/guest/elsewhere', '/guest/r', '/guest/a']);
    expect(layoutGraph([], []).nodes).toEqual([]);
  });
});
