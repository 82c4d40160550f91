// What the admin's list pages (bundles, pairings, suggestions) share: the list's state lives in the URL,
// and actions answer with a toast.
import { useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";

/** How long the search box waits after the last keystroke before searching. */
const SEARCH_DELAY_MS = 300;

/**
 * The list's query in the URL: `setParam` changes parameters (an empty value removes one; any change but
 * the page's goes back to the first page); the search box's text is applied once typing stops.
 */
export function useListQuery(currentSearch: string) {
  const [searchParams, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState(currentSearch);

  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    setSearchParams(next, { replace: true });
  };

  useEffect(() => {
    if (search === currentSearch) return;
    const timer = setTimeout(() => setParam({ q: search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // Only the typed text triggers a new search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  return { searchParams, setParam, search, setSearch };
}

/** Shows an action's answer ({ ok, message }) as a toast, once per answer; then calls `after`. */
export function useAnswerToast(
  fetcher: { state: string; data?: { ok: boolean; message: string } },
  after?: () => void,
) {
  const shopify = useAppBridge();
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    shopify.toast.show(fetcher.data.message, { isError: !fetcher.data.ok });
    after?.();
    // Once per answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);
}
