// Adjacency is kept in insertion order, so the caller controls which of several equivalent choices is found first.

/** A small integer max-flow network (Edmonds–Karp), so the draw meets overlapping topic and difficulty quotas a greedy pick would miss. */
export class FlowNetwork {
  private readonly adj: number[][] = [];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];

  /** Add a node and return its id. */
  addNode(): number {
    this.adj.push([]);
    return this.adj.length - 1;
  }

  /** Add a directed edge `from → to` with integer capacity; returns the edge id (its reverse is `id ^ 1`). */
  addEdge(from: number, to: number, capacity: number): number {
    const id = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.adj[from].push(id);
    this.adj[to].push(id + 1);
    return id;
  }

  /** Units of flow currently through edge `id` (its reverse edge's residual capacity). */
  flowOn(id: number): number {
    return this.cap[id ^ 1];
  }

  /** Push as much flow as possible from `source` to `sink` (at most `limit`) along shortest augmenting paths. */
  maxFlow(source: number, sink: number, limit = Infinity): number {
    let total = 0;
    const parentEdge = new Array<number>(this.adj.length);
    while (total < limit) {
      parentEdge.fill(-1);
      const queue = [source];
      let found = false;
      for (let head = 0; head < queue.length && !found; head++) {
        const u = queue[head];
        for (const e of this.adj[u]) {
          const v = this.to[e];
          if (this.cap[e] <= 0 || v === source || parentEdge[v] !== -1) continue;
          parentEdge[v] = e;
          if (v === sink) {
            found = true;
            break;
          }
          queue.push(v);
        }
      }
      if (!found) break;
      let push = limit - total;
      for (let v = sink; v !== source; v = this.to[parentEdge[v] ^ 1])
        push = Math.min(push, this.cap[parentEdge[v]]);
      for (let v = sink; v !== source; v = this.to[parentEdge[v] ^ 1]) {
        this.cap[parentEdge[v]] -= push;
        this.cap[parentEdge[v] ^ 1] += push;
      }
      total += push;
    }
    return total;
  }

  /** Nodes reachable from `source` in the residual network: after a max flow, the source side of the minimum cut. */
  residualReachable(source: number): boolean[] {
    const seen = new Array<boolean>(this.adj.length).fill(false);
    seen[source] = true;
    const stack = [source];
    while (stack.length) {
      const u = stack.pop() as number;
      for (const e of this.adj[u]) {
        const v = this.to[e];
        if (this.cap[e] > 0 && !seen[v]) {
          seen[v] = true;
          stack.push(v);
        }
      }
    }
    return seen;
  }
}
