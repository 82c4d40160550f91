// What the admin's editor pages (bundle, pairing) share: the answer to a save, told as a toast, and a
// new record's page replacing the "new" one.
import { useNavigate } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";

type SaveAnswer =
  | { ok: false }
  | {
      ok: true;
      intent: string;
      sync?: string | null;
      syncError?: string | null;
      created?: boolean;
      id?: string | null;
    };

/**
 * Toasts the save fetcher's answer once per answer: fields to fix, saved, or saved but not live (the sync
 * failed, with its reason). A created record's page replaces /new, so a reload shows what was saved.
 */
export function useSaveAnswer(
  save: { state: string; data?: SaveAnswer },
  { noun, basePath }: { noun: "Bundle" | "Pairing"; basePath: string },
) {
  const shopify = useAppBridge();
  const navigate = useNavigate();
  useEffect(() => {
    const result = save.data;
    if (save.state !== "idle" || !result) return;
    if (!result.ok) {
      shopify.toast.show(`The ${noun.toLowerCase()} was not saved: fix the fields marked in red`, { isError: true });
      return;
    }
    if (result.intent !== "save") return;
    if (result.sync === "failed") {
      shopify.toast.show(`${noun} saved, but not live: ${result.syncError ?? "the sync failed"}`, { isError: true });
    } else {
      shopify.toast.show(`${noun} saved`);
    }
    if (result.created) navigate(`${basePath}/${result.id}`, { replace: true });
    // Once per answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [save.state, save.data]);
}
