/** LINKTYPE_RAW, and the DLT_RAW numbers some platforms wrote into files before it existed (12; 14 on OpenBSD). */
const LINKTYPE_RAW = 101;
const DLT_RAW_12 = 12;
const DLT_RAW_14 = 14;

/**
 * The link type records carry: the historical DLT_RAW numbers collapse into LINKTYPE_RAW so decoders and
 * reports see one value. Interfaces keep the number as written in `fileLinkType`.
 */
export function normalizeLinkType(fileLinkType: number): number {
  return fileLinkType === DLT_RAW_12 || fileLinkType === DLT_RAW_14 ? LINKTYPE_RAW : fileLinkType;
}
