import db from "../../../app/db.server";
import { modelDelegate, SHOP_OWNED_MODELS } from "../../../app/services/shop-scope.server";

/** Empties every table of the test database (children first), so each test starts clean. */
export async function resetDatabase() {
  await db.$transaction(async (tx) => {
    for (const model of [...SHOP_OWNED_MODELS].reverse()) {
      await modelDelegate(tx, model).deleteMany();
    }
    await tx.session.deleteMany();
  });
}
