// Which BM25 layout ranks a mixed English/Russian knowledge base best in pg_textsearch (PGlite):
// A one index with the `russian` configuration (English stemmer for Latin words, Russian for
// Cyrillic), B two full indexes (`english` and `russian`) with each chunk's best score, C partial
// indexes per chunk language. 16 passages, 18 questions, each with one right passage: MRR and
// hits at rank 1. The choice (A) is explained in docs/search-and-ingest.md (PGlite section).
import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';

export async function run() {
  const db = await PGlite.create({ extensions: { pg_textsearch } });
  await db.exec('CREATE EXTENSION pg_textsearch;');
  for (const n of ['ta', 'tb', 'tc']) await db.exec(`create table ${n} (id int primary key, lang text, body text)`);
  const docs = [
    ['english', 'Returns are accepted within thirty days of delivery if the item is unused and in its original packaging.'],
    ['english', 'Refunds are paid to the original payment method within five business days after we receive the returned goods.'],
    ['english', 'Shipping costs for damaged items are covered by us; contact support with photos of the damage.'],
    ['english', "Employees may work remotely two days a week with their manager's approval."],
    ['english', 'Travel expenses must be approved before the trip and reported within ten days.'],
    ['english', 'Passwords must be changed every ninety days and never shared with colleagues.'],
    ['english', 'The warranty covers repairs and replacement parts for two years from the purchase date.'],
    ['english', 'Software updates are installed automatically every night; restarting the laptop finishes them.'],
    ['russian', 'Возврат товара возможен в течение тридцати дней после доставки, если товар не использовался.'],
    ['russian', 'Деньги возвращаются на карту, которой оплачивался заказ, в течение пяти рабочих дней.'],
    ['russian', 'Сотрудники могут работать удалённо два дня в неделю с согласия руководителя.'],
    ['russian', 'Командировочные расходы согласуются заранее и отчёт сдаётся в течение десяти дней.'],
    ['russian', 'Пароли меняются каждые девяносто дней и никому не сообщаются.'],
    ['russian', 'Гарантия распространяется на ремонт и запасные части в течение двух лет.'],
    ['english', 'The office is closed on public holidays; support answers emails the next working day.'],
    ['russian', 'Офис закрыт в праздничные дни; поддержка отвечает на письма на следующий рабочий день.'],
  ];
  for (const [i, [l, b]] of docs.entries()) for (const n of ['ta', 'tb', 'tc']) await db.query(`insert into ${n} values ($1,$2,$3)`, [i, l, b]);
  const qs = [
    ['return item unused', 0],
    ['refund payment method', 1],
    ['damaged shipping', 2],
    ['work remotely', 3],
    ['approve travel expense', 4],
    ['change password', 5],
    ['warranty repair', 6],
    ['software update restart', 7],
    ['возврат товара', 8],
    ['вернуть деньги на карту', 9],
    ['удалённая работа', 10],
    ['расходы на командировку', 11],
    ['смена пароля', 12],
    ['гарантийный ремонт', 13],
    ['office holiday', 14],
    ['праздники офис', 15],
    ['returned goods refunds', 1],
    ['доставка товара', 8],
  ];
  await db.exec(`create index a_idx on ta using bm25 (body) with (text_config='russian')`);
  await db.exec(`create index be_idx on tb using bm25 (body) with (text_config='english')`);
  await db.exec(`create index br_idx on tb using bm25 (body) with (text_config='russian')`);
  await db.exec(`create index ce_idx on tc using bm25 (body) with (text_config='english') where lang='english'`);
  await db.exec(`create index cr_idx on tc using bm25 (body) with (text_config='russian') where lang='russian'`);
  const strategies = {
    A: (q) => [`select id from ta order by body <@> to_bm25query($1,'a_idx') limit 5`, [q]],
    B: (q) => [
      `select id from (select id, body <@> to_bm25query($1,'be_idx') s from tb union all select id, body <@> to_bm25query($1,'br_idx') from tb) x where s < 0 group by id order by min(s) limit 5`,
      [q],
    ],
    C: (q) => [
      `select id from ((select id, body <@> to_bm25query($1,'ce_idx') s from tc where lang='english' order by 2 limit 5) union all (select id, body <@> to_bm25query($1,'cr_idx') s from tc where lang='russian' order by 2 limit 5)) x where s < 0 order by s limit 5`,
      [q],
    ],
  };
  for (const [name, f] of Object.entries(strategies)) {
    let mrr = 0,
      top1 = 0;
    const miss = [];
    for (const [q, want] of qs) {
      const [s, p] = f(q);
      const ids = (await db.query(s, p)).rows.map((r) => r.id);
      const r = ids.indexOf(want);
      if (r >= 0) mrr += 1 / (r + 1);
      else miss.push(q);
      if (r === 0) top1++;
    }
    console.log(name, 'MRR', (mrr / qs.length).toFixed(3), 'top1', top1, '/', qs.length, 'missed', miss);
  }
  await db.close();
}
