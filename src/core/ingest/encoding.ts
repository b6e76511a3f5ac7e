/**
 * Which text encoding a file uses, from its first bytes: a byte-order mark decides;
 * otherwise every candidate decoder is tried strictly (TextDecoder `fatal`) and, when
 * several accept the bytes, plausibility decides — decoded Chinese must contain common
 * Chinese characters, or the bytes were more likely Windows-1252 Latin text.
 *
 * Also recognises files that are not text at all (images, PDFs, archives) so that the
 * user gets "this is a PNG image" instead of a table of garbage.
 */
import type { EncodingGuess, EncodingName } from './types.ts';

/** Bytes of the head used for detection. */
export const DETECT_BYTES = 256 * 1024;

const TRIAL_ORDER: readonly EncodingName[] = ['utf-8', 'gb18030', 'big5', 'windows-1252'];

/**
 * Frequent characters of Chinese business files, simplified and traditional. A decoding
 * that yields none of them is not Chinese text, whatever the decoder accepted.
 */
const COMMON_SIMPLIFIED =
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区准角司客户订单号日期金额数量单价商品类别渠道地区城市性别年龄收入名称价格备注编号会员姓手机电话邮箱省份支付状态退货优惠折扣实付合计总销售';
const COMMON_TRADITIONAL =
  '的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新什打便位因重被走電四第門相次東政海口使教西再平真聽世氣信北少關並內加化由卻代軍產入先山五太水萬市眼體別處總才場師書比住員九笑性通目華報立馬命張活難神數件安表原車白應路期叫死常提感金何更反合放做系計或司利受光王果親界及今京務制解各任至清物台象記邊共風戰乾接它許八特覺望直服毛林題建南度統色字請交愛讓認算論百吃義科怎元社術結六功指思非流每青管夫連遠資隊跟帶花快條院變聯言權往展該領傳近留紅治決周保達辦運武半候七必城父強步完革深區準角客戶訂單號日期金額數量單價商品類別渠道地區城市性別年齡收入名稱價格備註編號會員姓手機電話郵箱省份支付狀態退貨優惠折扣實付合計總銷售';

const simplifiedSet = new Set(COMMON_SIMPLIFIED);
const traditionalSet = new Set(COMMON_TRADITIONAL);

export interface BinaryKind {
  /** A word for the message: 'PNG image', 'PDF document'… (English; the message frames it). */
  kind: string;
}

const MAGIC: readonly { bytes: readonly number[]; kind: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'PDF document' },
  { bytes: [0x1f, 0x8b], kind: 'gzip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'old Excel (.xls) or Office document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'ZIP archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], kind: 'RAR archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'program (ELF)' },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  if (head.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[i] !== bytes[i]) return false;
  return true;
}

/** The BOM's encoding and length, if the head starts with one. */
export function detectBom(head: Uint8Array): { encoding: EncodingName; length: number } | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM shows as a zero byte beside most ASCII characters. */
function utf16WithoutBom(head: Uint8Array): EncodingName | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * A file that is not text: known magic numbers (ZIP only when it is not an .xlsx, which
 * the caller checks first), or NUL bytes in what is not UTF-16.
 */
export function detectBinary(head: Uint8Array): BinaryKind | null {
  for (const m of MAGIC) if (startsWith(head, m.bytes)) return { kind: m.kind };
  if (detectBom(head) || utf16WithoutBom(head)) return null;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) if (head[i] === 0) return { kind: 'binary file' };
  return null;
}

function decodesStrictly(encoding: EncodingName, head: Uint8Array): string | null {
  try {
    // stream: true keeps an incomplete trailing sequence instead of failing on it, so a
    // head cut in the middle of a character is judged fairly.
    return new TextDecoder(encoding, { fatal: true }).decode(head, { stream: true });
  } catch {
    return null;
  }
}

function commonHits(text: string, set: ReadonlySet<string>): number {
  let hits = 0;
  for (const ch of text) if (set.has(ch)) hits++;
  return hits;
}

function isAscii(head: Uint8Array): boolean {
  for (let i = 0; i < head.length; i++) if (head[i] > 0x7f) return false;
  return true;
}

export function detectEncoding(head: Uint8Array): EncodingGuess {
  const bom = detectBom(head);
  if (bom) return { encoding: bom.encoding, bom: true, basis: 'bom', alternatives: [] };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bom: false, basis: 'plausible', alternatives: [] };
  if (isAscii(head)) return { encoding: 'utf-8', bom: false, basis: 'strict', alternatives: [] };

  const accepted: { encoding: EncodingName; text: string }[] = [];
  for (const encoding of TRIAL_ORDER) {
    const text = decodesStrictly(encoding, head);
    if (text !== null) accepted.push({ encoding, text });
  }
  // Valid multi-byte UTF-8 is almost never an accident in another encoding.
  if (accepted[0]?.encoding === 'utf-8') {
    return {
      encoding: 'utf-8',
      bom: false,
      basis: accepted.length === 1 ? 'strict' : 'plausible',
      alternatives: accepted.slice(1).map((a) => a.encoding),
    };
  }
  const score = (a: { encoding: EncodingName; text: string }): number => {
    if (a.encoding === 'gb18030') return commonHits(a.text, simplifiedSet) * 1.05;
    if (a.encoding === 'big5') return commonHits(a.text, traditionalSet);
    return 0.5; // Windows-1252 wins when neither reading gives common Chinese characters.
  };
  const ranked = [...accepted].sort((a, b) => score(b) - score(a));
  const best = ranked[0] ?? { encoding: 'windows-1252' as const, text: '' };
  return {
    encoding: best.encoding,
    bom: false,
    basis: accepted.length === 1 ? 'strict' : 'plausible',
    alternatives: ranked.slice(1).map((a) => a.encoding),
  };
}

/** Length of the BOM to skip when decoding with `encoding`. */
export function bomLength(head: Uint8Array, encoding: EncodingName): number {
  const bom = detectBom(head);
  return bom && bom.encoding === encoding ? bom.length : 0;
}

/**
 * Decodes a byte stream slice by slice, carrying partial characters across slices and
 * counting the replacement characters that invalid bytes turn into.
 */
export class StreamDecoder {
  private readonly decoder: TextDecoder;
  /** U+FFFD produced by invalid byte sequences so far. */
  invalid = 0;

  constructor(readonly encoding: EncodingName) {
    // ignoreBOM: the caller skips a BOM itself, so a BOM-like sequence later is kept as text.
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  }

  decode(bytes: Uint8Array, final: boolean): string {
    const text = this.decoder.decode(bytes, { stream: !final });
    let at = text.indexOf('\uFFFD');
    while (at >= 0) {
      this.invalid++;
      at = text.indexOf('\uFFFD', at + 1);
    }
    return text;
  }
}
