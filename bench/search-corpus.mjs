// A small English and Russian vocabulary for synthetic chunks and questions (the synthetic search
// and text-leg benchmarks; bench/real-corpus.mjs has real text). Fresh databases: bench/product-database.mjs.

export const EN = `customer return goods thirty days delivery refund payment method item unused packaging shipping costs damaged support
team answers questions orders invoices warranty repairs replacement parts software updates account security passwords privacy
data export deletion requests business hours holidays office locations employees benefits parental leave sick remote work
equipment travel expenses approval manager policy handbook chapter section contract signed renewal notice period termination`.split(/\s+/);

export const RU = `клиент возврат товар тридцать дней доставка деньги оплата упаковка доставка повреждение поддержка команда вопросы заказы
счета гарантия ремонт запчасти обновления безопасность пароли данные удаление часы праздники офис сотрудники отпуск больничный
удалённая работа оборудование командировка расходы согласование руководитель политика договор продление уведомление расторжение`.split(/\s+/);
