import { splitPath } from './names';
import type { RuleDoc, TriggerDoc } from './types';

/** A node of the trigger → rule → action graph. */
export interface GraphNode {
  id: string;
  kind: 'trigger' | 'rule' | 'action';
  label: string;
  x: number;
  y: number;
  /** Rules: `active` or `inactive`; triggers: `feed` when they have one. */
  status?: string;
}

/** An edge between two nodes, with its end points. */
export interface GraphEdge {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  active: boolean;
}

/** The laid-out graph: three columns, each node on its own row. */
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

/** Geometry of the layout. */
export interface GraphLayout {
  columnWidth: number;
  nodeWidth: number;
  nodeHeight: number;
  rowGap: number;
}

const LAYOUT: GraphLayout = { columnWidth: 260, nodeWidth: 200, nodeHeight: 36, rowGap: 14 };

const key = (p: { namespace: string; pkg?: string; name: string }) => `/${p.namespace}/${p.pkg ? `${p.pkg}/` : ''}${p.name}`;

/**
 * Lays out triggers, their rules and the rules' actions in three columns. Rules come from the rules list (which
 * names trigger and action by path); a rule's trigger that is not in `triggers` still gets a node. Rows follow the
 * trigger order so each trigger's rules sit beside it; an action used by several rules appears once.
 */
export function layoutGraph(triggers: readonly TriggerDoc[], rules: readonly RuleDoc[], ruleStatus: ReadonlyMap<string, string> = new Map(), layout: GraphLayout = LAYOUT): Graph {
  const triggerIds: string[] = [];
  const addTrigger = (id: string) => !triggerIds.includes(id) && triggerIds.push(id);
  for (const t of triggers) addTrigger(key({ namespace: t.namespace, name: t.name }));
  const ruleRows: { id: string; label: string; trigger: string; action: string }[] = [];
  for (const r of rules) {
    const trigger = key(splitPath(r.trigger.path ? `/${r.trigger.path}/${r.trigger.name}` : r.trigger.name));
    const action = key(splitPath(r.action.path ? `/${r.action.path}/${r.action.name}` : r.action.name));
    addTrigger(trigger);
    ruleRows.push({ id: key({ namespace: r.namespace, name: r.name }), label: r.name, trigger, action });
  }
  ruleRows.sort((a, b) => triggerIds.indexOf(a.trigger) - triggerIds.indexOf(b.trigger));
  const actionIds: string[] = [];
  for (const r of ruleRows) if (!actionIds.includes(r.action)) actionIds.push(r.action);

  const row = (i: number) => i * (layout.nodeHeight + layout.rowGap);
  const nodes: GraphNode[] = [];
  const at = new Map<string, GraphNode>();
  const place = (id: string, kind: GraphNode['kind'], label: string, col: number, i: number, status?: string) => {
    const n: GraphNode = { id, kind, label, x: col * layout.columnWidth, y: row(i), ...(status ? { status } : {}) };
    nodes.push(n);
    at.set(`${kind}:${id}`, n);
  };
  const feeds = new Set(triggers.filter((t) => t.annotations?.some((a) => a.key === 'feed')).map((t) => key({ namespace: t.namespace, name: t.name })));
  triggerIds.forEach((id, i) => place(id, 'trigger', splitPath(id).name, 0, i, feeds.has(id) ? 'feed' : undefined));
  ruleRows.forEach((r, i) => place(r.id, 'rule', r.label, 1, i, ruleStatus.get(r.id) ?? 'active'));
  actionIds.forEach((id, i) => {
    const p = splitPath(id);
    place(id, 'action', p.pkg ? `${p.pkg}/${p.name}` : p.name, 2, i);
  });

  const mid = layout.nodeHeight / 2;
  const edges: GraphEdge[] = [];
  for (const r of ruleRows) {
    const t = at.get(`trigger:${r.trigger}`)!;
    const n = at.get(`rule:${r.id}`)!;
    const a = at.get(`action:${r.action}`)!;
    const active = n.status !== 'inactive';
    edges.push({ from: t.id, to: n.id, x1: t.x + layout.nodeWidth, y1: t.y + mid, x2: n.x, y2: n.y + mid, active });
    edges.push({ from: n.id, to: a.id, x1: n.x + layout.nodeWidth, y1: n.y + mid, x2: a.x, y2: a.y + mid, active });
  }
  const rows = Math.max(triggerIds.length, ruleRows.length, actionIds.length, 1);
  return { nodes, edges, width: 2 * layout.columnWidth + layout.nodeWidth, height: row(rows) - layout.rowGap };
}
