import type { ConfigProblem } from './config-error';

/**
 * The ONE definition of the platform's environment order ("promotion order"): every application's
 * `promotion` list is a chain of "comes before" constraints; the environments are their topological
 * merge. Environments the constraints leave unordered keep the order in which spokes first declare
 * them (platform.config.ts order, platform.d/ entries after), so `qa`, `staging`, `live` read as a
 * fork wrote them instead of alphabetically (`live`, `qa`, `staging`).
 */

/** What the order is computed from: spokes (declaration order) and applications with an explicit promotion. */
export interface PromotionInput {
  readonly spokes: Readonly<Record<string, { readonly environment: string }>>;
  readonly applications: Readonly<Record<string, { readonly promotion?: readonly string[] }>>;
}

interface Edge { readonly to: string; readonly app: string }

/** Environments in promotion order. With contradictory promotions (see promotionConflicts) the first consistent order. */
export function promotionOrder(c: PromotionInput): string[] {
  return merge(c).order;
}

/**
 * One problem per application whose promotion contradicts the order earlier applications (by name)
 * already fixed, e.g. `a: [qa, live]` and `b: [live, qa]`: no single environment order exists then.
 */
export function promotionConflicts(c: PromotionInput): ConfigProblem[] {
  return merge(c).conflicts;
}

function merge(c: PromotionInput): { order: string[]; conflicts: ConfigProblem[] } {
  const declared = [...new Set(Object.values(c.spokes).map((s) => s.environment))];
  const rank = new Map(declared.map((e, i) => [e, i]));
  const edges = new Map<string, Edge[]>(declared.map((e) => [e, []]));
  const conflicts: ConfigProblem[] = [];
  for (const app of Object.keys(c.applications).sort()) {
    // Unknown environments are reported by applicationsValid; they place nothing here.
    const chain = (c.applications[app].promotion ?? []).filter((e) => rank.has(e));
    for (let i = 1; i < chain.length; i++) {
      const [from, to] = [chain[i - 1], chain[i]];
      if (from === to || edges.get(from)!.some((e) => e.to === to)) continue;
      const back = pathBetween(edges, to, from);
      if (back) {
        const others = [...new Set(back.map((e) => e.app))].sort();
        conflicts.push({
          path: `applications.${app}.promotion`,
          value: c.applications[app].promotion,
          fix: `promotes ${from} before ${to}, but ${others.map((o) => `applications.${o}.promotion`).join(' and ')} promote${others.length > 1 ? '' : 's'} ${to} before ${from}: the platform has one environment order; list the environments in the same order in every application`,
        });
        break;
      }
      edges.get(from)!.push({ to, app });
    }
  }
  // Kahn's algorithm; among the ready environments the first declared goes first.
  const indegree = new Map(declared.map((e) => [e, 0]));
  for (const list of edges.values()) for (const e of list) indegree.set(e.to, indegree.get(e.to)! + 1);
  const ready = declared.filter((e) => indegree.get(e) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => rank.get(a)! - rank.get(b)!);
    const env = ready.shift()!;
    order.push(env);
    for (const e of edges.get(env)!) {
      indegree.set(e.to, indegree.get(e.to)! - 1);
      if (indegree.get(e.to) === 0) ready.push(e.to);
    }
  }
  return { order, conflicts };
}

/** The edges of a path from `from` to `to`, or undefined when `to` is not reachable. */
function pathBetween(edges: ReadonlyMap<string, readonly Edge[]>, from: string, to: string, seen = new Set<string>()): Edge[] | undefined {
  seen.add(from);
  for (const e of edges.get(from) ?? []) {
    if (e.to === to) return [e];
    if (seen.has(e.to)) continue;
    const rest = pathBetween(edges, e.to, to, seen);
    if (rest) return [e, ...rest];
  }
  return undefined;
}

/** The entries of an environment-keyed map (e.g. a team's namespaces) in the platform's promotion order. */
export function inPromotionOrder<T>(environments: readonly string[], byEnvironment: Readonly<Record<string, T>>): [string, T][] {
  const at = (e: string) => (environments.includes(e) ? environments.indexOf(e) : environments.length);
  return Object.entries(byEnvironment).sort(([a], [b]) => at(a) - at(b));
}
