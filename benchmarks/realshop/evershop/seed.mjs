// Seeds the EverShop store for the benchmark (idempotent), the way an admin would set it up:
//   store currency GBP, store country GB;
//   shipping zones "United Kingdom" (GB) and "United States" (US) with two Core shipping methods,
//   "Standard Delivery" 5.00 and "Express Delivery" 15.00 (so the total differs from the item price
//   and the cheaper choice matters);
//   ONE product "EverShop Test Mug" (sku EVS-MUG-001), price 24.00, 1000 in stock, url key
//   evershop-test-mug.
// Payment: EverShop's default "Cash On Delivery" (module cod; no card form in a stock install).
// Copied into the app directory by setup.sh and run there (the .env gives the database).
import 'dotenv/config';
import { execute, insert, select } from '@evershop/postgres-query-builder';
import { pool } from './node_modules/@evershop/evershop/dist/lib/postgres/connection.js';
import createProduct from './node_modules/@evershop/evershop/dist/modules/catalog/services/product/createProduct.js';

async function setting(name, value) {
  await execute(pool, `INSERT INTO setting (name, value, is_json) VALUES ('${name}', '${value}', false)
    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`);
}
await setting('storeCurrency', 'GBP');
await setting('storeCountry', 'GB');
await setting('storeName', 'EverShop Benchmark Store');
// EverShop ships Cash on Delivery switched off: on, under its default name.
await setting('codPaymentStatus', '1');
await setting('codDisplayName', 'Cash on Delivery');

async function zone(name, country, rates) {
  let z = await select().from('shipping_zone').where('name', '=', name).load(pool);
  if (!z) {
    const r = await insert('shipping_zone').given({ name }).execute(pool);
    z = { shipping_zone_id: r.insertId };
    await insert('shipping_zone_country').given({ zone_id: z.shipping_zone_id, country }).execute(pool);
    await insert('shipping_zone_provider').given({ zone_id: z.shipping_zone_id, provider_code: 'core', config: '{}' }).execute(pool);
  }
  for (const [methodName, cost, sort] of rates) {
    let m = await select().from('core_shipping_method').where('name', '=', methodName).load(pool);
    if (!m) {
      const r = await insert('core_shipping_method').given({ name: methodName, is_enabled: true, sort_order: sort }).execute(pool);
      m = { core_shipping_method_id: r.insertId };
    }
    const have = await select().from('core_shipping_method_rate')
      .where('method_id', '=', m.core_shipping_method_id).and('zone_id', '=', z.shipping_zone_id).load(pool);
    if (!have) {
      await insert('core_shipping_method_rate')
        .given({ method_id: m.core_shipping_method_id, zone_id: z.shipping_zone_id, is_enabled: true, cost })
        .execute(pool);
    }
  }
}
const RATES = [['Standard Delivery', 5, 1], ['Express Delivery', 15, 2]];
await zone('United Kingdom', 'GB', RATES);
await zone('United States', 'US', RATES);

const existing = await select().from('product').where('sku', '=', 'EVS-MUG-001').load(pool);
if (!existing) {
  const group = await select().from('attribute_group').load(pool);
  const pkg = await select().from('package').where('is_default', '=', true).load(pool);
  await createProduct({
    type: 'simple', visibility: true, status: true, sku: 'EVS-MUG-001',
    name: 'EverShop Test Mug', url_key: 'evershop-test-mug', price: 24, weight: 300,
    meta_title: 'EverShop Test Mug', meta_description: 'A mug for the benchmark',
    qty: 1000, manage_stock: true, stock_availability: true,
    group_id: group.attribute_group_id, package_id: pkg.package_id, tax_class: null
  }, {});
  console.log('created product EVS-MUG-001');
} else {
  await execute(pool, `UPDATE product_inventory SET qty = 1000, stock_availability = true
    WHERE product_inventory_product_id = ${existing.product_id}`);
  console.log('product EVS-MUG-001 exists');
}
process.exit(0);
