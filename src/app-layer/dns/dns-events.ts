/** DNS anomaly names as Suricata's `app-layer-event:dns.*` spells them, plus mirrorscope's own gap event. */
export const DnsEvent = {
  MalformedData: 'dns.malformed_data',
  NotARequest: 'dns.not_a_request',
  NotAResponse: 'dns.not_a_response',
  ZFlagSet: 'dns.z_flag_set',
  UnsolicitedResponse: 'dns.unsolicited_response',
  Gap: 'mirrorscope.dns.gap',
} as const;
export type DnsEvent = (typeof DnsEvent)[keyof typeof DnsEvent];
