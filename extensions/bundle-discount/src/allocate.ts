// Which offers apply, how many times, and to which units: the assignment that gives the shopper
// the largest total saving, with no unit discounted twice.
//
// 1. Offers that can use a common line are connected; each connected group is solved on its own.
// 2. Each part of each offer takes units in a fixed preference order: lines the widget added for
//    this offer, then lines without an offer property, then lines added for another offer; within
//    that, lines fewer offers in the group can use, then the higher unit price, then cart order.
//    Sets are formed from the taken units in that order (the first set gets each part's first units).
// 3. Offers are ranked by their best possible saving per set (the saving of a set made of the most
//    expensive eligible units), higher first, then by first appearance in the cart.
// 4. Greedy: in rank order, give each offer as many sets as the units left allow (none if those
//    sets would save nothing).
//    Exact (groups of at most EXACT_MAX_OFFERS offers): depth-first branch and bound over the number
//    of sets of each offer, in rank order, most sets first, starting from the greedy assignment as
//    the best known. A branch is cut when (saving so far + Σ remaining offers' max sets × best saving
//    per set) cannot beat the best; only a strictly larger saving replaces the best, so ties keep
//    the greedy assignment, else the one found first: the result is deterministic. After
//    EXACT_MAX_NODES nodes the search stops and keeps the best found (never worse than greedy).
import { setSaving, type Line, type Offer } from "./cart";

export const EXACT_MAX_OFFERS = 8;
export const EXACT_MAX_NODES = 2_000;

export type Strategy = "auto" | "greedy" | "exact";

export interface AppliedOffer {
  offer: Offer;
  sets: number;
  /** Total saving over all sets, minor units of the cart currency. */
  saving: number;
  /** Units taken per line index. */
  units: Map<number, number>;
  /** Sum of the unit prices taken (the sets' full price). */
  fullPrice: number;
}

export interface Plan {
  applied: AppliedOffer[];
  saving: number;
  /** Per connected group: how it was solved. */
  groups: Array<{ offers: number; method: "greedy" | "exact"; nodes: number; complete: boolean }>;
}

interface Take {
  line: number;
  count: number;
}

/** An offer with its parts' lines in preference order and its per-set bound. */
export interface Prepared {
  offer: Offer;
  parts: Array<{ quantity: number; lines: number[] }>;
  bestSetSaving: number;
}

export function planOffers(lines: readonly Line[], offers: readonly Offer[], strategy: Strategy = "auto"): Plan {
  const plan: Plan = { applied: [], saving: 0, groups: [] };
  for (const group of connectedGroups(lines.length, offers)) {
    const method = strategy === "auto" ? (group.length <= EXACT_MAX_OFFERS ? "exact" : "greedy") : strategy;
    const solved = solveGroup(lines, group, method);
    plan.groups.push({ offers: group.length, method, nodes: solved.nodes, complete: solved.complete });
    for (const applied of solved.applied) {
      plan.applied.push(applied);
      plan.saving += applied.saving;
    }
  }
  plan.applied.sort((a, b) => a.offer.order - b.offer.order);
  return plan;
}

/** Offers grouped by shared lines (union–find over the lines they may use). */
export function connectedGroups(lineCount: number, offers: readonly Offer[]): Offer[][] {
  const parent = offers.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const firstOfferOfLine = new Array<number>(lineCount).fill(-1);
  offers.forEach((offer, o) => {
    for (const part of offer.parts) {
      for (const line of part.lines) {
        const first = firstOfferOfLine[line]!;
        if (first === -1) firstOfferOfLine[line] = o;
        else parent[find(o)] = find(first);
      }
    }
  });
  const groups = new Map<number, Offer[]>();
  offers.forEach((offer, o) => {
    const root = find(o);
    const group = groups.get(root);
    if (group) group.push(offer);
    else groups.set(root, [offer]);
  });
  return [...groups.values()];
}

/**
 * A group's offers in rank order with their lines in preference order (offers that cannot save
 * anything are left out), and the group's units per line. Exported for the allocation tests.
 */
export function rankGroup(
  lines: readonly Line[],
  group: readonly Offer[],
): { prepared: Prepared[]; capacity: Map<number, number> } {
  const contest = new Map<number, number>();
  for (const offer of group) {
    for (const part of offer.parts) for (const line of part.lines) contest.set(line, (contest.get(line) ?? 0) + 1);
  }
  const prepared = group
    .map((offer) => prepare(lines, offer, contest))
    .filter((p) => p.bestSetSaving > 0)
    .sort((a, b) => b.bestSetSaving - a.bestSetSaving || a.offer.order - b.offer.order);
  const capacity = new Map<number, number>();
  for (const line of contest.keys()) capacity.set(line, lines[line]!.units);
  return { prepared, capacity };
}

function solveGroup(
  lines: readonly Line[],
  group: readonly Offer[],
  method: "greedy" | "exact",
): { applied: AppliedOffer[]; nodes: number; complete: boolean } {
  const { prepared, capacity } = rankGroup(lines, group);

  const restore = (taken: AppliedOffer) => {
    for (const [line, count] of taken.units) capacity.set(line, capacity.get(line)! + count);
  };

  // Greedy: each offer in rank order takes as many sets as the units left allow (none if they save nothing).
  const greedySets = prepared.map((p) => {
    const taken = take(lines, p, capacity, maxSets(p, capacity));
    if (taken.saving > 0) return taken;
    restore(taken);
    return null;
  });
  const search = {
    best: greedySets.reduce((sum, t) => sum + (t?.saving ?? 0), 0),
    bestSets: greedySets.map((t) => t?.sets ?? 0),
    sets: new Array<number>(prepared.length).fill(0),
    nodes: 0,
    complete: true,
  };
  for (const taken of greedySets) if (taken) restore(taken);

  if (method === "exact") {
    // Branch and bound from the greedy assignment: only a strictly larger saving replaces it.
    const dfs = (depth: number, saving: number): void => {
      search.nodes++;
      if (depth === prepared.length) {
        if (saving > search.best) {
          search.best = saving;
          search.bestSets = [...search.sets];
        }
        return;
      }
      if (search.nodes > EXACT_MAX_NODES) {
        search.complete = false;
        return;
      }
      let bound = saving;
      for (let j = depth; j < prepared.length; j++) {
        bound += maxSets(prepared[j]!, capacity) * prepared[j]!.bestSetSaving;
      }
      if (bound <= search.best) return;
      const p = prepared[depth]!;
      for (let n = maxSets(p, capacity); n >= 0; n--) {
        const taken = take(lines, p, capacity, n);
        // Sets that save nothing only use up units: the branch with fewer sets is at least as good.
        if (n === 0 || taken.saving > 0) {
          search.sets[depth] = n;
          dfs(depth + 1, saving + taken.saving);
        }
        restore(taken);
        if (!search.complete) break;
      }
      search.sets[depth] = 0;
    };
    dfs(0, 0);
  } else {
    search.nodes = prepared.length;
  }

  // Replay the chosen assignment to get its units.
  const applied: AppliedOffer[] = [];
  prepared.forEach((p, i) => {
    const taken = take(lines, p, capacity, search.bestSets[i] ?? 0);
    if (taken.sets > 0) applied.push(taken);
  });
  return { applied, nodes: search.nodes, complete: search.complete };
}

function prepare(lines: readonly Line[], offer: Offer, contest: Map<number, number>): Prepared {
  const preference = (i: number) => {
    const offerTag = lines[i]!.offer;
    return offerTag === offer.tag ? 0 : offerTag === null ? 1 : 2;
  };
  const parts = offer.parts.map((part) => ({
    quantity: part.quantity,
    lines: [...part.lines].sort(
      (a, b) =>
        preference(a) - preference(b) ||
        contest.get(a)! - contest.get(b)! ||
        lines[b]!.unitPrice - lines[a]!.unitPrice ||
        a - b,
    ),
  }));
  // The most expensive possible set: each part's `quantity` dearest eligible units.
  let dearest = 0;
  for (const part of parts) {
    const byPrice = [...part.lines].sort((a, b) => lines[b]!.unitPrice - lines[a]!.unitPrice);
    let need = part.quantity;
    for (const i of byPrice) {
      const count = Math.min(need, lines[i]!.units);
      dearest += count * lines[i]!.unitPrice;
      need -= count;
      if (need === 0) break;
    }
  }
  return { offer, parts, bestSetSaving: setSaving(offer, dearest) };
}

/** Most sets the remaining units allow. */
export function maxSets(p: Prepared, capacity: Map<number, number>): number {
  let sets = p.offer.maxSets;
  for (const part of p.parts) {
    let units = 0;
    for (const line of part.lines) units += capacity.get(line)!;
    sets = Math.min(sets, Math.floor(units / part.quantity));
  }
  return sets;
}

/**
 * Takes `sets` sets' worth of units (capacity is reduced) and prices the sets. Set k gets units
 * k·q … (k+1)·q − 1 of each part's taken sequence; runs of identical sets are priced once.
 */
export function take(lines: readonly Line[], p: Prepared, capacity: Map<number, number>, sets: number): AppliedOffer {
  const units = new Map<number, number>();
  const sequences: Take[][] = [];
  let fullPrice = 0;
  for (const part of p.parts) {
    let need = part.quantity * sets;
    const sequence: Take[] = [];
    for (const line of part.lines) {
      if (need === 0) break;
      const count = Math.min(need, capacity.get(line)!);
      if (count === 0) continue;
      capacity.set(line, capacity.get(line)! - count);
      units.set(line, (units.get(line) ?? 0) + count);
      sequence.push({ line, count });
      fullPrice += count * lines[line]!.unitPrice;
      need -= count;
    }
    sequences.push(sequence);
  }
  return { offer: p.offer, sets, saving: priceSets(lines, p, sequences, sets), units, fullPrice };
}

function priceSets(lines: readonly Line[], p: Prepared, sequences: Take[][], sets: number): number {
  // Cursor per part: segment index and units already used from it.
  const segment = sequences.map(() => 0);
  const used = sequences.map(() => 0);
  let saving = 0;
  let done = 0;
  while (done < sets) {
    // How many whole sets fit in every part's current segment?
    let run = sets - done;
    let price = 0;
    p.parts.forEach((part, k) => {
      const current = sequences[k]![segment[k]!]!;
      run = Math.min(run, Math.floor((current.count - used[k]!) / part.quantity));
      price += part.quantity * lines[current.line]!.unitPrice;
    });
    if (run === 0) {
      // A set that straddles segments: price it unit by unit.
      price = 0;
      run = 1;
      p.parts.forEach((part, k) => {
        let need = part.quantity;
        while (need > 0) {
          const current = sequences[k]![segment[k]!]!;
          const count = Math.min(need, current.count - used[k]!);
          price += count * lines[current.line]!.unitPrice;
          need -= count;
          used[k]! += count;
          if (used[k] === current.count) {
            segment[k]!++;
            used[k] = 0;
          }
        }
      });
    } else {
      p.parts.forEach((part, k) => {
        used[k]! += run * part.quantity;
        if (used[k] === sequences[k]![segment[k]!]!.count) {
          segment[k]!++;
          used[k] = 0;
        }
      });
    }
    saving += run * setSaving(p.offer, price);
    done += run;
  }
  return saving;
}
