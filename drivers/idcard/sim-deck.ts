import type { IdCard } from './card-text.ts';
import { checkCharacter } from './id-number.ts';

/**
 * The simulator's generated deck: invented people, valid check digits, all three card types, the
 * longest names and addresses the fields hold, and 长期 validity. None of it is a real person.
 */
export interface SimCard {
  label: string;
  card: IdCard;
  photo: Uint8Array;
  fingerprints: Uint8Array | null;
}

/** 17 digits + computed check character; `wantX` searches sequence numbers for a card ending in X. */
export function makeIdNumber(area: string, birth: string, seq: number, wantX = false): string {
  for (let s = seq; s < seq + 1000; s++) {
    const first = `${area}${birth}${String(s % 1000).padStart(3, '0')}`;
    const c = checkCharacter(first);
    if (!wantX || c === 'X') return first + c;
  }
  throw new Error('no sequence gives X');
}

/** Deterministic filler standing in for WLT bytes (not an image; nothing decodes it). */
function blob(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const base = {
  nameEn: null,
  ethnicityCode: null,
  ethnicity: null,
  address: null,
  authority: null,
  authorityCode: null,
  longTerm: false,
  nationality: null,
  passNumber: null,
  issueCount: null,
  cardVersion: null,
  problems: [],
} satisfies Partial<IdCard>;

function resident(p: {
  name: string;
  male: boolean;
  eth: string;
  ethName: string;
  birth: string;
  area: string;
  address: string;
  authority: string;
  from: string;
  until: string | null;
  wantX?: boolean;
}): IdCard {
  const iso = (d: string): string => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
  return {
    ...base,
    cardType: 'resident',
    name: p.name,
    genderCode: p.male ? '1' : '2',
    gender: p.male ? '男' : '女',
    ethnicityCode: p.eth,
    ethnicity: p.ethName,
    birthDate: iso(p.birth),
    address: p.address,
    idNumber: makeIdNumber(p.area, p.birth, p.male ? 13 : 24, p.wantX ?? false),
    authority: p.authority,
    validFrom: iso(p.from),
    validUntil: p.until ? iso(p.until) : null,
    longTerm: p.until === null,
  };
}

export function buildDeck(): SimCard[] {
  const cards: { label: string; card: IdCard }[] = [
    {
      label: '居民身份证 · 演示 汉族 男',
      card: resident({
        name: '张伟',
        male: true,
        eth: '01',
        ethName: '汉族',
        birth: '19850312',
        area: '110101',
        address: '北京市东城区景山前街4号院2号楼3单元501室',
        authority: '北京市公安局东城分局',
        from: '20150601',
        until: '20350601',
      }),
    },
    {
      label: '居民身份证 · 演示 长姓名长住址 长期',
      card: resident({
        name: '阿卜杜热合曼·买买提艾力江别克',
        male: false,
        eth: '05',
        ethName: '维吾尔族',
        birth: '19620718',
        area: '650102',
        address: '新疆维吾尔自治区乌鲁木齐市天山区解放南路街道幸福路社区二巷一百零八号院',
        authority: '乌鲁木齐市公安局天山区分局',
        from: '20160101',
        until: null,
      }),
    },
    {
      label: '居民身份证 · 演示 校验位 X',
      card: resident({
        name: '李秀英',
        male: false,
        eth: '03',
        ethName: '回族',
        birth: '19491231',
        area: '640104',
        address: '宁夏回族自治区银川市兴庆区解放东街168号',
        authority: '银川市公安局兴庆区分局',
        from: '20200315',
        until: null,
        wantX: true,
      }),
    },
    {
      label: '居民身份证 · 演示 未成年',
      card: resident({
        name: '王小明',
        male: true,
        eth: '08',
        ethName: '壮族',
        birth: '20150909',
        area: '450103',
        address: '广西壮族自治区南宁市青秀区民族大道100号',
        authority: '南宁市公安局青秀分局',
        from: '20240101',
        until: '20290101',
      }),
    },
    {
      label: '外国人永久居留身份证（2017版） · 演示',
      card: {
        ...base,
        cardType: 'foreign-permanent',
        name: '史密斯·约翰',
        nameEn: 'SMITH JOHN ALEXANDER WILLIAMSON BROWN',
        genderCode: '1',
        gender: '男',
        birthDate: '1978-04-21',
        idNumber: 'GBR110078042101',
        nationality: 'GBR',
        validFrom: '2019-05-20',
        validUntil: '2029-05-20',
        cardVersion: '01',
        authorityCode: '1500',
      },
    },
    {
      label: '港澳居民居住证 · 演示',
      card: {
        ...base,
        cardType: 'gat-residence',
        name: '陈嘉欣',
        genderCode: '2',
        gender: '女',
        birthDate: '1990-01-01',
        address: '广东省深圳市福田区福中三路市民中心B区',
        idNumber: makeIdNumber('810000', '19900101', 28),
        authority: '深圳市公安局',
        validFrom: '2021-07-01',
        validUntil: '2026-07-01',
        passNumber: 'H12345678',
        issueCount: '01',
      },
    },
    {
      label: '台湾居民居住证 · 演示',
      card: {
        ...base,
        cardType: 'gat-residence',
        name: '林志明',
        genderCode: '1',
        gender: '男',
        birthDate: '1975-11-30',
        address: '福建省厦门市思明区鹭江道8号',
        idNumber: makeIdNumber('830000', '19751130', 17),
        authority: '厦门市公安局',
        validFrom: '2022-03-01',
        validUntil: '2027-03-01',
        passNumber: '12345678',
        issueCount: '02',
      },
    },
  ];
  return cards.map((c, i) => ({
    ...c,
    photo: blob(0x5eed + i, 1024),
    fingerprints: i === 0 ? blob(0xf1 + i, 1024) : null,
  }));
}
