/**
 * Direction of a packet within its flow, as rule `flow:` keywords see it. The client is the side that opened the
 * flow: the first packet's source, unless the first packet looked like a reply (see FlowTable).
 */
export const FlowDirection = { ToServer: 0, ToClient: 1 } as const;
export type FlowDirection = (typeof FlowDirection)[keyof typeof FlowDirection];

export const FLOW_DIRECTION_NAMES: readonly string[] = ['to_server', 'to_client'];
