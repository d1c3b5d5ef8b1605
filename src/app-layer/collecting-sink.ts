import type { FlowDirection } from '../flow/flow-direction.js';
import type { AppLayerSink, AppLayerTransaction } from './app-layer-transaction.js';

/** A sink that records everything, in order: for tests and for tools that read a whole capture's transactions. */
export class CollectingSink implements AppLayerSink {
  readonly sides: Array<{ tx: AppLayerTransaction; direction: FlowDirection }> = [];
  readonly completed: AppLayerTransaction[] = [];
  readonly flowEvents: Array<{ name: string; direction: FlowDirection }> = [];

  onTxSide(tx: AppLayerTransaction, direction: FlowDirection): void {
    this.sides.push({ tx, direction });
  }

  onTxComplete(tx: AppLayerTransaction): void {
    this.completed.push(tx);
  }

  onEvent(name: string, direction: FlowDirection): void {
    this.flowEvents.push({ name, direction });
  }
}
