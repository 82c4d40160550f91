import db from "../../../app/db.server";
import { SHOP_OWNED_MODELS } from "../../../app/services/shop-scope.server";

/** Empties every table of the test database (children first), so each test starts clean. */
export async function resetDatabase() {
  await db.$transaction(async (tx) => {
    for (const model of [...SHOP_OWNED_MODELS].reverse()) {
      const name = (model[0]!.toLowerCase() + model.slice(1)) as Uncapitalize<typeof model>;
      await (tx[name] as unknown as { deleteMany: () => Promise<unknown> }).deleteMany();
    }
    await tx.session.deleteMany();
  });
}
