import { normalizeLinkType } from './normalize-link-type.js';
import type { TimestampConverter } from './timestamp-converter.js';

export interface CaptureInterfaceInit {
  index: number;
  section: number;
  sectionInterfaceId: number;
  fileLinkType: number;
  snapLength: number;
  timestamp: TimestampConverter;
  littleEndian: boolean;
  fcsLength: number;
  name: string;
}

/**
 * One capture interface: the single implicit one of a classic pcap file, or a pcapng Interface Description Block.
 * Records point at it through `CaptureRecord.interfaceId` (= `index`).
 */
export class CaptureInterface {
  /** Position in file order across all sections; what records carry as interfaceId. */
  readonly index: number;
  /** 0-based section number (always 0 for classic pcap). */
  readonly section: number;
  /** The interface id packet blocks of its section use. */
  readonly sectionInterfaceId: number;
  /** LINKTYPE_* as written in the file. */
  readonly fileLinkType: number;
  /** The link type records carry (see normalizeLinkType). */
  readonly linkType: number;
  /** 0 means no limit (pcapng) or not stated. */
  readonly snapLength: number;
  /** Resolution (base^-exponent s) and if_tsoffset of this interface's timestamps. */
  readonly timestamp: TimestampConverter;
  readonly littleEndian: boolean;
  /** Bytes of frame check sequence at the end of each frame, or -1 when the file does not say. */
  readonly fcsLength: number;
  /** if_name, or '' when absent. */
  readonly name: string;

  constructor(init: CaptureInterfaceInit) {
    this.index = init.index;
    this.section = init.section;
    this.sectionInterfaceId = init.sectionInterfaceId;
    this.fileLinkType = init.fileLinkType;
    this.linkType = normalizeLinkType(init.fileLinkType);
    this.snapLength = init.snapLength;
    this.timestamp = init.timestamp;
    this.littleEndian = init.littleEndian;
    this.fcsLength = init.fcsLength;
    this.name = init.name;
  }
}
