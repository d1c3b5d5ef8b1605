/**
 * Every rule keyword mirrorscope understands, listed explicitly (Suricata's SigTableSetup). Adding a keyword
 * means adding its file and one line here.
 */
import { appLayerEventKeyword } from './app-layer-event.js';
import { appLayerProtocolKeyword } from './app-layer-protocol.js';
import { base64DataKeyword } from './base64-data.js';
import { base64DecodeKeyword } from './base64-decode.js';
import { bsizeKeyword } from './bsize.js';
import { byteExtractKeyword } from './byte-extract.js';
import { byteJumpKeyword } from './byte-jump.js';
import { byteTestKeyword } from './byte-test.js';
import { classtypeKeyword } from './classtype.js';
import { compressWhitespaceKeyword } from './compress-whitespace.js';
import { configKeyword } from './config.js';
import { contentKeyword } from './content.js';
import { decodeEventKeyword } from './decode-event.js';
import { depthKeyword } from './depth.js';
import { detectionFilterKeyword } from './detection-filter.js';
import { distanceKeyword } from './distance.js';
import { dotprefixKeyword } from './dotprefix.js';
import { dsizeKeyword } from './dsize.js';
import { endswithKeyword } from './endswith.js';
import { fastPatternKeyword } from './fast-pattern.js';
import { flagsKeyword } from './flags.js';
import { flowKeyword } from './flow.js';
import { flowbitsKeyword } from './flowbits.js';
import { flowintKeyword } from './flowint.js';
import { gidKeyword } from './gid.js';
import { headerLowercaseKeyword } from './header-lowercase.js';
import { icmpIdKeyword } from './icmp-id.js';
import { icmpSeqKeyword } from './icmp-seq.js';
import { icodeKeyword } from './icode.js';
import { ipProtoKeyword } from './ip-proto.js';
import { isdataatKeyword } from './isdataat.js';
import { itypeKeyword } from './itype.js';
import { metadataKeyword } from './metadata.js';
import { msgKeyword } from './msg.js';
import { noalertKeyword } from './noalert.js';
import { nocaseKeyword } from './nocase.js';
import { offsetKeyword } from './offset.js';
import { pcreKeyword } from './pcre.js';
import { pktDataKeyword } from './pkt-data.js';
import { priorityKeyword } from './priority.js';
import { rawbytesKeyword } from './rawbytes.js';
import { referenceKeyword } from './reference.js';
import { revKeyword } from './rev.js';
import { sidKeyword } from './sid.js';
import { startswithKeyword } from './startswith.js';
import { streamSizeKeyword } from './stream-size.js';
import { stripPseudoHeadersKeyword } from './strip-pseudo-headers.js';
import { stripWhitespaceKeyword } from './strip-whitespace.js';
import { tagKeyword } from './tag.js';
import { targetKeyword } from './target.js';
import { thresholdKeyword } from './threshold.js';
import { tlsFingerprintKeyword } from './tls-fingerprint.js';
import { tlsIssuerdnKeyword } from './tls-issuerdn.js';
import { tlsSubjectKeyword } from './tls-subject.js';
import { tlsVersionKeyword } from './tls-version.js';
import { toLowercaseKeyword } from './to-lowercase.js';
import { toUppercaseKeyword } from './to-uppercase.js';
import { ttlKeyword } from './ttl.js';
import { uricontentKeyword } from './uricontent.js';
import { urilenKeyword } from './urilen.js';
import { urlDecodeKeyword } from './url-decode.js';
import { withinKeyword } from './within.js';
import { xbitsKeyword } from './xbits.js';
import {
  httpUriKeyword,
  httpUriModifierKeyword,
  httpUriRawKeyword,
  httpUriRawModifierKeyword,
  httpMethodKeyword,
  httpMethodModifierKeyword,
  httpHostKeyword,
  httpHostModifierKeyword,
  httpHostRawKeyword,
  httpHostRawModifierKeyword,
  httpUserAgentKeyword,
  httpUserAgentModifierKeyword,
  httpHeaderKeyword,
  httpHeaderModifierKeyword,
  httpHeaderRawKeyword,
  httpHeaderRawModifierKeyword,
  httpHeaderNamesKeyword,
  httpRequestLineKeyword,
  httpRequestHeaderKeyword,
  httpResponseHeaderKeyword,
  httpResponseLineKeyword,
  httpCookieKeyword,
  httpCookieModifierKeyword,
  httpRefererKeyword,
  httpRefererModifierKeyword,
  httpContentTypeKeyword,
  httpContentTypeModifierKeyword,
  httpContentLenKeyword,
  httpContentLenModifierKeyword,
  httpStartKeyword,
  httpProtocolKeyword,
  httpAcceptKeyword,
  httpAcceptModifierKeyword,
  httpAcceptEncKeyword,
  httpAcceptEncModifierKeyword,
  httpAcceptLangKeyword,
  httpAcceptLangModifierKeyword,
  httpConnectionKeyword,
  httpConnectionModifierKeyword,
  httpRequestBodyKeyword,
  httpRequestBodyModifierKeyword,
  httpStatCodeKeyword,
  httpStatCodeModifierKeyword,
  httpStatMsgKeyword,
  httpStatMsgModifierKeyword,
  httpLocationKeyword,
  httpServerKeyword,
  httpResponseBodyKeyword,
  httpResponseBodyModifierKeyword,
  fileDataKeyword,
  tlsSniKeyword,
  ipv4HdrKeyword,
  ipv6HdrKeyword,
  tcpHdrKeyword,
  udpHdrKeyword,
  icmpv4HdrKeyword,
  icmpv6HdrKeyword,
  tlsCertsKeyword,
  tlsCertSubjectKeyword,
  tlsCertIssuerKeyword,
  tlsCertSerialKeyword,
  tlsCertFingerprintKeyword,
  ja3HashKeyword,
  ja3StringKeyword,
  ja3sHashKeyword,
  ja3sStringKeyword,
  ja4HashKeyword,
  dnsQueryKeyword,
} from './buffers/index.js';
import type { KeywordDefinition } from './keyword.js';
import { UNSUPPORTED_KEYWORDS } from './unsupported-keywords.js';

export const KEYWORDS: readonly KeywordDefinition[] = [
  appLayerEventKeyword,
  appLayerProtocolKeyword,
  base64DataKeyword,
  base64DecodeKeyword,
  bsizeKeyword,
  byteExtractKeyword,
  byteJumpKeyword,
  byteTestKeyword,
  classtypeKeyword,
  compressWhitespaceKeyword,
  configKeyword,
  contentKeyword,
  decodeEventKeyword,
  depthKeyword,
  detectionFilterKeyword,
  distanceKeyword,
  dotprefixKeyword,
  dsizeKeyword,
  endswithKeyword,
  fastPatternKeyword,
  flagsKeyword,
  flowKeyword,
  flowbitsKeyword,
  flowintKeyword,
  gidKeyword,
  headerLowercaseKeyword,
  icmpIdKeyword,
  icmpSeqKeyword,
  icodeKeyword,
  ipProtoKeyword,
  isdataatKeyword,
  itypeKeyword,
  metadataKeyword,
  msgKeyword,
  noalertKeyword,
  nocaseKeyword,
  offsetKeyword,
  pcreKeyword,
  pktDataKeyword,
  priorityKeyword,
  rawbytesKeyword,
  referenceKeyword,
  revKeyword,
  sidKeyword,
  startswithKeyword,
  streamSizeKeyword,
  stripPseudoHeadersKeyword,
  stripWhitespaceKeyword,
  tagKeyword,
  targetKeyword,
  thresholdKeyword,
  tlsFingerprintKeyword,
  tlsIssuerdnKeyword,
  tlsSubjectKeyword,
  tlsVersionKeyword,
  toLowercaseKeyword,
  toUppercaseKeyword,
  ttlKeyword,
  uricontentKeyword,
  urilenKeyword,
  urlDecodeKeyword,
  withinKeyword,
  xbitsKeyword,
  httpUriKeyword,
  httpUriModifierKeyword,
  httpUriRawKeyword,
  httpUriRawModifierKeyword,
  httpMethodKeyword,
  httpMethodModifierKeyword,
  httpHostKeyword,
  httpHostModifierKeyword,
  httpHostRawKeyword,
  httpHostRawModifierKeyword,
  httpUserAgentKeyword,
  httpUserAgentModifierKeyword,
  httpHeaderKeyword,
  httpHeaderModifierKeyword,
  httpHeaderRawKeyword,
  httpHeaderRawModifierKeyword,
  httpHeaderNamesKeyword,
  httpRequestLineKeyword,
  httpRequestHeaderKeyword,
  httpResponseHeaderKeyword,
  httpResponseLineKeyword,
  httpCookieKeyword,
  httpCookieModifierKeyword,
  httpRefererKeyword,
  httpRefererModifierKeyword,
  httpContentTypeKeyword,
  httpContentTypeModifierKeyword,
  httpContentLenKeyword,
  httpContentLenModifierKeyword,
  httpStartKeyword,
  httpProtocolKeyword,
  httpAcceptKeyword,
  httpAcceptModifierKeyword,
  httpAcceptEncKeyword,
  httpAcceptEncModifierKeyword,
  httpAcceptLangKeyword,
  httpAcceptLangModifierKeyword,
  httpConnectionKeyword,
  httpConnectionModifierKeyword,
  httpRequestBodyKeyword,
  httpRequestBodyModifierKeyword,
  httpStatCodeKeyword,
  httpStatCodeModifierKeyword,
  httpStatMsgKeyword,
  httpStatMsgModifierKeyword,
  httpLocationKeyword,
  httpServerKeyword,
  httpResponseBodyKeyword,
  httpResponseBodyModifierKeyword,
  fileDataKeyword,
  tlsSniKeyword,
  ipv4HdrKeyword,
  ipv6HdrKeyword,
  tcpHdrKeyword,
  udpHdrKeyword,
  icmpv4HdrKeyword,
  icmpv6HdrKeyword,
  tlsCertsKeyword,
  tlsCertSubjectKeyword,
  tlsCertIssuerKeyword,
  tlsCertSerialKeyword,
  tlsCertFingerprintKeyword,
  ja3HashKeyword,
  ja3StringKeyword,
  ja3sHashKeyword,
  ja3sStringKeyword,
  ja4HashKeyword,
  dnsQueryKeyword,
];

const byName = new Map<string, KeywordDefinition>();
for (const k of KEYWORDS) {
  for (const name of [k.name, ...k.aliases]) {
    if (byName.has(name)) throw new Error(`keyword registry: ${name} registered twice`);
    byName.set(name, k);
  }
}

export function lookupKeyword(name: string): KeywordDefinition | undefined {
  return byName.get(name);
}

/** True for keywords Suricata has and mirrorscope does not implement (the rule is skipped, not rejected). */
export function isKnownUnsupportedKeyword(name: string): boolean {
  return UNSUPPORTED_KEYWORDS.has(name) && !byName.has(name);
}
