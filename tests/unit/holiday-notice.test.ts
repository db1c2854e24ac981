/**
 * The notice parser (CONTRACT.md §8) on the State Council's published notices (tests/fixtures/notices,
 * one per year as published on gov.cn / in the State Council Gazette) and on awkward lines. The days
 * of each year are checked against the shipped package (chinese-days 1.5.7), which the State Council's
 * notices are the source of.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageYears } from '../../shared/domain/calendar-package.js';
import { Calendars, type CalendarDay } from '../../shared/domain/calendar.js';
import { parseNotice } from '../../shared/domain/holiday-notice.js';
import { addDays } from '../../shared/domain/time.js';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'notices', name), 'utf8');
const flags = (days: readonly CalendarDay[]) => days.map((d) => `${d.date} ${d.isOffDay ? 'off' : 'work'}`);
const pkgDays = (year: number) => packageYears().get(year)!.days;

/** Working-day status of every day from December of the year before to December of the year. */
function statusOfYear(year: number, days: readonly CalendarDay[]): string[] {
  const cal = Calendars.from({ years: [{ year, source: 'hall', days: [...days], papers: [] }], hallCalendars: [] }).statutory;
  const out: string[] = [];
  for (let d = `${year - 1}-12-01`; d <= `${year}-12-31`; d = addDays(d, 1)) out.push(`${d} ${cal.isWorkday(d) ? 'work' : 'off'}`);
  return out;
}

/** A line of a notice as a one-line notice for `year`. */
const one = (line: string, year = 2026) => parseNotice(`国务院办公厅关于${year}年部分节假日安排的通知\n${line}\n`, year);

describe('published notices yield exactly the package’s days', () => {
  // Years whose package data is the notice as published, date for date.
  for (const year of [2018, 2021, 2022, 2023, 2024, 2025, 2026]) {
    it(`${year}`, () => {
      const r = parseNotice(fixture(`${year}.txt`), year);
      expect(r.errors).toEqual([]);
      expect(flags(r.days)).toEqual(flags(pkgDays(year)));
      expect(r.papers).toEqual([`国务院办公厅关于${year}年部分节假日安排的通知`]);
    });
  }

  it('2026 as copied from a news page (half-width punctuation, the wire-service lead line)', () => {
    const r = parseNotice(fixture('2026-web.txt'), 2026);
    expect(r.errors).toEqual([]);
    expect(flags(r.days)).toEqual(flags(pkgDays(2026)));
  });

  it('2019: the package has the later Labour Day adjustment (国务院办公厅关于调整2019年劳动节假期安排的通知); with line 四 edited as it says, every day agrees', () => {
    const published = parseNotice(fixture('2019.txt'), 2019);
    expect(published.errors).toEqual([]);
    // The published notice starts 元旦 in December 2018 (2018-12-29 上班, 12-30..31 放假).
    expect(flags(published.days).slice(0, 3)).toEqual(['2018-12-29 work', '2018-12-30 off', '2018-12-31 off']);
    const pkg = statusOfYear(2019, pkgDays(2019));
    const differs = statusOfYear(2019, published.days).filter((s, i) => s !== pkg[i]);
    // Only the adjusted Labour Day differs: 05-02..05-03 off, 04-28 and 05-05 worked instead.
    expect(differs).toEqual(['2019-04-28 off', '2019-05-02 work', '2019-05-03 work', '2019-05-05 off']);
    const adjusted = parseNotice(fixture('2019-adjusted.txt'), 2019);
    expect(adjusted.errors).toEqual([]);
    expect(statusOfYear(2019, adjusted.days)).toEqual(pkg);
  });

  it('2020: the package has the extended Spring Festival (国办发明电〔2020〕1号, to 2月2日); with line 二 edited as it says, every day agrees', () => {
    const published = parseNotice(fixture('2020.txt'), 2020);
    expect(published.errors).toEqual([]);
    const pkg = statusOfYear(2020, pkgDays(2020));
    expect(statusOfYear(2020, published.days).filter((s, i) => s !== pkg[i])).toEqual(['2020-01-31 work', '2020-02-01 work']);
    const adjusted = parseNotice(fixture('2020-adjusted.txt'), 2020);
    expect(adjusted.errors).toEqual([]);
    expect(statusOfYear(2020, adjusted.days)).toEqual(pkg);
  });

  it('names each day after its rule line (combined names kept together)', () => {
    const r = parseNotice(fixture('2025.txt'), 2025);
    expect(r.days.find((d) => d.date === '2025-10-06')).toEqual({ date: '2025-10-06', isOffDay: true, name: '国庆节、中秋节' });
    expect(r.days.find((d) => d.date === '2025-09-28')).toEqual({ date: '2025-09-28', isOffDay: false, name: '国庆节、中秋节' });
    expect(r.days.find((d) => d.date === '2025-01-01')).toEqual({ date: '2025-01-01', isOffDay: true, name: '元旦' });
  });
});

describe('awkward lines', () => {
  it('lunar annotations with a 、 inside them, a range whose end has no month', () => {
    const r = one('二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。');
    expect(r.errors).toEqual([]);
    expect(flags(r.days)).toEqual([
      '2026-02-14 work',
      ...Array.from({ length: 9 }, (_, i) => `2026-02-${String(15 + i)} off`),
      '2026-02-28 work',
    ]);
  });

  it('half-width parentheses and punctuation read like full-width ones', () => {
    const full = one('七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。');
    const half = one('七、国庆节:10月1日(周四)至7日(周三)放假调休,共7天.9月20日(周日)、10月10日(周六)上班.');
    expect(half.errors).toEqual([]);
    expect(half.days).toEqual(full.days);
    expect(full.days).toHaveLength(9);
  });

  it('(星期六) annotations and full-width digits', () => {
    const r = one('一、元旦：１月１日至３日放假调休，共３天。１月４日（星期日）上班。');
    expect(r.errors).toEqual([]);
    expect(flags(r.days)).toEqual(['2026-01-01 off', '2026-01-02 off', '2026-01-03 off', '2026-01-04 work']);
  });

  it('a holiday starting in the previous December, with explicit years', () => {
    const r = one('一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。', 2019);
    expect(flags(r.days)).toEqual(['2018-12-29 work', '2018-12-30 off', '2018-12-31 off', '2019-01-01 off']);
  });

  it('a December date without a year on a line that also names January is in the year before', () => {
    const r = one('一、元旦：12月30日至1月1日放假调休，共3天。12月29日（周六）上班。', 2019);
    expect(r.errors).toEqual([]);
    expect(flags(r.days)).toEqual(['2018-12-29 work', '2018-12-30 off', '2018-12-31 off', '2019-01-01 off']);
  });

  it('a December date on a line without January stays in the notice’s year (and is then outside nothing)', () => {
    const r = one('八、某节：12月26日（周六）至27日放假，共2天。');
    expect(flags(r.days)).toEqual(['2026-12-26 off', '2026-12-27 off']);
  });

  it('不调休 names nothing, 放假1天 names one day (the 2025+ style)', () => {
    const r = one('一、元旦：1月1日（周三）放假1天，不调休。', 2025);
    expect(r.errors).toEqual([]);
    expect(flags(r.days)).toEqual(['2025-01-01 off']);
  });

  it('补休 and 公休 name days off; 与周末连休 names nothing', () => {
    const r = one('一、元旦：1月1日放假，1月2日（星期一）补休。', 2017);
    expect(flags(r.days)).toEqual(['2017-01-01 off', '2017-01-02 off']);
    const g = one('三、清明节：4月4日放假，4月5日（星期日）公休，与周末连休。', 2015);
    expect(g.errors).toEqual([]);
    expect(flags(g.days)).toEqual(['2015-04-04 off', '2015-04-05 off']);
  });

  it('a date inside a removed annotation is not a day (鼓励…在除夕（2月9日）休息)', () => {
    const r = one('二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。', 2024);
    expect(r.errors).toEqual([]);
    expect(r.days.map((d) => d.date)).not.toContain('2024-02-09');
    expect(r.days).toHaveLength(10);
  });

  it('a range across months (5月31日至6月2日)', () => {
    expect(flags(one('五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。', 2025).days)).toEqual(['2025-05-31 off', '2025-06-01 off', '2025-06-02 off']);
  });

  it('spaces anywhere (as some copies have them) change nothing', () => {
    expect(flags(one('  一、元旦： 2018年12月30日 至 2019年1月1日 放假调休， 共3天。', 2019).days)).toEqual(['2018-12-30 off', '2018-12-31 off', '2019-01-01 off']);
  });
});

describe('what it cannot read is an error naming the line, never a skip', () => {
  it('a sentence with a date in another form', () => {
    const text = ['国务院办公厅关于2026年部分节假日安排的通知', '', '一、元旦：1月1日至3日放假调休，共3天。', '二、春节：2月15日至23日休息，共9天。'].join('\n');
    const r = parseNotice(text, 2026);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.path).toBe('line 4');
    expect(r.errors[0]!.message).toContain('二、春节：2月15日至23日休息，共9天。'); // the line as pasted
    expect(r.errors[0]!.message).toContain('2月15日至23日休息');
  });

  it('a title naming another year', () => {
    const r = parseNotice(fixture('2026.txt'), 2027);
    expect(r.errors[0]).toMatchObject({ path: 'line 1' });
    expect(r.errors[0]!.message).toMatch(/2026.*not 2027/);
  });

  it('a day missing its month with no date before it', () => {
    expect(one('一、元旦：3日放假。').errors[0]).toMatchObject({ path: 'line 2' });
  });

  it('a day that does not exist', () => {
    expect(one('一、元旦：2月30日放假。').errors[0]!.message).toMatch(/2月30日 is not a calendar day/);
  });

  it('a make-up working day on a weekday', () => {
    expect(one('一、元旦：1月1日放假。1月5日（周一）上班。').errors[0]!.message).toMatch(/2026-01-05 is a weekday/);
  });

  it('a date named twice (on two lines)', () => {
    const r = parseNotice('国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日放假。\n二、某节：1月1日放假。\n', 2026);
    expect(r.errors).toEqual([{ path: 'line 3', message: expect.stringContaining('2026-01-01 is already named on line 2') }]);
  });

  it('a range that ends before it starts, or runs far too long', () => {
    expect(one('一、某节：5月5日至1日放假。').errors[0]!.message).toMatch(/ends before it starts/);
    expect(one('一、某节：5月1日至6月30日放假。').errors[0]!.message).toMatch(/longer than 31 days/);
  });

  it('a rule line without its colon', () => {
    expect(one('一、元旦1月1日放假。').errors[0]).toMatchObject({ path: 'line 2' });
  });

  it('a text that names no day at all', () => {
    expect(parseNotice('经国务院批准，现将2026年……通知如下。\n', 2026).errors).toEqual([{ path: '(body)', message: expect.stringMatching(/names no day/) }]);
    expect(parseNotice('', 2026).errors).toHaveLength(1);
  });

  it('every bad line is reported, not just the first', () => {
    const r = parseNotice('一、元旦：1月1日休息。\n二、春节：2月30日放假。\n三、清明节：4月4日放假。\n', 2026);
    expect(r.errors.map((e) => e.path)).toEqual(['line 1', 'line 2']);
  });
});
