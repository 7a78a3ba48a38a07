import { outcomeClass, outcomeOf } from './outcome';
import { layoutTimeline } from './timeline';
import type { ActivationDoc } from './types';

const act = (id: string, start: number, duration: number | undefined, statusCode?: number): ActivationDoc => ({
  namespace: 'guest',
  name: `a${id}`,
  activationId: id,
  start,
  ...(duration !== undefined ? { end: start + duration, duration, statusCode } : {}),
});

describe('activation outcomes', () => {
  it('reads list items (statusCode) and whole records (response), and running ones', () => {
    expect(outcomeOf(act('1', 0, 5, 0))).toBe('success');
    expect(outcomeOf(act('1', 0, 5, 2))).toBe('developer error');
    expect(outcomeOf({ ...act('1', 0, undefined), response: { status: 'whisk internal error', success: false } })).toBe('internal error');
    expect(outcomeOf({ ...act('1', 0, undefined), response: { status: 'application error', statusCode: 1, success: false } })).toBe('application error');
    expect(outcomeOf(act('1', 0, undefined))).toBe('success'); // a trigger's fire: end 0, no kind
    expect(outcomeOf({ ...act('1', 0, undefined), annotations: [{ key: 'kind', value: 'nodejs:20' }] })).toBe('running');
    expect(outcomeClass('application error')).toBe('outcome-application-error');
  });
});

describe('the timeline layout', () => {
  it('maps start to x and duration to width on the chart width, coloured by outcome', () => {
    const t = layoutTimeline([act('b', 1500, 500, 1), act('a', 1000, 1000, 0)], { width: 1000 });
    expect(t.from).toBe(1000);
    expect(t.to).toBe(2000);
    expect(t.bars.map((b) => [b.id, b.x, b.width, b.lane, b.className])).toEqual([
      ['a', 0, 1000, 0, 'outcome-success'],
      ['b', 500, 500, 1, 'outcome-application-error'],
    ]);
    expect(t.ticks[0]).toEqual({ x: 0, at: 1000 });
    expect(t.ticks[t.ticks.length - 1]).toEqual({ x: 1000, at: 2000 });
  });

  it('reuses a lane once its bar ended, gives tiny runs a visible width and caps the lanes', () => {
    const t = layoutTimeline([act('1', 0, 100, 0), act('2', 200, 0, 0), act('3', 300, 700, 0)], { width: 1000, minBarWidth: 4 });
    expect(t.bars.map((b) => b.lane)).toEqual([0, 0, 0]);
    expect(t.bars[1].width).toBe(4);
    const many = layoutTimeline(Array.from({ length: 20 }, (_, i) => act(String(i).padStart(2, '0'), i, 1000, 0)), { width: 500, maxLanes: 5 });
    expect(many.lanes).toBe(5);
    expect(Math.max(...many.bars.map((b) => b.lane))).toBe(4);
  });

  it('draws a running activation up to now, and an empty list as nothing', () => {
    const running = { ...act('r', 1000, undefined), annotations: [{ key: 'kind', value: 'nodejs:20' }] };
    const t = layoutTimeline([running], { width: 100, now: 3000 });
    expect(t.to).toBe(3000);
    expect(t.bars[0]).toMatchObject({ x: 0, width: 100, outcome: 'running' });
    expect(layoutTimeline([], { width: 100 }).bars).toEqual([]);
    const fire = layoutTimeline([act('t', 1000, undefined), act('a', 1000, 1000, 0)], { width: 100, now: 9000, minBarWidth: 2 });
    expect(fire.to).toBe(2000);
    expect(fire.bars.find((b) => b.id === 't')).toMatchObject({ width: 2, outcome: 'success' });
  });
});
