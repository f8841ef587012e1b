import { leadDraftSchema, type ValidRequestOf } from '../../shared/contract';

const FIRST_EN = ['Ahmed', 'Mohamed', 'Mahmoud', 'Omar', 'Youssef', 'Karim', 'Hassan', 'Tarek', 'Sherif', 'Amr', 'Sara', 'Mona', 'Nour', 'Yasmin', 'Dina', 'Heba', 'Rana', 'Laila', 'Salma', 'Farida', 'John', 'Emily', 'Michael', 'Sophie'];
const LAST_EN = ['Hassan', 'Ibrahim', 'Mostafa', 'Fathy', 'Saleh', 'Adel', 'Nabil', 'Kamal', 'Farouk', 'Gamal', 'Sayed', 'Ragab', 'Shawky', 'Helmy', 'Smith', 'Brown'];
const FIRST_AR = ['أحمد', 'محمد', 'محمود', 'عمر', 'يوسف', 'كريم', 'حسن', 'طارق', 'شريف', 'عمرو', 'سارة', 'منى', 'نور', 'ياسمين', 'دينا', 'هبة', 'رنا', 'ليلى', 'سلمى', 'فريدة', 'إسراء', 'آمنة', 'مصطفى'];
const LAST_AR = ['حسن', 'إبراهيم', 'مصطفى', 'فتحي', 'صالح', 'عادل', 'نبيل', 'كمال', 'فاروق', 'جمال', 'السيد', 'رجب', 'شوقي', 'حلمي'];
const SOURCES = ['facebook', 'website', 'referral', 'walk-in', 'aqarmap', 'olx', 'cold call'];
const AREAS = ['Maadi', 'Nasr City', 'New Cairo', 'Sheikh Zayed', '6th of October', 'Heliopolis', 'Zamalek', 'Mokattam'];
const WORDS = ['wants', 'villa', 'apartment', 'duplex', 'garden', 'view', 'budget', 'cash', 'installments', 'near', 'school', 'metro', 'floor', 'bedrooms', 'call', 'back', 'after', 'Friday', 'viewing', 'offer', 'شقة', 'فيلا', 'تقسيط', 'كاش', 'حديقة', 'دور', 'غرف'];
const STAGES = ['new', 'new', 'new', 'contacted', 'contacted', 'viewing', 'negotiation', 'closed'] as const;
const PREFIXES = ['010', '011', '012', '015'];

/** A small, fast, seeded PRNG so every bench run sees the same data. */
export function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

function notes(rng: ReturnType<typeof random>): string {
  let text = '';
  while (text.length < 200) text += (text ? ' ' : '') + rng.pick(WORDS);
  return text.slice(0, 200);
}

/** Leads as agents enter them: half English, half Arabic names, Egyptian mobiles, 200-character notes. */
export function generateLeads(count: number, seed = 1): ValidRequestOf<'leads.create'>[] {
  const rng = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const arabic = i % 2 === 1;
    const name = arabic ? `${rng.pick(FIRST_AR)} ${rng.pick(LAST_AR)}` : `${rng.pick(FIRST_EN)} ${rng.pick(LAST_EN)}`;
    const phone = `${rng.pick(PREFIXES)}${String(rng.int(100_000_000)).padStart(8, '0')}`;
    const stage = rng.pick(STAGES);
    return leadDraftSchema.parse({
      name,
      phones: [phone],
      email: i % 3 === 0 ? `${name.split(' ')[0]!.toLowerCase()}.${i}@example.com`.replace(/[^\x20-\x7e]/g, 'x') : null,
      source: rng.pick(SOURCES),
      stage,
      outcome: stage === 'closed' ? (rng.next() < 0.5 ? 'won' : 'lost') : null,
      lostReason: stage === 'closed' ? 'price' : null,
      propertyArea: rng.pick(AREAS),
      notes: notes(rng),
    });
  });
}

/** The first three letters of a generated name, as someone starts typing it. */
export function searchPrefixes(count: number, seed = 2): string[] {
  const rng = random(seed);
  const names = [...FIRST_EN, ...LAST_EN, ...FIRST_AR, ...LAST_AR];
  return Array.from({ length: count }, () => [...rng.pick(names)].slice(0, 3).join(''));
}
