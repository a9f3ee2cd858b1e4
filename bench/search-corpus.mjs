// What the search benchmarks share: a small English and Russian vocabulary for synthetic chunks
// and questions, and a scratch database (PostgreSQL at BENCH_DATABASE_URL, made and dropped, or
// an in-memory PGlite).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const EN = `customer return goods thirty days delivery refund payment method item unused packaging shipping costs damaged support
team answers questions orders invoices warranty repairs replacement parts software updates account security passwords privacy
data export deletion requests business hours holidays office locations employees benefits parental leave sick remote work
equipment travel expenses approval manager policy handbook chapter section contract signed renewal notice period termination`.split(/\s+/);

export const RU = `клиент возврат товар тридцать дней доставка деньги оплата упаковка доставка повреждение поддержка команда вопросы заказы
счета гарантия ремонт запчасти обновления безопасность пароли данные удаление часы праздники офис сотрудники отпуск больничный
удалённая работа оборудование командировка расходы согласование руководитель политика договор продление уведомление расторжение`.split(/\s+/);

/** A fresh database of the kind asked for; `drop()` removes it (a PGlite in memory just goes). */
export async function scratchDatabase(kind) {
  if (kind === 'pglite') return { target: { kind: 'pglite', dataDir: 'memory://' }, label: 'PGlite', drop: async () => undefined };
  const url = process.env.BENCH_DATABASE_URL;
  const pg = require('pg');
  const name = `assistants_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: target.toString() },
    label: 'PostgreSQL',
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
