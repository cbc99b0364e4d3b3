/**
 * "Newest request wins" (LIT's loadLatest): each channel counts its requests, and an answer
 * is used only if no newer request on that channel started meanwhile. A superseded request
 * resolves to nothing, never to stale data.
 */
type Channel = 'model' | 'image' | 'words' | 'heatmap' | 'sparsity';

export class Latest {
  private readonly seq = new Map<Channel, number>();

  /** Starts a request; the returned check stays true only while it is the newest on `channel`. */
  begin(channel: Channel): () => boolean {
    const n = (this.seq.get(channel) ?? 0) + 1;
    this.seq.set(channel, n);
    return () => this.seq.get(channel) === n;
  }

  /** Voids every request in flight on `channel` (e.g. the selection was cleared). */
  cancel(channel: Channel): void {
    this.seq.set(channel, (this.seq.get(channel) ?? 0) + 1);
  }
}
