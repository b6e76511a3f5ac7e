/**
 * Spelling variants of categorical values: a normal form for comparing them, and
 * suggested synonym maps for the cleaning panel (the user reviews them before they apply).
 *
 * Built-in groups (matched on the normal form, dots ignored so 'U.S.A.' is 'usa'):
 *   gender    男 男性 m male man men → 'male';  女 女性 f female woman women → 'female'
 *   yes / no  是 对 有 y yes true t → 'yes';     否 不 无 没有 n no false → 'no'
 *   countries UK, U.K., United Kingdom, GB, Great Britain, 英国 → 'United Kingdom';
 *             USA, US, U.S.A., United States (of America), America, 美国 → 'United States';
 *             中国, China, PRC, People's Republic of China, 中华人民共和国 → 'China'
 * A group is offered when the column's role says so (gender → gender, region → countries),
 * or, for a column without such a role, when at least half of its distinct values belong
 * to the group: 'M' and 'F' in a clothing-size column must not become genders. Yes/no
 * is never guessed for a gender column (its 'F' is female, not false).
 *
 * Other values that differ only in case, spacing or full-width characters are mapped to
 * the spelling that occurs most often.
 */
import type { ColumnRole } from '../table/index.ts';

/**
 * The comparison form of a category: full-width ASCII → half-width (ＡＢＣ１ → ABC1, the
 * ideographic space → a space), trimmed, inner whitespace collapsed to one space, and
 * lower-cased. Lower-casing leaves CJK as it is (those scripts have no case).
 */
export function normaliseCategory(s: string): string {
  return tidyCategory(s).toLowerCase();
}

/** Like normaliseCategory but keeps the case: the form a merged value is shown in. */
export function tidyCategory(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000) {
      out += ' ';
      changed = true;
    } else out += s[i];
  }
  const text = changed ? out : s;
  return text.trim().replace(/\s+/g, ' ');
}

type GroupName = 'gender' | 'yesNo' | 'country';

/** Canonical value → its spellings in normal form (dots removed). */
const GROUPS: Record<GroupName, Record<string, readonly string[]>> = {
  gender: {
    male: ['男', '男性', 'm', 'male', 'man', 'men'],
    female: ['女', '女性', 'f', 'female', 'woman', 'women'],
  },
  yesNo: {
    yes: ['是', '对', '有', 'y', 'yes', 'true', 't'],
    no: ['否', '不', '无', '没有', 'n', 'no', 'false'],
  },
  country: {
    'United Kingdom': ['uk', 'united kingdom', 'gb', 'great britain', '英国'],
    'United States': ['usa', 'us', 'united states', 'united states of america', 'america', '美国'],
    China: ['中国', 'china', 'prc', "people's republic of china", '中华人民共和国'],
  },
};

const LOOKUP: Record<GroupName, Map<string, string>> = {
  gender: invert(GROUPS.gender),
  yesNo: invert(GROUPS.yesNo),
  country: invert(GROUPS.country),
};

function invert(group: Record<string, readonly string[]>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(group)) {
    for (const s of spellings) m.set(s, canonical);
  }
  return m;
}

const groupKey = (s: string): string => normaliseCategory(s).replace(/\./g, '');

/** Which built-in group (if any) applies to these values for this role. */
function groupFor(keys: readonly string[], role: ColumnRole): GroupName | null {
  if (role === 'gender') return 'gender';
  if (role === 'region') return 'country';
  if (keys.length === 0) return null;
  const order: GroupName[] = ['yesNo', 'gender', 'country'];
  let best: GroupName | null = null;
  let bestHits = 0;
  for (const g of order) {
    let hits = 0;
    for (const k of keys) if (LOOKUP[g].has(k)) hits++;
    if (hits * 2 >= keys.length && hits > bestHits) {
      best = g;
      bestHits = hits;
    }
  }
  return best;
}

/**
 * Suggested synonyms for a categorical column: raw value → canonical value, for values
 * that should change (values already canonical are left out). `values` are the column's
 * distinct raw values, most frequent first (the order decides which spelling of a
 * variant wins); `counts`, when given, are their frequencies and decide instead.
 */
export function suggestSynonyms(
  values: readonly string[],
  role: ColumnRole,
  counts?: readonly number[],
): Record<string, string> {
  const distinct: string[] = [];
  const weight = new Map<string, number>();
  values.forEach((v, i) => {
    const w = counts?.[i] ?? values.length - i;
    const had = weight.get(v);
    if (had === undefined) distinct.push(v);
    weight.set(v, (had ?? 0) + w);
  });

  const keys = distinct.map(groupKey);
  const group = groupFor([...new Set(keys.filter((k) => k !== ''))], role);
  const out: Record<string, string> = {};

  // Variants by normal form; the most frequent spelling (earliest on ties) names the group.
  const byForm = new Map<string, string[]>();
  for (const v of distinct) {
    const form = normaliseCategory(v);
    if (form === '') continue;
    const list = byForm.get(form);
    if (list) list.push(v);
    else byForm.set(form, [v]);
  }
  for (const spellings of byForm.values()) {
    let best = spellings[0];
    for (const s of spellings) if (weight.get(s)! > weight.get(best)!) best = s;
    const target = tidyCategory(best);
    for (const s of spellings) if (s !== target) out[s] = target;
  }

  if (group) {
    const lookup = LOOKUP[group];
    distinct.forEach((v, i) => {
      const canonical = lookup.get(keys[i]);
      if (canonical === undefined) return;
      if (v === canonical) delete out[v];
      else out[v] = canonical;
    });
  }
  return out;
}
