export { parseRule, sniffSid } from './rule-parser.js';
export type { ParseResult } from './rule-parser.js';
export { loadRules, loadRulesFromText, resolveRuleFiles, createLoadContext, RuleSetBuilder } from './rule-loader.js';
export type { RuleSet, SkippedRule, LoadOptions } from './rule-loader.js';
export { createParseContext } from './parse-context.js';
export type { ParseContext } from './parse-context.js';
export { RuleParseError } from './rule-error.js';
export type { RuleErrorKind } from './rule-error.js';
export { AddressMatcher, compileAddress, parseAddressSet } from './address-set.js';
export { PortMatcher, compilePorts, parsePortSet } from './port-set.js';
export { defaultVars, loadVarsFile, parseVarsText, mergeVars, DEFAULT_ADDRESS_GROUPS, DEFAULT_PORT_GROUPS } from './vars.js';
export type { RuleVars } from './vars.js';
export { DEFAULT_CLASSIFICATIONS, DEFAULT_PRIORITY, parseClassificationConfig } from './classification.js';
export type { Classification, ClassificationTable } from './classification.js';
export { BUFFERS, BUFFER_COUNT, BufferId, bufferById, bufferByName } from './buffer-registry.js';
export type { BufferDefinition, BufferDirection } from './buffer-registry.js';
export { HeaderProto, AppProto, APP_PROTO_NAMES } from './app-proto.js';
export { patternStrength, selectFastPattern } from './fast-pattern-select.js';
export { readRuleLines } from './rule-file-reader.js';
export {
  FlowFlag,
  CmpOp,
  compareNumeric,
  ItemKind,
  ContentFlag,
  NO_VAR,
  PCRE_MAX_INPUT,
  ByteOp,
  TransformId,
  TRANSFORM_NAMES,
  PacketCheckKind,
  TcpFlag,
} from './signature.js';
export type * from './signature.js';
